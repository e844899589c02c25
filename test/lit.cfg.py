# lit configuration for kmdf-check. The build writes lit.site.cfg.py with the
# paths; this file defines what tests may use:
#
#   %kmdf_analyze   run the analyzer with every kmdf checker (and core) on a
#                   file: clang -cc1 with the plugin loaded (in a sanitized
#                   build: kmdf-check -cc1, the checkers linked in)
#   %kmdf_cc1       the same with only core enabled: the test names the kmdf
#                   checkers it wants with -analyzer-checker
#   %clang          the clang driver of the LLVM we built against
#   %plugin         build/lib/KmdfCheck.so (feature: plugin, absent in a
#                   sanitized build)
#   %plugin_wrong_version  the same plugin, claiming another analyzer version
#   %kmdf_check     build/bin/kmdf-check
#   %build_dir      the build folder (cmake --install, cpack)
#   %inputs         test/Inputs
#   %python         a Python 3 with Debian's python3 modules
#   %example        examples/interrupt-driver
#   %make_example D copy the example driver to D and write its
#                   compile_commands.json there (test/tool/Inputs)
#   %validate_sarif tools/validate-sarif with the official schema (shared)
#   %scan_build     scan-build of the same LLVM (feature: scan-build)
#   %recipe_scan_build  tools/scan-build-ci, the CI recipe of docs/ci.md
#   %nvim           Neovim, the editor of test/lsp/neovim.test (feature:
#                   neovim; tools/install-deps --extras editor installs it)
#
# Tests that need ../shared (beside the project root) use "REQUIRES: shared"
# and show up as UNSUPPORTED, not passed, where it is absent.
import os
import shutil
import subprocess

import lit.formats
import lit.util

config.name = "kmdf-check"
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unit"]
config.test_format = lit.formats.ShTest(not lit.util.which("bash") is None)
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.kmdf_build_dir, "test")

inputs = os.path.join(config.test_source_root, "Inputs")
# The checker tests run as clang -cc1 with the plugin loaded. A sanitized
# plugin cannot be loaded into Debian's uninstrumented clang, so a sanitized
# build runs the same jobs through the sanitized kmdf-check -cc1, which has
# the checkers linked in; tests that need the plugin itself are UNSUPPORTED.
core_flags = "-analyze -analyzer-checker=core -I %s" % inputs
if config.kmdf_sanitized:
    cc1 = "%s -cc1 %s" % (config.kmdf_tool, core_flags)
else:
    config.available_features.add("plugin")
    cc1 = "%s -cc1 -load %s %s" % (config.kmdf_clang, config.kmdf_plugin, core_flags)
config.substitutions.append(("%kmdf_analyze", cc1 + " -analyzer-checker=kmdf"))
config.substitutions.append(("%kmdf_cc1", cc1))
config.substitutions.append(("%clang", config.kmdf_clang))
config.substitutions.append(("%plugin_wrong_version", config.kmdf_wrong_version_plugin))
config.substitutions.append(("%plugin", config.kmdf_plugin))
config.substitutions.append(("%kmdf_check", config.kmdf_tool))
config.substitutions.append(("%inputs", inputs))
config.substitutions.append(("%python", config.kmdf_python))
config.substitutions.append(("%src_root", config.kmdf_source_dir))
config.substitutions.append(("%build_dir", config.kmdf_build_dir))
config.substitutions.append(("%llvm_version", config.kmdf_llvm_version))
config.substitutions.append(
    ("%example", os.path.join(config.kmdf_source_dir, "examples", "interrupt-driver"))
)
config.substitutions.append(
    (
        "%make_example",
        "sh %s %s %s"
        % (
            os.path.join(config.test_source_root, "tool", "Inputs", "make-example.sh"),
            os.path.join(config.kmdf_source_dir, "examples", "interrupt-driver"),
            inputs,
        ),
    )
)
scan_build = os.path.join(config.kmdf_llvm_root, "bin", "scan-build")
if (
    "plugin" in config.available_features
    and os.path.exists(scan_build)
    and lit.util.which("perl")
    and lit.util.which("make")
):
    config.available_features.add("scan-build")
    config.substitutions.append(("%scan_build", scan_build))
    config.substitutions.append(
        ("%recipe_scan_build", os.path.join(config.kmdf_source_dir, "tools", "scan-build-ci"))
    )

