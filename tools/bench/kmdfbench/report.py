"""docs/performance.md: the method, the machine, the tables and the targets
with their measured values, written from the results of one run."""

from .toolchain import CHECKER, PTHREAD_CHECKER

TARGET_OVERHEAD_WALL = 1.03
TARGET_OVERHEAD_MEMORY = 1.05
TARGET_DOUBLING = 2.2
TARGET_RULE_OVERHEAD = 1.05
TARGET_JOBS = 1.8
TARGET_CACHE_EDIT = 0.10
TARGET_CTU = 2.0

CONFIG_NAMES = {
    "A": "A: CSA default checkers",
    "B": "B: A + %s" % CHECKER,
    "C": "C: %s alone" % CHECKER,
    "P": "P: A + %s" % PTHREAD_CHECKER,
    "R": "R: B with kmdf-check's analyzer settings",
}


def _s(seconds):
    return "%.3f s" % seconds if seconds < 10 else "%.2f s" % seconds


def _r(ratio):
    return "%.3f" % ratio


def _mb(mb):
    return "%.1f MB" % mb


def _n(count, noun):
    """"1 run", "2 runs"."""
    return "%s %s%s" % (format(count, ","), noun, "" if count == 1 else "s")


def _verdict(ok):
    return "**met**" if ok else "**missed**"


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines + [""]


# ---------------------------------------------------------------- targets


def _target_overhead(results):
    ov = results.get("overhead")
    if not ov:
        return [("B/A wall time <= %.2f on the ~20,000-line driver" % TARGET_OVERHEAD_WALL,
                 "not measured", ""),
                ("B/A peak memory <= %.2f" % TARGET_OVERHEAD_MEMORY, "not measured", "")]
    flavors = ov["flavors"]
    wall = {f: v["B/A"]["wall"] for f, v in flavors.items()}
    mem = {f: v["B/A"]["rss_mb"] for f, v in flavors.items()}
    lines = flavors["c"]["driver"]["lines"]

    def show(values):
        return ", ".join("%s %s" % ({"c": "C", "cpp": "C++"}[f], _r(v))
                         for f, v in values.items())

    settings = {f: v["R/B"]["cpu"] for f, v in flavors.items() if "R/B" in v}
    cost = [("cost of kmdf-check's analyzer settings (issue 9): R/B CPU time, "
             "measured (no target)", show(settings), "")] if settings else []
    return [
        ("B/A wall time <= %.2f on the %s-line driver (C and C++)"
         % (TARGET_OVERHEAD_WALL, format(lines, ",")), show(wall),
         _verdict(all(v <= TARGET_OVERHEAD_WALL for v in wall.values()))),
        ("B/A peak memory <= %.2f" % TARGET_OVERHEAD_MEMORY, show(mem),
         _verdict(all(v <= TARGET_OVERHEAD_MEMORY for v in mem.values()))),
    ] + cost


def _target_anchor(results):
    ov, an = results.get("overhead"), results.get("anchor")
    name = "overhead at most %s's on the same program (B/A <= P/A)" % PTHREAD_CHECKER
    if not ov or not an:
        return [(name, "not measured", "")]
    ours = ov["flavors"]["c"]["B/A"]["wall"]
    theirs = an["P/A"]["wall"]
    text = "wall: B/A %s, P/A %s" % (_r(ours), _r(theirs))
    verdict = _verdict(ours <= theirs)
    ins = results.get("instructions", {})
    if "B/A" in ins:
        text += "; instructions: B/A %s, P/A %s" % (_r(ins["B/A"]), _r(ins["P/A"]))
        verdict += " (wall), %s (instructions)" % _verdict(ins["B/A"] <= ins["P/A"])
    return [(name, text, verdict)]


def _worst_doubling(doubling, key):
    worst = max(doubling, key=lambda d: d[key])
    return worst[key], "%s worst %s (%d to %d)" % (
        key.split("_")[0], _r(worst[key]), worst["from"], worst["to"])


def _target_doubling(results):
    sc = results.get("scaling")
    name = "time(2N)/time(N) <= %.1f for callbacks N" % TARGET_DOUBLING
    if not sc or not sc["doubling"]:
        return [(name, "not measured", "")]
    parts, verdicts = [], []
    for measure_name, suffix in (("wall", ""), ("CPU", "_cpu")):
        worst = [_worst_doubling(sc["doubling"], c + suffix) for c in ("B", "C")]
        parts.append("%s: %s" % (measure_name, "; ".join(text for _, text in worst)))
        verdicts.append("%s (%s)" % (_verdict(all(v <= TARGET_DOUBLING for v, _ in worst)),
                                     measure_name))
    return [(name, "; ".join(parts), ", ".join(verdicts))]


def _target_jobs(results):
    jb = results.get("jobs")
    name = "kmdf-check -j2 >= %.1f x -j1 on 2 cores" % TARGET_JOBS
    if not jb:
        return [(name, "not measured", "")]
    text = "%.2fx (%d cores; two independent processes: %.2fx)" % (
        jb["speedup"], results["machine"]["nproc"], jb["machine_speedup"])
    verdict = _verdict(jb["speedup"] >= TARGET_JOBS)
    if jb["speedup"] < TARGET_JOBS and jb["machine_speedup"] < TARGET_JOBS:
        verdict += " (the machine's own limit; see below)"
    return [(name, text, verdict)]


