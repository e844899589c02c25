"""Runs the local steps of the GitHub Actions workflow docs/github/kmdf-check.yml.

  run-workflow.py WORKFLOW REPO STEP...

Runs the `run` of each named step of the job "kmdf-check" in REPO, in the
order given (a step may be named twice) with `bash -e` (GitHub's default
shell), GITHUB_OUTPUT set to REPO/github-output, and prints for each step
"step NAME: exit STATUS". Then prints the facts the upload depends on: the
job's permissions, the SARIF file of the upload step and whether it exists.
"""
import os
import subprocess
import sys

import yaml


def main():
    workflow, repo, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(workflow, encoding="utf-8") as f:
        flow = yaml.safe_load(f)
    job = flow["jobs"]["kmdf-check"]
    steps = {s.get("name", s.get("uses", "")): s for s in job["steps"]}
    env = dict(os.environ, GITHUB_OUTPUT=os.path.join(repo, "github-output"))
    for name in names:
        proc = subprocess.run(["bash", "-e", "-c", steps[name]["run"]],
                              cwd=repo, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        print("step %s: exit %d" % (name, proc.returncode))
    print("permissions", " ".join(
        "%s=%s" % kv for kv in sorted(flow["permissions"].items())))
    upload = steps["Upload to code scanning"]
    sarif = upload["with"]["sarif_file"]
    print("upload", upload["uses"], sarif,
          "exists" if os.path.exists(os.path.join(repo, sarif)) else "missing")
    fail = steps["Fail on findings or errors"]
    print("fail-step if:", fail["if"])


if __name__ == "__main__":
    main()
