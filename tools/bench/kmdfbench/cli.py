"""tools/bench/run-bench: runs the experiments and writes the report."""

import argparse
import json
import os
import shlex
import subprocess
import sys
import time

from . import experiments, plot, report, toolchain
from .measure import ToolError, progress

ROOT = toolchain.ROOT
DOC = os.path.join(ROOT, "docs", "performance.md")

DESCRIPTION = """\
Measures what kmdf.WdfInterruptLock costs on top of the Clang Static
Analyzer's default checkers, how it scales, where the analyzer's budgets
cut paths, and what kmdf-check's -j and --cache-dir save, on generated KMDF
drivers whose every expected finding is checked.
Writes docs/performance.md and its plots (with --quick: WORK/performance.md).

Exit status: 0 done and every finding as expected; 1 a finding missing or
extra; 2 bad arguments or a tool that failed."""


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="run-bench", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true",
                   help="small inputs, one run each, no callgrind: proves that "
                   "the benchmark works (CI); writes into the work folder")
    p.add_argument("--llvm", choices=("19", "22"), default="19",
                   help="the LLVM to measure (default %(default)s)")
    p.add_argument("--reps", type=int,
                   help="runs of each configuration in every experiment "
                   "(default: 7 for the overhead, anchor and -j, 5 for the "
                   "scaling, 3 for the branch sweep and the cache; 1 with "
                   "--quick)")
    p.add_argument("--only", metavar="LIST",
                   help="comma-separated experiments, of: "
                   + ", ".join(experiments.EXPERIMENTS))
    p.add_argument("--work", help="folder for generated drivers and raw results "
                   "(default: build/bench, or build/bench-quick with --quick)")
    p.add_argument("--report", help="the page to write (default: "
                   "docs/performance.md, or WORK/performance.md with --quick)")
    p.add_argument("--clang", help="clang to run (with --plugin and --kmdf-check: "
                   "use these instead of building)")
    p.add_argument("--plugin", help="KmdfCheck.so built for that clang")
    p.add_argument("--kmdf-check", dest="kmdf_check", help="the kmdf-check tool")
    p.add_argument("--no-build", action="store_true",
                   help="do not install packages or build; fail if a tool is missing")
    p.add_argument("--editor-file", metavar="FILE",
                   help="the editor scenario also on this source file (the "
                   "largest real driver file of docs/accuracy.md)")
    p.add_argument("--editor-db", metavar="DIR",
                   help="the folder of --editor-file's compile_commands.json "
                   "(default: the file's folder)")
    p.add_argument("--editor-llvm", metavar="LIST",
                   help="comma-separated LLVM versions whose kmdf-check the "
                   "editor scenario measures (default: --llvm's); the others "
                   "must be built (build-llvm22/)")
    p.add_argument("--from-results", metavar="JSON",
                   help="measure nothing: write the report and plots again from "
                   "the results.json of an earlier run")
    args = p.parse_args(argv)

    given = [x is not None for x in (args.clang, args.plugin, args.kmdf_check)]
    if any(given) and not all(given):
        p.error("--clang, --plugin and --kmdf-check go together")
    if args.reps is not None and args.reps < 1:
        p.error("--reps must be at least 1")
    if args.editor_llvm:
        args.editor_llvm = [v.strip() for v in args.editor_llvm.split(",")]
        if any(v not in ("19", "22") for v in args.editor_llvm):
            p.error("--editor-llvm takes 19 and/or 22")
    if args.editor_file and not os.path.isfile(args.editor_file):
        p.error("--editor-file %s: no such file" % args.editor_file)
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in experiments.EXPERIMENTS]
        if unknown or not names:
            p.error("unknown experiment(s) in --only: %s" % ", ".join(unknown or ["(none)"]))
        args.only = names
    else:
        args.only = list(experiments.EXPERIMENTS)
    return args


def settings_for(args):
    settings = experiments.QUICK if args.quick else experiments.FULL
    if args.reps is not None:
        settings = experiments.dataclasses.replace(
            settings, reps=args.reps, scaling_reps=args.reps, sweep_reps=args.reps,
            cache_reps=args.reps)
    return settings


def prepare_tools(args):
    """The toolchain to measure: the one given, or the repository's build,
    which is brought up to date first (and Debian packages installed)."""
    if args.clang:
        chain = toolchain.Toolchain(llvm=args.llvm, clang=args.clang,
                                    plugin=args.plugin, kmdf_check=args.kmdf_check)
    else:
        chain = toolchain.default_toolchain(args.llvm)
        if not args.no_build:
            extras = [] if args.quick else ["--extras", "bench"]
            deps = subprocess.run([os.path.join(ROOT, "tools", "install-deps"),
                                   args.llvm] + extras, stdout=sys.stderr, check=False)
            if deps.returncode != 0:
                raise ToolError("tools/install-deps failed")
            toolchain.build(args.llvm)
    missing = toolchain.missing_tools(chain)
    if missing:
        raise ToolError("missing: %s (build with: cmake -S . -B %s%s && cmake "
                        "--build %s)" % (", ".join(missing),
                                         os.path.relpath(toolchain.build_dir(args.llvm), ROOT),
                                         "" if args.llvm == "19" else " -DKMDF_LLVM_VERSION=22",
                                         os.path.relpath(toolchain.build_dir(args.llvm), ROOT)))
    return chain