def _target_cache(results):
    ca = results.get("cache")
    name = ("kmdf-check --cache-dir after a one-file edit <= %d%% of the full "
            "run" % round(100 * TARGET_CACHE_EDIT))
    if not ca:
        return [(name, "not measured", "")]
    text = "%.1f%% of the wall time, %.1f%% of the CPU time (%s)" % (
        100 * ca["edit_ratio"]["wall"], 100 * ca["edit_ratio"]["cpu"],
        _n(ca["files"], "file"))
    return [(name, text, _verdict(ca["edit_ratio"]["wall"] <= TARGET_CACHE_EDIT))]


def _target_ctu(results):
    ct = results.get("ctu")
    name = ("kmdf-check --ctu <= %.0fx the one-file time on a %d-file driver"
            % (TARGET_CTU, ct["files"] if ct else 20))
    if not ct:
        return [(name, "not measured", "")]
    spread, paired = ct["layouts"]["spread"], ct["layouts"]["paired"]
    text = ("wall %s, CPU %s with each callback file calling into every helper "
            "file; wall %s, CPU %s into one (index built beforehand)"
            % (_r(spread["ratio"]["wall"]), _r(spread["ratio"]["cpu"]),
               _r(paired["ratio"]["wall"]), _r(paired["ratio"]["cpu"])))
    return [(name, text, _verdict(spread["ratio"]["wall"] <= TARGET_CTU))]


def _target_rules(results):
    ru = results.get("rules")
    name = ("each kmdf rule, and all of them, <= %.2fx A's instructions"
            % TARGET_RULE_OVERHEAD)
    if not ru or "ratios" not in ru:
        return [(name, (ru or {}).get("skipped", "not measured"), "")]
    worst = max(ru["ratios"].items(), key=lambda kv: kv[1])
    text = "worst %s (%s); all rules %s" % (_r(worst[1]), worst[0][2:],
                                           _r(ru["ratios"]["A+kmdf"]))
    return [(name, text, _verdict(worst[1] <= TARGET_RULE_OVERHEAD))]


def rules_section(results):
    ru = results.get("rules")
    if not ru or "ratios" not in ru:
        return []
    d = ru["driver"]
    out = ["## Each rule's overhead (instructions)", "",
           "Instructions executed (callgrind) by `clang --analyze` on `%s` "
           "(%s lines, %d callbacks, interrupt locks only): A, A plus one kmdf "
           "rule (`-analyzer-checker=<rule>`, with the plugin loaded), A plus "
           "every rule (`-analyzer-checker=kmdf`). The rules share one lock "
           "model, which runs whichever rule is enabled; a rule whose locks the "
           "driver does not use pays only for watching its calls. The "
           "interrupt rule and the package report exactly the expected "
           "findings; each other rule alone reports nothing." % (
               d["path"], format(d["lines"], ","), d["callbacks"]), ""]
    rows = [("A", format(ru["counts"]["A"], ","), "1.000")]
    for config, ratio in ru["ratios"].items():
        rows.append((config, format(ru["counts"][config], ","), _r(ratio)))
    out += _table(["configuration", "instructions", "ratio to A"], rows)
    return out


def _target_findings(results):
    summary = results["findings"]
    runs = sum(s["runs"] for s in summary.values())
    required = {k: s for k, s in summary.items() if k not in ("branches", "loops")}
    req_runs = sum(s["runs"] for s in required.values())
    failed = sum(s["failed"] for s in summary.values())
    text = "%d of %d runs exact" % (sum(s["exact"] for s in required.values()), req_runs)
    swept = [summary[k] for k in ("branches", "loops") if k in summary]
    if swept:
        text += " (plus %d budget-sweep runs: no extra finding in any; missing ones are in the sweep tables)" % (
            sum(s["runs"] for s in swept))
    return [("every expected finding reported, none extra", text,
             _verdict(failed == 0 and runs > 0))]


def targets(results):
    rows = (_target_overhead(results) + _target_anchor(results)
            + _target_rules(results)
            + _target_doubling(results) + _target_jobs(results)
            + _target_cache(results) + _target_ctu(results)
            + _target_findings(results))
    return (["## Targets (issues 4, 9, 10, 11 and 12)", "",
             "Measured values, not tuned: the benchmark is the same whatever "
             "the outcome.", ""]
            + _table(["target", "measured", ""], rows))


TARGET_EDITOR_MEDIAN = 2.0


def editor_targets(results):
    """Issue 13's targets, when the editor scenario ran."""
    ed = results.get("editor")
    if not ed:
        return []
    rows = []
    for r in ed["runs"]:
        rows.append((
            "median didSave to publishDiagnostics <= %.0f s: %s, %s lines, "
            "LLVM %s" % (TARGET_EDITOR_MEDIAN, r["source"],
                         format(r["lines"], ","), r["llvm"]),
            "%s incremental (whole file: %s)" % (
                _s(r["median"]["incremental"]), _s(r["median"]["whole"])),
            _verdict(r["median"]["incremental"] <= TARGET_EDITOR_MEDIAN)))
    saves = sum(r["edits"] for r in ed["runs"])
    same = sum(r["identical"] for r in ed["runs"])
    opens = all(r["open_identical"] for r in ed["runs"])
    rows.append(("every incremental result identical to the whole-file result",
                 "%d of %d saves%s" % (same, saves,
                                       ", and every open" if opens else
                                       "; an open differs"),
                 _verdict(same == saves and opens)))
    return (["## Targets (issue 13: editor latency)", ""]
            + _table(["target", "measured", ""], rows))


