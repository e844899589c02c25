"""Shared parts of tools/fuzz/run-fuzz and tools/fuzz/interesting: what a
program is, how it is analyzed, and how an outcome is judged.

A run fails on a crash (a signal, a stack dump), an assertion, a sanitizer
report, a hang (the timeout) or a compile error (a generated program must
compile). Findings are not failures: kmdf-check exits 1 with findings and
clang --analyze exits 0.
"""

import os
import random
import re
import signal
import subprocess
import time

import gen_csmith
import gen_kmdf
import gen_mutate

GENERATORS = ("kmdf", "csmith", "mutate")

# Runner options for the sanitized kmdf-check: stop at the first report.
# LLVM frees some of its memory only at exit, on purpose; leaks are not
# checked (see docs/reliability.md).
SANITIZER_ENV = {
    "ASAN_OPTIONS": "halt_on_error=1:detect_leaks=0:abort_on_error=0:exitcode=86",
    "UBSAN_OPTIONS": "halt_on_error=1:print_stacktrace=1:exitcode=87",
}


class Program:
    """One generated translation unit: its generator, seed, language and the
    shape of the KMDF declarations."""

    def __init__(self, index, generator, seed, lang, shape):
        self.index, self.generator, self.seed = index, generator, seed
        self.lang, self.shape = lang, shape

    @property
    def name(self):
        ext = "cpp" if self.lang == "c++" else "c"
        return "%s-%d-%s-%s.%s" % (self.generator, self.seed,
                                   "cxx" if self.lang == "c++" else "c",
                                   self.shape, ext)

    def text(self, inputs, clang):
        """The program. The mutate generator compiles its candidates with
        clang and the program's flags."""
        if self.generator == "csmith":
            return gen_csmith.generate(self.seed, self.shape)
        if self.generator == "mutate":
            return gen_mutate.generate(self.seed, self.lang, self.flags(inputs), clang)
        return gen_kmdf.generate(self.seed, self.lang, self.shape)

    def flags(self, inputs):
        flags = ["-std=c++17" if self.lang == "c++" else "-std=gnu17",
                 "-I" + inputs]
        if self.shape == "wdk":
            flags.append("-DKMDF_TEST_WDK_SHAPE")
        if self.generator == "csmith":
            flags += ["-I" + gen_csmith.CSMITH_INCLUDE, "-w"]
        elif self.generator == "kmdf" and self.lang == "c":
            flags.append("-fblocks")  # gen_kmdf's C programs may call blocks
        return flags

    def analyzer_flags(self):
        """Analyzer settings other than the defaults, on some programs: no
        inlining, shallow mode, or header functions analyzed too."""
        variant = self.index % 8
        if variant == 3:
            return ["-Xclang", "-analyzer-config", "-Xclang", "ipa=none"]
        if variant == 5:
            return ["-Xclang", "-analyzer-config", "-Xclang", "mode=shallow"]
        if variant == 7 and self.generator == "kmdf":
            return ["-Xclang", "-analyzer-opt-analyze-headers"]
        return []

    def rules(self):
        """The kmdf rules this program is analyzed with: all of them (the
        kmdf package), except every seventh program, which enables one
        rule alone, each rule in turn: each must work without the others."""
        if self.index % 7 == 6:
            return [RULES[(self.index // 7) % len(RULES)]]
        return list(RULES)

    def checker_options(self):
        """kmdf package options for this program: Strict on every
        third, the FUZZ_ROLE_ prefix (gen_kmdf declares some helpers with a
        FUZZ_ROLE_HELPER type) on every fifth."""
        options = []
        if self.index % 3 == 1:
            options.append("Strict=true")
        if self.index % 5 == 2:
            options.append("CallbackRolePrefixes=FUZZ_ROLE_")
        return options

    def describe(self):
        return "%s seed %d (%s, %s shape)" % (self.generator, self.seed,
                                              self.lang, self.shape)


def plan(seed, count, mix, langs=gen_kmdf.LANGS):
    """The programs of a campaign: program i of seed S has seed S + i; its
    generator follows the mix (generator -> weight), its language and shape
    follow from its seed. The same arguments give the same plan."""
    # Program i takes the generator of slot i % len(slots): with a mix of
    # kmdf=3,csmith=1 every fourth program comes from csmith.
    slots = [g for g in GENERATORS for _ in range(mix.get(g, 0))]
    programs = []
    for i in range(count):
        s = seed + i
        generator = slots[i % len(slots)]
        choose = random.Random("plan-%d" % s)
        if generator == "csmith":
            lang, shape = "c", choose.choice(("proto", "wdk"))
        elif generator == "mutate":
            _, lang, shape = gen_mutate.choose(s)
        else:
            lang, shape = choose.choice(langs), choose.choice(gen_kmdf.SHAPES)
        programs.append(Program(i, generator, s, lang, shape))
    return programs


# A checker's name as it ends a warning: "core.NullDereference" (compiler
# warnings end with "[-Wflag]").
CHECKER_NAME = r"[A-Za-z]\w*(?:\.\w+)+"


# What the programs do with the lock API, found in their function bodies
# (indented lines; for gen_kmdf only after its functions marker, since its
# declarations, wrappers and guards are in every program): each feature and
# the pattern of its calls.
FEATURES = [
    ("interrupt", r"\bWdfInterrupt(?:AcquireLock|ReleaseLock|TryToAcquireLock|Synchronize)\("
                  r"|\bFUZZ_(?:ACQUIRE|RELEASE)\(|\bg_FuzzLockOps\[|<WDFINTERRUPT>"
                  r"|\bkmdf_fuzz_ops\[|\.(?:Lock|Unlock|TryLock)\(\)"),
    ("spin", r"\bWdfSpinLock(?:Acquire|Release)\(|\bFUZZ_SPIN_(?:ACQUIRE|RELEASE)"
             r"|\bg_FuzzSpinOps\[|<WDFSPINLOCK>|\bkmdf_fuzz_spin_ops\["),
    ("wait", r"\bWdfWaitLock(?:Acquire|Release)\(|\bFUZZ_WAIT_(?:ACQUIRE|RELEASE)"
             r"|\bg_FuzzWaitOps\.|<WDFWAITLOCK>|\bFuzzTimedGuard\b"),
    ("wait-timeout", None),  # WdfWaitLockAcquire with a timeout that is not NULL
    ("wait-status", r"\bNT_SUCCESS\(|\bSTATUS_TIMEOUT\b"),
    ("ke", r"\bKe(?:Acquire|Release|TryToAcquire)\w*SpinLock\w*\(|\bFUZZ_(?:KE|CTX)_"
           r"|\bg_FuzzKe(?:Ops|Try)\b|\bFuzz(?:Queued|Irql)Guard\b|<PKSPIN_LOCK>"
           r"|\bkmdf_fuzz_ke_ops\[|\.(?:LockOwn|UnlockOwn)\(\)"),
    ("ke-macro", r"\bKeAcquireSpinLock\(|\bFUZZ_CTX_LOCK\(|\bFuzzIrqlGuard\b"),
    ("ke-raise", r"\bKeAcquireSpinLockRaiseToDpc\("),
    ("ke-dpc", r"\bKeAcquireSpinLockAtDpcLevel\(|\bFUZZ_KE_ACQUIRE\("),
    ("ke-queued", r"\bKeAcquireInStackQueuedSpinLock\(|\bFuzzQueuedGuard\b"),
    ("send", r"\bWdfRequestSend\("),
]
FEATURE_NAMES = [name for name, _ in FEATURES]
# test/checker/every-family.c calls ACQUIRE and RELEASE of the family its
# mutant defines.
FAMILY_MACRO_FEATURES = {"FAMILY_INTERRUPT": ["interrupt"], "FAMILY_SPIN": ["spin"],
                         "FAMILY_WAIT": ["wait"], "FAMILY_KE": ["ke", "ke-dpc"]}
NO_TIMEOUT = ("NULL", "(PLONGLONG)NULL", "0")


def call_arguments(text, name):
    """The argument lists of the calls of name in text (balanced
    parentheses; top-level commas split them)."""
    calls = []
    for m in re.finditer(r"\b%s\(" % name, text):
        depth, args, start = 1, [], m.end()
        for i in range(m.end(), len(text)):
            c = text[i]
            if c in "([{":
                depth += 1
            elif c in ")]}":
                depth -= 1
                if depth == 0:
                    args.append(text[start:i].strip())
                    break
            elif c == "," and depth == 1:
                args.append(text[start:i].strip())
                start = i + 1
        calls.append(args)
    return calls


def features(text):
    """The lock-API features a program uses (names from FEATURES)."""
    marker = gen_kmdf.FUNCTIONS_MARKER
    if marker in text:
        text = text[text.index(marker):]
    body = "\n".join(line for line in text.splitlines() if line[:1] in (" ", "\t"))
    found = {name for name, pattern in FEATURES if pattern and re.search(pattern, body)}
    if any(len(args) > 1 and args[1] not in NO_TIMEOUT
           for args in call_arguments(body, "WdfWaitLockAcquire")) \
            or "FuzzTimedGuard" in body:
        found.add("wait-timeout")
    for define, names in FAMILY_MACRO_FEATURES.items():
        if re.search(r"^#define %s\b" % define, text, re.MULTILINE) and \
                re.search(r"\b(?:ACQUIRE|RELEASE)\(", body):
            found.update(names)
    return [name for name in FEATURE_NAMES if name in found]


class Outcome:
    """What one run of one analyzer on one program did."""

    def __init__(self, runner, command, returncode, stdout, stderr, seconds,
                 timed_out, report=""):
        self.runner, self.command = runner, command
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr
        self.seconds, self.timed_out = seconds, timed_out
        self.report = report  # the SARIF log, when the run wrote one
        self.failure = classify(runner, returncode, stdout + stderr, timed_out)

    def findings(self, checker=CHECKER_NAME):
        """Analyzer warnings in the text output ("... [core.NullDereference]")
        and in the SARIF log."""
        return sum(self.findings_by_checker(checker).values())

    def findings_by_checker(self, checker=CHECKER_NAME):
        """{checker name: warnings} for the checkers the pattern matches. A
        message may span lines (a lock named by a multi-line expression):
        the checker's name ends the warning's last line, before the next
        diagnostic starts."""
        text = (r"^[^\n]*: warning: [^\n]*(?:\n(?![^\n]*:\d+:\d+: )[^\n]*)*?"
                r"\[(%s)\]$" % checker)
        sarif = r'"ruleId": "(%s)"' % checker
        counts = {}
        for name in (re.findall(text, self.stdout + self.stderr, re.MULTILINE)
                     + re.findall(sarif, self.report)):
            counts[name] = counts.get(name, 0) + 1
        return counts


def run_group(command, timeout, env=None, cwd=None):
    """Runs a command in its own process group and kills the whole group on
    timeout. Returns (exit status, stdout, stderr, timed out)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, env=full_env, cwd=cwd,
                            start_new_session=True)
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    return (proc.returncode, out.decode("utf-8", "replace"),
            err.decode("utf-8", "replace"), timed_out)


def run(runner, command, timeout, env=None, report_path=None):
    """Runs one analyzer and judges what it did. report_path: a SARIF log
    the command writes; it is read and removed."""
    start = time.monotonic()
    returncode, out, err, timed_out = run_group(command, timeout, env)
    seconds = time.monotonic() - start
    report = ""
    if report_path and os.path.exists(report_path):
        with open(report_path, errors="replace") as f:
            report = f.read()
        os.remove(report_path)
    return Outcome(runner, command, returncode, out, err, seconds, timed_out, report)


# The kmdf rules, one checker each; the package "kmdf" enables them all
# (with the hidden modelling checker they share).
PACKAGE = "kmdf"
RULES = ("kmdf.WdfInterruptLock", "kmdf.WdfSpinlock", "kmdf.WdfWaitlock",
         "kmdf.Spinlock", "kmdf.ReqSendWhileSpinlock")
# The checkers' options belong to the kmdf package.
OPTION_SCOPE = "kmdf"


def tool_command(tool, path, flags, options=(), core=False, sarif=None,
                 rules=RULES):
    """kmdf-check runs every kmdf rule unless --checks says otherwise."""
    command = [tool]
    checks = [] if set(rules) == set(RULES) else ["-kmdf.*"] + list(rules)
    if core:
        checks.append("core.*")
    if checks:
        command.append("--checks=" + ",".join(checks))
    if sarif:
        command += ["--format=sarif", "-o", sarif]
    for option in options:
        command.append("--config=%s:%s" % (OPTION_SCOPE, option))
    return command + [path, "--"] + flags


def plugin_command(clang, plugin, path, flags, options=(), rules=RULES):
    # ExprInspection prints the checker's state where gen_kmdf's programs
    # call clang_analyzer_printState().
    checkers = PACKAGE if set(rules) == set(RULES) else ",".join(rules)
    command = [clang, "--analyze", "-fplugin=" + plugin,
               "-Xanalyzer", "-analyzer-checker=%s,debug.ExprInspection" % checkers,
               "-Xanalyzer", "-analyzer-output=text", "-o", "/dev/null"]
    for option in options:
        command += ["-Xclang", "-analyzer-config", "-Xclang", "%s:%s" % (OPTION_SCOPE, option)]
    return command + flags + [path]


def syntax_command(clang, path, flags):
    return [clang, "-fsyntax-only"] + flags + [path]


# -- judging outcomes ------------------------------------------------------

ASAN = re.compile(r"ERROR: (AddressSanitizer|LeakSanitizer): ([\w-]+)")
UBSAN = re.compile(r"([^\s:]+):(\d+):\d+: runtime error: (.*)")
FRAME = re.compile(r"^\s*#\d+ 0x[0-9a-f]+ (?:in )?(.*)$", re.MULTILINE)
CRASH_MARKS = ("Stack dump:", "PLEASE submit a bug report", "LLVM ERROR:",
               "Assertion `", "clang frontend command failed",
               "unable to execute command")
COMPILE_ERROR = re.compile(r"^\S*?:\d+:\d+: (?:fatal )?error: (.*)$", re.MULTILINE)
# kmdf-check survives a crash in one file (after printing its stack) and
# names the file with this error and exit status 2.
RECOVERED_CRASH = re.compile(r"error: the analyzer crashed on it \(signal (\d+)")


def first_frame(text):
    """The most telling stack frame: the first in kmdf-check's own code, else
    the first outside the signal handling and sanitizer runtime."""
    frames = [f.strip() for f in FRAME.findall(text)]
    for f in frames:
        # kmdf-check's own driver frames are under every crash it recovers.
        if "kmdf-check/" in f or "kmdf::tool::" in f:
            continue
        if "kmdf" in f or "/checker/" in f:
            return short_frame(f)
    for f in frames:
        if not re.search(r"Signals|PrintStackTrace|SignalHandler|sanitizer|"
                         r"__restore_rt|libc\.so|libpthread|abort|raise", f):
            return short_frame(f)
    return ""


def short_frame(frame):
    """A frame without addresses, arguments or line numbers: stable across
    builds."""
    frame = re.sub(r"\(.*?\+0x[0-9a-f]+\)", "", frame)
    frame = re.sub(r"\s/\S+$", "", frame)  # source path
    frame = re.sub(r"\(.*\)", "()", frame)
    return frame.strip()


class Failure:
    def __init__(self, kind, detail):
        self.kind, self.detail = kind, detail

    @property
    def signature(self):
        return "%s: %s" % (self.kind, self.detail) if self.detail else self.kind

    def __repr__(self):
        return self.signature


def classify(runner, returncode, output, timed_out):
    """None for a good run (findings or not), else a Failure."""
    if timed_out:
        return Failure("hang", "no result within the timeout")
    m = ASAN.search(output)
    if m:
        return Failure("asan", "%s %s in %s" % (m.group(1), m.group(2),
                                                 first_frame(output)))
    m = UBSAN.search(output)
    if m:
        message = re.sub(r"0x[0-9a-f]+|-?\d+", "N", m.group(3))
        return Failure("ubsan", "%s:%s: %s" % (os.path.basename(m.group(1)),
                                               m.group(2), message))
    if returncode is not None and returncode < 0:
        return Failure("crash", "signal %d in %s" % (-returncode, first_frame(output)))
    m = RECOVERED_CRASH.search(output)
    if m:
        return Failure("crash", "signal %s in %s" % (m.group(1), first_frame(output)))
    if any(mark in output for mark in CRASH_MARKS):
        return Failure("crash", first_frame(output) or "stack dump")
    m = COMPILE_ERROR.search(output)
    expected = (0, 1) if runner == "kmdf-check" else (0,)
    if returncode in expected:
        return None
    if m:
        return Failure("compile-error", m.group(1).strip())
    last = output.strip().splitlines()[-1:] or ["(no output)"]
    return Failure("exit-%d" % returncode, last[0][:200])
