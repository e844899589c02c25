"""Figures from a results file: a text summary for the terminal and the
generated tables of docs/accuracy.md (between `<!-- BEGIN GENERATED: x -->`
and `<!-- END GENERATED: x -->`; the prose around them is written by hand)."""

import os
import re
import statistics
import tomllib

from . import model
from .util import HarnessError, ROOT

CLASSIFICATIONS = os.path.join(ROOT, "tools", "accuracy", "findings.toml")
MISS_CAUSES = os.path.join(ROOT, "tools", "accuracy", "misses.toml")
MISS_KEYS = ("driver", "file", "function", "kind", "family", "role_prefix", "line", "status")
SECTIONS = ("corpus", "sites", "findings", "scores", "misses", "timings", "compare", "ctu",
            "reproduce")


# -- figures ------------------------------------------------------------------

def incomplete(results):
    if any(f["compile"] != "ok" for f in results.get("files", [])):
        return True
    if any(f.get("analysis", {}).get("status", "ok") != "ok" for f in results.get("files", [])):
        return True
    seed = results.get("seed")
    if seed and (seed["control_failures"] or not seed.get("complete", True) or
                 any(m["status"] == "not-analyzed" for m in seed["mutants"])):
        return True
    from . import ctu
    return ctu.incomplete(results.get("ctu", {}))


def score_table(mutants):
    """{(kind, family): {status: n, 'total': n}} plus totals per kind."""
    t = {}
    for m in mutants:
        for key in ((m["kind"], m["family"]), (m["kind"], "all")):
            row = t.setdefault(key, {"total": 0})
            row["total"] += 1
            row[m["status"]] = row.get(m["status"], 0) + 1
    return t


def pct(n, d):
    return "-" if not d else "%.0f%%" % (100.0 * n / d)


def findings_of(results):
    out = []
    for f in results.get("files", []):
        for g in f.get("analysis", {}).get("findings", []):
            out.append((f, g))
    return out


def text_summary(results):
    lines = []
    files = results.get("files", [])
    ok = [f for f in files if f["compile"] == "ok"]
    lines.append("files: %d (%d compile); lock sites: %d" % (len(files), len(ok),
                                                             len(results.get("sites", []))))
    by_fam = {}
    for s in results.get("sites", []):
        by_fam.setdefault(s["family"], {}).setdefault(s["op"], 0)
        by_fam[s["family"]][s["op"]] += 1
    for fam in model.FAMILIES:
        if fam.key in by_fam:
            ops = by_fam[fam.key]
            lines.append("  %-15s acquire %3d  release %3d  try %3d" % (
                fam.key, ops.get(model.ACQUIRE, 0), ops.get(model.RELEASE, 0), ops.get(model.TRY, 0)))
    if "run" in results:
        fs = findings_of(results)
        lines.append("unmutated findings: %d; analysis %.0fs CPU, %.0fs wall (-j %d)" % (
            len(fs), results["run"]["cpu"], results["run"]["wall"], results["run"]["jobs"]))
        big = largest_file(results)
        if big:
            lines.append("largest file: %s %s (%d lines): %.1fs CPU" % (
                big["driver"], big["path"], big["lines"], big["analysis"]["cpu"]))
    seed = results.get("seed")
    if seed:
        t = score_table(seed["mutants"])
        lines.append("seeded defects (%d mutants%s%s):" % (
            len(seed["mutants"]), "" if seed["sample"] is None else
            ", a sample of %d" % seed["population"],
            "" if seed.get("complete", True) else ", INTERRUPTED"))
        for kind in model.KINDS:
            for fam in ["all"] + [f.key for f in model.FAMILIES]:
                row = t.get((kind, fam))
                if not row:
                    continue
                lines.append("  %-13s %-15s found %3d/%-3d %4s  other-kind %d  missed %d  "
                             "not analyzed %d" % (
                                 kind, fam, row.get("found", 0), row["total"],
                                 pct(row.get("found", 0), row["total"]), row.get("other-kind", 0),
                                 row.get("missed", 0), row.get("not-analyzed", 0)))
        if seed["control_failures"]:
            lines.append("MUTANT SET-UP CHECK FAILED for %d file(s)" % len(seed["control_failures"]))
    c = results.get("ctu")
    if c:
        t = ctu_totals(c)
        lines.append("whole-driver analysis (--ctu): %d drivers, %d files; findings %d one-file, "
                     "%d --ctu: %d added, %d lost; %d files analyzed without --ctu; %d drivers "
                     "not analyzed; CPU %.0fs one-file, %.0fs --ctu" % (
                         t["drivers"], t["files"], t["one"], t["ctu"], t["added"], t["lost"],
                         t["fallbacks"], t["failed"], t["one_cpu"], t["ctu_cpu"]))
    return "\n".join(lines)


