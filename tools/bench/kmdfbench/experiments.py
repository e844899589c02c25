"""The measurements of the benchmark. Each experiment generates its drivers,
runs the analyzer, checks the findings of every run against the manifest and
returns plain data for the report."""

import concurrent.futures
import dataclasses
import os
import re
import shutil

from . import editor as editor_scenario
from . import findings, generate, measure, model
from .measure import progress
from .toolchain import load_average


@dataclasses.dataclass(frozen=True)
class Settings:
    """How much each experiment does. FULL is the published benchmark,
    QUICK proves that it works (CI)."""

    quick: bool
    reps: int  # overhead, anchor and -j rounds
    overhead_lines: int
    instructions_lines: int  # 0: no callgrind run
    scaling_callbacks: tuple
    scaling_reps: int
    branch_counts: tuple
    branch_callbacks: int
    sweep_reps: int
    loop_trips: tuple
    loop_callbacks: int
    jobs_files: int
    jobs_callbacks: int
    cache_files: int
    cache_callbacks: int
    cache_reps: int
    ctu_files: int = 20  # the --ctu driver: half callback files, half helpers
    ctu_callbacks: int = 240
    ctu_scaling_files: tuple = (4, 8, 16, 32, 64)
    ctu_callbacks_per_file: int = 12  # per callback file, in the scaling
    editor_lines: int = 6000
    editor_edits: int = 20
    node_factor: int = 4  # the raised max-nodes, times the default
    raised_max_loop: int = 16


FULL = Settings(
    quick=False, reps=7, overhead_lines=20000, instructions_lines=2000,
    scaling_callbacks=(10, 20, 40, 80, 160, 320, 640), scaling_reps=5,
    branch_counts=tuple(range(1, 13)), branch_callbacks=8, sweep_reps=3,
    loop_trips=tuple(range(1, 9)), loop_callbacks=8,
    jobs_files=40, jobs_callbacks=480,
    cache_files=100, cache_callbacks=1200, cache_reps=3)

QUICK = Settings(
    quick=True, reps=1, overhead_lines=1200, instructions_lines=0,
    scaling_callbacks=(10, 20), scaling_reps=1,
    branch_counts=(1, 2, 3), branch_callbacks=4, sweep_reps=1,
    loop_trips=(2, 5), loop_callbacks=4, jobs_files=4, jobs_callbacks=24,
    cache_files=6, cache_callbacks=24, cache_reps=1,
    ctu_files=4, ctu_callbacks=24, ctu_scaling_files=(2, 4),
    ctu_callbacks_per_file=4, editor_lines=1200, editor_edits=4)

EXPERIMENTS = ("overhead", "instructions", "rules", "anchor", "scaling", "branches",
               "loops", "jobs", "cache", "ctu", "editor")


class Verifier:
    """Checks the findings of every analyzer run and remembers the result."""

    def __init__(self):
        self.records = []

    def check(self, experiment, label, entries, api, output, budget_may_cut=False,
              ctu=False):
        """Compares \\p output with the findings \\p entries expect (with
        \\p ctu, those of kmdf-check --ctu). Missing findings are a failure
        unless the experiment is about the budgets that cut them; an extra
        finding always is."""
        result = findings.compare(entries, output, api, ctu=ctu)
        ok = not result.extra and (budget_may_cut or not result.missing)
        self.records.append({
            "experiment": experiment, "label": label, "ok": ok,
            "expected": result.expected, "found": result.found,
            "missing": len(result.missing), "extra": len(result.extra),
            "budget_may_cut": budget_may_cut})
        if not ok:
            progress("FINDINGS DIFFER in %s, %s: %s" % (experiment, label,
                                                     result.summary()))
            for line in result.details():
                progress(line)
        return result

    def failures(self):
        return [r for r in self.records if not r["ok"]]

    def by_experiment(self):
        summary = {}
        for r in self.records:
            s = summary.setdefault(r["experiment"], {
                "runs": 0, "exact": 0, "failed": 0, "expected": 0})
            s["runs"] += 1
            s["exact"] += not r["missing"] and not r["extra"]
            s["failed"] += not r["ok"]
            s["expected"] = max(s["expected"], r["expected"])
        return summary


