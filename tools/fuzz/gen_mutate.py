"""Mutants of the checker's own lit tests, for fuzzing.

generate(seed, ...) picks one file of test/checker/ (hand-written driver code:
device contexts, RAII guards, helpers, every callback role), applies a few
random edits to it (duplicate, delete or move a statement, swap acquire and
release, give a lock call another handle of the same file, wrap a statement
in a branch or a loop, change a callback's role to another of the same
signature) and keeps the first mutant that compiles. The same seed always
gives the same program.
"""

import glob
import os
import random
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "test", "checker")
ATTEMPTS = 20

LOCK_CALL = re.compile(
    r"\b(WdfInterrupt(?:AcquireLock|ReleaseLock|TryToAcquireLock)"
    r"|WdfSpinLock(?:Acquire|Release)|WdfWaitLock(?:Acquire|Release)"
    r"|KeAcquireSpinLock(?:AtDpcLevel|RaiseToDpc)?|KeReleaseSpinLock(?:FromDpcLevel)?"
    r"|KeAcquireInStackQueuedSpinLock|KeReleaseInStackQueuedSpinLock"
    r"|ACQUIRE|RELEASE)\(([^()]*)\)")
# Test files that run once per lock family want one chosen.
FAMILIES = ["FAMILY_INTERRUPT", "FAMILY_SPIN", "FAMILY_WAIT", "FAMILY_KE"]
# Roles with the same signature: a callback may change between them.
SAME_SIGNATURE = [("EVT_WDF_INTERRUPT_DPC", "EVT_WDF_INTERRUPT_WORKITEM"),
                  ("EVT_WDF_INTERRUPT_ENABLE", "EVT_WDF_INTERRUPT_DISABLE"),
                  ("EVT_WDF_DEVICE_D0_ENTRY", "EVT_WDF_DEVICE_D0_EXIT")]


def corpus():
    return sorted(glob.glob(os.path.join(CORPUS, "*.c")) +
                  glob.glob(os.path.join(CORPUS, "*.cpp")))


class Mutator:
    def __init__(self, text, rng):
        self.lines = text.splitlines()
        self.r = rng
        self.handles = sorted({m.group(2) for m in LOCK_CALL.finditer(text)
                               if m.group(2).strip()})

    def statements(self):
        """Indented lines that end a statement, outside comments."""
        return [i for i, line in enumerate(self.lines)
                if line.startswith("  ") and line.rstrip().endswith(";")
                and not line.lstrip().startswith(("//", "*", "/*"))]

    def lock_lines(self):
        return [i for i in self.statements() if LOCK_CALL.search(self.lines[i])]

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
        i = self.r.choice(self.lock_lines() or self.statements())
        pairs = {"WdfInterruptAcquireLock": "WdfInterruptReleaseLock",
                 "WdfInterruptReleaseLock": "WdfInterruptAcquireLock"}
        self.lines[i] = re.sub(r"WdfInterrupt(Acquire|Release)Lock",
                               lambda m: pairs[m.group(0)], self.lines[i], count=1)

    def rehandle(self):
        if not self.handles:
            return
        i = self.r.choice(self.lock_lines() or self.statements())
        handle = self.r.choice(self.handles)
        self.lines[i] = LOCK_CALL.sub(lambda m: "%s(%s)" % (m.group(1), handle),
                                      self.lines[i], count=1)

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

    def mutate(self, count):
        edits = [self.duplicate, self.delete, self.move, self.swap_operation,
                 self.rehandle, self.wrap, self.change_role]
        for _ in range(count):
            if not self.statements():
                break
            self.r.choice(edits)()
        return "\n".join(self.lines) + "\n"


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
        header += "#define %s 1\n" % r.choice(FAMILIES)
    for _ in range(ATTEMPTS):
        text = Mutator(original, r).mutate(r.randint(1, 6))
        if compiles(text, lang, flags, clang):
            return header + text
    return header + original
