"""tools/accuracy/run-accuracy: lays out real KMDF drivers, runs kmdf-check
over them, seeds lock defects and scores how many it finds."""

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import time

from . import analyze, ctu, layout, manifest as mf, model, mutate, report, score, sites
from .util import HarnessError, ROOT, log, rel

DESCRIPTION = """\
Measures kmdf-check on public KMDF drivers. The manifest names the
repositories (owner/name and commit), the driver folders and their flags;
the drivers' code is read from fetched snapshots (--mirror) and laid out
under --out, never in the source tree.

Steps (default: layout run seed):
  check   only check that every snapshot, commit and driver folder of the
          manifest is there (fast; extracts nothing)
  layout  extract the drivers, write compile_commands.json (mingw-w64 DDK and
          KMDF headers, case aliases, empty .tmh files, WPP stand-ins), parse
          each file with libclang: compile status and lock call sites
  run     kmdf-check on each file as a user runs it: findings with notes,
          time per file
  ctu     each driver of more than one file analyzed whole, kmdf-check
          --ctu on a database of that driver alone (OUT/ctu/<driver>), and
          without --ctu by the same binary: findings added and lost, files
          analyzed again without --ctu, time per driver (not a default step)
  seed    one mutant per seeded defect (each acquire duplicated, each release
          duplicated, each release in a role-typed callback dropped), each
          analyzed with the same compile command and scored
  report  write the figure tables of --doc (default docs/accuracy.md) from
          --results (and --compare); --section only those tables

Exit status: 0 measured; 1 measured, but a file did not compile, a mutant
could not be analyzed, the mutant set-up check failed or a driver could not
be analyzed whole (all listed); 2 the harness could not run (bad arguments,
missing snapshot, tool failure)."""

STEPS = ("check", "layout", "run", "ctu", "seed", "report")


def parse_args(argv):
    p = argparse.ArgumentParser(prog="run-accuracy", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("steps", nargs="*", metavar="STEP", help="check, layout, run, ctu, seed, report")
    p.add_argument("--manifest", default=os.path.join(ROOT, "tools", "accuracy", "manifest.toml"),
                   help="the manifest (default: %(default)s)")
    p.add_argument("--mirror", default=os.environ.get("KMDF_ACCURACY_MIRROR",
                                                      os.path.join(os.path.dirname(ROOT), ".mirror")),
                   help="folder of fetched snapshots, <owner>+<name>/repo "
                   "(default: $KMDF_ACCURACY_MIRROR or ../.mirror beside the project)")
    p.add_argument("--out", default=os.path.join(ROOT, "build", "accuracy"),
                   help="scratch folder for the corpus and the results (default: %(default)s)")
    p.add_argument("--results", help="results file (default: OUT/results.json)")
    p.add_argument("--kmdf-check", dest="kmdf_check",
                   default=os.path.join(ROOT, "build", "bin", "kmdf-check"),
                   help="the kmdf-check to measure (default: %(default)s)")
    p.add_argument("--clang", default="clang-19",
                   help="the clang whose resource folder the corpus uses (default: %(default)s)")
    p.add_argument("--checks", help="kmdf-check's --checks (default: its own, kmdf.*)")
    p.add_argument("--extra-arg", dest="extra_args", action="append", default=[], metavar="ARG",
                   help="passed to kmdf-check as --extra-arg=ARG (repeatable), e.g. "
                   "-Xclang -analyzer-config -Xclang widen-loops=true")
    p.add_argument("--config", dest="configs", action="append", default=[], metavar="CHECK:OPT=V",
                   help="passed to kmdf-check as --config (repeatable)")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                   help="analyses at a time (default: the number of cores)")
    p.add_argument("--driver", action="append", default=[], help="only this driver (repeatable)")
    p.add_argument("--family", action="append", default=[],
                   choices=[f.key for f in model.FAMILIES], help="seed only this lock family (repeatable)")
    p.add_argument("--kind", action="append", default=[], choices=model.KINDS,
                   help="seed only this defect kind (repeatable)")
    p.add_argument("--mutant", action="append", default=[], metavar="TEXT",
                   help="seed only the mutants whose id contains TEXT (repeatable), e.g. "
                   "imxuart.cpp:1881 or /drop-release")
    p.add_argument("--quick", nargs="?", type=int, const=40, metavar="N",
                   help="seed a sample of N mutants (default 40), chosen with --seed")
    p.add_argument("--seed", type=int, default=1, help="the sample's random seed (default 1)")
    p.add_argument("--timeout", type=int, default=600, help="seconds per analysis (default 600)")
    p.add_argument("--keep-mutants", action="store_true",
                   help="leave the mutant files beside their originals")
    p.add_argument("--label", default="default", help="name of this configuration in the report")
    p.add_argument("--doc", default=os.path.join(ROOT, "docs", "accuracy.md"),
                   help="the page whose generated tables `report` rewrites (default: %(default)s)")
    p.add_argument("--compare", action="append", default=[], metavar="RESULTS",
                   help="another results file (other settings) for the report's comparison")
    p.add_argument("--section", action="append", default=[], choices=report.SECTIONS,
                   help="`report` rewrites only this generated table (repeatable; default: all)")
    p.add_argument("--findings", default=report.CLASSIFICATIONS,
                   help="the classifications of the findings (default: %(default)s)")
    args = p.parse_args(argv)
    steps = args.steps or ["layout", "run", "seed"]
    bad = [s for s in steps if s not in STEPS]
    if bad:
        p.error("unknown step(s): %s (steps: %s)" % (", ".join(bad), ", ".join(STEPS)))
    args.steps = [s for s in STEPS if s in steps]
    if args.jobs < 1:
        p.error("-j must be at least 1")
    if args.quick is not None and args.quick < 1:
        p.error("--quick N needs N >= 1")
    args.results = args.results or os.path.join(args.out, "results.json")
    return args