class Bench:
    """What every experiment needs."""

    def __init__(self, settings, toolchain, analyzer, work):
        self.settings = settings
        self.toolchain = toolchain
        self.analyzer = analyzer
        self.work = work
        self.verifier = Verifier()
        self.defaults = {}
        self.overhead_manifest = None
        # The editor scenario: kmdf-check of each LLVM to measure, and a
        # real file (with the folder of its compile_commands.json) if given.
        self.editor_tools = [(toolchain.llvm, toolchain.kmdf_check)]
        self.editor_file = None
        self.editor_db = None

    def folder(self, *parts):
        path = os.path.join(self.work, *parts)
        if os.path.isdir(path):
            shutil.rmtree(path)
        return path


def stats(series):
    """Medians (and the range of wall times) of one configuration's runs."""
    low, high = series.spread("wall")
    return {"wall": series.median("wall"), "wall_min": low, "wall_max": high,
            "cpu": series.median("cpu"),
            "rss_mb": series.median("maxrss_kb") / 1024.0, "n": len(series.runs)}


def ratios(numerator, denominator):
    return {field: numerator[field] / denominator[field]
            for field in ("wall", "cpu", "rss_mb")}


def entry_of(manifest, flavor):
    return next(e for e in manifest["files"] if e["flavor"] == flavor)


@dataclasses.dataclass(frozen=True)
class Case:
    """One configuration on one generated file."""

    label: str
    folder: str
    entry: dict
    config: str


def _timed_cases(bench, experiment, cases, reps, warmup, budget_may_cut=False):
    """Interleaved runs of every case: each round runs them all, so that a
    spell of load on the shared machine falls on all of them alike. The cases
    of one file run together, in an order that rotates every round; the
    files go up and down in size in turn (a small file run right after a much
    larger one is measurably slower). Every run of a
    configuration with a checker has its findings checked. Returns label ->
    stats."""
    by_label = {case.label: case for case in cases}
    groups = []
    for case in cases:
        if not groups or by_label[groups[-1][0]].entry is not case.entry:
            groups.append([])
        groups[-1].append(case.label)
    commands = {case.label: bench.analyzer.command(case.folder, case.entry, case.config)
                for case in cases}

    def check(label, result):
        case = by_label[label]
        if case.config != "A":
            bench.verifier.check(experiment, "%s %s" % (label, case.entry["path"]),
                                 [case.entry], case.entry["api"], result.output,
                                 budget_may_cut)

    paths = {case.entry["path"] for case in cases}
    shown = experiment + (" " + paths.pop() if len(paths) == 1 else "")
    series = measure.interleaved(commands, reps, shown, warmup=warmup, check=check,
                                 groups=groups)
    return {label: stats(x) for label, x in series.items()}


def _timed_configs(bench, experiment, folder, entry, configs, reps, warmup):
    """Interleaved runs of \\p configs on one file. Returns config -> stats."""
    cases = [Case(c, folder, entry, c) for c in configs]
    return _timed_cases(bench, experiment, cases, reps, warmup)


def overhead_driver(bench):
    """The driver of the overhead and anchor measurements, generated once
    per run of the benchmark."""
    if bench.overhead_manifest is None:
        folder = bench.folder("overhead")
        bench.overhead_manifest = generate.generate_driver(
            folder, model.Params(), lines=bench.settings.overhead_lines)
    return os.path.join(bench.work, "overhead"), bench.overhead_manifest


def _driver_facts(entry):
    return {"path": entry["path"], "lines": entry["lines"],
            "callbacks": entry["callbacks"], "expected": len(entry["expected"])}


def overhead(bench):
    """A, B, C and R on the ~20,000-line driver, in C and in C++."""
    folder, manifest = overhead_driver(bench)
    result = {"load_before": load_average(), "flavors": {}}
    for flavor in ("c", "cpp"):
        entry = entry_of(manifest, flavor)
        medians = _timed_configs(bench, "overhead", folder, entry,
                                 ("A", "B", "C", "R"), bench.settings.reps, warmup=True)
        result["flavors"][flavor] = {
            "driver": _driver_facts(entry), "configs": medians,
            "B/A": ratios(medians["B"], medians["A"]),
            "C/A": ratios(medians["C"], medians["A"]),
            "R/B": ratios(medians["R"], medians["B"])}
    result["load_after"] = load_average()
    return result


