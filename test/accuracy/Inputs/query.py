"""Prints parts of a run-accuracy results file in a stable form for FileCheck
(test/accuracy)."""

import collections
import json
import os
import sys

results = json.load(open(sys.argv[1]))
what = sys.argv[2]
if what == "sites":
    for s in sorted(results["sites"], key=lambda s: (s["path"], s["line"])):
        form = ("body" if s["whole_stmt"] and not s["in_compound"] else
                "statement" if s["whole_stmt"] else "expression")
        print("%s:%d %s %s %s %s %s%s" % (
            os.path.basename(s["path"]), s["line"], s["family"], s["op"], s["function"],
            s["role"] or "-", form, " " + s["spelled"] if s["via_macro"] else ""))
elif what == "mutants":
    seed = results["seed"]
    print("not analyzed: %d" % sum(m["status"] == "not-analyzed" for m in seed["mutants"]))
    print("set-up check failures: %d" % len(seed["control_failures"]))
    order = {"dup-acquire": 0, "dup-release": 1, "drop-release": 2}
    counts = collections.Counter((m["kind"], m["family"]) for m in seed["mutants"])
    for (kind, fam), n in sorted(counts.items(), key=lambda x: (order[x[0][0]], x[0][1])):
        print("%s %s %d" % (kind, fam, n))
    found = sorted("%s:%d %s" % (os.path.basename(m["path"]), m["line"], m["kind"])
                   for m in seed["mutants"] if m["family"] == "interrupt" and m["status"] == "found")
    print("interrupt found: " + ", ".join(found))
elif what == "ctu":
    c = results["ctu"]
    print("left out: " + ", ".join(c["single_file"]))
    for d in c["drivers"]:
        db = json.load(open(os.path.join(os.path.dirname(sys.argv[1]), d["folder"],
                                         "compile_commands.json")))
        print("%s: database %s" % (d["name"], " ".join(sorted(os.path.basename(e["file"])
                                                               for e in db))))
        for which in ("one_file", "ctu"):
            r = d[which]
            print("  %s: %s, %s" % (which, r["status"], "; ".join(
                "%s:%d %s" % (os.path.basename(g["path"]), g["line"], g["message"])
                for g in r["findings"])))
        for which in ("added", "lost"):
            print("  %s: %s" % (which, "; ".join("%s:%d" % (os.path.basename(g["path"]), g["line"])
                                                 for g in d[which])))
        print("  without --ctu: %s" % "; ".join(
            "%s (%s)" % (os.path.basename(f["file"]), f["reason"]) for f in d["ctu"]["fallbacks"]))
