"""The clang, plugin and kmdf-check the benchmark measures, the analyzer
command lines of configurations A, B, C and P, and the machine they run on."""

import dataclasses
import os
import platform
import re
import shutil
import subprocess
import time

from . import generate
from .measure import ToolError, progress, run_checked

ROOT = generate.ROOT
CHECKER = "kmdf.WdfInterruptLock"
PTHREAD_CHECKER = "alpha.unix.PthreadLock"


@dataclasses.dataclass
class Toolchain:
    llvm: str
    clang: str
    plugin: str
    kmdf_check: str

    def version(self):
        out = subprocess.run([self.clang, "--version"], capture_output=True,
                             text=True, check=False).stdout
        return out.splitlines()[0] if out else "unknown"


def build_dir(llvm):
    return os.path.join(ROOT, "build" if llvm == "19" else "build-llvm" + llvm)


def default_toolchain(llvm):
    build = build_dir(llvm)
    return Toolchain(
        llvm=llvm,
        clang="/usr/lib/llvm-%s/bin/clang" % llvm,
        plugin=os.path.join(build, "lib", "KmdfCheck.so"),
        kmdf_check=os.path.join(build, "bin", "kmdf-check"))


def build(llvm):
    """Configures and builds the plugin and kmdf-check for \\p llvm, so that
    the figures are those of the checked-out source."""
    build = build_dir(llvm)
    progress("building the plugin and kmdf-check in %s" % os.path.relpath(build, ROOT))
    run_checked(["cmake", "-S", ROOT, "-B", build, "-DKMDF_LLVM_VERSION=" + llvm])
    run_checked(["cmake", "--build", build, "-j", str(os.cpu_count() or 2),
                 "--target", "KmdfCheck", "kmdf-check"])


def missing_tools(toolchain):
    return [path for path in (toolchain.clang, toolchain.plugin, toolchain.kmdf_check)
            if not os.path.isfile(path)]


# Analyzer configurations. A: clang --analyze as is (CSA's default checkers).
# B: A plus the plugin's checker. C: the plugin's checker alone. P: A plus
# CSA's in-tree pthread lock checker. R: B with the analyzer settings that
# kmdf-check applies by default (issue 9), which plugin users pass by hand.
CONFIGS = ("A", "B", "C", "P", "R")

# What kmdf-check adds to every analysis (checker/Registration.cpp), spelled
# for the clang driver as docs/user-guide.md tells plugin users to.
RECOMMENDED_SETTINGS = ["-Xclang", "-analyzer-inlining-mode=all",
                        "-Xclang", "-analyzer-config", "-Xclang", "widen-loops=true"]


class Analyzer:
    """Builds the clang --analyze command of each configuration."""

    def __init__(self, toolchain):
        self.toolchain = toolchain
        self.default_packages = None  # set by find_default_packages

    def _load(self):
        return ["-Xclang", "-load", "-Xclang", self.toolchain.plugin]

    def config_flags(self, config):
        if config == "A":
            return []
        if config == "B":
            return self._load() + ["-Xclang", "-analyzer-checker=" + CHECKER]
        if config == "C":
            return self._load() + [
                "-Xclang", "-analyzer-disable-checker",
                "-Xclang", ",".join(self.default_packages),
                "-Xclang", "-analyzer-checker=" + CHECKER]
        if config == "P":
            return ["-Xclang", "-analyzer-checker=" + PTHREAD_CHECKER]
        if config == "R":
            return self.config_flags("B") + RECOMMENDED_SETTINGS
        if config.startswith("A+"):
            # A plus one kmdf rule, or plus the whole package ("A+kmdf").
            return self._load() + ["-Xclang", "-analyzer-checker=" + config[2:]]
        raise ValueError(config)

    def command(self, folder, entry, config, extra=()):
        return ([self.toolchain.clang, "--analyze", "-fno-caret-diagnostics",
                 "-fno-color-diagnostics", "-Xanalyzer", "-analyzer-output=text"]
                + entry["flags"] + self.config_flags(config) + list(extra)
                + [os.path.join(folder, entry["path"]), "-o", os.devnull])

    def enabled_checkers(self, folder, entry, config):
        out = run_checked(self.command(
            folder, entry, config,
            ["-Xclang", "-analyzer-list-enabled-checkers"])).output
        return [line.strip() for line in out.splitlines()
                if re.match(r"^\s*[A-Za-z]+(\.\w+)+\s*$", line)]

    def find_default_packages(self, folder, entries):
        """Reads which checkers clang --analyze enables by default (for each
        language of \\p entries) and checks that configuration C disables
        all of them but ours."""
        packages = set()
        for entry in entries:
            for name in self.enabled_checkers(folder, entry, "A"):
                packages.add(name.split(".")[0])
        self.default_packages = sorted(packages)
        for entry in entries:
            alone = self.enabled_checkers(folder, entry, "C")
            # Our rule and the hidden kmdf model it depends on, nothing else.
            if CHECKER not in alone or any(
                    not name.startswith("kmdf.") for name in alone):
                raise ToolError("configuration C enables %s, not only %s"
                                % (", ".join(alone) or "nothing", CHECKER))
        return self.default_packages

    def analyzer_defaults(self, keys):
        """The analyzer's own settings, as debug.ConfigDumper prints them."""
        out = run_checked([self.toolchain.clang, "-cc1", "-analyze",
                           "-analyzer-checker=debug.ConfigDumper", "-x", "c",
                           os.devnull]).output
        values = {}
        for line in out.splitlines():
            m = re.match(r"^(\S+) = (.*)$", line)
            if m and m.group(1) in keys:
                values[m.group(1)] = m.group(2)
        return values


def _first_match(path, pattern):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.match(pattern, line)
                if m:
                    return m.group(1).strip()
    except OSError:
        pass
    return "unknown"


def load_average():
    try:
        with open("/proc/loadavg", encoding="utf-8") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def git_revision():
    try:
        rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain",
                                "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return rev + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine(toolchain):
    """What the figures were measured on, read from the system."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count()
    mem_kb = _first_match("/proc/meminfo", r"^MemTotal:\s+(\d+) kB")
    return {
        "cpu": _first_match("/proc/cpuinfo", r"^model name\s*:\s*(.*)$"),
        "nproc": cpus,
        "memory": ("%.1f GiB" % (int(mem_kb) / 1048576)) if mem_kb.isdigit() else mem_kb,
        "os": _first_match("/etc/os-release", r'^PRETTY_NAME="?([^"]*)"?$'),
        "kernel": platform.release(),
        "clang": toolchain.version(),
        "python": platform.python_version(),
        "gnuplot": shutil.which("gnuplot") or "absent",
        "valgrind": shutil.which("valgrind") or "absent",
        "revision": git_revision(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_at_start": load_average(),
    }