def ctu_totals(c):
    ds = c["drivers"]
    ok = [d for d in ds if d["one_file"]["status"] == "ok" and d["ctu"]["status"] == "ok"]
    return {"drivers": len(ds), "files": sum(len(d["files"]) for d in ds),
            "lines": sum(d["lines"] for d in ds),
            "one": sum(len(d["one_file"]["findings"]) for d in ok),
            "ctu": sum(len(d["ctu"]["findings"]) for d in ok),
            "added": sum(len(d["added"]) for d in ok), "lost": sum(len(d["lost"]) for d in ok),
            "fallbacks": sum(len(d["ctu"]["fallbacks"]) for d in ds),
            "failed": len(ds) - len(ok),
            "one_cpu": sum(d["one_file"]["cpu"] for d in ds),
            "ctu_cpu": sum(d["ctu"]["cpu"] for d in ds),
            "one_wall": sum(d["one_file"]["wall"] for d in ds),
            "ctu_wall": sum(d["ctu"]["wall"] for d in ds)}


def largest_file(results):
    files = [f for f in results.get("files", []) if f.get("analysis", {}).get("status") == "ok"]
    return max(files, key=lambda f: (f["lines"], f["path"])) if files else None


# -- classifications -----------------------------------------------------------

def load_classifications(path=CLASSIFICATIONS):
    if not os.path.exists(path):
        return []
    with open(path, "rb") as f:
        data = tomllib.load(f)
    out = data.get("finding", [])
    for i, c in enumerate(out):
        for k in ("driver", "file", "message", "verdict", "explanation"):
            if k not in c:
                raise HarnessError("%s: [[finding]] #%d needs '%s'" % (path, i + 1, k))
        if c["verdict"] not in ("true bug", "false positive"):
            raise HarnessError("%s: [[finding]] #%d: verdict is 'true bug' or 'false positive'"
                               % (path, i + 1))
        if c.get("run", "one-file") not in RUNS:
            raise HarnessError("%s: [[finding]] #%d: run is one of %s" % (
                path, i + 1, ", ".join("'%s'" % r for r in RUNS)))
    return out


# The run whose findings a [[finding]] classifies: the one-file run, the
# findings kmdf-check --ctu adds, or those it loses (why they are lost).
RUNS = ("one-file", "ctu", "ctu-lost")


def load_miss_causes(path=MISS_CAUSES):
    """The hand-written causes of seeded defects not found: [[miss]] tables
    whose fields (driver, file, function, kind, family, role_prefix, line,
    status) select mutants, with a cause and an explanation."""
    if not os.path.exists(path):
        return []
    with open(path, "rb") as f:
        data = tomllib.load(f)
    out = data.get("miss", [])
    for i, c in enumerate(out):
        if "cause" not in c:
            raise HarnessError("%s: [[miss]] #%d needs 'cause'" % (path, i + 1))
        if not any(k in c for k in MISS_KEYS):
            raise HarnessError("%s: [[miss]] #%d selects nothing" % (path, i + 1))
    return out