# ---------------------------------------------------------------- sections


def editor_section(results):
    ed = results.get("editor")
    if not ed:
        return []
    out = ["## Editor: from didSave to publishDiagnostics", "",
           "`kmdf-check --lsp` (`-p` the folder of the file's compilation "
           "database, `--log=info`) opens the file, then the file is saved after each of %d edits, each in "
           "one function (in the generated driver, in turn: a lock release "
           "deleted, which adds a finding; a statement added at the top of "
           "the body, which moves every line below; a constant changed), "
           "the edits spread over the file. A save is a full-text "
           "`didChange` and a `didSave`; the time runs from sending "
           "`didSave` to receiving the file's `publishDiagnostics`. The same "
           "sequence runs once with the incremental analysis (the default) "
           "and once with `--incremental=false` (the whole file on every "
           "save), one after the other; the diagnostics of each save are "
           "compared, every field. Where the database names another "
           "LLVM's resource headers (the accuracy corpus names those of the "
           "clang that laid it out), each LLVM reads a copy naming its own; "
           "a text that does not compile stops the benchmark." %
           ed["runs"][0]["edits"], ""]
    rows = []
    for r in ed["runs"]:
        rows.append((
            r["source"], r["llvm"], format(r["lines"], ","), r["edits"],
            "%s / %s" % (_s(r["open"]["incremental"]), _s(r["open"]["whole"])),
            "%s / %s" % (_s(r["median"]["incremental"]),
                         _s(r["worst"]["incremental"])),
            "%s / %s" % (_s(r["median"]["whole"]), _s(r["worst"]["whole"])),
            "%d of %d" % (r["identical"], r["edits"])))
    out += _table(["file", "LLVM", "lines", "saves",
                   "open: incremental / whole", "save, incremental: median / worst",
                   "save, whole file: median / worst", "identical"], rows)
    first = ed["runs"][0]
    out += ["Each save of the first row (%s, LLVM %s): seconds, incremental "
            "and whole file, and what the incremental analysis did (top-level "
            "functions analyzed again and taken from the previous analysis)."
            % (first["source"], first["llvm"]), ""]
    rows = [(i + 1, _s(inc), _s(whole), n, what) for i, (inc, whole, n, what) in
            enumerate(zip(first["saves"]["incremental"], first["saves"]["whole"],
                          first["findings"][1:], first["analyzed"]))]
    out += _table(["save", "incremental", "whole file", "findings",
                   "analysis"], rows)
    out += ["Load average before / after: %s / %s." % (
        ed["load_before"], ed["load_after"]), ""]
    return out



def machine_section(results):
    m = results["machine"]
    rows = [("CPU", m["cpu"]), ("cores (nproc)", m["nproc"]),
            ("memory", m["memory"]), ("system", "%s, Linux %s" % (m["os"], m["kernel"])),
            ("clang", m["clang"]), ("Python", m["python"]),
            ("kmdf-check revision", m["revision"]), ("date", m["date"]),
            ("load average (1, 5, 15 min) at start", m["load_at_start"])]
    return (["## Machine", ""] + _table(["", ""], rows)
            + ["Read from `/proc/cpuinfo`, `/proc/meminfo`, `/etc/os-release`, "
               "the CPU affinity mask and `clang --version`. A load average "
               "above the number of cores means other work shared the machine; "
               "each section gives the load before and after it.", ""])