def load_results(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        raise HarnessError("no results at %s: run the earlier steps first" % path)


def save_results(path, results):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    os.replace(tmp, path)


def tool_version(binary):
    r = subprocess.run([binary, "--version"], capture_output=True, text=True)
    if r.returncode != 0:
        raise HarnessError("%s --version failed: %s" % (binary, r.stderr.strip()))
    return " ".join(r.stdout.split())


def git_head():
    r = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "checker", "include"],
                           capture_output=True, text=True).stdout.strip()
    return r.stdout.strip() + ("+changes" if dirty else "")


def step_check(args, man, drivers):
    commits = mf.resolve(man, args.mirror)
    total = 0
    for drv in drivers:
        gitdir = mf.repo_dir(args.mirror, man.repos[drv.repo])
        tree = mf.tree_files(gitdir, commits[drv.repo], drv.dir)
        sources = [p for p in mf.select_sources(tree, drv) if not mf.skip_reason(p, drv)]
        if not sources:
            raise HarnessError("driver %s: no source in %s at %s" % (
                drv.name, drv.dir, commits[drv.repo][:12]))
        for folder in drv.include + drv.extract:
            if not mf.tree_files(gitdir, commits[drv.repo], folder):
                raise HarnessError("driver %s: no folder %s at %s" % (
                    drv.name, folder, commits[drv.repo][:12]))
        total += len(sources)
        print("%s: %d source files in %s@%s:%s" % (drv.name, len(sources), drv.repo,
                                                    commits[drv.repo][:12], drv.dir))
    print("manifest OK: %d drivers, %d source files, %d repositories" % (
        len(drivers), total, len(commits)))


def step_layout(args, man, drivers):
    t0 = time.monotonic()
    rec = layout.make(man, args.mirror, args.out, args.clang, drivers)
    log("layout: %d files of %d drivers; parsing them with libclang (-j %d)" % (
        len(rec["files"]), len(drivers), args.jobs))
    parsed = score._pool(args.jobs, rec["files"], _parse_one, "parse")
    all_sites = []
    for f, r in zip(rec["files"], parsed):
        f["compile"] = "ok" if not r["errors"] else "error"
        f["errors"] = r["errors"][:20]
        f["functions"] = r["functions"]
        for s in r["sites"]:
            s["driver"], s["path"] = f["driver"], f["path"]
            all_sites.append(s)
    results = {
        "schema": 1,
        "manifest": rel(man.path, ROOT),
        "commits": rec["commits"],
        "repos": {n: {"commit": rec["commits"][n], "license": r.license, "url": r.url}
                  for n, r in man.repos.items() if n in rec["commits"]},
        "drivers": [{"name": d.name, "repo": d.repo, "dir": d.dir, "extension": d.extension,
                     "note": d.note} for d in drivers],
        "files": rec["files"],
        "layout_problems": rec["problems"],
        "skipped": rec["skipped"],
        "transcoded": rec["transcoded"],
        "sites": all_sites,
        "host": {"python": platform.python_version(), "machine": platform.machine(),
                 "cpus": os.cpu_count()},
        "layout_seconds": round(time.monotonic() - t0, 1),
    }
    bad = [f for f in rec["files"] if f["compile"] != "ok"]
    for f in bad:
        log("DOES NOT COMPILE: %s %s\n  %s" % (f["driver"], f["path"], "\n  ".join(f["errors"][:5])))
    for p in rec["problems"]:
        log("layout problem: %s" % p)
    for s in rec["skipped"]:
        log("not analyzed (manifest): %s %s: %s" % (s["driver"], s["path"], s["reason"]))
    log("layout: %d files, %d compile, %d do not; %d lock sites" % (
        len(rec["files"]), len(rec["files"]) - len(bad), len(bad), len(all_sites)))
    return results