def miss_cause(m, causes):
    for c in causes:
        if "driver" in c and c["driver"] != m["driver"]:
            continue
        if "file" in c and c["file"] != m["path"]:
            continue
        if "function" in c and c["function"] != m["function"]:
            continue
        if "kind" in c and c["kind"] != m["kind"]:
            continue
        if "family" in c and c["family"] != m["family"]:
            continue
        if "line" in c and c["line"] != m["line"]:
            continue
        if "status" in c and c["status"] != m["status"]:
            continue
        if "role_prefix" in c and not (m["role"] or "").startswith(c["role_prefix"]):
            continue
        return c
    return None


def classify(f, g, classes, run="one-file"):
    """The classification of finding g (of f["driver"], in the file f["path"]
    of its repository) made for the findings of `run`."""
    for c in classes:
        if c.get("run", "one-file") == run and c["driver"] == f["driver"] \
                and c["file"] == f["path"] and c["message"] in g["message"] \
                and c.get("line", g["line"]) == g["line"]:
            return c
    return None


# -- Markdown -----------------------------------------------------------------

def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(x).replace("|", "\\|").replace("\n", " ") for x in r) + " |")
    return "\n".join(out)


def _repo_of(results, name):
    return results["commits"].get(name, "")[:12]


def gen_corpus(results):
    rows = []
    files = results["files"]
    sites = results.get("sites", [])
    for d in results["drivers"]:
        fs = [f for f in files if f["driver"] == d["name"]]
        ok = sum(1 for f in fs if f["compile"] == "ok")
        rows.append((d["name"], "%s@%s" % (d["repo"], _repo_of(results, d["repo"])),
                     "`%s`" % d["dir"], d["extension"] or "KMDF", "%d/%d" % (ok, len(fs)),
                     sum(f["lines"] for f in fs),
                     sum(1 for s in sites if s["driver"] == d["name"])))
    tot_ok = sum(1 for f in files if f["compile"] == "ok")
    rows.append(("**all (%d drivers)**" % len(results["drivers"]), "", "", "",
                 "%d/%d" % (tot_ok, len(files)), sum(f["lines"] for f in files), len(sites)))
    text = md_table(("driver", "repository@commit", "folder", "class extension",
                     "files compiling", "lines", "lock sites"), rows)
    bad = [f for f in files if f["compile"] != "ok"]
    if bad:
        text += "\n\nFiles that do not compile:\n\n" + "\n".join(
            "* %s `%s`: %s" % (f["driver"], f["path"], "; ".join(f["errors"][:3])) for f in bad)
    else:
        text += "\n\nEvery file compiles (clang 19 through libclang, the flags of the layout step)."
    skipped = results.get("skipped", [])
    if skipped:
        text += "\n\nFiles the manifest leaves out, and why:\n\n" + "\n".join(
            "* %s `%s`: %s" % (s["driver"], s["path"], s["reason"]) for s in skipped)
    if results.get("transcoded"):
        text += "\n\nRead as Windows-1252 and rewritten as UTF-8: " + ", ".join(
            "`%s`" % p for p in results["transcoded"]) + "."
    if results.get("layout_problems"):
        text += "\n\nLayout notes:\n\n" + "\n".join("* " + p for p in results["layout_problems"])
    return text


def gen_sites(results):
    sites = results.get("sites", [])
    rows = []
    for fam in model.FAMILIES:
        ss = [s for s in sites if s["family"] == fam.key]
        if not ss:
            continue
        acq = sum(1 for s in ss if s["op"] == model.ACQUIRE)
        relc = sum(1 for s in ss if s["op"] == model.RELEASE)
        tr = sum(1 for s in ss if s["op"] == model.TRY)
        rel_cb = sum(1 for s in ss if s["op"] == model.RELEASE and s["role"])
        rel_cx = sum(1 for s in ss if s["op"] == model.RELEASE and s["role"]
                     and model.role_group(s["role"]) != "wdf")
        macro = sum(1 for s in ss if s["via_macro"])
        drivers = len({s["driver"] for s in ss})
        apis = sorted({s["spelled"] for s in ss})
        rows.append((fam.title, drivers, acq, relc, tr, rel_cb, rel_cx, macro,
                     ", ".join("`%s`" % a for a in apis)))
    return md_table(("family", "drivers", "acquires", "releases", "try-acquires",
                     "releases in callbacks", "of them class-extension callbacks",
                     "through a macro", "APIs as written"), rows)