def method_section(results):
    a = results["analyzer"]
    p = results["params"]
    return [
        "## Method", "",
        "**Inputs.** `tools/bench/gen-driver` writes synthetic KMDF drivers "
        "against `test/Inputs/kmdf.h` in its WDK-faithful shape "
        "(`-DKMDF_TEST_WDK_SHAPE`: every WDF method is a `FORCEINLINE` wrapper "
        "that calls through the `WdfFunctions` table). Each callback is "
        "declared with its role type (`EVT_WDF_INTERRUPT_DPC BenchDpc3;`), "
        "fetches its device context with the context accessor, and takes one "
        "of the context's interrupt locks directly, through lock/unlock "
        "helpers, with `WdfInterruptTryToAcquireLock`, through "
        "`WdfInterruptSynchronize` (with a generated "
        "`EvtInterruptSynchronize`), or not at all (ISRs). A share of the "
        "callbacks has one lock bug each; `manifest.json` lists the file, "
        "line and kind of every finding the driver must produce. The same "
        "plan is also written as C++ (some callbacks take the lock with an "
        "RAII guard) and as a pthread program (`pthread_mutex_lock`/`unlock`/"
        "`trylock` on mutexes in the context) for the %s anchor. "
        "Defaults: %d interrupt objects, %d if/else per callback, %d loop "
        "bounded by a device register, a chain of %d static helpers, one bug "
        "in %d%% of the callbacks, seed %d."
        % (PTHREAD_CHECKER, p["interrupts"], p["branches"], p["loops"],
           p["helper_depth"], round(100 * p["bug_ratio"]), p["seed"]), "",
        "**Configurations.** The same `clang --analyze` command "
        "(`%s`, plus the file's `-I`/`-D`/`-std` flags) with:" % " ".join(a["base"]), "",
        *["* %s: `%s`" % (CONFIG_NAMES[c], " ".join(a["flags"][c]) or "(nothing more)")
          for c in ("A", "B", "C", "P", "R")],
        "",
        "C disables every package that `clang --analyze` enables by default "
        "(read at run time from `-analyzer-list-enabled-checkers`: %s) and the "
        "benchmark checks that exactly `%s` remains. P runs on the pthread "
        "program, against A on the same program. R adds to B the two "
        "analyzer settings that kmdf-check uses by default (every function "
        "also analyzed on its own; loops widened): what a plugin user pays "
        "for following [the user guide](user-guide.md#the-recommended-analyzer-settings)."
        % (", ".join(a["default_packages"]), CHECKER), "",
        "**Timing.** Each run is a child process; wall time is measured around "
        "it, CPU time (user + system) and peak memory (`ru_maxrss`) come from "
        "`os.wait4`. Configurations run interleaved, the order rotating each "
        "round (ABC, BCA, CAB, ...) so that a change in machine load touches "
        "all alike. In the scaling and branch sweeps every round goes through "
        "all driver sizes, up and down in turn (a run right after a much larger "
        "one is measurably slower), rotating the configurations of each size. "
        "The overhead, "
        "anchor and `-j` measurements start with one unmeasured warm-up round. "
        "Tables give medians (and the range of wall times); ratios are ratios "
        "of medians.", "",
        "**Findings.** Every run with a checker is compared with the manifest: "
        "each expected finding (file, line, kind) must be reported once and "
        "nothing else by that checker. In the budget sweeps missing findings "
        "are the measurement, but an extra one is still a failure.", "",
    ]


def _wall_range(st):
    return "%s (%s to %s)" % (_s(st["wall"]), _s(st["wall_min"]), _s(st["wall_max"]))


def _config_rows(configs, base="A"):
    rows = []
    for name, st in configs.items():
        ratio = ""
        if name != base and base in configs:
            b = configs[base]
            ratio = "%s / %s / %s" % (_r(st["wall"] / b["wall"]), _r(st["cpu"] / b["cpu"]),
                                      _r(st["rss_mb"] / b["rss_mb"]))
        rows.append((CONFIG_NAMES.get(name, name), _wall_range(st),
                     _s(st["cpu"]), _mb(st["rss_mb"]), ratio))
    return rows


CONFIG_HEADER = ["configuration", "wall, median (range)", "CPU", "peak memory",
                 "ratio to A: wall / CPU / memory"]


def overhead_section(results):
    ov = results.get("overhead")
    if not ov:
        return []
    out = ["## Overhead on a %s-line driver" % format(ov["flavors"]["c"]["driver"]["lines"], ","), ""]
    for flavor, label in (("c", "C"), ("cpp", "C++")):
        f = ov["flavors"][flavor]
        d = f["driver"]
        out += ["%s: `%s`, %s, %s, %s, %s of each configuration."
                % (label, d["path"], _n(d["lines"], "line"), _n(d["callbacks"], "callback"),
                   _n(d["expected"], "expected finding"), _n(f["configs"]["A"]["n"], "run")), ""]
        out += _table(CONFIG_HEADER, _config_rows(f["configs"]))
    settings = [(label, ov["flavors"][f]["R/B"]) for f, label in (("c", "C"), ("cpp", "C++"))
                if "R/B" in ov["flavors"][f]]
    if settings:
        out += ["kmdf-check's analyzer settings (R against B) cost %s in CPU time "
                "and %s in peak memory. Every function that the analyzer inlined "
                "somewhere is also analyzed on its own, and widened loops go on "
                "past `-analyzer-max-loop`; [accuracy.md](accuracy.md) gives the "
                "cost on the largest real driver file it measures."
                % (", ".join("%s %sx" % (l, _r(r["cpu"])) for l, r in settings),
                   ", ".join("%s %sx" % (l, _r(r["rss_mb"])) for l, r in settings)), ""]
    out += ["Load average before / after: %s / %s." % (ov["load_before"], ov["load_after"]), ""]
    return out


def instructions_section(results):
    ins = results.get("instructions")
    if not ins:
        return []
    out = ["## Instructions (callgrind)", ""]
    if "skipped" in ins:
        return out + ["Skipped: %s." % ins["skipped"], ""]
    d = ins["driver"]
    counts = ins["counts"]
    rows = [(CONFIG_NAMES["A"] + " (KMDF driver)", format(counts["c A"], ","), ""),
            (CONFIG_NAMES["B"], format(counts["c B"], ","), _r(ins["B/A"])),
            (CONFIG_NAMES["C"], format(counts["c C"], ","), _r(ins["C/A"])),
            (CONFIG_NAMES["A"] + " (pthread program)", format(counts["pthread A"], ","), ""),
            (CONFIG_NAMES["P"], format(counts["pthread P"], ","), _r(ins["P/A"]))]
    out += ["Instructions executed by the whole `clang --analyze` process under "
            "`valgrind --tool=callgrind`, on a %s-line driver (%d callbacks) and "
            "its pthread rendering: one run each, since the count does not depend "
            "on the machine's load." % (format(d["lines"], ","), d["callbacks"]), ""]
    out += _table(["configuration", "instructions", "ratio to A"], rows)
    if ins["B/A"] < 1:
        out += ["B executes fewer instructions than A. The checker evaluates the lock "
                "functions and the context accessor itself (`eval::Call`), so the "
                "analyzer no longer inlines their WDK wrappers and evaluates the "
                "calls through the `WdfFunctions` table conservatively; and a "
                "deadlock it finds ends that path. Both save more than the "
                "checker's own callbacks cost.", ""]
    return out


