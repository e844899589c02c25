"""Writes a planned driver as C or C++ against the KMDF test header, or as the
same program against pthreads, and records the line of every finding that the
program must produce."""

from . import model

# Per role: return type, parameters and the context fetch, for KMDF.
KMDF_ROLES = {
    "dpc": ("VOID", "WDFINTERRUPT Interrupt, WDFOBJECT AssociatedObject",
            "BenchGetContext(AssociatedObject)"),
    "workitem": ("VOID", "WDFINTERRUPT Interrupt, WDFOBJECT AssociatedObject",
                 "BenchGetContext(AssociatedObject)"),
    "read": ("VOID", "WDFQUEUE Queue, WDFREQUEST Request, size_t Length",
             "BenchGetContext(WdfIoQueueGetDevice(Queue))"),
    "ioctl": ("VOID",
              "WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength, "
              "size_t InputBufferLength, ULONG IoControlCode",
              "BenchGetContext(WdfIoQueueGetDevice(Queue))"),
    "d0entry": ("NTSTATUS", "WDFDEVICE Device, WDF_POWER_DEVICE_STATE PreviousState",
                "BenchGetContext(Device)"),
    "d0exit": ("NTSTATUS", "WDFDEVICE Device, WDF_POWER_DEVICE_STATE TargetState",
               "BenchGetContext(Device)"),
    "isr": ("BOOLEAN", "WDFINTERRUPT Interrupt, ULONG MessageID",
            "BenchGetContext(WdfInterruptGetDevice(Interrupt))"),
    "sync": ("BOOLEAN", "WDFINTERRUPT Interrupt, WDFCONTEXT Context",
             "(PBENCH_CONTEXT)Context"),
}

# The same for the pthread program: the lock is a pthread_mutex_t inside the
# context, the framework's getters are functions of another file.
PTHREAD_ROLES = {
    "dpc": ("VOID", "void *Interrupt, void *AssociatedObject",
            "BenchGetContext(AssociatedObject)"),
    "workitem": ("VOID", "void *Interrupt, void *AssociatedObject",
                 "BenchGetContext(AssociatedObject)"),
    "read": ("VOID", "void *Queue, void *Request, size_t Length",
             "BenchGetContext(BenchQueueGetDevice(Queue))"),
    "ioctl": ("VOID",
              "void *Queue, void *Request, size_t OutputBufferLength, "
              "size_t InputBufferLength, ULONG IoControlCode",
              "BenchGetContext(BenchQueueGetDevice(Queue))"),
    "d0entry": ("NTSTATUS", "void *Device, int PreviousState",
                "BenchGetContext(Device)"),
    "d0exit": ("NTSTATUS", "void *Device, int TargetState",
               "BenchGetContext(Device)"),
    "isr": ("BOOLEAN", "pthread_mutex_t *Interrupt, ULONG MessageID",
            "BenchGetContext(BenchLockGetDevice(Interrupt))"),
    "sync": ("BOOLEAN", "pthread_mutex_t *Interrupt, void *Context",
             "(PBENCH_CONTEXT)Context"),
}

RETURNS = {  # return type -> (early return value, normal return value)
    "VOID": ("", ""),
    "NTSTATUS": (" STATUS_UNSUCCESSFUL", " STATUS_SUCCESS"),
    "BOOLEAN": (" FALSE", " TRUE"),
}


class KmdfApi:
    """Lock calls of the KMDF rendering."""

    name = "kmdf"
    roles = KMDF_ROLES
    findings = model.KMDF_FINDING

    def __init__(self, cxx):
        self.cxx = cxx

    def header(self):
        return "bench.h"

    def handle(self, unit):
        return "Ctx->Interrupt%d" % unit.interrupt

    def acquire(self, handle):
        return "WdfInterruptAcquireLock(%s);" % handle

    def release(self, handle):
        return "WdfInterruptReleaseLock(%s);" % handle

    def try_acquire(self, handle):
        return "WdfInterruptTryToAcquireLock(%s)" % handle

    def synchronize(self, handle, routine):
        return "WdfInterruptSynchronize(%s, %s, Ctx);" % (handle, routine)

    def declare(self, role, name, static=""):
        return "%s%s %s;" % (static, model.ROLES[role], name)

    def complete_request(self, status):
        return "WdfRequestComplete(Request, %s);" % status

    def queue_dpc(self):
        return "WdfInterruptQueueDpcForIsr(Interrupt);"


