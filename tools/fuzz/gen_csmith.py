"""Random C programs from Debian's csmith with KMDF lock calls woven in.

generate(seed, shape) runs csmith with the seed and returns its program after
weave(): it includes test/Inputs/kmdf.h, adds global locks of every family
(interrupt handles, WDF spin and wait locks, kernel spin locks and queue
handles), inserts acquire, release, try-acquire, timed wait with its status
checks, in-stack queued, synchronize and WdfRequestSend calls (some through
function pointers, some on handles cast from csmith's integer parameters or
on kernel spin locks that live in csmith's own globals and pointer
parameters) after statements of csmith's functions, gives some of csmith's
functions role-type declarations (typedefs named EVT_WDF_..., so the checkers
treat them as KMDF callbacks), and appends real KMDF callbacks (an ISR, a DPC,
a synchronize callback, an I/O read callback, a DPC with an in-stack queued
lock) that call csmith's functions under locks.

shape is "proto" or "wdk", as for gen_kmdf. The program needs csmith's
headers: -I/usr/include/csmith (Debian package libcsmith-dev).
"""

import random
import re
import shutil
import subprocess
import tempfile

CSMITH_INCLUDE = "/usr/include/csmith"
# Small programs: the analyzer must finish each in seconds.
CSMITH_OPTIONS = [
    "--max-funcs", "4", "--max-block-depth", "3", "--max-block-size", "4",
    "--max-expr-complexity", "4", "--max-array-dim", "2",
    "--max-array-len-per-dim", "4", "--max-struct-fields", "4",
    "--max-union-fields", "3", "--no-packed-struct",
]

FORWARD_DECL = re.compile(r"^static (?P<ret>.+?)\s+(?P<name>func_\d+)\((?P<params>.*)\);$")
DEFINITION = re.compile(r"^static (?P<ret>.+?)\s+(?P<name>func_\d+)\((?P<params>.*)\)$")
INT_PARAM = re.compile(r"^(?:const\s+)?(?:volatile\s+)?u?int(?:8|16|32|64)_t\s+(p_\d+)$")
POINTER_PARAM = re.compile(r"\*\s*(?:const\s+|volatile\s+)*p_\d+$")
GLOBAL = re.compile(r"^static [^=;(]*?\b(g_\d+)\b")
FAMILIES = ("interrupt", "spin", "wait", "ke")

PREAMBLE = """\
#include "kmdf.h"
/* Woven in by tools/fuzz/gen_csmith.py. */
static WDFINTERRUPT kmdf_fuzz_interrupts[4];
static WDFSPINLOCK kmdf_fuzz_spinlocks[4];
static WDFWAITLOCK kmdf_fuzz_waitlocks[2];
static KSPIN_LOCK kmdf_fuzz_kelocks[4];
static KLOCK_QUEUE_HANDLE kmdf_fuzz_queues[2];
static KIRQL kmdf_fuzz_irql;
static NTSTATUS kmdf_fuzz_status;
static LONGLONG kmdf_fuzz_timeout = -10000;
static WDFREQUEST kmdf_fuzz_request;
static struct {
  WDFINTERRUPT Interrupt;
  WDFINTERRUPT Pool[2];
  WDFSPINLOCK SpinLock;
  WDFWAITLOCK WaitLock;
  KSPIN_LOCK KeLock;
  WDFIOTARGET IoTarget;
} kmdf_fuzz_ctx;
static unsigned kmdf_fuzz_index;
typedef VOID (*KMDF_FUZZ_LOCK_FN)(WDFINTERRUPT);
static KMDF_FUZZ_LOCK_FN kmdf_fuzz_ops[2] = {WdfInterruptAcquireLock,
                                             WdfInterruptReleaseLock};
typedef VOID (*KMDF_FUZZ_SPIN_FN)(WDFSPINLOCK);
static KMDF_FUZZ_SPIN_FN kmdf_fuzz_spin_ops[2] = {WdfSpinLockAcquire,
                                                  WdfSpinLockRelease};
typedef VOID (*KMDF_FUZZ_KE_FN)(PKSPIN_LOCK);
static KMDF_FUZZ_KE_FN kmdf_fuzz_ke_ops[2] = {KeAcquireSpinLockAtDpcLevel,
                                              KeReleaseSpinLockFromDpcLevel};
VOID KmdfFuzzOpaque(WDFINTERRUPT Interrupt);
VOID KmdfFuzzOpaqueSpin(WDFSPINLOCK SpinLock);
VOID KmdfFuzzOpaqueKe(PKSPIN_LOCK KeLock);
static WDFINTERRUPT kmdf_fuzz_pick(unsigned Which) {
  return kmdf_fuzz_interrupts[Which & 3];
}
static PKSPIN_LOCK kmdf_fuzz_pick_ke(unsigned Which) {
  return &kmdf_fuzz_kelocks[Which & 3];
}
EVT_WDF_INTERRUPT_SYNCHRONIZE KmdfFuzzSync;"""