def gen_findings(results, classes):
    fs = findings_of(results)
    if not fs:
        return "No finding on the unmutated drivers."
    rows = []
    for f, g in sorted(fs, key=lambda x: (x[0]["driver"], x[0]["path"], x[1]["line"])):
        c = classify(f, g, classes)
        rows.append((f["driver"], "`%s:%d`" % (os.path.basename(f["path"]), g["line"]),
                     g["message"], c["verdict"] if c else "**unclassified**",
                     c.get("cause", "") if c else "", c["explanation"] if c else ""))
    tb = sum(1 for r in rows if r[3] == "true bug")
    fp = sum(1 for r in rows if r[3] == "false positive")
    head = "%d findings: %d true bugs, %d false positives, %d unclassified.\n\n" % (
        len(rows), tb, fp, len(rows) - tb - fp)
    return head + md_table(("driver", "where", "finding", "verdict", "cause", "why"), rows)


def gen_scores(results):
    seed = results.get("seed")
    if not seed:
        return "(not measured)"
    t = score_table(seed["mutants"])
    rows = []
    for kind in model.KINDS:
        for fam in [f.key for f in model.FAMILIES] + ["all"]:
            row = t.get((kind, fam))
            if not row:
                continue
            name = "**all**" if fam == "all" else model.FAMILY[fam].title
            rows.append((model.KIND_TITLE[kind] if fam == "all" or True else "", name,
                         row["total"], row.get("found", 0), pct(row.get("found", 0), row["total"]),
                         row.get("other-kind", 0), row.get("missed", 0),
                         row.get("not-analyzed", 0)))
    head = ""
    if not seed.get("complete", True):
        head += "**Interrupted run: %d mutants measured.**\n\n" % len(seed["mutants"])
    if seed["sample"] is not None:
        head = "A sample of %d of the %d mutants (seed %d).\n\n" % (
            len(seed["mutants"]), seed["population"], seed["sample_seed"])
    tool = seed["tool"]
    head += "kmdf-check %s (source %s), checks %s%s.\n\n" % (
        tool["version"], tool["source"][:12], tool["checks"],
        (", extra arguments `%s`" % " ".join(tool["extra_args"])) if tool["extra_args"] else "")
    again = seed.get("remeasured")
    if again:
        head += ("The %d mutants at the sites where the full run missed a defect "
                 "or scored another finding were measured again with kmdf-check source %s, after the checker "
                 "fixes they led to (`run-accuracy seed --mutant ...`); the table "
                 "counts those results.\n\n" % (again["count"], again["source"][:12]))
    text = head + md_table(("seeded defect", "family", "mutants", "found", "found %",
                            "other finding", "missed", "not analyzed"), rows)
    # Callbacks by role group.
    drops = [m for m in seed["mutants"] if m["kind"] == model.DROP_RELEASE]
    if drops:
        groups = {}
        for m in drops:
            g = model.role_group(m["role"])
            row = groups.setdefault(g, {"total": 0, "found": 0})
            row["total"] += 1
            row["found"] += m["status"] == "found"
        text += "\n\nReleases dropped in callbacks, by the callback's role family:\n\n" + md_table(
            ("role family", "mutants", "found", "found %"),
            [("EVT_WDF_ / DRIVER_*" if g == "wdf" else "EVT_%s_*" % g.upper(), r["total"], r["found"],
              pct(r["found"], r["total"])) for g, r in sorted(groups.items())])
    if seed["control_failures"]:
        text += "\n\n**The mutant set-up check failed** for: " + ", ".join(
            "%s `%s`" % (c["driver"], c["path"]) for c in seed["control_failures"])
    return text