class PthreadApi:
    """Lock calls of the pthread rendering."""

    name = "pthread"
    roles = PTHREAD_ROLES
    findings = model.PTHREAD_FINDING
    cxx = False

    def header(self):
        return "bench-pthread.h"

    def handle(self, unit):
        return "&Ctx->Lock%d" % unit.interrupt

    def acquire(self, handle):
        return "pthread_mutex_lock(%s);" % handle

    def release(self, handle):
        return "pthread_mutex_unlock(%s);" % handle

    def try_acquire(self, handle):
        return "pthread_mutex_trylock(%s) == 0" % handle

    def synchronize(self, handle, routine):
        return "BenchSynchronize(%s, %s, Ctx);" % (handle, routine)

    def declare(self, role, name, static=""):
        ret, params, _ = PTHREAD_ROLES[role]
        return "%s%s %s(%s);" % (static, ret, name, params)

    def complete_request(self, status):
        return "BenchRequestComplete(Request, %s);" % status

    def queue_dpc(self):
        return "BenchQueueDpcForIsr(Interrupt);"


class Source:
    """The lines of one generated file and the findings expected in it."""

    def __init__(self, api):
        self.api = api
        self.lines = []
        self.expected = []

    def add(self, indent=0, text=""):
        self.lines.append(("  " * indent + text) if text else "")

    def add_finding(self, indent, text, bug, function, ctu=False):
        """Adds a line on which the checker of this rendering must report
        \\p bug (if it reports that bug at all); with \\p ctu, only an
        analysis that follows calls into other files can (kmdf-check --ctu)."""
        kind = self.api.findings[bug]
        if kind:
            finding = {"line": len(self.lines) + 1, "kind": kind,
                       "function": function}
            if ctu:
                finding["ctu"] = True
            self.expected.append(finding)
        self.add(indent, text)

    def text(self):
        return "\n".join(self.lines) + "\n"


SYNC_NOP = "BenchSyncNop"


def render_file_start(src, banner):
    """The banner, the include and the EvtInterruptSynchronize callback that
    every synchronize-under-the-lock bug passes."""
    for line in banner:
        src.add(0, line)
    src.add(0, '#include "%s"' % src.api.header())
    src.add()
    ret, params, _ = src.api.roles["sync"]
    src.add(0, src.api.declare("sync", SYNC_NOP, static="static "))
    src.add(0, "static %s %s(%s) {" % (ret, SYNC_NOP, params))
    src.add(1, "((PBENCH_CONTEXT)Context)->Count++;")
    src.add(1, "return TRUE;")
    src.add(0, "}")


