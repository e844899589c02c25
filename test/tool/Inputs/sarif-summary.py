"""Prints the parts of a SARIF log that tests check, one fact a line.

  sarif-summary.py LOG            rules, invocation and results
  sarif-summary.py --fingerprints LOG
                                  "ruleId fingerprint" per result, sorted
  sarif-summary.py --results LOG  "ruleId location message" per result of
                                  every run (any SARIF, clang's too)
"""
import json
import sys


def location(loc):
    phys = loc["physicalLocation"]
    art = phys["artifactLocation"]
    base = art.get("uriBaseId", "-")
    region = phys.get("region", {})
    return "%s:%s:%s (%s)" % (art["uri"], region.get("startLine", "-"),
                              region.get("startColumn", "-"), base)


def summary(log):
    print("version", log["version"])
    run, = log["runs"]
    driver = run["tool"]["driver"]
    print("tool", driver["name"], driver["version"])
    for key, base in sorted(run.get("originalUriBaseIds", {}).items()):
        print("base", key, base["uri"])
    for i, rule in enumerate(driver["rules"]):
        print("rule %d %s name=%s level=%s" % (
            i, rule["id"], rule["name"],
            rule["defaultConfiguration"]["level"]))
        print("  helpUri", rule.get("helpUri", "-"))
        print("  short", rule["shortDescription"]["text"])
        print("  full", rule["fullDescription"]["text"])
        for line in rule["help"]["text"].splitlines():
            print("  help", line)
        for line in rule["help"]["markdown"].splitlines():
            print("  markdown", line)
    for inv in run["invocations"]:
        print("invocation successful=%s" % inv["executionSuccessful"])
        for note in inv["toolExecutionNotifications"]:
            print("  notification", note["level"], note["message"]["text"],
                  "at", location(note["locations"][0]))
    for res in run["results"]:
        rule = driver["rules"][res["ruleIndex"]]["id"]
        assert rule == res["ruleId"], (rule, res["ruleId"])
        print("result", res["ruleId"], res["level"],
              location(res["locations"][0]), res["message"]["text"])
        for key, value in sorted(res["partialFingerprints"].items()):
            print("  fingerprint", key, value)
        for flow in res.get("codeFlows", []):
            for thread in flow["threadFlows"]:
                for step in thread["locations"]:
                    loc = step["location"]
                    print("  step", location(loc), loc["message"]["text"])


def fingerprints(log):
    run, = log["runs"]
    lines = ["%s %s" % (r["ruleId"], r["partialFingerprints"]["kmdfCheck/v1"])
             for r in run["results"]]
    print("\n".join(sorted(lines)))


def results(log):
    for run in log["runs"]:
        for res in run.get("results", []):
            print(res["ruleId"], location(res["locations"][0]),
                  res["message"]["text"])


def main():
    args = sys.argv[1:]
    mode = summary
    if args and args[0] == "--fingerprints":
        mode = fingerprints
        args = args[1:]
    elif args and args[0] == "--results":
        mode = results
        args = args[1:]
    with open(args[0], encoding="utf-8") as f:
        mode(json.load(f))


if __name__ == "__main__":
    main()
