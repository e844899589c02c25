"""Whole-driver analysis (kmdf-check --ctu) of each multi-file driver of the
corpus, against the one-file analysis of the same files by the same binary:
findings added and lost, files analyzed again without --ctu, time."""

import collections
import json
import os
import re
import shutil

from . import analyze
from .util import HarnessError, log

FALLBACK_RE = re.compile(r"^kmdf-check: warning: '(?P<file>.+)' was analyzed without --ctu: "
                         r"(?P<reason>.*)$")
NOTE_RE = re.compile(r"^kmdf-check: note: --ctu: (?P<note>.*)$")
NOT_FOLLOWED_RE = re.compile(r"^kmdf-check: note: (?P<where>[^ ]+:\d+:\d+): in the analysis of "
                             r"'(?P<file>.+?)', (?P<note>calls to .*)$")
SUMMARY_RE = re.compile(r"^kmdf-check: \d+ (?:new )?findings? in \d+ files?.*$")


def drivers_to_analyze(results, only=()):
    """(multi-file drivers, single-file driver names): each driver's files
    that compile; a driver of one file has nothing for --ctu to follow."""
    files = collections.defaultdict(list)
    for f in results["files"]:
        if f["compile"] == "ok" and (not only or f["driver"] in only):
            files[f["driver"]].append(f)
    multi, single = [], []
    for d in results["drivers"]:
        fs = sorted(files.get(d["name"], []), key=lambda f: f["path"])
        if len(fs) > 1:
            multi.append((d, fs))
        elif fs:
            single.append(d["name"])
    return multi, single


def write_subset(db_path, files, folder):
    """Writes folder/compile_commands.json with the commands of `files` only
    (one driver: functions of different drivers share names such as
    DriverEntry, which would make their calls ambiguous)."""
    try:
        with open(db_path) as f:
            db = json.load(f)
    except (OSError, ValueError) as e:
        raise HarnessError("cannot read the corpus database %s: %s" % (db_path, e))
    by_file = {}
    for e in db:
        path = os.path.normpath(os.path.join(e.get("directory", ""), e["file"]))
        by_file.setdefault(path, e)
    subset = []
    for f in files:
        e = by_file.get(os.path.normpath(f["abspath"]))
        if e is None:
            raise HarnessError("%s: %s has no command in %s: run the layout step again" % (
                f["driver"], f["path"], db_path))
        subset.append(e)
    os.makedirs(folder, exist_ok=True)
    out = os.path.join(folder, "compile_commands.json")
    with open(out, "w") as f:
        json.dump(subset, f, indent=1)
    return out


def parse_stderr(err, cwd):
    """The --ctu notes, the files analyzed again without --ctu (with the
    reason), the calls --ctu did not follow, and the other lines of
    kmdf-check's stderr (errors)."""
    notes, fallbacks, not_followed, other = [], [], [], []
    for line in err.splitlines():
        m = NOT_FOLLOWED_RE.match(line)
        if m:
            not_followed.append({"file": os.path.normpath(os.path.join(cwd, m.group("file"))),
                                 "where": os.path.normpath(os.path.join(cwd, m.group("where"))),
                                 "note": m.group("note")})
            continue
        m = FALLBACK_RE.match(line)
        if m:
            fallbacks.append({"file": os.path.normpath(os.path.join(cwd, m.group("file"))),
                              "reason": m.group("reason")})
            continue
        m = NOTE_RE.match(line)
        if m:
            notes.append(m.group("note"))
            continue
        if line.strip() and not SUMMARY_RE.match(line) and not line.startswith("["):
            other.append(line)
    return notes, fallbacks, not_followed, other