class _Unit:
    """A unit being rendered: the plan, the file and the driver's settings.
    With \\p helper_src the unit's helpers go to that other file, with
    external linkage (prototypes in the callback's file): a finding whose
    path needs a helper's body then needs a cross-file analysis."""

    def __init__(self, src, unit, params, helper_src=None):
        self.src = src
        self.api = src.api
        self.unit = unit
        self.params = params
        self.handle = src.api.handle(unit)
        self.split = helper_src is not None
        self.helper_src = helper_src if self.split else src
        self.static = "" if self.split else "static "

    def lock_in_helper(self):
        """The lock is taken in a helper of another file."""
        return self.split and self.unit.pattern == "helper"

    def bug_condition(self):
        """The condition under which a bug happens: a rare device status, or
        with one-path bugs, every branch taken (each adds its own bit)."""
        if self.params.one_path_bugs:
            return "Ctx->Count == 0x%xu" % ((1 << self.params.branches) - 1)
        return "Ctx->Status == 0x%xu" % self.unit.status_mask

    def finding(self, indent, text, bug, function, guard, src=None, ctu=False):
        """Writes the line of a bug, inside the bug condition when \\p guard
        is set or bugs are on one path only; into \\p src (default: the
        callback's file)."""
        src = src or self.src
        if guard or self.params.one_path_bugs:
            src.add(indent, "if (%s) {" % self.bug_condition())
            src.add_finding(indent + 1, text, bug, function, ctu)
            src.add(indent, "}")
        else:
            src.add_finding(indent, text, bug, function, ctu)

    def helper_names(self):
        unit = self.unit
        names = ["%sWork%d" % (unit.name, d) for d in range(1, unit.helper_depth + 1)]
        if unit.pattern == "helper":
            names += [unit.name + "Lock", unit.name + "Unlock"]
        return names

    def helper_prototypes(self):
        """In the callback's file, the helpers of another file."""
        unit = self.unit
        self.src.add()
        for depth in range(1, unit.helper_depth + 1):
            self.src.add(0, "VOID %sWork%d(PBENCH_CONTEXT Ctx, ULONG Value);"
                         % (unit.name, depth))
        if unit.pattern == "helper":
            self.src.add(0, "VOID %sLock(PBENCH_CONTEXT Ctx);" % unit.name)
            self.src.add(0, "VOID %sUnlock(PBENCH_CONTEXT Ctx);" % unit.name)

    def work_helpers(self):
        """Helpers Work1 -> ... -> WorkD, deepest first so that each is
        defined before its caller. The deepest one may take the lock again."""
        unit, src = self.unit, self.helper_src
        for depth in range(unit.helper_depth, 0, -1):
            name = "%sWork%d" % (unit.name, depth)
            src.add()
            src.add(0, "%sVOID %s(PBENCH_CONTEXT Ctx, ULONG Value) {"
                    % (self.static, name))
            src.add(1, "Ctx->Shadow[Value % BENCH_REGS] += Value;")
            if depth < unit.helper_depth:
                src.add(1, "%sWork%d(Ctx, Value + 1);" % (unit.name, depth + 1))
            elif unit.bug == "acquire-held":
                self.finding(1, self.api.acquire(self.handle), unit.bug, name,
                             guard=False, src=src, ctu=self.split)
            src.add(0, "}")

    def lock_helpers(self):
        unit, src = self.unit, self.helper_src
        src.add()
        src.add(0, "%sVOID %sLock(PBENCH_CONTEXT Ctx) {" % (self.static, unit.name))
        src.add(1, self.api.acquire(self.handle))
        src.add(0, "}")
        src.add()
        src.add(0, "%sVOID %sUnlock(PBENCH_CONTEXT Ctx) {" % (self.static, unit.name))
        if unit.bug == "release-not-held":
            # Called twice on one path: the second release is the finding.
            src.add_finding(1, self.api.release(self.handle), unit.bug,
                            unit.name + "Unlock", ctu=self.split)
        else:
            src.add(1, self.api.release(self.handle))
        src.add(0, "}")

    def work(self, indent):
        """An opaque driver call, the branches, the loops, the helper chain."""
        src, unit = self.src, self.unit
        if unit.opaque_call:
            src.add(indent, "BenchDriverNotify(Ctx);")
        if self.params.one_path_bugs:
            src.add(indent, "Ctx->Count = 0;")
        for b in unit.branches:
            src.add(indent, "if (Ctx->Regs[%d] & 0x%xu) {" % (b.reg, b.mask))
            src.add(indent + 1, "Ctx->Count += %d;" % b.add)
            src.add(indent, "} else {")
            src.add(indent + 1, "Ctx->Shadow[%d] = %d;" % (b.shadow, b.add))
            src.add(indent, "}")
        trip = self.params.loop_trip
        bound = str(trip) if trip else "Ctx->Limit"
        for offset in unit.loop_offsets:
            src.add(indent, "for (I = 0; I < %s; I++) {" % bound)
            src.add(indent + 1, "Ctx->Shadow[(I + %d) %% BENCH_REGS] += I;" % offset)
            src.add(indent, "}")
        if unit.helper_depth:
            src.add(indent, "%sWork1(Ctx, %d);" % (unit.name, unit.index))

    def bug_while_held(self, indent, ret):
        """The bugs that sit between the acquire and the release."""
        unit, bug = self.unit, self.unit.bug
        if bug == "held-at-exit":
            self.early_return(indent, ret)
        elif bug == "acquire-held" and unit.helper_depth == 0:
            self.finding(indent, self.api.acquire(self.handle), bug, unit.name,
                         guard=False, ctu=self.lock_in_helper())
        elif bug == "try-held":
            self.finding(indent, "Ctx->Count += %s;"
                         % self.api.try_acquire(self.handle), bug, unit.name,
                         guard=False)
        elif bug == "synchronize-held":
            self.finding(indent, self.api.synchronize(self.handle, SYNC_NOP),
                         bug, unit.name, guard=False)

    def early_return(self, indent, ret):
        """if (bug condition) { return; } while the lock is held."""
        early, _ = RETURNS[ret]
        self.src.add(indent, "if (%s) {" % self.bug_condition())
        if self.unit.role in ("read", "ioctl"):
            self.src.add(indent + 1, self.api.complete_request("STATUS_UNSUCCESSFUL"))
        self.src.add_finding(indent + 1, "return%s;" % early, "held-at-exit",
                             self.unit.name, self.lock_in_helper())
        self.src.add(indent, "}")

    def bug_after_release(self, indent):
        unit = self.unit
        if unit.bug != "release-not-held":
            return
        if unit.pattern == "helper":  # the finding is in the Unlock helper
            self.src.add(indent, "if (%s) {" % self.bug_condition())
            self.src.add(indent + 1, "%sUnlock(Ctx);" % unit.name)
            self.src.add(indent, "}")
        else:
            self.finding(indent, self.api.release(self.handle), unit.bug,
                         unit.name, guard=True)

    def framework_held_bug(self, function):
        """A lock call on the lock the framework holds: the callback's
        Interrupt parameter."""
        bug = self.unit.bug
        if bug == "acquire-framework-held":
            self.finding(1, self.api.acquire("Interrupt"), bug, function,
                         guard=False)
        elif bug == "release-framework-held":
            self.finding(1, self.api.release("Interrupt"), bug, function,
                         guard=False)

    def begin_callback(self, role, name, runs_work=True):
        ret, params, context = self.api.roles[role]
        self.src.add()
        self.src.add(0, self.api.declare(role, name))
        self.src.add(0, "%s %s(%s) {" % (ret, name, params))
        self.src.add(1, "PBENCH_CONTEXT Ctx = %s;" % context)
        if runs_work and self.unit.loop_offsets:
            self.src.add(1, "ULONG I;")
        return ret

    def end_callback(self, ret):
        if self.unit.role in ("read", "ioctl"):
            self.src.add(1, self.api.complete_request("STATUS_SUCCESS"))
        _, normal = RETURNS[ret]
        if normal:
            self.src.add(1, "return%s;" % normal)
        self.src.add(0, "}")

    def locked_region(self, ret):
        unit, api, handle = self.unit, self.api, self.handle
        if api.cxx and unit.cxx_guard:
            self.src.add(1, "BenchInterruptGuard Guard(%s);" % handle)
            self.work(1)
            return
        if unit.pattern == "try":
            self.src.add(1, "if (%s) {" % api.try_acquire(handle))
            self.work(2)
            self.bug_while_held(2, ret)
            self.src.add(2, api.release(handle))
            self.src.add(1, "}")
        elif unit.pattern == "helper":
            self.src.add(1, "%sLock(Ctx);" % unit.name)
            self.work(1)
            self.bug_while_held(1, ret)
            self.src.add(1, "%sUnlock(Ctx);" % unit.name)
        else:
            self.src.add(1, api.acquire(handle))
            self.work(1)
            self.bug_while_held(1, ret)
            self.src.add(1, api.release(handle))
        self.bug_after_release(1)

    def render(self):
        unit = self.unit
        self.work_helpers()
        if unit.pattern == "helper":
            self.lock_helpers()
        if self.split and self.helper_names():
            self.helper_prototypes()
        if unit.pattern == "isr":
            ret = self.begin_callback(unit.role, unit.name)
            self.work(1)
            self.framework_held_bug(unit.name)
            self.src.add(1, self.api.queue_dpc())
            self.end_callback(ret)
        elif unit.pattern == "sync":
            # The work runs in the EvtInterruptSynchronize callback, under the
            # lock the framework takes for it.
            sync_name = unit.name + "Sync"
            self.begin_callback("sync", sync_name)
            self.work(1)
            self.framework_held_bug(sync_name)
            self.src.add(1, "return TRUE;")
            self.src.add(0, "}")
            ret = self.begin_callback(unit.role, unit.name, runs_work=False)
            self.src.add(1, "Ctx->Count++;")
            self.src.add(1, self.api.synchronize(self.handle, sync_name))
            self.end_callback(ret)
        else:
            ret = self.begin_callback(unit.role, unit.name)
            self.locked_region(ret)
            self.end_callback(ret)