def masked(results, m):
    """The unmutated finding that already reports what a missed mutant
    should (see score.masked_by)."""
    if "masked_by" in m:
        return m["masked_by"]
    from . import score
    for f in results["files"]:
        if f["driver"] == m["driver"] and f["path"] == m["path"]:
            return score.masked_by(m, f.get("analysis", {}).get("findings", []))
    return None


def gen_misses(results):
    seed = results.get("seed")
    if not seed:
        return "(not measured)"
    causes = load_miss_causes()
    rows = []
    by_cause = {}
    explained = {}  # id of a misses.toml entry -> (entry, the misses it explains)
    for m in sorted(seed["mutants"], key=lambda m: m["id"]):
        if m["status"] == "found":
            continue
        got = m.get("finding") and m["finding"]["message"] or (m.get("error", "")[:200])
        mk = masked(results, m)
        if mk and not got:
            got = "(the unmutated file already has: %s, line %d)" % (mk["message"], mk["line"])
        c = miss_cause(m, causes)
        cause = c["cause"] if c else "**unexplained**"
        if c:
            explained.setdefault(id(c), (c, []))[1].append(m)
        by_cause[cause] = by_cause.get(cause, 0) + 1
        rows.append((m["driver"], "`%s:%d`" % (os.path.basename(m["path"]), m["line"]),
                     model.KIND_TITLE[m["kind"]], "`%s`" % " ".join(m["text"].split())[:60],
                     "%s%s" % (m["function"], " (%s)" % m["role"] if m["role"] else ""),
                     m["status"], got or "", cause))
    if not rows:
        return "Every seeded defect was found."
    summary = md_table(("cause", "mutants not found"),
                       sorted(by_cause.items(), key=lambda x: (-x[1], x[0])))
    text = summary + "\n\n" + md_table(
        ("driver", "site", "defect", "call", "function (role)", "result",
         "what kmdf-check said instead", "cause"), rows)
    return text + gen_miss_explanations(explained)


def gen_miss_explanations(explained):
    """What misses.toml says about each cause that selected a miss, in the
    order of the table."""
    lines = []
    for c, misses in explained.values():
        what = c.get("explanation")
        if not what:
            continue
        lines.append("* **%s** (%s): %s" % (c["cause"], ", ".join(
            "%s `%s:%d`" % (m["driver"], os.path.basename(m["path"]), m["line"])
            for m in misses), " ".join(what.split())))
    return "\n\nWhy:\n\n" + "\n".join(lines) if lines else ""


def gen_timings(results):
    files = [f for f in results["files"] if f.get("analysis", {}).get("status") == "ok"]
    if not files:
        return "(not measured)"
    cpu = [f["analysis"]["cpu"] for f in files]
    big = largest_file(results)
    slow = max(files, key=lambda f: f["analysis"]["cpu"])
    rows = [
        ("files analyzed", len(files)),
        ("total CPU time (s)", "%.1f" % sum(cpu)),
        ("wall time of the run (s), -j %d" % results["run"]["jobs"], "%.1f" % results["run"]["wall"]),
        ("median per file (s)", "%.2f" % statistics.median(cpu)),
        ("90th percentile per file (s)", "%.2f" % sorted(cpu)[int(0.9 * (len(cpu) - 1))]),
        ("largest file", "%s `%s` (%d lines): %.2f s" % (big["driver"], big["path"], big["lines"],
                                                       big["analysis"]["cpu"])),
        ("slowest file", "%s `%s` (%d lines): %.2f s" % (slow["driver"], slow["path"], slow["lines"],
                                                       slow["analysis"]["cpu"])),
    ]
    seed = results.get("seed")
    if seed:
        rows.append(("mutants analyzed, wall time (s), -j %d" % seed["jobs"],
                     "%d, %.0f" % (len(seed["mutants"]), seed["wall"])))
    text = md_table(("measure", "value"), rows)
    top = sorted(files, key=lambda f: -f["analysis"]["cpu"])[:10]
    text += "\n\nThe ten slowest files:\n\n" + md_table(
        ("driver", "file", "lines", "CPU s", "findings"),
        [(f["driver"], "`%s`" % f["path"], f["lines"], "%.2f" % f["analysis"]["cpu"],
          len(f["analysis"]["findings"])) for f in top])
    return text


