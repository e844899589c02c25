"""Runs the unmutated files and the mutants through kmdf-check and scores
each mutant: found, missed, found as another kind, or not analyzable."""

import concurrent.futures
import os
import threading
import time

from . import analyze, model, mutate
from .util import log, rel

FOUND = "found"
MISSED = "missed"
OTHER = "other-kind"     # a new finding of the family, but not the one expected
BROKEN = "not-analyzed"  # the mutant did not compile, or the analyzer failed
STATUSES = (FOUND, OTHER, MISSED, BROKEN)


def _pool(jobs, items, fn, label, checkpoint=None):
    """Runs fn over items on `jobs` threads (each runs one kmdf-check at a
    time), in order of items, with a progress line per item. checkpoint, if
    given, is called with the results so far (None for those not done) every
    few minutes, so that a long run interrupted keeps what it measured."""
    results = [None] * len(items)
    last = [time.monotonic()]
    done = [0]
    lock = threading.Lock()
    t0 = time.monotonic()

    def one(i):
        r = fn(items[i])
        with lock:
            done[0] += 1
            eta = (time.monotonic() - t0) / done[0] * (len(items) - done[0])
            log("[%s %d/%d, %ds left] %s" % (label, done[0], len(items), eta, r[1]))
            results[i] = r[0]
            if checkpoint and time.monotonic() - last[0] > 120:
                last[0] = time.monotonic()
                checkpoint(list(results))

    ex = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        for f in [ex.submit(one, i) for i in range(len(items))]:
            f.result()
    except BaseException:
        # ^C or a harness error: start nothing more, stop what runs.
        ex.shutdown(wait=False, cancel_futures=True)
        analyze.stop_children()
        raise
    ex.shutdown(wait=True)
    return results


def baseline(tool, db_dir, files, jobs, timeout):
    """Analyzes each file as a user would (kmdf-check -p DB FILE)."""
    def one(f):
        cmd = tool.db_command(db_dir, f["abspath"])
        r = analyze.analyze(tool, cmd, os.path.dirname(f["abspath"]), timeout)
        r["command"] = cmd
        msg = "%s %s: %s, %d finding(s), %.1fs" % (f["driver"], f["path"], r["status"],
                                                   len(r["findings"]), r["cpu"])
        return r, msg
    return _pool(jobs, files, one, "unmutated")


_written = set()
_written_lock = threading.Lock()


def remove_mutant_files():
    """Removes the mutant files an interrupted run left beside the originals."""
    with _written_lock:
        for p in list(_written):
            try:
                os.unlink(p)
            except OSError:
                pass
        _written.clear()


def _mutant_path(m, n):
    stem = os.path.splitext(os.path.basename(m.abspath))[0]
    ext = ".cpp" if m.lang == "c++" else ".c"
    return os.path.join(os.path.dirname(m.abspath),
                        "%s.kmdfacc-mut-%d-%d%s" % (stem, os.getpid(), n, ext))


def _key(f):
    return (f["path"], f["line"], f["col"], f["message"])


def new_findings(findings, base_keys, mpath, opath, edit, original, mutated):
    """Findings of a mutant that the unmutated file does not have, with their
    positions mapped back to the original file where they lie outside the
    edit; each gets 'inside_edit' (True for a finding in the edited text)."""
    out = []
    for f in findings:
        g = dict(f)
        g["notes"] = f.get("notes", [])
        if f["path"] == mpath:
            g["path"] = opath
            back = mutate.map_back(edit, original, mutated, f["line"], f["col"])
            g["mutant_line"], g["mutant_col"] = f["line"], f["col"]
            if back is None:
                g["inside_edit"] = True
                out.append(g)
                continue
            g["line"], g["col"] = back
        g["inside_edit"] = False
        for n in g["notes"]:
            if n["path"] == mpath:
                n["path"] = opath
        if _key(g) not in base_keys:
            out.append(g)
    return out


def judge(m, new, mutated):
    """FOUND if a new finding of the expected kind and family is where the
    seeded defect is; OTHER if a new finding of the family is something
    else; MISSED otherwise. Returns (status, the finding that decided)."""
    fam = model.FAMILY[m.family]
    words = model.KIND_WORDS[m.kind]
    of_family = [f for f in new if f["message"].startswith(fam.words)]
    for f in of_family:
        if words not in f["message"]:
            continue
        if m.kind == model.DROP_RELEASE:
            if _names_callback(f["message"], m.function):
                return FOUND, f
        elif f.get("inside_edit") and m.expect_span:
            line, c0 = mutate.position(mutated, m.expect_span[0])
            _, c1 = mutate.position(mutated, m.expect_span[1])
            if f["mutant_line"] == line and c0 <= f["mutant_col"] <= c1:
                return FOUND, f
    if of_family:
        return OTHER, of_family[0]
    return MISSED, None