def anchor(bench):
    """The pthread rendering of the same driver: defaults against defaults
    plus alpha.unix.PthreadLock."""
    folder, manifest = overhead_driver(bench)
    entry = entry_of(manifest, "pthread")
    load_before = load_average()
    medians = _timed_configs(bench, "anchor", folder, entry, ("A", "P"),
                             bench.settings.reps, warmup=True)
    return {"driver": _driver_facts(entry), "configs": medians,
            "P/A": ratios(medians["P"], medians["A"]),
            "load_before": load_before, "load_after": load_average()}


def _run_callgrind(bench, experiment, folder, entry, config):
    """The instructions that \\p config executes on \\p entry, and the
    analyzer's output."""
    out_file = os.path.join(folder, "callgrind.%s.%s" % (config, entry["flavor"]))
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out_file]
    cmd += bench.analyzer.command(folder, entry, config)
    progress("%s: callgrind %s %s" % (experiment, config, entry["path"]))
    result = measure.run_checked(cmd)
    m = re.search(r"Collected : (\d+)", result.output)
    if not m:
        raise measure.ToolError("no instruction count in callgrind's output")
    return int(m.group(1)), result.output


def _callgrind(bench, folder, entry, config, label):
    count, output = _run_callgrind(bench, "instructions", folder, entry, config)
    if config != "A":
        bench.verifier.check("instructions", label, [entry], entry["api"], output)
    return count


def instructions(bench):
    """Instructions executed (callgrind): a measure that machine load does
    not disturb, on a smaller driver because callgrind is ~50x slower."""
    lines = bench.settings.instructions_lines
    if not lines:
        return {"skipped": "not in quick mode"}
    if not shutil.which("valgrind"):
        return {"skipped": "valgrind is not installed "
                "(tools/install-deps --extras bench)"}
    folder = bench.folder("instructions")
    manifest = generate.generate_driver(folder, model.Params(), lines=lines,
                                        flavors=("c", "pthread"))
    jobs = [(entry_of(manifest, "c"), c) for c in ("A", "B", "C")]
    jobs += [(entry_of(manifest, "pthread"), c) for c in ("A", "P")]
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {(e["flavor"], c): pool.submit(
            _callgrind, bench, folder, e, c, "%s %s" % (c, e["path"]))
            for e, c in jobs}
        counts = {key: f.result() for key, f in futures.items()}
    return {
        "driver": _driver_facts(entry_of(manifest, "c")),
        "counts": {"%s %s" % key: n for key, n in counts.items()},
        "B/A": counts[("c", "B")] / counts[("c", "A")],
        "C/A": counts[("c", "C")] / counts[("c", "A")],
        "P/A": counts[("pthread", "P")] / counts[("pthread", "A")]}


# Every rule of the plugin, each enabled alone beside CSA's defaults, then all
# of them (the package).
RULES = ("kmdf.WdfInterruptLock", "kmdf.WdfSpinlock", "kmdf.WdfWaitlock",
         "kmdf.Spinlock", "kmdf.ReqSendWhileSpinlock")


def rules(bench):
    """Instructions executed (callgrind) by A, by A plus each kmdf rule alone,
    and by A plus all of them, on the driver of the instructions experiment.
    Its locks are interrupt locks: the other rules only pay for watching the
    calls and stores (the shared lock model runs whichever rule is on)."""
    lines = bench.settings.instructions_lines
    if not lines:
        return {"skipped": "not in quick mode"}
    if not shutil.which("valgrind"):
        return {"skipped": "valgrind is not installed "
                "(tools/install-deps --extras bench)"}
    folder = bench.folder("rules")
    entry = entry_of(generate.generate_driver(folder, model.Params(), lines=lines,
                                              flavors=("c",)), "c")
    configs = ["A"] + ["A+" + r for r in RULES] + ["A+kmdf"]
    counts = {}
    for config in configs:
        counts[config], output = _run_callgrind(bench, "rules", folder, entry,
                                                config)
        # The interrupt rule and the package find exactly the expected
        # findings; every other rule, alone, finds nothing in this driver.
        if config in ("A+kmdf.WdfInterruptLock", "A+kmdf"):
            bench.verifier.check("rules", config, [entry], entry["api"], output)
        elif config != "A" and "[kmdf." in output:
            raise measure.ToolError("rules: %s reported on a driver without "
                                    "its locks" % config)
    return {"driver": _driver_facts(entry), "counts": counts,
            "ratios": {c: counts[c] / counts["A"] for c in configs if c != "A"}}