def _parse_one(f):
    r = sites.parse(f)
    msg = "%s %s: %s, %d sites" % (f["driver"], f["path"],
                                   "ok" if not r["errors"] else "%d errors" % len(r["errors"]),
                                   len(r["sites"]))
    return r, msg


def make_tool(args):
    # Drivers are analyzed from their own folders: a relative path would name
    # another file there.
    args.kmdf_check = os.path.abspath(args.kmdf_check)
    if not os.access(args.kmdf_check, os.X_OK):
        raise HarnessError("no kmdf-check at %s: build it (cmake --build build) or pass "
                           "--kmdf-check" % args.kmdf_check)
    return analyze.Tool(args.kmdf_check, args.checks, args.extra_args, args.configs)


def describe_tool(args, tool):
    return {"binary": rel(args.kmdf_check, ROOT), "version": tool_version(args.kmdf_check),
            "checks": args.checks or "kmdf.* (default)", "extra_args": args.extra_args,
            "configs": args.configs, "source": git_head(), "label": args.label}


def step_run(args, results, tool):
    files = [f for f in results["files"] if f["compile"] == "ok"
             and (not args.driver or f["driver"] in args.driver)]
    log("run: kmdf-check on %d files (-j %d)" % (len(files), args.jobs))
    t0 = time.monotonic()
    runs = score.baseline(tool, os.path.dirname(os.path.join(args.out, "compile_commands.json")),
                          files, args.jobs, args.timeout)
    wall = time.monotonic() - t0
    for f, r in zip(files, runs):
        f["analysis"] = r
    results["tool"] = describe_tool(args, tool)
    results["run"] = {"jobs": args.jobs, "wall": round(wall, 1),
                      "cpu": round(sum(r["cpu"] for r in runs), 1)}
    for f, r in zip(files, runs):
        for g in r["findings"]:
            print(format_finding(g))
        if r["status"] != "ok":
            log("NOT ANALYZED: %s %s (%s)\n  %s" % (f["driver"], f["path"], r["status"],
                                                   (r.get("error") or "").replace("\n", "\n  ")))


def format_finding(g):
    lines = ["%s:%d:%d: warning: %s [%s]" % (rel(g["path"]), g["line"], g["col"], g["message"],
                                             g.get("check", ""))]
    for n in g.get("notes", []):
        lines.append("%s:%d:%d: note: %s" % (rel(n["path"]), n["line"], n["col"], n["message"]))
    return "\n".join(lines)


def step_ctu(args, results, tool):
    multi, single = ctu.drivers_to_analyze(results, args.driver)
    if not multi:
        raise HarnessError("no driver of more than one analyzable file%s" % (
            " among --driver" if args.driver else ": run the layout step first"))
    db = os.path.join(args.out, "compile_commands.json")
    # The largest drivers first, so that the last ones to finish are short.
    order = sorted(range(len(multi)), key=lambda i: -sum(f["lines"] for f in multi[i][1]))
    log("ctu: %d drivers of more than one file (%d files), each analyzed without and with "
        "--ctu (-j %d); %d drivers of one file left out" % (
            len(multi), sum(len(fs) for _, fs in multi), args.jobs, len(single)))

    def one(i):
        drv, files = multi[i]
        rec = ctu.analyze_driver(tool, os.path.abspath(args.out), db, drv, files, args.timeout)
        return rec, ctu.describe(rec)

    t0 = time.monotonic()
    done = score._pool(args.jobs, order, one, "ctu")
    recs = [None] * len(multi)
    for i, rec in zip(order, done):
        recs[i] = rec
    for rec in recs:
        rec["run_differs"] = ctu.run_findings_differ(results, rec)
        for g in rec["added"]:
            print("added by --ctu: " + format_finding(g))
        for g in rec["lost"]:
            print("lost with --ctu: " + format_finding(g))
        ctu.log_problems(rec)
        diff = rec["run_differs"]
        if diff and (diff["here_only"] or diff["run_only"]):
            log("note: %s: the one-file findings differ from the run step's (kmdf-check source "
                "%s): %d only here, %d only there" % (
                    rec["name"], results.get("tool", {}).get("source", "?")[:12],
                    len(diff["here_only"]), len(diff["run_only"])))
    if args.driver and "ctu" in results:
        # Only some drivers measured again: the others keep their records.
        names = {r["name"] for r in recs}
        place = {d["name"]: i for i, d in enumerate(results["drivers"])}
        recs = sorted(recs + [r for r in results["ctu"]["drivers"] if r["name"] not in names],
                      key=lambda r: place.get(r["name"], len(place)))
        single = sorted(set(single) | set(results["ctu"]["single_file"]),
                        key=lambda n: place.get(n, len(place)))
    results["ctu"] = {"tool": describe_tool(args, tool), "jobs": args.jobs,
                      "wall": round(time.monotonic() - t0, 1), "timeout": args.timeout,
                      "partial": bool(args.driver), "drivers": recs, "single_file": single}


