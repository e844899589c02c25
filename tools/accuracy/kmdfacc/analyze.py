"""Runs kmdf-check on one file and reads its findings (text output: clang's
byte columns, every path note)."""

import os
import re
import signal
import subprocess
import tempfile
import threading
import time

_children = set()
_children_lock = threading.Lock()
_stopping = [False]


class Stopped(Exception):
    """An analysis was asked for after stop_children."""


def stop_children():
    """Kills the analyses under way (on ^C or SIGTERM) and starts no more:
    a worker thread still running (one that runs several analyses in a row)
    gets Stopped from its next one."""
    with _children_lock:
        _stopping[0] = True
        for p in list(_children):
            try:
                p.kill()
            except OSError:
                pass

DIAG_RE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): "
                     r"(?P<sev>warning|note|error|fatal error): (?P<msg>.*?)"
                     r"(?: \[(?P<check>[\w.-]+)\])?$")


class Tool:
    """How to run kmdf-check: the binary, the checks and extra arguments."""

    def __init__(self, binary, checks=None, extra_args=(), configs=()):
        self.binary = binary
        self.checks = checks
        self.extra_args = list(extra_args)
        self.configs = list(configs)

    def common(self):
        cmd = [self.binary, "--format=text", "-j", "1"]
        if self.checks:
            cmd.append("--checks=" + self.checks)
        for c in self.configs:
            cmd += ["--config", c]
        for a in self.extra_args:
            cmd.append("--extra-arg=" + a)
        return cmd

    def db_command(self, db_dir, path):
        """The command a user runs: the file from the compilation database."""
        return self.common() + ["-p", db_dir, path]

    def args_command(self, path, args):
        """The same compile command given after '--' (for a mutant, which is
        not in the database)."""
        return self.common() + [path, "--"] + list(args)


def run_timed(cmd, cwd, timeout=None):
    """Runs cmd; returns (exit status, stdout, stderr, wall s, CPU s)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        with _children_lock:
            if _stopping[0]:
                raise Stopped("the run was interrupted")
            p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
            _children.add(p)
        try:
            if timeout:
                deadline = t0 + timeout
                while True:
                    pid, status, ru = os.wait4(p.pid, os.WNOHANG)
                    if pid:
                        break
                    if time.monotonic() > deadline:
                        p.kill()
                        pid, status, ru = os.wait4(p.pid, 0)
                        status = -1
                        break
                    time.sleep(0.05)
            else:
                pid, status, ru = os.wait4(p.pid, 0)
        finally:
            with _children_lock:
                _children.discard(p)
            p.returncode = 0  # reaped by wait4 above
        wall = time.monotonic() - t0
        if status == -1:
            rc = "timeout"
        elif os.WIFEXITED(status):
            rc = os.WEXITSTATUS(status)
        else:
            rc = -os.WTERMSIG(status)
        out.seek(0)
        err.seek(0)
        return (rc, out.read().decode(errors="replace"), err.read().decode(errors="replace"),
                wall, ru.ru_utime + ru.ru_stime)


def parse_text(text, cwd):
    """Findings of kmdf-check's text output: [{path, line, col, message,
    check, notes: [{path, line, col, message}]}]."""
    findings = []
    for line in text.splitlines():
        m = DIAG_RE.match(line)
        if not m:
            continue
        path = os.path.normpath(os.path.join(cwd, m.group("path")))
        item = {"path": path, "line": int(m.group("line")), "col": int(m.group("col")),
                "message": m.group("msg")}
        if m.group("sev") == "warning":
            item["check"] = m.group("check") or ""
            item["notes"] = []
            findings.append(item)
        elif m.group("sev") == "note" and findings:
            findings[-1]["notes"].append(item)
    return findings


def analyze(tool, cmd, cwd, timeout=None):
    """Runs one analysis. Returns {status, findings, error, wall, cpu};
    status is 'ok' (exit 0 or 1), 'error' (2: does not compile, crashed) or
    'timeout'."""
    rc, out, err, wall, cpu = run_timed(cmd, cwd, timeout)
    return result_of(rc, out, cwd, wall, cpu, _error_text(err))


def result_of(rc, out, cwd, wall, cpu, error):
    """{status, findings, error, wall, cpu, exit} of a kmdf-check run that
    exited with \p rc, printed \p out and said \p error on stderr."""
    res = {"wall": round(wall, 3), "cpu": round(cpu, 3), "exit": rc}
    res["findings"] = parse_text(out, cwd)
    if rc in (0, 1):
        res["status"] = "ok"
        if rc == 1 and not res["findings"]:
            res["status"] = "error"
            res["error"] = "exit status 1 but no finding could be read:\n" + out[-2000:]
    else:
        res["status"] = "timeout" if rc == "timeout" else "error"
        res["error"] = error or ("exit status %s" % rc)
    return res


def _error_text(err):
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("[")]
    return "\n".join(lines[:40])