def scaling(bench):
    """A, B and C on drivers of 10, 20, 40, ... callbacks; each driver's
    callbacks are the first ones of the next. All drivers and configurations
    are interleaved, so that time(2N) and time(N) see the same machine."""
    load_before = load_average()
    drivers, cases = [], []
    for n in bench.settings.scaling_callbacks:
        folder = bench.folder("scaling", "%04d" % n)
        entry = entry_of(generate.generate_driver(
            folder, model.Params(callbacks=n), flavors=("c",)), "c")
        drivers.append((n, entry))
        cases += [Case("%d %s" % (n, c), folder, entry, c) for c in ("A", "B", "C")]
    medians = _timed_cases(bench, "scaling", cases, bench.settings.scaling_reps,
                           warmup=False)
    rows = [{"callbacks": n, "driver": _driver_facts(entry),
             "configs": {c: medians["%d %s" % (n, c)] for c in ("A", "B", "C")}}
            for n, entry in drivers]
    doubling = []
    for small, large in zip(rows, rows[1:]):
        if large["callbacks"] == 2 * small["callbacks"]:
            doubling.append({
                "from": small["callbacks"], "to": large["callbacks"],
                **{c: large["configs"][c]["wall"] / small["configs"][c]["wall"]
                   for c in ("A", "B", "C")},
                **{c + "_cpu": large["configs"][c]["cpu"] / small["configs"][c]["cpu"]
                   for c in ("A", "B", "C")}})
    return {"rows": rows, "doubling": doubling, "load_before": load_before,
            "load_after": load_average()}


STATS_FLAGS = ["-Xclang", "-analyzer-checker=debug.Stats"]


def budget_counts(output):
    """What debug.Stats says about each function analyzed: whether the node
    budget stopped it (work list not empty) and whether a block reached its
    visit budget (-analyzer-max-loop)."""
    return {
        "functions": output.count("Total CFGBlocks:"),
        "node_budget_hit": output.count("Empty WorkList: no"),
        "block_budget_hit": output.count("Exhausted Block: yes"),
    }


def _budget_run(bench, experiment, folder, entry, label, extra):
    """One untimed-for-the-tables run of B with debug.Stats."""
    result = measure.run_checked(
        bench.analyzer.command(folder, entry, "B", list(extra) + STATS_FLAGS))
    found = bench.verifier.check(experiment, label, [entry], "kmdf",
                                 result.output, budget_may_cut=True)
    return {"found": found.found, "wall": result.wall,
            **budget_counts(result.output)}


def node_budget_flags(bench):
    nodes = int(bench.defaults.get("max-nodes", "225000")) * bench.settings.node_factor
    return ["-Xclang", "-analyzer-config", "-Xclang", "max-nodes=%d" % nodes], nodes


def branches(bench):
    """B and C as the branches per callback grow, each bug on the one path
    through all of them; where the node budget stops the analysis, and what
    a larger budget changes."""
    s = bench.settings
    raised_flags, raised_nodes = node_budget_flags(bench)
    drivers, cases = [], []
    for b in s.branch_counts:
        folder = bench.folder("branches", "%02d" % b)
        params = model.Params(callbacks=s.branch_callbacks, branches=b, loops=0,
                              bug_ratio=1.0, one_path_bugs=True)
        entry = entry_of(generate.generate_driver(folder, params, flavors=("c",)), "c")
        drivers.append((b, folder, entry))
        cases += [Case("b=%d %s" % (b, c), folder, entry, c) for c in ("B", "C")]
    medians = _timed_cases(bench, "branches", cases, s.sweep_reps, warmup=False,
                           budget_may_cut=True)
    rows = []
    for b, folder, entry in drivers:
        row = {"branches": b, "driver": _driver_facts(entry),
               "configs": {c: medians["b=%d %s" % (b, c)] for c in ("B", "C")},
               "default": _budget_run(bench, "branches", folder, entry,
                                      "B+debug.Stats b=%d" % b, [])}
        if row["default"]["node_budget_hit"] or row["default"]["found"] < len(entry["expected"]):
            row["raised"] = _budget_run(bench, "branches", folder, entry,
                                        "B max-nodes=%d b=%d" % (raised_nodes, b),
                                        raised_flags)
        rows.append(row)
    return {"rows": rows, "raised_nodes": raised_nodes,
            "callbacks": s.branch_callbacks}