def run_driver(tool, folder, files, ctu, cwd, timeout):
    """kmdf-check -p folder FILE... (with --ctu if asked), from cwd. The
    --ctu index is made anew, so the time includes indexing."""
    cmd = tool.common() + ["-p", folder]
    if ctu:
        index = os.path.join(folder, ".kmdf-check-ctu")
        shutil.rmtree(index, ignore_errors=True)
        cmd.append("--ctu")
    cmd += [f["abspath"] for f in files]
    rc, out, err, wall, cpu = analyze.run_timed(cmd, cwd, timeout)
    notes, fallbacks, not_followed, other = parse_stderr(err, cwd)
    res = analyze.result_of(rc, out, cwd, wall, cpu, "\n".join(other[:40]))
    res.update({"notes": notes, "fallbacks": fallbacks, "not_followed": not_followed,
                "command": cmd})
    return res


def key(g):
    return (g["path"], g["line"], g["col"], g["message"])


def compare(one, ctu):
    """Findings of --ctu not in the one-file run, and the reverse, counted as
    multisets (--ctu reports a defect in a helper once per callback)."""
    a = collections.Counter(key(g) for g in one)
    b = collections.Counter(key(g) for g in ctu)
    added, lost = [], []
    seen = collections.Counter()
    for g in ctu:
        seen[key(g)] += 1
        if seen[key(g)] > a[key(g)]:
            added.append(g)
    seen = collections.Counter()
    for g in one:
        seen[key(g)] += 1
        if seen[key(g)] > b[key(g)]:
            lost.append(g)
    return added, lost


def analyze_driver(tool, out, db_path, drv, files, timeout):
    """Both runs of one driver. Returns its record."""
    folder = os.path.join(out, "ctu", drv["name"])
    write_subset(db_path, files, folder)
    limit = timeout * len(files) if timeout else None
    one = run_driver(tool, folder, files, False, out, limit)
    ctu = run_driver(tool, folder, files, True, out, limit)
    added, lost = compare(one["findings"], ctu["findings"])
    return {"name": drv["name"], "repo": drv["repo"], "folder": os.path.relpath(folder, out),
            "files": [f["path"] for f in files], "lines": sum(f["lines"] for f in files),
            "langs": sorted({f["lang"] for f in files}),
            "one_file": one, "ctu": ctu, "added": added, "lost": lost}


def describe(rec):
    one, ctu = rec["one_file"], rec["ctu"]
    if one["status"] != "ok" or ctu["status"] != "ok":
        return "%s: one-file %s, --ctu %s" % (rec["name"], one["status"], ctu["status"])
    return "%s: %d files, findings %d -> %d (+%d -%d), %d without --ctu, %.1fs -> %.1fs CPU" % (
        rec["name"], len(rec["files"]), len(one["findings"]), len(ctu["findings"]),
        len(rec["added"]), len(rec["lost"]), len(ctu["fallbacks"]), one["cpu"], ctu["cpu"])


def run_findings_differ(results, rec):
    """The one-file findings of this step against those of the `run` step
    for the same files (another binary or settings can differ): (only here,
    only in run)."""
    paths = set(rec["files"])
    earlier = [g for f in results["files"] if f["driver"] == rec["name"] and f["path"] in paths
               for g in f.get("analysis", {}).get("findings", [])]
    if not any(f.get("analysis") for f in results["files"] if f["driver"] == rec["name"]):
        return None
    here_only, run_only = compare(earlier, rec["one_file"]["findings"])
    return {"here_only": here_only, "run_only": run_only}


def incomplete(ctu):
    return any(r["one_file"]["status"] != "ok" or r["ctu"]["status"] != "ok"
               for r in ctu.get("drivers", []))


def log_problems(rec):
    for which in ("one_file", "ctu"):
        r = rec[which]
        if r["status"] != "ok":
            log("NOT ANALYZED (%s): %s (%s)\n  %s" % (
                "--ctu" if which == "ctu" else "one-file", rec["name"], r["status"],
                (r.get("error") or "").replace("\n", "\n  ")))
    for fb in rec["ctu"]["fallbacks"]:
        log("analyzed without --ctu: %s %s: %s" % (rec["name"], fb["file"], fb["reason"]))
