"""Runs a command and measures it: wall time, CPU time and peak memory from
the kernel's accounting of the child (wait4), plus its output."""

import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time


class ToolError(Exception):
    """A measured command failed: the benchmark cannot go on."""


@dataclasses.dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    maxrss_kb: int  # peak resident set size of the child
    status: int
    output: str


def run(cmd, cwd=None, env=None):
    """Runs \\p cmd with stdout and stderr to a file, and measures it."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8",
                                errors="replace") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, cwd=cwd, env=env)
        _, wait_status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(wait_status)
        out.seek(0)
        output = out.read()
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime,
               maxrss_kb=usage.ru_maxrss, status=proc.returncode,
               output=output)


@dataclasses.dataclass(frozen=True)
class Parallel:
    """Commands started together and measured as one run: the wall time until
    the last ends, the sum of their CPU times, the largest peak memory."""

    commands: tuple


def run_parallel(commands):
    files, procs = [], []
    start = time.perf_counter()
    try:
        for cmd in commands:
            out = tempfile.TemporaryFile(mode="w+", encoding="utf-8",
                                         errors="replace")
            files.append(out)
            procs.append(subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                          stdin=subprocess.DEVNULL))
        cpu, rss, status = 0.0, 0, 0
        for proc in procs:
            _, wait_status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(wait_status)
            cpu += usage.ru_utime + usage.ru_stime
            rss = max(rss, usage.ru_maxrss)
            status = max(status, proc.returncode)
        wall = time.perf_counter() - start
        output = ""
        for out in files:
            out.seek(0)
            output += out.read()
    finally:
        for out in files:
            out.close()
    return Run(wall=wall, cpu=cpu, maxrss_kb=rss, status=status, output=output)


def run_checked(cmd, ok_status=(0,), cwd=None):
    """Runs a command (or a Parallel set of them); a status outside
    \\p ok_status is an error."""
    if isinstance(cmd, Parallel):
        result = run_parallel(cmd.commands)
        shown = " & ".join(" ".join(c) for c in cmd.commands)
    else:
        result = run(cmd, cwd=cwd)
        shown = " ".join(cmd)
    if result.status not in ok_status:
        tail = "\n".join(result.output.splitlines()[-15:])
        raise ToolError("command failed with status %d: %s\n%s"
                        % (result.status, shown, tail))
    return result


def progress(message):
    print("run-bench: " + message, file=sys.stderr, flush=True)


@dataclasses.dataclass
class Series:
    """Repeated runs of one configuration."""

    runs: list = dataclasses.field(default_factory=list)

    def median(self, field):
        return statistics.median(getattr(r, field) for r in self.runs)

    def spread(self, field):
        values = [getattr(r, field) for r in self.runs]
        return min(values), max(values)


def interleaved(configs, reps, label, warmup=True, check=None, ok_status=(0,),
                groups=None):
    """Runs each command of \\p configs (name -> command) \\p reps times.
    Every round runs all of them: the \\p groups (lists of names; default one
    group of all) in order, forwards and backwards in turn so that no group
    follows one far from it, and within each group an order that rotates
    every round (ABC, BCA, CAB, ...), so that a change in machine load touches
    every configuration alike. With \\p warmup, one unmeasured round runs first.
    \\p check(name, run) looks at every run. A status outside \\p ok_status
    is an error. Returns name -> Series."""
    groups = groups or [list(configs)]
    series = {name: Series() for group in groups for name in group}
    rounds = [("warm-up", False)] if warmup else []
    rounds += [("round %d/%d" % (i + 1, reps), True) for i in range(reps)]
    for index, (round_label, keep) in enumerate(rounds):
        for group in (groups if index % 2 == 0 else groups[::-1]):
            shift = index % len(group)
            for name in group[shift:] + group[:shift]:
                result = run_checked(configs[name], ok_status=ok_status)
                progress("%s %s: %s %.2f s, %d MB" % (
                    label, round_label, name, result.wall, result.maxrss_kb // 1024))
                if check:
                    check(name, result)
                if keep:
                    series[name].runs.append(result)
    return series