def loops(bench):
    """Loops of a fixed trip count before each bug: where the block-visit
    budget (-analyzer-max-loop) cuts the path, and what raising it changes."""
    s = bench.settings
    raised = ["-Xclang", "-analyzer-max-loop", "-Xclang", str(s.raised_max_loop)]
    rows = []
    for trip in s.loop_trips:
        folder = bench.folder("loops", "%02d" % trip)
        params = model.Params(callbacks=s.loop_callbacks, branches=0, loops=1,
                              loop_trip=trip, bug_ratio=1.0)
        entry = entry_of(generate.generate_driver(folder, params, flavors=("c",)), "c")
        progress("loops: trip count %d" % trip)
        rows.append({
            "trip": trip, "driver": _driver_facts(entry),
            "default": _budget_run(bench, "loops", folder, entry,
                                   "B trip=%d" % trip, []),
            "raised": _budget_run(bench, "loops", folder, entry,
                                  "B max-loop=%d trip=%d" % (s.raised_max_loop, trip),
                                  raised)})
    return {"rows": rows, "raised_max_loop": s.raised_max_loop,
            "callbacks": s.loop_callbacks}


def jobs(bench):
    """kmdf-check -j1 against -j2 on one driver spread over many files."""
    s = bench.settings
    folder = bench.folder("jobs")
    manifest = generate.generate_tree(
        folder, model.Params(callbacks=s.jobs_callbacks), s.jobs_files)
    entries = manifest["files"]
    tool = bench.toolchain.kmdf_check
    commands = {"-j%d" % j: [tool, "-p", folder, "-j%d" % j] for j in (1, 2)}
    # What the machine itself gives two workers: two independent -j1 runs on
    # the two halves of the files, at the same time.
    halves = [[os.path.join(folder, e["path"]) for e in entries[i::2]] for i in (0, 1)]
    commands["2 x -j1"] = measure.Parallel(tuple(
        [tool, "-p", folder, "-j1"] + half for half in halves))

    def check(config, result):
        bench.verifier.check("jobs", "kmdf-check " + config, entries, "kmdf",
                             result.output)

    load_before = load_average()
    series = measure.interleaved(commands, s.reps, "jobs", warmup=True,
                                 check=check, ok_status=(0, 1))
    medians = {c: stats(x) for c, x in series.items()}
    return {"files": len(entries), "callbacks": s.jobs_callbacks,
            "lines": sum(e["lines"] for e in entries),
            "expected": sum(len(e["expected"]) for e in entries),
            "configs": medians,
            "speedup": medians["-j1"]["wall"] / medians["-j2"]["wall"],
            "machine_speedup": medians["-j1"]["wall"] / medians["2 x -j1"]["wall"],
            "load_before": load_before, "load_after": load_average()}


# The runs of the cache experiment, in the order of each round: each needs
# the state the one before left (the empty cache filled, then one file
# edited), so they cannot rotate like the other experiments' configurations.
CACHE_RUNS = ("full", "cold", "warm", "one edit")


def _analyzed(output):
    """The files a kmdf-check --progress run analyzed, and those it took from
    the cache."""
    lines = re.findall(r"^\[\d+/\d+\] (.*)$", output, re.M)
    cached = [l for l in lines if l.endswith(" (from the cache)")]
    return len(lines) - len(cached), len(cached)