def gen_compare(results, others):
    """Settings side by side. Seeded defects are counted on the mutants every
    run measured (a sampled run compares on its sample)."""
    runs = [results] + others
    seeds = [r.get("seed") for r in runs]
    common = None
    for seed in seeds:
        ids = {m["id"] for m in seed["mutants"]} if seed else set()
        common = ids if common is None else common & ids
    rows = []
    for r, seed in zip(runs, seeds):
        tool = (seed or {}).get("tool") or r.get("tool", {})
        ms = [m for m in seed["mutants"] if m["id"] in common] if seed else []
        t = score_table(ms)
        cells = [tool.get("label", "?"), "`%s`" % " ".join(tool.get("extra_args", [])) or "-"]
        for kind in model.KINDS:
            row = t.get((kind, "all"), {"total": 0})
            cells.append("%d/%d" % (row.get("found", 0), row["total"]))
        cells.append(len(findings_of(r)))
        cells.append("%.0f" % r.get("run", {}).get("cpu", 0))
        big = largest_file(r)
        cells.append("%.1f" % big["analysis"]["cpu"] if big else "-")
        rows.append(cells)
    head = ("Seeded defects counted on the %d mutants that every configuration measured; "
            "unmutated findings and CPU times over every file.\n\n" % len(common or ()))
    return head + md_table(("settings", "extra arguments") +
                           tuple(model.KIND_TITLE[k] for k in model.KINDS) +
                           ("unmutated findings", "CPU s, all files", "CPU s, largest file"), rows)


def gen_reproduce(results):
    tool = results.get("tool", {})
    cmd = ["tools/accuracy/run-accuracy"]
    for a in tool.get("extra_args", []):
        cmd.append("--extra-arg=%s" % a)
    if results.get("seed", {}).get("sample") is not None:
        cmd.append("--quick %d --seed %d" % (results["seed"]["sample"], results["seed"]["sample_seed"]))
    lines = ["```sh",
             "tools/install-deps 19 --extras accuracy   # python3-clang-19, mingw-w64-x86-64-dev",
             "cmake -S . -B build -DKMDF_LLVM_VERSION=19 && cmake --build build -j2",
             "# fetch the snapshots named in tools/accuracy/manifest.toml into ../.mirror",
             "# (<owner>+<name>/repo, a bare git clone at the listed commit), then:",
             "nice -n 10 " + " ".join(cmd) + " -j 2",
             "tools/accuracy/run-accuracy report     # rewrites the tables of this page",
             "```"]
    rows = [(n, "`%s`" % c) for n, c in sorted(results["commits"].items())]
    return "\n".join(lines) + "\n\nSnapshots:\n\n" + md_table(("repository", "commit"), rows)


def _corpus_path(results, repo, path):
    """A finding's path as findings.toml names files: relative to the
    folder of its repository in the corpus (<out>/corpus/<owner>+<name>/),
    else as it is."""
    marker = os.sep + "corpus" + os.sep + repo.replace("/", "+") + os.sep
    i = path.find(marker)
    return path[i + len(marker):] if i >= 0 else path


def _n(n, word, words=None):
    return "%d %s" % (n, word if n == 1 else (words or word + "s"))


def _corpus_text(results, repo, text):
    """text with the corpus folder of repo left out of the paths in it (a
    quote or parenthesis before a path stays)."""
    marker = os.sep + "corpus" + os.sep + repo.replace("/", "+") + os.sep
    return re.sub(r"[^\s'\"(]*" + re.escape(marker), "", text)


