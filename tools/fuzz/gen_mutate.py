"""Mutants of the checkers' own lit tests, for fuzzing.

generate(seed, ...) picks one file of test/checker/ (hand-written driver code
for every lock family: device contexts, RAII guards, helpers, every callback
role, WDF spin and wait locks, kernel spin locks, WdfRequestSend), applies a
few random edits to it and keeps the first mutant that compiles. The edits:
duplicate, delete or move a statement; swap an acquire and the matching
release of any family (WdfWaitLockAcquire(L, T) becomes WdfWaitLockRelease(L),
KeAcquireSpinLock(P, &Irql) becomes KeReleaseSpinLock(P, Irql), an in-stack
queued acquire becomes the release of its queue handle, and back); give a lock
call another lock of the same family used in the file; call the sibling of
another family instead (compiles in C only, with a warning); give a wait a
timeout or take it away, or change the status check after it; insert a
WdfRequestSend after a lock call; wrap a statement in a branch or a loop;
change a callback's role to another of the same signature, or drop its role
declaration. The same seed always gives the same program.
"""

import glob
import os
import random
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "test", "checker")
ATTEMPTS = 20

# Each lock function, its family, and its arity; ACQUIRE/RELEASE are the
# macros of test/checker/every-family.c (any family).
FUNCTIONS = {
    "WdfInterruptAcquireLock": "interrupt", "WdfInterruptReleaseLock": "interrupt",
    "WdfInterruptTryToAcquireLock": "interrupt",
    "WdfSpinLockAcquire": "spin", "WdfSpinLockRelease": "spin",
    "WdfWaitLockAcquire": "wait", "WdfWaitLockRelease": "wait",
    "KeAcquireSpinLock": "ke", "KeAcquireSpinLockRaiseToDpc": "ke",
    "KeReleaseSpinLock": "ke", "KeAcquireSpinLockAtDpcLevel": "ke",
    "KeReleaseSpinLockFromDpcLevel": "ke", "KeTryToAcquireSpinLockAtDpcLevel": "ke",
    "KeAcquireInStackQueuedSpinLock": "ke", "KeReleaseInStackQueuedSpinLock": "queue",
    "ACQUIRE": "macro", "RELEASE": "macro",
}
LOCK_CALL = re.compile(r"\b(%s)\(([^()]*)\)" % "|".join(
    sorted(FUNCTIONS, key=len, reverse=True)))
# Test files that run once per lock family want one chosen.
FAMILIES = ["FAMILY_INTERRUPT", "FAMILY_SPIN", "FAMILY_WAIT", "FAMILY_KE"]
# Roles with the same signature: a callback may change between them.
SAME_SIGNATURE = [("EVT_WDF_INTERRUPT_DPC", "EVT_WDF_INTERRUPT_WORKITEM"),
                  ("EVT_WDF_INTERRUPT_ENABLE", "EVT_WDF_INTERRUPT_DISABLE"),
                  ("EVT_WDF_DEVICE_D0_ENTRY", "EVT_WDF_DEVICE_D0_EXIT"),
                  ("EVT_WDF_OBJECT_CONTEXT_CLEANUP", "EVT_WDF_DEVICE_CONTEXT_CLEANUP")]
# The same operation in another family, with the same number of arguments.
SIBLINGS = [("WdfInterruptAcquireLock", "WdfSpinLockAcquire", "KeAcquireSpinLockAtDpcLevel",
             "KeReleaseInStackQueuedSpinLock"),
            ("WdfInterruptReleaseLock", "WdfSpinLockRelease", "WdfWaitLockRelease",
             "KeReleaseSpinLockFromDpcLevel"),
            ("WdfWaitLockAcquire", "KeAcquireSpinLock", "KeAcquireInStackQueuedSpinLock",
             "KeReleaseSpinLock"),
            ("WdfInterruptTryToAcquireLock", "KeTryToAcquireSpinLockAtDpcLevel")]
# A timeout the mutant declares when it needs one (after its includes).
TIMEOUT = "g_FuzzMutantTimeout"
TIMEOUT_DECL = "static LONGLONG %s = -10000;" % TIMEOUT


def corpus():
    return sorted(glob.glob(os.path.join(CORPUS, "*.c")) +
                  glob.glob(os.path.join(CORPUS, "*.cpp")))


def split_args(text):
    return [a.strip() for a in text.split(",")] if text.strip() else []


def strip_address(arg):
    """`&Irql` -> `Irql`, for the value a release takes."""
    return arg[1:].strip() if arg.startswith("&") else arg