def render_unit(src, unit, params, helper_src=None):
    """One unit: its helpers, then its callback(s); the helpers into
    \\p helper_src when given."""
    _Unit(src, unit, params, helper_src).render()


def kmdf_header(interrupts):
    """bench.h: the device context and what the KMDF renderings share."""
    fields = ["  WDFINTERRUPT Interrupt%d;" % i for i in range(interrupts)]
    return "\n".join([
        "/* Generated by tools/bench/gen-driver. Do not edit. */",
        "#ifndef BENCH_H",
        "#define BENCH_H",
        '#include "kmdf.h"',
        "",
        "#define BENCH_REGS %d" % model.REGS,
        "",
        "typedef struct _BENCH_CONTEXT {",
        *fields,
        "  ULONG Regs[BENCH_REGS];   /* device registers: read, never written */",
        "  ULONG Shadow[BENCH_REGS]; /* driver state: written, never tested */",
        "  ULONG Count;",
        "  ULONG Limit;",
        "  ULONG Status;",
        "} BENCH_CONTEXT, *PBENCH_CONTEXT;",
        "",
        "WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(BENCH_CONTEXT, BenchGetContext)",
        "",
        "KMDF_BEGIN_DECLS",
        "/* A driver function in another file: the analyzer cannot see it. */",
        "VOID BenchDriverNotify(PBENCH_CONTEXT Context);",
        "KMDF_END_DECLS",
        "",
        "#ifdef __cplusplus",
        "class BenchInterruptGuard {",
        "public:",
        "  explicit BenchInterruptGuard(WDFINTERRUPT Interrupt)",
        "      : Interrupt(Interrupt) {",
        "    WdfInterruptAcquireLock(Interrupt);",
        "  }",
        "  ~BenchInterruptGuard() { WdfInterruptReleaseLock(Interrupt); }",
        "  BenchInterruptGuard(const BenchInterruptGuard &) = delete;",
        "  BenchInterruptGuard &operator=(const BenchInterruptGuard &) = delete;",
        "",
        "private:",
        "  WDFINTERRUPT Interrupt;",
        "};",
        "#endif",
        "",
        "#endif /* BENCH_H */",
        "",
    ])