def anchor_section(results):
    an = results.get("anchor")
    if not an:
        return []
    d = an["driver"]
    out = ["## Anchor: %s on the pthread program" % PTHREAD_CHECKER, "",
           "`%s`: the same plan as the overhead driver, %s lines, %d callbacks; "
           "%d findings that %s reports (it has no rule for a lock held at "
           "exit, does not know that the framework holds a lock in an ISR, and "
           "forgets a mutex passed to a function without a body)."
           % (d["path"], format(d["lines"], ","), d["callbacks"], d["expected"],
              PTHREAD_CHECKER), ""]
    out += _table(CONFIG_HEADER, _config_rows(an["configs"]))
    ov = results.get("overhead")
    if ov:
        out += ["Ours on the KMDF driver: B/A %s wall, %s peak memory; theirs on the "
                "pthread program: P/A %s wall, %s peak memory."
                % (_r(ov["flavors"]["c"]["B/A"]["wall"]), _r(ov["flavors"]["c"]["B/A"]["rss_mb"]),
                   _r(an["P/A"]["wall"]), _r(an["P/A"]["rss_mb"])), ""]
    out += ["Load average before / after: %s / %s." % (an["load_before"], an["load_after"]), ""]
    return out


def scaling_section(results, plot_name):
    sc = results.get("scaling")
    if not sc:
        return []
    out = ["## Scaling with the number of callbacks", "",
           "Drivers of N callbacks with the default shape; each driver's "
           "callbacks are the first N of the next, so doubling N doubles the "
           "work. Median of %s." % _n(sc["rows"][0]["configs"]["A"]["n"], "run"), ""]
    if plot_name:
        out += ["![wall time against callbacks](%s)" % plot_name, ""]
    rows = []
    for row in sc["rows"]:
        c = row["configs"]
        rows.append((row["callbacks"], format(row["driver"]["lines"], ","),
                     row["driver"]["expected"],
                     *["%s (%s)" % (_s(c[k]["wall"]), _s(c[k]["cpu"])) for k in ("A", "B", "C")],
                     *[_mb(c[k]["rss_mb"]) for k in ("A", "B", "C")]))
    out += _table(["callbacks", "lines", "findings", "A wall (CPU)", "B wall (CPU)",
                   "C wall (CPU)", "A memory", "B memory", "C memory"], rows)
    rows = [("%d to %d" % (d["from"], d["to"]), _r(d["A"]), _r(d["B"]), _r(d["C"]),
             _r(d["A_cpu"]), _r(d["B_cpu"]), _r(d["C_cpu"])) for d in sc["doubling"]]
    out += ["time(2N) / time(N):", ""]
    out += _table(["callbacks", "A wall", "B wall", "C wall", "A CPU", "B CPU", "C CPU"],
                  rows)
    out += _contention_note(sc)
    out += ["Each run also parses the file and starts clang, which does not "
            "double with N; that keeps the small drivers' ratios below 2.", "",
            "Load average before / after: %s / %s." % (sc["load_before"], sc["load_after"]), ""]
    return out


def _contention_note(sc):
    """Says where wall time ran well ahead of CPU time: other processes had
    the cores, which the ratios of wall times then carry."""
    busy = []
    for row in sc["rows"]:
        c = row["configs"]
        ratio = max(c[k]["wall"] / c[k]["cpu"] for k in ("A", "B", "C") if c[k]["cpu"] > 0)
        if ratio > 1.15:
            busy.append("%d (%.2f)" % (row["callbacks"], ratio))
    if not busy:
        return ["Wall and CPU time agree within 15% at every size.", ""]
    return ["Wall time exceeded CPU time by more than 15%% at %s callbacks "
            "(largest wall/CPU ratio of A, B and C in brackets): other processes "
            "held the cores during those runs, for the configuration without "
            "the checker as much as with it. The CPU-time ratios are the "
            "measure of the work there." % ", ".join(busy), ""]


def _duration(seconds):
    if seconds < 120:
        return "%d seconds" % round(seconds)
    return "%d minutes" % round(seconds / 60)


def _found(found, expected):
    return "%d / %d" % (found, expected)