class Mutator:
    def __init__(self, text, rng):
        self.lines = text.splitlines()
        self.r = rng
        # The lock arguments the file uses, per family.
        self.locks = {}
        self.queues = set()
        for m in LOCK_CALL.finditer(text):
            args = split_args(m.group(2))
            family = FUNCTIONS[m.group(1)]
            if not args:
                continue
            if family == "queue":
                self.queues.add(args[0])
            else:
                self.locks.setdefault(family, set()).add(args[0])
            if m.group(1).startswith("KeAcquireInStackQueued") and len(args) > 1:
                self.queues.add(args[1])
        self.locks = {f: sorted(a) for f, a in self.locks.items()}
        self.queues = sorted(self.queues)

    def statements(self):
        """Indented lines that end a statement, outside comments."""
        return [i for i, line in enumerate(self.lines)
                if line.startswith("  ") and line.rstrip().endswith(";")
                and not line.lstrip().startswith(("//", "*", "/*"))]

    def lock_lines(self):
        return [i for i in self.statements() if LOCK_CALL.search(self.lines[i])]

    def some_lock_line(self):
        return self.r.choice(self.lock_lines() or self.statements())

    def rewrite_call(self, i, rewrite):
        """Rewrites the first lock call of line i: rewrite(name, args) returns
        the new call text or None."""
        def sub(m):
            new = rewrite(m.group(1), split_args(m.group(2)))
            return m.group(0) if new is None else new
        self.lines[i] = LOCK_CALL.sub(sub, self.lines[i], count=1)

    def duplicate(self):
        i = self.r.choice(self.statements())
        self.lines.insert(i + 1, self.lines[i])

    def delete(self):
        del self.lines[self.r.choice(self.statements())]

    def move(self):
        i = self.r.choice(self.lock_lines() or self.statements())
        line = self.lines.pop(i)
        targets = self.statements()  # empty if that was the last statement
        self.lines.insert(self.r.choice(targets) + 1 if targets else i, line)

    def swap_operation(self):
        """An acquire becomes the matching release and the other way round,
        in every family."""
        def swap(name, args):
            a = args + ["NULL", "NULL"]
            queue = self.r.choice(self.queues) if self.queues else "&g_FuzzMutantQueue"
            lock = self.r.choice(self.locks.get("ke", ["&g_FuzzMutantKeLock"]))
            return {
                "WdfInterruptAcquireLock": "WdfInterruptReleaseLock(%s)" % a[0],
                "WdfInterruptReleaseLock": "WdfInterruptAcquireLock(%s)" % a[0],
                "WdfSpinLockAcquire": "WdfSpinLockRelease(%s)" % a[0],
                "WdfSpinLockRelease": "WdfSpinLockAcquire(%s)" % a[0],
                "WdfWaitLockAcquire": "WdfWaitLockRelease(%s)" % a[0],
                "WdfWaitLockRelease": "WdfWaitLockAcquire(%s, %s)" % (
                    a[0], self.r.choice(["NULL", "&" + TIMEOUT])),
                "KeAcquireSpinLock": "KeReleaseSpinLock(%s, %s)" % (a[0], strip_address(a[1])),
                "KeReleaseSpinLock": "KeAcquireSpinLock(%s, &%s)" % (a[0], a[1]),
                "KeAcquireSpinLockAtDpcLevel": "KeReleaseSpinLockFromDpcLevel(%s)" % a[0],
                "KeReleaseSpinLockFromDpcLevel": "KeAcquireSpinLockAtDpcLevel(%s)" % a[0],
                "KeAcquireInStackQueuedSpinLock": "KeReleaseInStackQueuedSpinLock(%s)" % a[1],
                "KeReleaseInStackQueuedSpinLock": "KeAcquireInStackQueuedSpinLock(%s, %s)" % (
                    lock, a[0] if args else queue),
                "ACQUIRE": "RELEASE(%s)" % a[0],
                "RELEASE": "ACQUIRE(%s)" % a[0],
            }.get(name)
        self.rewrite_call(self.some_lock_line(), swap)

    def rehandle(self):
        """Another lock of the same family (or queue handle) of the file."""
        def other(name, args):
            family = FUNCTIONS[name]
            pool = self.queues if family == "queue" else self.locks.get(family, [])
            if not args or not pool:
                return None
            return "%s(%s)" % (name, ", ".join([self.r.choice(pool)] + args[1:]))
        self.rewrite_call(self.some_lock_line(), other)

    def change_family(self):
        """The same operation of another family: a handle of one family
        handed to another's function."""
        def sibling(name, args):
            for group in SIBLINGS:
                if name in group:
                    return "%s(%s)" % (self.r.choice([g for g in group if g != name]),
                                       ", ".join(args))
            return None
        self.rewrite_call(self.some_lock_line(), sibling)

    def change_timeout(self):
        """A wait for ever becomes a timed wait, and back."""
        for i in self.r.sample(range(len(self.lines)), len(self.lines)):
            line = self.lines[i]
            if "WdfWaitLockAcquire(" not in line:
                continue
            if re.search(r"WdfWaitLockAcquire\(([^(),]*), NULL\)", line):
                self.lines[i] = re.sub(r"(WdfWaitLockAcquire\([^(),]*, )NULL\)",
                                       r"\1&%s)" % TIMEOUT, line, count=1)
            else:
                self.lines[i] = re.sub(r"(WdfWaitLockAcquire\([^(),]*, )[^()]*\)",
                                       r"\1NULL)", line, count=1)
            return

    def change_status_check(self):
        """The check of a wait's status: right, wrong (NT_SUCCESS is true for
        STATUS_TIMEOUT) or reversed."""
        edits = [(r"== STATUS_SUCCESS", "!= STATUS_TIMEOUT"),
                 (r"!= STATUS_TIMEOUT", "== STATUS_SUCCESS"),
                 (r"== STATUS_TIMEOUT", "== STATUS_SUCCESS"),
                 (r"NT_SUCCESS\((\w+)\)", r"\1 == STATUS_SUCCESS"),
                 (r"(\w+) == STATUS_SUCCESS", r"NT_SUCCESS(\1)"),
                 (r"STATUS_TIMEOUT", "STATUS_SUCCESS")]
        for i in self.r.sample(range(len(self.lines)), len(self.lines)):
            if self.lines[i].lstrip().startswith("//"):
                continue
            for pattern, replacement in self.r.sample(edits, len(edits)):
                if re.search(pattern, self.lines[i].split("//")[0]):
                    code, sep, comment = self.lines[i].partition("//")
                    self.lines[i] = re.sub(pattern, replacement, code, count=1) + sep + comment
                    return

    def insert_send(self):
        """A request sent right after a lock call (under the lock, or after
        its release)."""
        i = self.some_lock_line()
        indent = re.match(r"\s*", self.lines[i]).group(0)
        self.lines.insert(i + 1, indent + self.r.choice([
            "WdfRequestSend((WDFREQUEST)NULL, (WDFIOTARGET)NULL, NULL);",
            "(void)WdfRequestSend((WDFREQUEST)DriverOpaqueCondition(), "
            "(WDFIOTARGET)NULL, NULL);"]))

    def wrap(self):
        i = self.r.choice(self.statements())
        indent = re.match(r"\s*", self.lines[i]).group(0)
        head = self.r.choice(["if (DriverOpaqueCondition())",
                              "for (int M_ = 0; M_ < 2; ++M_)",
                              "while (DriverOpaqueCondition())"])
        self.lines[i:i + 1] = [indent + head + " {", "  " + self.lines[i], indent + "}"]

    def change_role(self):
        for i in self.r.sample(range(len(self.lines)), len(self.lines)):
            for a, b in SAME_SIGNATURE:
                for old, new in ((a, b), (b, a)):
                    if re.search(r"\b%s\b" % old, self.lines[i]):
                        self.lines[i] = re.sub(r"\b%s\b" % old, new, self.lines[i])
                        return

    def drop_role(self):
        """A callback loses its role declaration: it is judged as a helper."""
        roles = [i for i, line in enumerate(self.lines)
                 if re.match(r"^(EVT_WDF_|DRIVER_)\w+ \w+;", line)]
        if roles:
            del self.lines[self.r.choice(roles)]

    def mutate(self, count):
        edits = [self.duplicate, self.delete, self.move, self.swap_operation,
                 self.swap_operation, self.rehandle, self.rehandle,
                 self.change_family, self.change_timeout, self.change_status_check,
                 self.insert_send, self.wrap, self.change_role, self.drop_role]
        for _ in range(count):
            if not self.statements():
                break
            self.r.choice(edits)()
        return self.declare_extras("\n".join(self.lines) + "\n")

    def declare_extras(self, text):
        """Declares the globals the edits introduced, after the includes."""
        extras = [decl for name, decl in (
            (TIMEOUT, TIMEOUT_DECL),
            ("g_FuzzMutantQueue", "static KLOCK_QUEUE_HANDLE g_FuzzMutantQueue;"),
            ("g_FuzzMutantKeLock", "static KSPIN_LOCK g_FuzzMutantKeLock;"))
            if name in text]
        if not extras:
            return text
        lines = text.splitlines()
        last = max((i for i, line in enumerate(lines) if line.startswith("#include")),
                   default=-1)
        lines[last + 1:last + 1] = extras
        return "\n".join(lines) + "\n"