def output_paths(args):
    work = os.path.abspath(args.work or os.path.join(
        ROOT, "build", "bench-quick" if args.quick else "bench"))
    report_path = os.path.abspath(args.report or (
        os.path.join(work, "performance.md") if args.quick else DOC))
    return work, report_path


def make_plots(results, work, report_path):
    """The PNGs next to the report; None for a plot that was not drawn."""
    folder = os.path.dirname(report_path)
    plots = {}
    drawers = {"scaling": plot.scaling_plot, "branches": plot.branches_plot}
    for name, draw in drawers.items():
        if name not in results:
            continue
        png_name = "performance-%s.png" % name
        if draw(results[name], work, os.path.join(folder, png_name)):
            plots[name] = png_name
        else:
            progress("gnuplot is not installed: no %s plot "
                     "(tools/install-deps --extras bench)" % name)
            plots[name] = None
    return plots


def run_experiments(bench, names):
    results = {}
    for name in experiments.EXPERIMENTS:
        if name in names:
            progress("== %s" % name)
            results[name] = experiments.RUNNERS[name](bench)
    return results


def command_line(argv):
    return " ".join(["tools/bench/run-bench"] + [shlex.quote(a) for a in argv])


def write_report(results, work, report_path):
    """The page and its plots; False if gnuplot failed."""
    try:
        plots = make_plots(results, work, report_path)
    except ToolError as e:
        progress("error: %s" % e)
        return False
    with open(report_path, "w", encoding="utf-8") as f:
        f.write(report.render(results, results["command"], plots))
    progress("wrote %s" % report_path)
    return True


def rerender(args):
    """--from-results: the report of an earlier run, written again."""
    try:
        with open(args.from_results, encoding="utf-8") as f:
            results = json.load(f)
    except (OSError, ValueError) as e:
        progress("error: cannot read %s: %s" % (args.from_results, e))
        return 2
    work = os.path.dirname(os.path.abspath(args.from_results))
    if args.report:
        report_path = os.path.abspath(args.report)
    elif results["settings"]["quick"]:
        report_path = os.path.join(work, "performance.md")
    else:
        report_path = DOC
    return 0 if write_report(results, work, report_path) else 2


def main(argv):
    try:
        args = parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    if args.from_results:
        return rerender(args)
    start = time.monotonic()
    work, report_path = output_paths(args)
    try:
        chain = prepare_tools(args)
        if not args.quick and not plot.terminal():
            raise ToolError("gnuplot is missing: install gnuplot-nox "
                            "(tools/install-deps --extras bench)")
        os.makedirs(work, exist_ok=True)
        os.makedirs(os.path.dirname(report_path), exist_ok=True)
        analyzer = toolchain.Analyzer(chain)
        bench = experiments.Bench(settings_for(args), chain, analyzer, work)
        bench.editor_file, bench.editor_db = args.editor_file, args.editor_db
        if args.editor_llvm:
            bench.editor_tools = []
            for llvm in args.editor_llvm:
                tool = (chain.kmdf_check if llvm == args.llvm else
                        toolchain.default_toolchain(llvm).kmdf_check)
                if not os.path.isfile(tool):
                    raise ToolError("missing: %s (build LLVM %s first)" % (tool, llvm))
                bench.editor_tools.append((llvm, tool))
        results = {"machine": toolchain.machine(chain),
                   "settings": experiments.dataclasses.asdict(bench.settings),
                   "params": experiments.dataclasses.asdict(experiments.model.Params())}
        progress("measuring %s; work folder %s" % (chain.version(), work))
        _, manifest = experiments.overhead_driver(bench)
        packages = analyzer.find_default_packages(
            os.path.join(work, "overhead"),
            [e for e in manifest["files"] if e["api"] == "kmdf"])
        bench.defaults = analyzer.analyzer_defaults(
            {"max-nodes", "mode", "exploration_strategy", "ipa", "max-inlinable-size"})
        results["analyzer"] = {
            "base": ["clang", "--analyze", "-fno-caret-diagnostics",
                     "-fno-color-diagnostics", "-Xanalyzer", "-analyzer-output=text"],
            "flags": {c: [f if f != chain.plugin else "KmdfCheck.so"
                          for f in analyzer.config_flags(c)] for c in toolchain.CONFIGS},
            "default_packages": packages, "defaults": bench.defaults}
        results.update(run_experiments(bench, args.only))
    except ToolError as e:
        progress("error: %s" % e)
        return 2
    results["findings"] = bench.verifier.by_experiment()
    results["failures"] = bench.verifier.failures()
    results["elapsed"] = time.monotonic() - start
    results["command"] = command_line(argv)
    with open(os.path.join(work, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)
    if not write_report(results, work, report_path):
        return 2
    progress("done in %.0f s" % results["elapsed"])
    failures = bench.verifier.failures()
    if failures:
        progress("%d run(s) did not report the expected findings" % len(failures))
        return 1
    progress("every expected finding reported, none extra")
    return 0