def branches_section(results, plot_name):
    br = results.get("branches")
    if not br:
        return []
    defaults = results["analyzer"]["defaults"]
    out = ["## Where the analyzer's budgets cut paths", "",
           "The analyzer stops exploring a top-level function after `max-nodes` "
           "nodes of its exploded graph (here %s; mode `%s`, exploration "
           "strategy `%s`) and a path after it enters one block more often "
           "than `-analyzer-max-loop` allows. Debian's clang is a release "
           "build: `-analyzer-stats` prints only timers and `-mllvm -stats` "
           "nothing, because LLVM's statistics are compiled out; the "
           "`debug.Stats` checker still works and tells, for each function "
           "analyzed, whether its work list was left non-empty (the node "
           "budget stopped it) and whether a block hit its visit budget."
           % (defaults.get("max-nodes", "?"), defaults.get("mode", "?"),
              defaults.get("exploration_strategy", "?")), "",
           "### Branches per callback (node budget)", "",
           "%d callbacks, no loops, every callback with one bug that happens only "
           "on the path taking every branch's then-side (2^b paths, one of them "
           "buggy). B and C: median of %s; the budget columns come from a "
           "separate run of B with `debug.Stats`; where the budget was hit, B "
           "ran once more with `max-nodes=%s`."
           % (br["callbacks"], _n(br["rows"][0]["configs"]["B"]["n"], "run"),
              format(br["raised_nodes"], ",")), ""]
    if plot_name:
        out += ["![time and findings against branches](%s)" % plot_name, ""]
    rows = []
    for row in br["rows"]:
        d, dflt, raised = row["driver"], row["default"], row.get("raised")
        rows.append((row["branches"], _s(row["configs"]["B"]["wall"]),
                     _s(row["configs"]["C"]["wall"]),
                     _mb(row["configs"]["B"]["rss_mb"]), _mb(row["configs"]["C"]["rss_mb"]),
                     _found(dflt["found"], d["expected"]),
                     "%d of %d" % (dflt["node_budget_hit"], dflt["functions"]),
                     _found(raised["found"], d["expected"]) if raised else "",
                     "%d of %d" % (raised["node_budget_hit"], raised["functions"]) if raised else "",
                     _s(raised["wall"]) if raised else ""))
    out += _table(["branches", "B wall", "C wall", "B memory", "C memory",
                   "found", "functions stopped by max-nodes",
                   "found, raised budget", "stopped, raised", "B wall, raised"], rows)
    out += _branches_summary(br)
    return out


def _branches_summary(br):
    """Where the node budget first cut findings, and what raising it did."""
    cut = [r for r in br["rows"] if r["default"]["found"] < r["driver"]["expected"]]
    stopped = [r for r in br["rows"] if r["default"]["node_budget_hit"]]
    if not stopped:
        return ["The node budget stopped no function at these sizes.", ""]
    text = ("The node budget first stopped functions at %d branches per "
            "callback." % stopped[0]["branches"])
    if cut:
        r = cut[0]
        text += (" From %d branches on, findings went missing (%s found at %d); "
                 % (r["branches"], _found(r["default"]["found"], r["driver"]["expected"]),
                    r["branches"]))
        raised = r.get("raised")
        if raised:
            text += ("with `max-nodes=%s` the analyzer found %s, in %s instead of %s."
                     % (format(br["raised_nodes"], ","),
                        _found(raised["found"], r["driver"]["expected"]),
                        _s(raised["wall"]), _s(r["configs"]["B"]["wall"])))
    else:
        text += " No finding went missing: the unexplored-first strategy reached each bug's path before the budget ran out."
    return [text, "", "The time follows the 2^b paths of each callback, "
            "roughly doubling with each branch, until the node budget caps the "
            "exploration.", ""]


def loops_section(results):
    lp = results.get("loops")
    if not lp:
        return []
    out = ["### Loop trip counts (block-visit budget)", "",
           "%d callbacks, each with one loop of a fixed trip count before its "
           "bug, analyzed by B with the default `-analyzer-max-loop` and with "
           "`-analyzer-max-loop %d`. A path that would enter the loop body "
           "more often than the budget allows is cut, and with it everything "
           "after the loop." % (lp["callbacks"], lp["raised_max_loop"]), ""]
    rows = []
    for row in lp["rows"]:
        d, dflt, raised = row["driver"], row["default"], row["raised"]
        rows.append((row["trip"], _found(dflt["found"], d["expected"]),
                     "%d of %d" % (dflt["block_budget_hit"], dflt["functions"]),
                     _found(raised["found"], d["expected"]),
                     "%d of %d" % (raised["block_budget_hit"], raised["functions"])))
    out += _table(["trip count", "found", "functions with a block at its budget",
                   "found, max-loop %d" % lp["raised_max_loop"],
                   "at budget, max-loop %d" % lp["raised_max_loop"]], rows)
    cut = [r for r in lp["rows"] if r["default"]["found"] < r["driver"]["expected"]]
    if cut:
        out += ["From a trip count of %d on, the default budget cut every path "
                "through the loop and with it every finding after it; "
                "`-analyzer-max-loop %d` found them all. (A callback cut short "
                "never reaches its helpers, which the analyzer then also "
                "analyzes on their own: hence more functions.)"
                % (cut[0]["trip"], lp["raised_max_loop"]), ""]
    out += ["The default drivers' loops run to a bound read from the device "
            "(`Ctx->Limit`): the analyzer explores up to the budget's number of "
            "iterations and every path that leaves the loop earlier, so their "
            "findings are all found even though `debug.Stats` reports blocks "
            "at their budget.", ""]
    return out