def masked_by(m, base_findings):
    """For a missed dropped release: the unmutated file's finding that already
    says what the mutant should make the checker say (a lock of the family
    held at the end of the same callback), which the mutant cannot add
    again. None if there is none."""
    if m["kind"] != model.DROP_RELEASE:
        return None
    fam = model.FAMILY[m["family"]]
    for f in base_findings:
        if f["message"].startswith(fam.words) and model.KIND_WORDS[m["kind"]] in f["message"] \
                and _names_callback(f["message"], m["function"]):
            return _brief(f)
    return None


def _names_callback(message, function):
    marker = "callback '"
    i = message.find(marker)
    if i < 0:
        return False
    name = message[i + len(marker):].split("'", 1)[0]
    return name == function or name.endswith("::" + function)


def seed(tool, mutants, base_by_path, jobs, timeout, keep=False, checkpoint=None):
    """Analyzes each mutant and scores it. Returns one record per mutant."""
    counter = [0]
    lock = threading.Lock()
    originals = {}
    for m in mutants:
        if m.abspath not in originals:
            with open(m.abspath, "rb") as f:
                originals[m.abspath] = f.read()

    def one(m):
        with lock:
            counter[0] += 1
            n = counter[0]
        original = originals[m.abspath]
        mutated = mutate.apply(original, m.edit)
        mpath = _mutant_path(m, n)
        with open(mpath, "wb") as f:
            f.write(mutated)
        if not keep:
            with _written_lock:
                _written.add(mpath)
        base = base_by_path[m.abspath]
        try:
            cmd = tool.args_command(mpath, base["args"])
            r = analyze.analyze(tool, cmd, os.path.dirname(m.abspath), timeout)
        finally:
            if not keep:
                os.unlink(mpath)
                with _written_lock:
                    _written.discard(mpath)
        rec = m.to_json()
        rec.update({"wall": r["wall"], "cpu": r["cpu"]})
        if r["status"] != "ok":
            rec["status"] = BROKEN
            rec["error"] = (r.get("error") or "")[:3000]
            return rec, "%s: %s" % (m.id, BROKEN)
        base_keys = {_key(f) for f in base["findings"]}
        new = new_findings(r["findings"], base_keys, mpath, m.abspath, m.edit, original, mutated)
        status, decisive = judge(m, new, mutated)
        rec["status"] = status
        rec["finding"] = _brief(decisive)
        if status != FOUND:
            rec["masked_by"] = masked_by(rec, base["findings"])
        rec["other_new"] = [_brief(f) for f in new if f is not decisive]
        return rec, "%s: %s" % (m.id, status)

    return _pool(jobs, mutants, one, "mutants", checkpoint)


def _brief(f):
    if f is None:
        return None
    return {"path": f["path"], "line": f["line"], "col": f["col"], "message": f["message"],
            "check": f.get("check", ""), "inside_edit": f.get("inside_edit", False)}


def control(tool, files, base_by_path, jobs, timeout):
    """Each unmutated file, copied to a mutant's name and analyzed the way a
    mutant is: its findings must be the unmutated ones (else the mutants'
    'new' findings would mean nothing). Returns the files where they differ."""
    class Same:
        pass

    def one(f):
        m = Same()
        m.abspath, m.lang = f["abspath"], f["lang"]
        path = _mutant_path(m, 0).replace("kmdfacc-mut-", "kmdfacc-control-")
        with open(f["abspath"], "rb") as src, open(path, "wb") as dst:
            dst.write(src.read())
        with _written_lock:
            _written.add(path)
        try:
            r = analyze.analyze(tool, tool.args_command(path, f["args"]),
                                os.path.dirname(f["abspath"]), timeout)
        finally:
            os.unlink(path)
            with _written_lock:
                _written.discard(path)
        got = sorted((f["abspath"] if g["path"] == path else g["path"], g["line"], g["col"],
                      g["message"]) for g in r["findings"])
        want = sorted(_key(g) for g in base_by_path[f["abspath"]]["findings"])
        same = r["status"] == "ok" and got == want
        return (None if same else {"path": f["path"], "driver": f["driver"], "got": got,
                                   "want": want, "status": r["status"]},
                "%s %s: %s" % (f["driver"], rel(f["path"]), "same" if same else "DIFFERENT"))

    return [x for x in _pool(jobs, files, one, "control") if x]