def cache(bench):
    """kmdf-check --cache-dir on one driver spread over many files: the full
    run without a cache, the same with an empty cache, again with nothing
    changed, and again after an edit of one file. Every run's findings are
    checked, and so is the number of files each run analyzed: all, all,
    none, one."""
    s = bench.settings
    folder = bench.folder("cache")
    manifest = generate.generate_tree(
        folder, model.Params(callbacks=s.cache_callbacks), s.cache_files)
    entries = manifest["files"]
    cache_dir = bench.folder("cache-dir")
    base = [bench.toolchain.kmdf_check, "-p", folder, "--progress"]
    commands = {"full": base, "cold": base + ["--cache-dir", cache_dir],
                "warm": base + ["--cache-dir", cache_dir],
                "one edit": base + ["--cache-dir", cache_dir]}
    expected_analyzed = {"full": len(entries), "cold": len(entries), "warm": 0,
                         "one edit": 1}
    series = {name: measure.Series() for name in CACHE_RUNS}
    load_before = load_average()
    rounds = [("warm-up", False)] + [
        ("round %d/%d" % (i + 1, s.cache_reps), True) for i in range(s.cache_reps)]
    edits = 0
    for round_label, keep in rounds:
        for name in CACHE_RUNS:
            if name == "cold":
                shutil.rmtree(cache_dir, ignore_errors=True)
            if name == "one edit":
                # A new comment each time: new contents, one file to analyze
                # (the findings keep their lines).
                edited = entries[edits % len(entries)]["path"]
                with open(os.path.join(folder, edited), "a", encoding="utf-8") as f:
                    f.write("/* Edit %d. */\n" % edits)
                edits += 1
            result = measure.run_checked(commands[name], ok_status=(0, 1))
            analyzed, _ = _analyzed(result.output)
            progress("cache %s: %s %.2f s, %d file(s) analyzed" % (
                round_label, name, result.wall, analyzed))
            if analyzed != expected_analyzed[name]:
                raise measure.ToolError(
                    "cache: the %s run analyzed %d files, not %d"
                    % (name, analyzed, expected_analyzed[name]))
            bench.verifier.check("cache", "kmdf-check " + name, entries, "kmdf",
                                 result.output)
            if keep:
                series[name].runs.append(result)
    medians = {name: stats(x) for name, x in series.items()}
    return {"files": len(entries), "callbacks": s.cache_callbacks,
            "lines": sum(e["lines"] for e in entries),
            "expected": sum(len(e["expected"]) for e in entries),
            "configs": medians, "analyzed": expected_analyzed,
            "edit_ratio": {field: medians["one edit"][field] / medians["full"][field]
                           for field in ("wall", "cpu")},
            "cold_ratio": medians["cold"]["wall"] / medians["full"]["wall"],
            "load_before": load_before, "load_after": load_average()}


def _folder_bytes(folder, suffix=""):
    """The size of the files in \\p folder and below (those whose name ends
    in \\p suffix)."""
    total = 0
    for root, _, names in os.walk(folder):
        total += sum(os.path.getsize(os.path.join(root, n))
                     for n in names if n.endswith(suffix))
    return total


def _ctu_commands(tool, folder, index, cold_index, prefix=""):
    """kmdf-check -j1 without and with --ctu (the index built beforehand, and
    built by the run itself) on the driver in \\p folder."""
    rebuild = ('rm -rf "$1" && exec "$2" -p "$3" -j1 --ctu --ctu-dir "$1"')
    return {
        prefix + "one file": [tool, "-p", folder, "-j1"],
        prefix + "--ctu": [tool, "-p", folder, "-j1", "--ctu", "--ctu-dir", index],
        prefix + "--ctu, new index": ["sh", "-c", rebuild, "sh", cold_index, tool,
                                      folder],
    }