def jobs_section(results):
    jb = results.get("jobs")
    if not jb:
        return []
    out = ["## kmdf-check -j1 and -j2", "",
           "One driver of %s (%s, %s) spread over %s with a "
           "`compile_commands.json`; `kmdf-check -p DIR -jN` (reports only "
           "`%s`; the analyzer's `core` runs silently, as in every kmdf-check "
           "run), "
           "%s each. Throughput ratio time(-j1) / time(-j2): **%.2f**."
           % (_n(jb["callbacks"], "callback"), _n(jb["lines"], "line"),
              _n(jb["expected"], "expected finding"), _n(jb["files"], "file"),
              CHECKER, _n(jb["configs"]["-j1"]["n"], "run"), jb["speedup"]), ""]
    rows = [(name, _wall_range(st), _s(st["cpu"]), _mb(st["rss_mb"]))
            for name, st in jb["configs"].items()]
    out += _table(["", "wall, median (range)", "CPU", "peak memory"], rows)
    cpu_ratio = jb["configs"]["-j2"]["cpu"] / jb["configs"]["-j1"]["cpu"]
    out += ["-j2 used %.2f times the CPU time of -j1. Load average before / "
            "after: %s / %s, on %s." % (cpu_ratio, jb["load_before"], jb["load_after"],
                                        _n(results["machine"]["nproc"], "core")), ""]
    out += ["\"2 x -j1\" is the machine's own limit: two independent "
            "`kmdf-check -j1` processes, each on half of the files, started "
            "together (wall time until both end). They reached %.2fx; -j2 "
            "reached %.2f of that." % (jb["machine_speedup"],
                                      jb["speedup"] / jb["machine_speedup"]), ""]
    if jb["speedup"] < TARGET_JOBS and jb["machine_speedup"] < TARGET_JOBS:
        out += ["The machine itself did not run two independent processes "
                "%.1f times as fast as one, so this target cannot be judged "
                "here; re-run on an idle machine." % TARGET_JOBS, ""]
    return out


CACHE_RUN_NAMES = {
    "full": "full run, no cache",
    "cold": "full run, empty cache",
    "warm": "again, nothing changed",
    "one edit": "again, one file edited",
}


def cache_section(results):
    ca = results.get("cache")
    if not ca:
        return []
    out = ["## kmdf-check --cache-dir", "",
           "One driver of %s (%s, %s) spread over %s with a "
           "`compile_commands.json`; `kmdf-check -p DIR --progress` (default "
           "`-j`, one job per core), %s after an unmeasured warm-up round. "
           "Each round runs, in this order: the full run "
           "without a cache; the same with `--cache-dir` on an empty folder; "
           "again with nothing changed; again after a comment was appended to "
           "one file (another file each round). The benchmark checks every "
           "run's findings and how many files it analyzed (the progress lines "
           "not marked \"from the cache\")."
           % (_n(ca["callbacks"], "callback"), _n(ca["lines"], "line"),
              _n(ca["expected"], "expected finding"), _n(ca["files"], "file"),
              _n(ca["configs"]["full"]["n"], "measured round")), ""]
    rows = [(CACHE_RUN_NAMES[name], ca["analyzed"][name], _wall_range(st),
             _s(st["cpu"]), _mb(st["rss_mb"]))
            for name, st in ca["configs"].items()]
    out += _table(["", "files analyzed", "wall, median (range)", "CPU",
                   "peak memory"], rows)
    out += ["After a one-file edit the run takes **%.1f%%** of the full run's "
            "wall time (%.1f%% of its CPU time): every file is still "
            "preprocessed, to compute its key, and one is analyzed. Filling an "
            "empty cache costs %.2f times the full run's wall time. Load "
            "average before / after: %s / %s, on %s."
            % (100 * ca["edit_ratio"]["wall"], 100 * ca["edit_ratio"]["cpu"],
               ca["cold_ratio"], ca["load_before"], ca["load_after"],
               _n(results["machine"]["nproc"], "core")), ""]
    return out