def compiles(text, lang, flags, clang):
    command = [clang, "-fsyntax-only", "-x", "c++" if lang == "c++" else "c"]
    result = subprocess.run(command + flags + ["-"], input=text, text=True,
                            capture_output=True)
    return result.returncode == 0


def choose(seed):
    """The corpus file, language and shape of the program of this seed."""
    r = random.Random("mutate-plan-%d" % seed)
    source = r.choice(corpus())
    lang = "c++" if source.endswith(".cpp") else r.choice(["c", "c++"])
    return source, lang, r.choice(["proto", "wdk"])


def generate(seed, lang, flags, clang):
    """A compiling mutant of the corpus file chosen for this seed; flags are
    the compiler flags it must compile with (language standard, -I, -D)."""
    source, _, _ = choose(seed)
    with open(source) as f:
        original = f.read()
    r = random.Random("mutate-%d" % seed)
    header = "/* Mutant %d of test/checker/%s by tools/fuzz/gen_mutate.py. */\n" % (
        seed, os.path.basename(source))
    if "FAMILY_" in original:
        # The file wants one family defined: it is part of what must compile.
        header += "#define %s 1\n" % r.choice(FAMILIES)
    for _ in range(ATTEMPTS):
        text = header + Mutator(original, r).mutate(r.randint(1, 6))
        # Some edits find nothing to change (no wait lock to give a timeout).
        if text != header + original and compiles(text, lang, flags, clang):
            return text
    return header + original