def ctu(bench):
    """kmdf-check --ctu against the same run without it, on drivers whose
    helpers live in other files than their callbacks: a 20-file driver
    (each callback file calling into every helper file, and into one), then
    drivers of more and more files."""
    s = bench.settings
    tool = bench.toolchain.kmdf_check
    load_before = load_average()
    layouts = {"spread": None, "paired": 1}
    commands, groups, drivers, which, disk = {}, [], {}, {}, {}
    for layout, spread in layouts.items():
        folder = bench.folder("ctu", layout)
        manifest = generate.generate_ctu_tree(
            folder, model.Params(callbacks=s.ctu_callbacks), s.ctu_files,
            spread=spread)
        drivers[layout] = manifest["files"]
        index = os.path.join(folder, "index")
        measure.run_checked([tool, "-p", folder, "-j1", "--ctu", "--ctu-dir", index],
                            ok_status=(0, 1))
        # What the index costs on disk: with kmdf-check's AST dumps (.ast),
        # against the sources it indexes.
        disk[layout] = {"index": _folder_bytes(index),
                        "dumps": _folder_bytes(index, ".ast"),
                        "sources": sum(os.path.getsize(os.path.join(folder, e["path"]))
                                       for e in manifest["files"])}
        configs = _ctu_commands(tool, folder, index, os.path.join(folder, "new-index"),
                                layout + ": ")
        commands.update(configs)
        groups.append(list(configs))
        which.update({name: layout for name in configs})

    def check(name, result):
        bench.verifier.check("ctu", "kmdf-check " + name, drivers[which[name]],
                             "kmdf", result.output, ctu="--ctu" in name)

    series = measure.interleaved(commands, s.reps, "ctu", warmup=not s.quick, check=check,
                                 ok_status=(0, 1), groups=groups)
    medians = {name: stats(x) for name, x in series.items()}
    result = {"files": s.ctu_files, "callbacks": s.ctu_callbacks, "layouts": {}}
    for layout in layouts:
        entries = drivers[layout]
        one = medians[layout + ": one file"]
        result["layouts"][layout] = {
            "lines": sum(e["lines"] for e in entries),
            "expected_one_file": sum(1 for e in entries for f in e["expected"]
                                     if not f.get("ctu")),
            "expected_ctu": sum(len(e["expected"]) for e in entries),
            "configs": {name.split(": ", 1)[1]: medians[name]
                        for name in commands if which[name] == layout},
            "ratio": ratios(medians[layout + ": --ctu"], one),
            "ratio_new_index": ratios(medians[layout + ": --ctu, new index"], one),
            "disk": disk[layout]}
    result["load_middle"] = load_average()

    # How the cost grows with the number of files (every callback file
    # calling into every helper file).
    rows, cases, sizes = [], {}, {}
    scale_groups = []
    for files in s.ctu_scaling_files:
        folder = bench.folder("ctu-scaling", "%03d" % files)
        callbacks = s.ctu_callbacks_per_file * files // 2
        manifest = generate.generate_ctu_tree(
            folder, model.Params(callbacks=callbacks), files)
        sizes[files] = manifest["files"]
        index = os.path.join(folder, "index")
        measure.run_checked([tool, "-p", folder, "-j1", "--ctu", "--ctu-dir", index],
                            ok_status=(0, 1))
        configs = {"%d one file" % files: [tool, "-p", folder, "-j1"],
                   "%d --ctu" % files: [tool, "-p", folder, "-j1", "--ctu",
                                        "--ctu-dir", index]}
        cases.update(configs)
        scale_groups.append(list(configs))

    def check_size(name, run):
        files = int(name.split()[0])
        bench.verifier.check("ctu", "kmdf-check " + name, sizes[files], "kmdf",
                             run.output, ctu="--ctu" in name)

    series = measure.interleaved(cases, s.scaling_reps, "ctu scaling", warmup=False,
                                 check=check_size, ok_status=(0, 1),
                                 groups=scale_groups)
    for files in s.ctu_scaling_files:
        one = stats(series["%d one file" % files])
        with_ctu = stats(series["%d --ctu" % files])
        rows.append({"files": files,
                     "callbacks": s.ctu_callbacks_per_file * files // 2,
                     "lines": sum(e["lines"] for e in sizes[files]),
                     "one_file": one, "ctu": with_ctu,
                     "ratio": ratios(with_ctu, one)})
    result["scaling"] = rows
    result["load_before"] = load_before
    result["load_after"] = load_average()
    return result


def editor(bench):
    """kmdf-check --lsp: didSave to publishDiagnostics after single-function
    edits of a large file, incremental against whole-file (issue 13)."""
    return editor_scenario.run(bench, bench.editor_tools,
                               generate.generate_driver, model.Params(),
                               load_average)


RUNNERS = {
    "overhead": overhead, "instructions": instructions, "rules": rules,
    "anchor": anchor,
    "scaling": scaling, "branches": branches, "loops": loops, "jobs": jobs,
    "cache": cache,
    "ctu": ctu,
    "editor": editor,
}