def gen_ctu(results, classes):
    """Whole-driver analysis: per driver the findings without and with
    --ctu, the ones --ctu adds or loses (classified like the one-file
    findings, by findings.toml entries with run = "ctu"), the files analyzed
    again without --ctu, and the time of both runs."""
    c = results.get("ctu")
    if not c:
        return "(not measured: `run-accuracy ctu`)"
    t = ctu_totals(c)
    rows = []
    changes = []
    for d in c["drivers"]:
        one, ctu = d["one_file"], d["ctu"]
        ok = one["status"] == "ok" and ctu["status"] == "ok"
        rows.append((d["name"], len(d["files"]), d["lines"], "/".join(d["langs"]),
                     len(one["findings"]) if one["status"] == "ok" else one["status"],
                     len(ctu["findings"]) if ctu["status"] == "ok" else ctu["status"],
                     len(d["added"]) if ok else "-", len(d["lost"]) if ok else "-",
                     len(ctu["fallbacks"]), "%.1f" % one["cpu"], "%.1f" % ctu["cpu"],
                     "%.2f" % (ctu["cpu"] / one["cpu"]) if one["cpu"] else "-"))
        for what, gs, runs in (("added", d["added"], ("ctu",)),
                               ("lost", d["lost"], ("ctu-lost", "one-file"))):
            for g in gs:
                where = {"driver": d["name"], "path": _corpus_path(results, d["repo"], g["path"])}
                cl = next((c for c in (classify(where, g, classes, r) for r in runs) if c), None)
                changes.append((d["name"], what, "`%s:%d`" % (os.path.basename(g["path"]),
                                                              g["line"]),
                                g["message"], cl["verdict"] if cl else "**unclassified**",
                                cl.get("cause", "") if cl else "", cl["explanation"] if cl else ""))
    rows.append(("**all (%s)**" % _n(t["drivers"], "driver"), t["files"], t["lines"], "",
                 t["one"], t["ctu"], t["added"], t["lost"], t["fallbacks"],
                 "%.1f" % t["one_cpu"], "%.1f" % t["ctu_cpu"],
                 "%.2f" % (t["ctu_cpu"] / t["one_cpu"]) if t["one_cpu"] else "-"))
    tool = c["tool"]
    added = [x for x in changes if x[1] == "added"]
    fp = sum(1 for x in added if x[4] == "false positive")
    tb = sum(1 for x in added if x[4] == "true bug")
    head = ("kmdf-check %s (source %s), checks %s%s; `kmdf-check -j 1` per driver, %d drivers at "
            "a time.\n\n" % (tool["version"], tool["source"][:12], tool["checks"],
                             (", extra arguments `%s`" % " ".join(tool["extra_args"]))
                             if tool["extra_args"] else "", c["jobs"]))
    head += ("%s of more than one file, %s: %s without `--ctu`, %d with it; %d added by "
             "`--ctu` (%s, %s, %d unclassified), %d lost; %s analyzed again without `--ctu`%s."
             "\n\n" % (
                 _n(t["drivers"], "driver"), _n(t["files"], "file"), _n(t["one"], "finding"),
                 t["ctu"], t["added"], _n(tb, "true bug"), _n(fp, "false positive"),
                 t["added"] - tb - fp, t["lost"], _n(t["fallbacks"], "file"),
                 "; **%s could not be analyzed**" % _n(t["failed"], "driver")
                 if t["failed"] else ""))
    text = head + md_table(("driver", "files", "lines", "language", "findings, one file",
                            "findings, --ctu", "added", "lost", "files without --ctu",
                            "CPU s, one file", "CPU s, --ctu", "--ctu / one file"), rows)
    if changes:
        text += "\n\nFindings that `--ctu` adds or loses:\n\n" + md_table(
            ("driver", "change", "where", "finding", "verdict", "cause", "why"), changes)
    fallbacks = [(d["name"], "`%s`" % _corpus_path(results, d["repo"], fb["file"]),
                  _corpus_text(results, d["repo"], fb["reason"]))
                 for d in c["drivers"] for fb in d["ctu"]["fallbacks"]]
    if fallbacks:
        text += "\n\nFiles analyzed again without `--ctu`:\n\n" + md_table(
            ("driver", "file", "why"), fallbacks)
    unfollowed = [(d["name"], "`%s`" % _corpus_path(results, d["repo"], nf["file"]),
                   "`%s`" % _corpus_path(results, d["repo"], nf["where"]),
                   _corpus_text(results, d["repo"], nf["note"]))
                  for d in c["drivers"] for nf in d["ctu"].get("not_followed", [])]
    if unfollowed:
        text += "\n\nCalls `--ctu` did not follow (kmdf-check's notes):\n\n" + md_table(
            ("driver", "analyzed file", "first call", "note"), unfollowed)
    notes = [(d["name"], _corpus_text(results, d["repo"], n))
             for d in c["drivers"] for n in d["ctu"]["notes"]]
    if notes:
        text += "\n\nkmdf-check's notes on the index:\n\n" + "\n".join(
            "* %s: %s" % note for note in notes)
    failed = [(d["name"], which, d[which]["status"], d[which].get("error", ""))
              for d in c["drivers"] for which in ("one_file", "ctu") if d[which]["status"] != "ok"]
    if failed:
        text += "\n\nDrivers not analyzed:\n\n" + "\n".join(
            "* %s (%s): %s, %s" % (n, "--ctu" if w == "ctu" else "one file", st,
                                  " ".join(e.split())[:300]) for n, w, st, e in failed)
    differ = [(d["name"], len(d["run_differs"]["here_only"]), len(d["run_differs"]["run_only"]))
              for d in c["drivers"] if d.get("run_differs")
              and (d["run_differs"]["here_only"] or d["run_differs"]["run_only"])]
    if differ:
        text += ("\n\nThe one-file findings of this run differ from those of the `run` step "
                 "(another binary or other settings): " + ", ".join(
                     "%s (%d only here, %d only there)" % x for x in differ) + ".")
    if c.get("single_file"):
        text += ("\n\nDrivers of one file, left out (nothing for `--ctu` to follow): " +
                 ", ".join(c["single_file"]) + ".")
    if not c.get("partial"):
        text += ("\n\nWall time of the step (both runs of every driver, -j %d): %.0f s; "
                 "summed per driver: %.0f s one file, %.0f s `--ctu`." % (
                     c["jobs"], c["wall"], t["one_wall"], t["ctu_wall"]))
    return text


