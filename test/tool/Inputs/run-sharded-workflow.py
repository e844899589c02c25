"""Runs docs/github/kmdf-check-sharded.yml here, as GitHub would run it.

  run-sharded-workflow.py WORKFLOW REPO STEP...

The matrix job "analyze" runs once per entry of its matrix, then the job
"merge", each in a fresh copy of REPO at REPO-job (a runner of its own; on
GitHub every runner checks out at the same path too). The merge job's copy
is left there. Of the steps,
the `run` steps named STEP run (with `bash -e`, GitHub's default shell), and
the artifact steps: upload-artifact copies its file to a store shared by the
jobs, download-artifact copies back every artifact its pattern matches. The
job "package", which builds kmdf-check, does not run: kmdf-check must be on
PATH. The other steps need GitHub and are skipped. ${{ matrix.NAME }},
${{ strategy.job-index }} and ${{ strategy.job-total }} are substituted as
GitHub substitutes them; GITHUB_OUTPUT and GITHUB_PATH work.

Prints, for each job, "JOB: step NAME: exit STATUS" and what it uploaded or
downloaded; then the facts the upload to code scanning depends on.
"""
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml


def substitute(text, context):
    def value(match):
        key = match.group(1).strip()
        if key not in context:
            raise SystemExit("no value for ${{ %s }}" % key)
        return str(context[key])
    return re.sub(r"\$\{\{([^}]*)\}\}", value, text)


def run_job(label, job, repo, store, names, context):
    workspace = repo.rstrip("/") + "-job"
    shutil.rmtree(workspace, ignore_errors=True)
    shutil.copytree(repo, workspace, symlinks=True)
    output = os.path.join(workspace, ".github-output")
    path_file = os.path.join(workspace, ".github-path")
    open(output, "w").close()
    open(path_file, "w").close()
    env = dict(os.environ, GITHUB_OUTPUT=output, GITHUB_PATH=path_file)
    for step in job["steps"]:
        name = step.get("name", step.get("uses", ""))
        uses = step.get("uses", "")
        if uses.startswith("actions/upload-artifact@"):
            args = {k: substitute(str(v), context) for k, v in step["with"].items()}
            src = os.path.join(workspace, args["path"])
            if not os.path.exists(src):
                print("%s: upload %s: missing %s" % (label, args["name"], args["path"]))
                continue
            os.makedirs(os.path.join(store, args["name"]), exist_ok=True)
            shutil.copy(src, os.path.join(store, args["name"]))
            print("%s: upload %s: %s" % (label, args["name"], args["path"]))
        elif uses.startswith("actions/download-artifact@"):
            if "name" in step["with"]:
                # The package job's .deb: that job builds kmdf-check, which
                # the test gives on PATH instead.
                print("%s: download %s: not made here" % (label, step["with"]["name"]))
                continue
            pattern = step["with"]["pattern"]
            got = []
            for artifact in sorted(os.listdir(store)):
                if fnmatch.fnmatch(artifact, pattern):
                    for f in sorted(os.listdir(os.path.join(store, artifact))):
                        shutil.copy(os.path.join(store, artifact, f), workspace)
                        got.append(f)
            print("%s: download %s: %s" % (label, pattern, " ".join(got)))
        elif "run" in step and name in names:
            with open(path_file) as f:
                extra = [line.strip() for line in f if line.strip()]
            step_env = dict(env, PATH=os.pathsep.join(extra + [env["PATH"]]))
            proc = subprocess.run(["bash", "-e", "-c", substitute(step["run"], context)],
                                  cwd=workspace, env=step_env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print("%s: step %s: exit %d" % (label, name, proc.returncode))
    with open(output) as f:
        for line in f:
            print("%s: output %s" % (label, line.strip()))
    return workspace


def main():
    workflow, repo, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(workflow, encoding="utf-8") as f:
        flow = yaml.safe_load(f)
    analyze, merge = flow["jobs"]["analyze"], flow["jobs"]["merge"]
    assert analyze["needs"] == "package", analyze["needs"]
    assert merge["needs"] == ["package", "analyze"], merge["needs"]
    matrix = analyze["strategy"]["matrix"]
    (key, values), = matrix.items()
    work = tempfile.mkdtemp(prefix="workflow-")
    store = os.path.join(work, "artifacts")
    os.makedirs(store)
    for index, value in enumerate(values):
        context = {"matrix.%s" % key: value, "strategy.job-index": index,
                   "strategy.job-total": len(values)}
        run_job("analyze %s=%s" % (key, value), analyze, repo, store, names,
                context)
    workspace = run_job("merge", merge, repo, store, names, {})
    print("permissions", " ".join(
        "%s=%s" % kv for kv in sorted(flow["permissions"].items())))
    steps = {s.get("name", s.get("uses", "")): s for s in merge["steps"]}
    upload = steps["Upload to code scanning"]
    sarif = upload["with"]["sarif_file"]
    print("upload", upload["uses"], sarif,
          "exists" if os.path.exists(os.path.join(workspace, sarif)) else "missing")
    print("fail-step if:", steps["Fail on findings or errors"]["if"])
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