def pthread_header(interrupts):
    """bench-pthread.h: the same context with a pthread mutex per lock, and
    the framework's routines as functions of another file."""
    fields = ["  pthread_mutex_t Lock%d;" % i for i in range(interrupts)]
    return "\n".join([
        "/* Generated by tools/bench/gen-driver. Do not edit. */",
        "#ifndef BENCH_PTHREAD_H",
        "#define BENCH_PTHREAD_H",
        "#include <pthread.h>",
        "#include <stddef.h>",
        "",
        "typedef void VOID;",
        "typedef unsigned char BOOLEAN;",
        "typedef unsigned long ULONG;",
        "typedef long NTSTATUS;",
        "#define TRUE 1",
        "#define FALSE 0",
        "#define STATUS_SUCCESS ((NTSTATUS)0x00000000L)",
        "#define STATUS_UNSUCCESSFUL ((NTSTATUS)0xC0000001L)",
        "#define BENCH_REGS %d" % model.REGS,
        "",
        "typedef struct _BENCH_CONTEXT {",
        *fields,
        "  ULONG Regs[BENCH_REGS];",
        "  ULONG Shadow[BENCH_REGS];",
        "  ULONG Count;",
        "  ULONG Limit;",
        "  ULONG Status;",
        "} BENCH_CONTEXT, *PBENCH_CONTEXT;",
        "",
        "void *BenchObjectGetContext(void *Object);",
        "static inline PBENCH_CONTEXT BenchGetContext(void *Object) {",
        "  return (PBENCH_CONTEXT)BenchObjectGetContext(Object);",
        "}",
        "void *BenchQueueGetDevice(void *Queue);",
        "void *BenchLockGetDevice(pthread_mutex_t *Lock);",
        "void BenchRequestComplete(void *Request, NTSTATUS Status);",
        "void BenchQueueDpcForIsr(pthread_mutex_t *Lock);",
        "typedef BOOLEAN BENCH_SYNC_ROUTINE(pthread_mutex_t *Lock, void *Context);",
        "BOOLEAN BenchSynchronize(pthread_mutex_t *Lock, BENCH_SYNC_ROUTINE *Routine,",
        "                         void *Context);",
        "void BenchDriverNotify(PBENCH_CONTEXT Context);",
        "",
        "#endif /* BENCH_PTHREAD_H */",
        "",
    ])