def write_doc(path, results, others, root, sections=(), classifications=CLASSIFICATIONS):
    """Rewrites the generated blocks of the page at path (only `sections`
    if given; each of those must be in the page)."""
    classes = load_classifications(classifications)
    builders = {
        "corpus": lambda: gen_corpus(results),
        "sites": lambda: gen_sites(results),
        "findings": lambda: gen_findings(results, classes),
        "scores": lambda: gen_scores(results),
        "misses": lambda: gen_misses(results),
        "timings": lambda: gen_timings(results),
        "compare": lambda: gen_compare(results, others),
        "ctu": lambda: gen_ctu(results, classes),
        "reproduce": lambda: gen_reproduce(results),
    }
    try:
        with open(path) as f:
            text = f.read()
    except FileNotFoundError:
        raise HarnessError("%s does not exist: the report fills the generated blocks of an "
                           "existing page" % path)
    for name in SECTIONS:
        if sections and name not in sections:
            continue
        pat = re.compile(r"(<!-- BEGIN GENERATED: %s -->\n).*?(<!-- END GENERATED: %s -->)"
                         % (name, name), re.S)
        if not pat.search(text):
            if sections:
                raise HarnessError("%s has no generated block '%s'" % (path, name))
            continue
        body = builders[name]()
        text = pat.sub(lambda m: m.group(1) + body.rstrip() + "\n" + m.group(2), text)
    with open(path, "w") as f:
        f.write(text)
