"""Applies the problem matchers of a VS Code tasks.json to text on stdin.

  problem-matcher.py TASKS_JSON < output

Prints one line per input line: "SEVERITY FILE:LINE:COL [CODE] MESSAGE" for
a line a matcher takes, "unmatched: LINE" for the others. The regexps use
only syntax that JavaScript and Python read alike (groups, classes, lazy
quantifiers), so Python's re stands in for VS Code's engine. Every task with
matchers must have the same ones.
"""
import json
import re
import sys

SEVERITIES = {"error", "warning", "info"}


def load_matchers(path):
    with open(path, encoding="utf-8") as f:
        tasks = json.load(f)["tasks"]
    sets = [t["problemMatcher"] for t in tasks if t.get("problemMatcher")]
    assert sets, "no task has a problem matcher"
    assert all(s == sets[0] for s in sets), "tasks disagree on the matchers"
    for m in sets[0]:
        assert m["fileLocation"][0] == "autoDetect", m["fileLocation"]
        assert m.get("severity", "error") in SEVERITIES, m
    return sets[0]


def apply(matcher, line):
    pattern = matcher["pattern"]
    match = re.match(pattern["regexp"], line)
    if not match:
        return None
    group = lambda key: match.group(pattern[key]) if key in pattern else None
    severity = group("severity") or matcher.get("severity", "error")
    assert severity in SEVERITIES, severity
    code = group("code")
    return "%s %s:%s:%s %s%s" % (severity, group("file"), group("line"),
                                 group("column"),
                                 "[%s] " % code if code else "",
                                 group("message"))


def main():
    matchers = load_matchers(sys.argv[1])
    for line in sys.stdin.read().splitlines():
        found = [r for r in (apply(m, line) for m in matchers) if r]
        assert len(found) <= 1, "two matchers take: " + line
        print(found[0] if found else "unmatched: " + line)


if __name__ == "__main__":
    main()