def ctu_section(results):
    ct = results.get("ctu")
    if not ct:
        return []
    out = ["## Whole-driver analysis: kmdf-check --ctu", "",
           "Drivers from `tools/bench/gen-driver --ctu-files N`: half the files "
           "hold the callbacks, half the helpers they call (the work chains and "
           "the lock helpers, with external linkage). Without `--ctu` those "
           "helpers are opaque and the findings whose path needs them are "
           "missed; with it every expected finding is reported, and the "
           "benchmark checks both exactly. `kmdf-check -p DIR -j1`, with and "
           "without `--ctu`: with the index built beforehand (the usual run, "
           "files unchanged), and with a new index (the first run, or every "
           "file changed). %s each." % _n(results["settings"]["reps"], "run"), ""]
    names = {"spread": "each callback file calls into every helper file",
             "paired": "each callback file calls into one helper file"}
    for layout, facts in ct["layouts"].items():
        out += ["### %d files, %s" % (ct["files"], names[layout]), "",
                "%s, %s; %s without `--ctu`, %s with it." % (
                    _n(ct["callbacks"], "callback"), _n(facts["lines"], "line"),
                    _n(facts["expected_one_file"], "expected finding"),
                    _n(facts["expected_ctu"], "expected finding")), ""]
        rows = []
        one = facts["configs"]["one file"]
        for name, st in facts["configs"].items():
            ratio = ""
            if name != "one file":
                ratio = "%s / %s / %s" % (_r(st["wall"] / one["wall"]),
                                          _r(st["cpu"] / one["cpu"]),
                                          _r(st["rss_mb"] / one["rss_mb"]))
            rows.append(("kmdf-check " + name if name == "one file"
                         else "kmdf-check " + name, _wall_range(st), _s(st["cpu"]),
                         _mb(st["rss_mb"]), ratio))
        out += _table(["", "wall, median (range)", "CPU", "peak memory",
                       "ratio to one file: wall / CPU / memory"], rows)
        disk = facts.get("disk")
        if disk:
            out += ["The index takes %.1f MB on disk, %.1f MB of it the AST "
                    "dumps (%s a file), for %.0f KB of sources." % (
                        disk["index"] / 1e6, disk["dumps"] / 1e6,
                        "%.0f KB" % (disk["dumps"] / 1e3 / ct["files"]),
                        disk["sources"] / 1e3), ""]
    out += ["### Growth with the number of files", "",
            "%d callbacks a callback file, each calling into every helper "
            "file; the index built beforehand. %s each." % (
                results["settings"]["ctu_callbacks_per_file"],
                _n(results["settings"]["scaling_reps"], "run")), ""]
    rows = []
    previous = None
    for row in ct["scaling"]:
        growth = ""
        if previous and row["files"] == 2 * previous["files"]:
            growth = "%s / %s" % (_r(row["ctu"]["wall"] / previous["ctu"]["wall"]),
                                  _r(row["one_file"]["wall"] / previous["one_file"]["wall"]))
        rows.append((row["files"], format(row["lines"], ","),
                     _s(row["one_file"]["wall"]), _s(row["ctu"]["wall"]),
                     "%s / %s" % (_r(row["ratio"]["wall"]), _r(row["ratio"]["cpu"])),
                     _mb(row["ctu"]["rss_mb"]), growth))
        previous = row
    out += _table(["files", "lines", "one file, wall", "--ctu, wall",
                   "--ctu / one file: wall / CPU", "--ctu peak memory",
                   "x time when the files double: --ctu / one file"], rows)
    out += ["Load average before / between / after: %s / %s / %s, on %s." % (
        ct["load_before"], ct["load_middle"], ct["load_after"],
        _n(results["machine"]["nproc"], "core")), ""]
    return out


def findings_section(results):
    rows = [(name, s["runs"], s["exact"], s["failed"])
            for name, s in sorted(results["findings"].items())]
    return (["## Findings checked", ""]
            + _table(["experiment", "runs checked", "exact", "failed"], rows)
            + ["\"exact\": every expected finding and nothing else; in the budget "
               "sweeps a run with missing findings is not a failure.", ""])


PROFILE_NOTES = [
    "## What profiling found",
    "",
    "The first measurement of this benchmark, on a 2,000-line driver under "
    "callgrind, had B execute 4.6% more instructions than A (4.76 G against "
    "4.54 G), and some single callbacks take about twice A's CPU time. callgrind put "
    "the checker's own callbacks at under 2% of the run; the rest was the "
    "engine doing more work. `clang_analyzer_numTimesReached()` showed why: "
    "after `WdfInterruptReleaseLock` 32 paths went on in B where A had 1. "
    "The checker's `checkLiveSymbols` kept every context pointer the "
    "accessor returned alive to the end of the callback, and with it the "
    "context's bindings and constraints, so paths that differed only in the "
    "context never merged. Since the commit \"Checker: keep accessor "
    "results alive only while a lock is held\" it keeps them alive only "
    "while a lock is held (which still keeps two leaking exits apart, each "
    "its own finding); the same run then executed 4.28 G instructions, and "
    "`test/bench/paths-merge-after-release.c` guards the merging.",
    "",
]


def render(results, command, plots):
    """The whole page. \\p plots maps plot names to file names (or None)."""
    quick = results["settings"]["quick"]
    out = ["# Performance of kmdf.WdfInterruptLock", ""]
    out += ["This page is written by `tools/bench/run-bench`; edit the "
            "generator (`tools/bench/kmdfbench/report.py`), not the page. "
            "It was produced by:", "", "```sh", command, "```", ""]
    if quick:
        out += ["**Quick mode**: small inputs and single runs, to show that the "
                "benchmark works. These figures are not the published ones.", ""]
    out += targets(results)
    out += editor_targets(results)
    out += machine_section(results)
    out += method_section(results)
    out += overhead_section(results)
    out += instructions_section(results)
    out += rules_section(results)
    out += anchor_section(results)
    out += scaling_section(results, plots.get("scaling"))
    out += branches_section(results, plots.get("branches"))
    out += loops_section(results)
    out += jobs_section(results)
    out += cache_section(results)
    out += ctu_section(results)
    out += editor_section(results)
    out += findings_section(results)
    out += PROFILE_NOTES
    out += ["## Reproducing", "",
            "```sh",
            "tools/bench/run-bench            # everything; writes this page and its plots",
            "tools/bench/run-bench --quick    # small and fast, into the work folder (CI)",
            "tools/bench/gen-driver --help    # the generator on its own",
            "```", "",
            "From a clean checkout, `run-bench` first installs the Debian "
            "packages it needs (`tools/install-deps 19 --extras bench`: clang, "
            "gnuplot-nox, valgrind) and builds the plugin and kmdf-check in "
            "`build/` (`--llvm 22`: `build-llvm22/`); generated drivers and "
            "`results.json` go to `build/bench/`. `--help` lists the options "
            "(LLVM version, repetitions, work folder, single experiments). "
            "This run took %s on the machine above." % _duration(results["elapsed"]), ""]
    return "\n".join(out)