class CsmithMissing(Exception):
    pass


def csmith_program(seed, csmith="csmith"):
    """csmith's program for this seed (deterministic)."""
    if not shutil.which(csmith):
        raise CsmithMissing("csmith is not installed (Debian packages csmith "
                            "and libcsmith-dev; tools/install-deps --extras fuzz)")
    # csmith writes platform.info into its working folder: give it a scratch one.
    with tempfile.TemporaryDirectory(prefix="gen-csmith-") as scratch:
        result = subprocess.run([csmith, "--seed", str(seed)] + CSMITH_OPTIONS,
                                capture_output=True, text=True, check=True, cwd=scratch)
    return result.stdout


def split_params(params):
    params = params.strip()
    if params in ("", "void"):
        return []
    return [p.strip() for p in params.split(",")]


class Weaver:
    def __init__(self, text, seed, shape):
        self.lines = text.splitlines()
        self.r = random.Random("csmith-weave-%d-%s" % (seed, shape))
        self.seed, self.shape = seed, shape
        self.functions = {}  # name -> (return type, parameter list)
        self.globals = [m.group(1) for m in map(GLOBAL.match, self.lines) if m]
        # Most programs mix the lock families; some use one.
        if self.r.random() < 0.8:
            self.families = list(FAMILIES)
        else:
            self.families = [self.r.choice(FAMILIES)]
        self.weights = {f: self.r.randint(1, 4) for f in FAMILIES}

    def handle(self, int_params, pure=False, family="interrupt", ptr_params=()):
        """A lock expression of the family: a handle, or for kernel spin
        locks an address (also of csmith's globals and pointer parameters)."""
        if family == "ke":
            choices = ["&kmdf_fuzz_kelocks[%d]" % self.r.randint(0, 3)] * 4
            choices += ["&kmdf_fuzz_kelocks[kmdf_fuzz_index & 3]",
                        "&kmdf_fuzz_ctx.KeLock", "&kmdf_fuzz_ctx.KeLock",
                        "(PKSPIN_LOCK)NULL"]
            if self.globals:
                choices.append("(PKSPIN_LOCK)&%s" % self.r.choice(self.globals))
            if ptr_params:
                choices.append("(PKSPIN_LOCK)%s" % self.r.choice(ptr_params))
            if int_params:
                choices.append("(PKSPIN_LOCK)(uintptr_t)%s" % self.r.choice(int_params))
            if not pure:
                choices.append("kmdf_fuzz_pick_ke(kmdf_fuzz_index++)")
            return self.r.choice(choices)
        if family in ("spin", "wait"):
            t, array, field, n = {
                "spin": ("WDFSPINLOCK", "kmdf_fuzz_spinlocks", "SpinLock", 4),
                "wait": ("WDFWAITLOCK", "kmdf_fuzz_waitlocks", "WaitLock", 2)}[family]
            choices = ["%s[%d]" % (array, self.r.randint(0, n - 1))] * 4
            choices += ["%s[kmdf_fuzz_index & %d]" % (array, n - 1),
                        "kmdf_fuzz_ctx.%s" % field, "kmdf_fuzz_ctx.%s" % field,
                        "(%s)NULL" % t]
            if int_params:
                choices.append("(%s)(uintptr_t)%s" % (t, self.r.choice(int_params)))
            return self.r.choice(choices)
        choices = ["kmdf_fuzz_interrupts[%d]" % self.r.randint(0, 3)] * 4
        choices += ["kmdf_fuzz_interrupts[kmdf_fuzz_index & 3]",
                    "kmdf_fuzz_ctx.Interrupt", "kmdf_fuzz_ctx.Interrupt",
                    "kmdf_fuzz_ctx.Pool[%d]" % self.r.randint(0, 1),
                    "(WDFINTERRUPT)NULL"]
        if int_params:
            choices.append("(WDFINTERRUPT)(uintptr_t)%s" % self.r.choice(int_params))
        if not pure:
            choices.append("kmdf_fuzz_pick(kmdf_fuzz_index++)")
        return self.r.choice(choices)

    def lock_statement(self, int_params, ptr_params=()):
        family = self.r.choices(self.families,
                                weights=[self.weights[f] for f in self.families])[0]
        kinds = {
            "interrupt": (["acquire", "release", "try", "try_only", "sync", "fp",
                           "opaque", "index"], [6, 6, 3, 1, 2, 2, 1, 1]),
            "spin": (["acquire", "release", "pair", "fp", "opaque", "send"],
                     [6, 6, 2, 2, 1, 2]),
            "wait": (["acquire", "timed", "checked", "nt_success", "release", "send"],
                     [3, 2, 2, 2, 6, 1]),
            "ke": (["acquire", "raise", "release", "dpc_acquire", "dpc_release", "try",
                    "queued_acquire", "queued_release", "fp", "opaque", "send"],
                   [2, 2, 3, 3, 3, 2, 3, 3, 2, 1, 1]),
        }[family]
        kind = self.r.choices(kinds[0], weights=kinds[1])[0]
        pure = kind in ("try", "pair", "checked", "nt_success")
        h = self.handle(int_params, pure, family, ptr_params)
        queue = "&kmdf_fuzz_queues[%d]" % self.r.randint(0, 1)
        send = ("(void)WdfRequestSend(kmdf_fuzz_request, kmdf_fuzz_ctx.IoTarget, "
                "NULL);")
        return {
            "interrupt": lambda: {
                "acquire": "WdfInterruptAcquireLock(%s);" % h,
                "release": "WdfInterruptReleaseLock(%s);" % h,
                "try": "if (WdfInterruptTryToAcquireLock(%s)) "
                       "WdfInterruptReleaseLock(%s);" % (h, h),
                "try_only": "(void)WdfInterruptTryToAcquireLock(%s);" % h,
                "sync": "(void)WdfInterruptSynchronize(%s, KmdfFuzzSync, NULL);" % h,
                "fp": "kmdf_fuzz_ops[%d](%s);" % (self.r.randint(0, 1), h),
                "opaque": "KmdfFuzzOpaque(%s);" % h,
                "index": "kmdf_fuzz_index++;",
            }[kind],
            "spin": lambda: {
                "acquire": "WdfSpinLockAcquire(%s);" % h,
                "release": "WdfSpinLockRelease(%s);" % h,
                "pair": "WdfSpinLockAcquire(%s); %s WdfSpinLockRelease(%s);" % (h, send, h),
                "fp": "kmdf_fuzz_spin_ops[%d](%s);" % (self.r.randint(0, 1), h),
                "opaque": "KmdfFuzzOpaqueSpin(%s);" % h,
                "send": send,
            }[kind],
            "wait": lambda: {
                "acquire": "(void)WdfWaitLockAcquire(%s, NULL);" % h,
                "timed": "kmdf_fuzz_status = WdfWaitLockAcquire(%s, &kmdf_fuzz_timeout);" % h,
                "checked": "if (WdfWaitLockAcquire(%s, &kmdf_fuzz_timeout) == "
                           "STATUS_SUCCESS) WdfWaitLockRelease(%s);" % (h, h),
                "nt_success": "kmdf_fuzz_status = WdfWaitLockAcquire(%s, "
                              "&kmdf_fuzz_timeout); if (NT_SUCCESS(kmdf_fuzz_status)) "
                              "WdfWaitLockRelease(%s);" % (h, h),
                "release": "WdfWaitLockRelease(%s);" % h,
                "send": "(void)WdfWaitLockAcquire(%s, NULL); %s" % (h, send),
            }[kind],
            "ke": lambda: {
                "acquire": "KeAcquireSpinLock(%s, &kmdf_fuzz_irql);" % h,
                "raise": "kmdf_fuzz_irql = KeAcquireSpinLockRaiseToDpc(%s);" % h,
                "release": "KeReleaseSpinLock(%s, kmdf_fuzz_irql);" % h,
                "dpc_acquire": "KeAcquireSpinLockAtDpcLevel(%s);" % h,
                "dpc_release": "KeReleaseSpinLockFromDpcLevel(%s);" % h,
                "try": "if (KeTryToAcquireSpinLockAtDpcLevel(%s)) "
                       "KeReleaseSpinLockFromDpcLevel(%s);" % (h, h),
                "queued_acquire": "KeAcquireInStackQueuedSpinLock(%s, %s);" % (h, queue),
                "queued_release": "KeReleaseInStackQueuedSpinLock(%s);" % queue,
                "fp": "kmdf_fuzz_ke_ops[%d](%s);" % (self.r.randint(0, 1), h),
                "opaque": "KmdfFuzzOpaqueKe(%s);" % h,
                "send": send,
            }[kind],
        }[family]()

    def insertion_points(self, start, end):
        """Lines of a function body after which a statement may go: complete
        statements (ending in ';') not followed by an else."""
        points = []
        for i in range(start + 1, end):
            text = self.lines[i].strip()
            if not text.endswith(";") or text.startswith("for ("):
                continue
            following = next((self.lines[j].strip() for j in range(i + 1, end + 1)
                              if self.lines[j].strip()), "")
            if following.startswith("else"):
                continue
            points.append(i)
        return points

    def function_bodies(self):
        """(name, parameters, first line, last line) of each csmith function."""
        bodies = []
        i = 0
        while i < len(self.lines):
            m = DEFINITION.match(self.lines[i])
            if m and i + 1 < len(self.lines) and self.lines[i + 1].startswith("{"):
                end = next(j for j in range(i + 1, len(self.lines))
                           if self.lines[j].startswith("}"))
                bodies.append((m.group("name"), split_params(m.group("params")),
                               i + 1, end))
                i = end
            i += 1
        return bodies

    def weave_bodies(self):
        inserts = {}  # line index -> statements to add after it
        for name, params, start, end in self.function_bodies():
            int_params = [m.group(1) for m in map(INT_PARAM.match, params) if m]
            ptr_params = [re.search(r"p_\d+$", p).group(0) for p in params
                          if POINTER_PARAM.search(p)]
            points = self.insertion_points(start, end)
            if not points:
                continue
            for point in self.r.sample(points, min(len(points), self.r.randint(2, 6))):
                indent = re.match(r"\s*", self.lines[point]).group(0)
                inserts.setdefault(point, []).append(
                    indent + self.lock_statement(int_params, ptr_params))
        woven = []
        for i, line in enumerate(self.lines):
            woven.append(line)
            woven += inserts.get(i, [])
        self.lines = woven

    def role_declarations(self):
        """Role-type declarations for some of csmith's functions, after its
        forward declarations."""
        extra = []
        last = None
        for i, line in enumerate(self.lines):
            m = FORWARD_DECL.match(line)
            if not m:
                continue
            last = i
            name = m.group("name")
            self.functions[name] = (m.group("ret"), split_params(m.group("params")))
            if self.r.random() < 0.5:
                role = "EVT_WDF_FUZZ_%s" % name.upper()
                extra += ["typedef %s %s(%s);" % (m.group("ret"), role, m.group("params")),
                          "static %s %s;" % (role, name)]
        if last is not None:
            self.lines[last + 1:last + 1] = extra

    def call(self, name):
        """A call of a csmith function, or None if its parameters cannot be
        made up simply (structs or unions by value)."""
        _, params = self.functions[name]
        args = []
        for p in params:
            if INT_PARAM.match(p):
                args.append(str(self.r.randint(-2, 9)))
            elif POINTER_PARAM.search(p):
                args.append("(void *)0")
            else:
                return None
        return "(void)%s(%s);" % (name, ", ".join(args))

    def callbacks(self):
        calls = [c for c in map(self.call, sorted(self.functions)) if c]
        if not calls:
            calls = ["kmdf_fuzz_index++;"]

        def some():
            return self.r.sample(calls, min(len(calls), self.r.randint(1, 2)))

        h = self.handle([], pure=True)
        lines = ["", "/* KMDF callbacks around csmith's functions. */",
                 "BOOLEAN KmdfFuzzSync(WDFINTERRUPT Interrupt, WDFCONTEXT Context) {"]
        lines += ["  " + c for c in some()] + ["  return TRUE;", "}", ""]
        lines += ["EVT_WDF_INTERRUPT_ISR KmdfFuzzIsr;",
                  "BOOLEAN KmdfFuzzIsr(WDFINTERRUPT Interrupt, ULONG MessageID) {",
                  "  kmdf_fuzz_ctx.Interrupt = Interrupt;"]
        lines += ["  " + c for c in some()]
        if self.r.random() < 0.3:
            lines.append("  WdfInterruptAcquireLock(Interrupt);")
        lines += ["  return TRUE;", "}", "",
                  "EVT_WDF_INTERRUPT_DPC KmdfFuzzDpc;",
                  "VOID KmdfFuzzDpc(WDFINTERRUPT Interrupt, WDFOBJECT Object) {",
                  "  WdfInterruptAcquireLock(%s);" % h]
        lines += ["  " + c for c in some()]
        if self.r.random() < 0.7:
            lines.append("  WdfInterruptReleaseLock(%s);" % h)
        lines += ["  (void)WdfInterruptSynchronize(Interrupt, KmdfFuzzSync, NULL);", "}"]
        # An I/O callback: csmith's functions under a WDF spin lock and a
        # timed wait lock (checked with NT_SUCCESS: held only on
        # STATUS_SUCCESS), a request sent under or after the spin lock.
        spin = self.handle([], True, "spin")
        wait = self.handle([], True, "wait")
        lines += ["", "EVT_WDF_IO_QUEUE_IO_READ KmdfFuzzRead;",
                  "VOID KmdfFuzzRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {",
                  "  NTSTATUS Status;",
                  "  WdfSpinLockAcquire(%s);" % spin]
        lines += ["  " + c for c in some()]
        send = "  (void)WdfRequestSend(Request, kmdf_fuzz_ctx.IoTarget, NULL);"
        if self.r.random() < 0.5:
            lines.append(send)
        if self.r.random() < 0.8:
            lines.append("  WdfSpinLockRelease(%s);" % spin)
        lines += ["  Status = WdfWaitLockAcquire(%s, %s);" % (
                      wait, self.r.choice(["NULL", "&kmdf_fuzz_timeout"])),
                  "  if (%s) {" % self.r.choice(["NT_SUCCESS(Status)",
                                                 "Status == STATUS_SUCCESS"])]
        lines += ["    " + c for c in some()]
        lines += ["    WdfWaitLockRelease(%s);" % wait, "  }", send, "}"]
        # A DPC that holds a kernel spin lock through a queue handle.
        ke = self.handle([], True, "ke")
        lines += ["", "EVT_WDF_DPC KmdfFuzzKeDpc;",
                  "VOID KmdfFuzzKeDpc(WDFDPC Dpc) {",
                  "  KLOCK_QUEUE_HANDLE Handle;",
                  "  KeAcquireInStackQueuedSpinLock(%s, &Handle);" % ke]
        lines += ["  " + c for c in some()]
        if self.r.random() < 0.8:
            lines.append("  KeReleaseInStackQueuedSpinLock(&Handle);")
        lines.append("}")
        return lines

    def program(self):
        include = self.lines.index('#include "csmith.h"')
        self.role_declarations()
        self.weave_bodies()
        self.lines[include + 1:include + 1] = PREAMBLE.splitlines()
        header = "/* csmith seed %d woven by tools/fuzz/gen_csmith.py, %s shape. */" % (
            self.seed, self.shape)
        return "\n".join([header] + self.lines + self.callbacks()) + "\n"


def weave(text, seed, shape="proto"):
    return Weaver(text, seed, shape).program()


def generate(seed, shape="proto", csmith="csmith"):
    return weave(csmith_program(seed, csmith), seed, shape)


def main():
    import argparse
    parser = argparse.ArgumentParser(description="Print one woven csmith program.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=("proto", "wdk"), default="proto")
    args = parser.parse_args()
    print(generate(args.seed, args.shape), end="")


if __name__ == "__main__":
    main()