# FileCheck, not, split-file... of the same LLVM; then the usual PATH.
config.environment["PATH"] = os.pathsep.join(
    [config.kmdf_llvm_tools_dir, config.kmdf_bin_dir, config.environment.get("PATH", os.environ["PATH"])]
)
for var in ("HOME", "TERM", "TMPDIR", "ASAN_OPTIONS", "UBSAN_OPTIONS"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
# In a sanitized build any report ends the program with status 86, which no
# test accepts (0, 1 and 2 are kmdf-check's own), so a report fails the test.
if config.kmdf_sanitized:
    sanitizer_exit = "halt_on_error=1:exitcode=86"
    config.environment.setdefault(
        "ASAN_OPTIONS", sanitizer_exit + ":detect_leaks=1:strict_string_checks=1"
    )
    config.environment.setdefault("UBSAN_OPTIONS", sanitizer_exit + ":print_stacktrace=1")

config.available_features.add("llvm-%s" % config.kmdf_llvm_version)

# The clang of the other supported LLVM, to test loading the plugin into it.
other = {"19": "22", "22": "19"}.get(config.kmdf_llvm_version)
other_clang = "/usr/lib/llvm-%s/bin/clang" % other if other else ""
if other_clang and os.path.exists(other_clang):
    config.available_features.add("other-clang")
    config.substitutions.append(("%other_clang", other_clang))
shared = os.path.realpath(os.path.join(config.kmdf_source_dir, "..", "shared"))
if os.path.isdir(shared):
    config.available_features.add("shared")
    config.substitutions.append(("%shared", shared))
    config.substitutions.append(
        (
            "%validate_sarif",
            "%s %s --schema %s"
            % (
                config.kmdf_python,
                os.path.join(config.kmdf_source_dir, "tools", "validate-sarif"),
                os.path.join(shared, "schemas", "sarif-schema-2.1.0.json"),
            ),
        )
    )
else:
    lit_config.note("../shared is absent: tests that need it are UNSUPPORTED")
if os.path.exists(config.kmdf_tool):
    config.available_features.add("kmdf-check-tool")
# Neovim's LSP client drives kmdf-check --lsp in test/lsp/neovim.test. CI
# (CI=true) always runs that test, so a missing nvim fails it there instead
# of passing unnoticed as UNSUPPORTED.
nvim = lit.util.which("nvim")
if nvim or os.environ.get("CI") == "true":
    config.available_features.add("neovim")
    config.substitutions.append(("%nvim", nvim or "nvim"))
else:
    lit_config.note(
        "nvim is absent: test/lsp/neovim.test is UNSUPPORTED "
        "(tools/install-deps --extras editor installs it)"
    )
# clangd, for the test that runs kmdf-check --lsp beside it in Neovim; CI
# installs it with Neovim (the editor extra), so there it always runs.
if lit.util.which("clangd") or os.environ.get("CI") == "true":
    config.available_features.add("clangd")
else:
    lit_config.note(
        "clangd is absent: test/lsp/neovim-beside-clangd.test is UNSUPPORTED "
        "(tools/install-deps --extras editor installs it)"
    )
# tools/check-package installs the Debian package on a clean Debian 12 root
# (debootstrap; root needed, and the network the first time): where it cannot
# run, test/package/package.test is UNSUPPORTED, and the note says why.
if "plugin" in config.available_features:
    can_run = subprocess.run(
        [os.path.join(config.kmdf_source_dir, "tools", "check-package"), "--can-run"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
    )
    if can_run.returncode == 0:
        config.available_features.add("clean-root")
    else:
        lit_config.note(
            "test/package/package.test is UNSUPPORTED: " + can_run.stdout.strip()
        )
# util-linux's script(1) runs a command on a pseudo-terminal.
if lit.util.which("script"):
    config.available_features.add("script")
if config.kmdf_sanitized:
    config.available_features.add("sanitized")