def step_seed(args, results, tool):
    files = {f["abspath"]: f for f in results["files"]
             if f["compile"] == "ok" and f.get("analysis", {}).get("status") == "ok"
             and (not args.driver or f["driver"] in args.driver)}
    if not files:
        raise HarnessError("no analyzed file to seed: run the 'run' step first")
    by_file = {}
    for s in results["sites"]:
        by_file.setdefault((s["driver"], s["path"]), []).append(s)
    mutants = []
    for f in sorted(files.values(), key=lambda f: (f["driver"], f["path"])):
        with open(f["abspath"], "rb") as fh:
            data = fh.read()
        mutants += mutate.mutants_for(f, by_file.get((f["driver"], f["path"]), []), data)
    if args.family:
        mutants = [m for m in mutants if m.family in args.family]
    if args.kind:
        mutants = [m for m in mutants if m.kind in args.kind]
    if args.mutant:
        mutants = [m for m in mutants if any(t in m.id for t in args.mutant)]
    total = len(mutants)
    mutants = mutate.sample(mutants, args.quick, args.seed)
    log("seed: %d mutants%s (-j %d)" % (len(mutants), "" if args.quick is None else
                                         " sampled of %d (seed %d)" % (total, args.seed), args.jobs))
    base = {p: {"args": f["args"], "findings": f["analysis"]["findings"]} for p, f in files.items()}
    touched = sorted({m.abspath for m in mutants})
    bad_control = score.control(tool, [files[p] for p in touched], base, args.jobs, args.timeout)
    for c in bad_control:
        log("MUTANT SET-UP CHECK FAILED on %s %s: the unmutated file analyzed as a mutant gives "
            "other findings\n  got %s\n  want %s" % (c["driver"], c["path"], c["got"], c["want"]))
    t0 = time.monotonic()

    def record(recs, complete):
        return {
            "tool": describe_tool(args, tool),
            "families": args.family or [f.key for f in model.FAMILIES],
            "kinds": args.kind or list(model.KINDS),
            "sample": args.quick, "sample_seed": args.seed, "population": total,
            "wall": round(time.monotonic() - t0, 1), "jobs": args.jobs,
            "control_failures": bad_control,
            "complete": complete,
            "mutants": [r for r in recs if r is not None],
        }

    def checkpoint(recs):
        results["seed"] = record(recs, False)
        save_results(args.results, results)

    recs = score.seed(tool, mutants, base, args.jobs, args.timeout, args.keep_mutants, checkpoint)
    results["seed"] = record(recs, True)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        return run(args)
    except (HarnessError, mf.ManifestError) as e:
        log("run-accuracy: error: %s" % e)
        return 2
    except KeyboardInterrupt:
        analyze.stop_children()
        score.remove_mutant_files()
        log("run-accuracy: interrupted; the results file keeps the last finished step")
        return 130


def run(args):
    incomplete = False
    if any(s in args.steps for s in ("check", "layout", "run", "ctu", "seed")):
        man = mf.load(args.manifest)
        drivers = man.drivers
        if args.driver:
            unknown = [d for d in args.driver if d not in {x.name for x in man.drivers}]
            if unknown:
                raise HarnessError("unknown driver(s): %s" % ", ".join(unknown))
            drivers = [d for d in man.drivers if d.name in args.driver]
    if "check" in args.steps:
        step_check(args, man, drivers)
    if "layout" in args.steps:
        results = step_layout(args, man, drivers)
        save_results(args.results, results)
    if any(s in args.steps for s in ("run", "ctu", "seed")):
        results = load_results(args.results)
        tool = make_tool(args)
    if "run" in args.steps:
        step_run(args, results, tool)
        save_results(args.results, results)
    if "ctu" in args.steps:
        step_ctu(args, results, tool)
        save_results(args.results, results)
    if "seed" in args.steps:
        step_seed(args, results, tool)
        save_results(args.results, results)
    if any(s in args.steps for s in ("layout", "run", "ctu", "seed")):
        summary = report.text_summary(results)
        print(summary)
        incomplete = report.incomplete(results)
        log("run-accuracy: results in %s" % rel(args.results))
    if "report" in args.steps:
        results = load_results(args.results)
        others = [load_results(p) for p in args.compare]
        report.write_doc(args.doc, results, others, ROOT, args.section, args.findings)
        log("run-accuracy: wrote the tables of %s" % rel(args.doc))
    return 1 if incomplete else 0
