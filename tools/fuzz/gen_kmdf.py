"""Random KMDF-shaped driver programs for fuzzing the kmdf checkers.

generate(seed, lang, shape) returns the text of one translation unit. The
same arguments always give the same text. The program takes and releases
locks of every family the checkers model, mixed within one program and often
within one function:

  interrupt  WdfInterruptAcquireLock, ReleaseLock, TryToAcquireLock,
             Synchronize, and the callbacks the framework calls with the
             interrupt lock held
  spin       WdfSpinLockAcquire, WdfSpinLockRelease
  wait       WdfWaitLockAcquire with a NULL or a real timeout and the status
             checks drivers write (== STATUS_SUCCESS, NT_SUCCESS, a
             STATUS_TIMEOUT early exit, a switch, a retry loop),
             WdfWaitLockRelease
  ke         kernel spin locks in contexts, globals, arrays, on the stack and
             behind PKSPIN_LOCK parameters: the KeAcquireSpinLock macro,
             KeAcquireSpinLockRaiseToDpc, AtDpcLevel/FromDpcLevel,
             KeTryToAcquireSpinLockAtDpcLevel, in-stack queued spin locks
             released through their KLOCK_QUEUE_HANDLE

and sends requests with WdfRequestSend under and outside those locks. The
calls sit inside random control flow: loops, switch, goto, recursion, calls
through function pointers, handles and lock objects in arrays, structs and
unions, handles cast from integers, NULL and uninitialized handles, K&R-style
and variadic functions (C), templates, lambdas and RAII guards (C++), and KMDF
callbacks declared with role types. clang_analyzer_printState() calls let
debug.ExprInspection print the checker's state.

lang is "c" or "c++". shape picks how the KMDF API is declared:

  proto  test/Inputs/kmdf.h, prototypes
  wdk    test/Inputs/kmdf.h with KMDF_TEST_WDK_SHAPE (FORCEINLINE wrappers
         calling through the framework's function table)
  own    no kmdf.h: the program declares the types itself, the lock
         functions K&R-style, variadic, returning int or a struct (C), also
         as (...), templates or with a default argument (C++),
         KeAcquireSpinLock as a macro or as a function, and may give the
         roles the framework calls with the interrupt lock held an odd first
         parameter (ULONG, a pointer, double, a reference)

C programs need -fblocks (they may call clang blocks); C++ ones -std=c++17.
Every program must compile; tools/fuzz/run-fuzz counts one that does not as
a generator bug.
"""

import random
import re

SHAPES = ("proto", "wdk", "own")
# Precedes the driver's functions: what comes before (declarations, the C++
# wrappers and guards) is there in every program, used or not.
FUNCTIONS_MARKER = "/* The driver's functions. */"
LANGS = ("c", "c++")
FAMILIES = ("interrupt", "spin", "wait", "ke")

# Per family: the type a lock is passed as (a handle, or a kernel spin lock's
# address), the name of a helper's lock parameter, and the suffix of the
# program's per-family helpers and tables.
FAMILY_TYPE = {"interrupt": "WDFINTERRUPT", "spin": "WDFSPINLOCK",
               "wait": "WDFWAITLOCK", "ke": "PKSPIN_LOCK"}
FAMILY_PARAM = {"interrupt": "Interrupt", "spin": "SpinLock",
                "wait": "WaitLock", "ke": "KeLock"}
FAMILY_TAG = {"interrupt": "", "spin": "Spin", "wait": "Wait", "ke": "Ke"}

# name, return type, parameters, how the callback finds its context, the
# interrupt parameter (or None), the return statement.
ROLES = [
    ("EVT_WDF_INTERRUPT_ISR", "BOOLEAN",
     [("WDFINTERRUPT", "Interrupt"), ("ULONG", "MessageID")],
     "FuzzGetContext(WdfInterruptGetDevice(Interrupt))", "Interrupt",
     "return TRUE;"),
    ("EVT_WDF_INTERRUPT_SYNCHRONIZE", "BOOLEAN",
     [("WDFINTERRUPT", "Interrupt"), ("WDFCONTEXT", "Context")],
     "(PFUZZ_CONTEXT)Context", "Interrupt", "return FALSE;"),
    ("EVT_WDF_INTERRUPT_ENABLE", "NTSTATUS",
     [("WDFINTERRUPT", "Interrupt"), ("WDFDEVICE", "AssociatedDevice")],
     "FuzzGetContext(AssociatedDevice)", "Interrupt", "return STATUS_SUCCESS;"),
    ("EVT_WDF_INTERRUPT_DISABLE", "NTSTATUS",
     [("WDFINTERRUPT", "Interrupt"), ("WDFDEVICE", "AssociatedDevice")],
     "FuzzGetContext(AssociatedDevice)", "Interrupt", "return STATUS_SUCCESS;"),
    ("EVT_WDF_INTERRUPT_DPC", "VOID",
     [("WDFINTERRUPT", "Interrupt"), ("WDFOBJECT", "AssociatedObject")],
     "FuzzGetContext(AssociatedObject)", "Interrupt", "return;"),
    ("EVT_WDF_INTERRUPT_WORKITEM", "VOID",
     [("WDFINTERRUPT", "Interrupt"), ("WDFOBJECT", "AssociatedObject")],
     "FuzzGetContext(AssociatedObject)", "Interrupt", "return;"),
    ("EVT_WDF_DEVICE_D0_ENTRY", "NTSTATUS",
     [("WDFDEVICE", "Device"), ("WDF_POWER_DEVICE_STATE", "PreviousState")],
     "FuzzGetContext(Device)", None, "return STATUS_SUCCESS;"),
    ("EVT_WDF_DEVICE_D0_EXIT", "NTSTATUS",
     [("WDFDEVICE", "Device"), ("WDF_POWER_DEVICE_STATE", "TargetState")],
     "FuzzGetContext(Device)", None, "return STATUS_UNSUCCESSFUL;"),
    ("EVT_WDF_IO_QUEUE_IO_READ", "VOID",
     [("WDFQUEUE", "Queue"), ("WDFREQUEST", "Request"), ("size_t", "Length")],
     "FuzzGetContext(WdfIoQueueGetDevice(Queue))", None, "return;"),
    ("EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL", "VOID",
     [("WDFQUEUE", "Queue"), ("WDFREQUEST", "Request"),
      ("size_t", "OutputBufferLength"), ("size_t", "InputBufferLength"),
      ("ULONG", "IoControlCode")],
     "FuzzGetContext(WdfIoQueueGetDevice(Queue))", None, "return;"),
    ("EVT_WDF_DPC", "VOID", [("WDFDPC", "Dpc")], "FuzzGetContext(Dpc)", None,
     "return;"),
    ("EVT_WDF_TIMER", "VOID", [("WDFTIMER", "Timer")],
     "FuzzGetContext(Timer)", None, "return;"),
    ("EVT_WDF_WORKITEM", "VOID", [("WDFWORKITEM", "WorkItem")],
     "FuzzGetContext(WorkItem)", None, "return;"),
    ("EVT_WDF_OBJECT_CONTEXT_CLEANUP", "VOID", [("WDFOBJECT", "Object")],
     "FuzzGetContext(Object)", None, "return;"),
    ("DRIVER_UNLOAD", "VOID", [("PDRIVER_OBJECT", "DriverObject")],
     "g_FuzzContext", None, "return;"),
]

# Parameter types that survive a K&R definition after a prototyped role-type
# declaration (no default argument promotion changes them).
KNR_SAFE_TYPES = {"WDFINTERRUPT", "WDFOBJECT", "WDFCONTEXT", "WDFDEVICE",
                  "ULONG", "WDFQUEUE", "WDFREQUEST", "size_t", "WDFDPC",
                  "WDFTIMER", "WDFWORKITEM", "PDRIVER_OBJECT"}

# The roles the framework calls with the interrupt lock held.
HELD_ROLES = ("EVT_WDF_INTERRUPT_ISR", "EVT_WDF_INTERRUPT_SYNCHRONIZE",
              "EVT_WDF_INTERRUPT_ENABLE", "EVT_WDF_INTERRUPT_DISABLE")
# In the own shape, the program may declare those roles with a first
# parameter that is not a WDFINTERRUPT: how to get a handle from it.
ODD_HELD_PARAMS = {
    "WDFINTERRUPT": "Interrupt",
    "ULONG": "(WDFINTERRUPT)(ULONG_PTR)Interrupt",
    "WDFINTERRUPT *": "*Interrupt",
    "double": "(WDFINTERRUPT)(ULONG_PTR)Interrupt",
    "WDFINTERRUPT &": "Interrupt",
}

# The lock API as the own shape declares it: return type and parameters.
API = {
    "WdfInterruptAcquireLock": ("VOID", [("WDFINTERRUPT", "Interrupt")]),
    "WdfInterruptReleaseLock": ("VOID", [("WDFINTERRUPT", "Interrupt")]),
    "WdfInterruptTryToAcquireLock": ("BOOLEAN", [("WDFINTERRUPT", "Interrupt")]),
    "WdfSpinLockAcquire": ("VOID", [("WDFSPINLOCK", "SpinLock")]),
    "WdfSpinLockRelease": ("VOID", [("WDFSPINLOCK", "SpinLock")]),
    "WdfWaitLockAcquire": ("NTSTATUS", [("WDFWAITLOCK", "Lock"), ("PLONGLONG", "Timeout")]),
    "WdfWaitLockRelease": ("VOID", [("WDFWAITLOCK", "Lock")]),
    "KeAcquireSpinLock": ("VOID", [("PKSPIN_LOCK", "SpinLock"), ("PKIRQL", "OldIrql")]),
    "KeAcquireSpinLockRaiseToDpc": ("KIRQL", [("PKSPIN_LOCK", "SpinLock")]),
    "KeReleaseSpinLock": ("VOID", [("PKSPIN_LOCK", "SpinLock"), ("KIRQL", "NewIrql")]),
    "KeAcquireSpinLockAtDpcLevel": ("VOID", [("PKSPIN_LOCK", "SpinLock")]),
    "KeReleaseSpinLockFromDpcLevel": ("VOID", [("PKSPIN_LOCK", "SpinLock")]),
    "KeTryToAcquireSpinLockAtDpcLevel": ("BOOLEAN", [("PKSPIN_LOCK", "SpinLock")]),
    "KeAcquireInStackQueuedSpinLock": ("VOID", [("PKSPIN_LOCK", "SpinLock"),
                                                ("PKLOCK_QUEUE_HANDLE", "LockHandle")]),
    "KeReleaseInStackQueuedSpinLock": ("VOID", [("PKLOCK_QUEUE_HANDLE", "LockHandle")]),
    "WdfRequestSend": ("BOOLEAN", [("WDFREQUEST", "Request"), ("WDFIOTARGET", "Target"),
                                   ("PWDF_REQUEST_SEND_OPTIONS", "Options")]),
}
# What a default argument (C++ own shape) of each parameter type is.
DEFAULT_ARGS = {
    "WDFINTERRUPT": "g_FuzzDefaultHandle", "WDFSPINLOCK": "g_FuzzDefaultSpinLock",
    "WDFWAITLOCK": "g_FuzzDefaultWaitLock", "PKSPIN_LOCK": "&g_FuzzDefaultKeLock",
    "PLONGLONG": "NULL", "KIRQL": "0", "PKIRQL": "&g_FuzzDefaultIrql",
    "PKLOCK_QUEUE_HANDLE": "&g_FuzzDefaultQueue", "PWDF_REQUEST_SEND_OPTIONS": "NULL",
}
# Function pointer types of the program's lock-operation tables.
FN_TYPES = {
    "WdfInterruptAcquireLock": "FUZZ_LOCK_FN", "WdfInterruptReleaseLock": "FUZZ_LOCK_FN",
    "WdfInterruptTryToAcquireLock": "FUZZ_TRY_FN",
    "WdfSpinLockAcquire": "FUZZ_SPIN_FN", "WdfSpinLockRelease": "FUZZ_SPIN_FN",
    "WdfWaitLockAcquire": "FUZZ_WAIT_ACQUIRE_FN", "WdfWaitLockRelease": "FUZZ_WAIT_RELEASE_FN",
    "KeAcquireSpinLockAtDpcLevel": "FUZZ_KE_FN", "KeReleaseSpinLockFromDpcLevel": "FUZZ_KE_FN",
    "KeTryToAcquireSpinLockAtDpcLevel": "FUZZ_KE_TRY_FN",
}

# Locals a function body declares only when its statements use them.
ON_DEMAND_LOCALS = [
    ("OldIrql", "KIRQL OldIrql = 0;"),
    ("WaitStatus", "NTSTATUS WaitStatus = STATUS_SUCCESS;"),
    ("WaitTimeout", None),  # its value is chosen per function
    ("QueueHandle", "KLOCK_QUEUE_HANDLE QueueHandle;"),
    ("QueueHandles", "KLOCK_QUEUE_HANDLE QueueHandles[2];"),
    ("StackKeLock", "KSPIN_LOCK StackKeLock = 0;"),
]


class Scope:
    """What a statement at one place of a function body may use."""

    def __init__(self, handles, ints, ret, labels=(), in_lambda=False,
                 template_handle=None, requests=(), mutable=True):
        # family -> lock expressions without effects
        self.handles = {f: list(handles.get(f, ())) for f in FAMILIES}
        self.ints = list(ints)        # int expressions without effects
        self.ret = ret                # the statement that returns
        self.labels = set(labels)     # "Out", "Retry"
        self.loop = False             # continue allowed
        self.breakable = False        # break allowed (loop or switch)
        self.in_lambda = in_lambda
        self.template_handle = template_handle  # (family, name) or None
        self.requests = list(requests)  # WDFREQUEST parameters
        self.queues = []              # extra queue handles (cleanup variables)
        # The function's own locals may be written and have their address
        # taken (not in a block or a lambda that copies them).
        self.mutable = mutable

    def nested(self, **changes):
        s = Scope(self.handles, self.ints, self.ret, self.labels,
                  self.in_lambda, self.template_handle, self.requests, self.mutable)
        s.loop, s.breakable = self.loop, self.breakable
        s.queues = list(self.queues)
        for key, value in changes.items():
            setattr(s, key, value)
        return s

    def with_handle(self, family, handle):
        handles = {f: list(h) for f, h in self.handles.items()}
        handles[family].append(handle)
        return self.nested(handles=handles)

    def copied(self):
        """The scope inside a block or a [=] lambda: the function's locals
        are read-only copies there."""
        handles = {f: [h for h in hs if not h.startswith("Local")]
                   for f, hs in self.handles.items()}
        return handles


class Function:
    def __init__(self, kind, name, role=None, static=False, extern_c=False,
                 member=False, role_helper=False, family="interrupt"):
        self.kind = kind  # callback, sync, helper, variadic, knr, template
        self.name = name
        self.role = role
        self.member = member  # a static member function declared in its class
        self.role_helper = role_helper  # also declared with FUZZ_ROLE_..._HELPER
        self.family = family  # the lock family of a helper's lock parameter
        self.static = "static " if static else ""
        self.extern_c = 'extern "C" ' if extern_c else ""


class Generator:
    def __init__(self, seed, lang, shape):
        if lang not in LANGS or shape not in SHAPES:
            raise ValueError("unknown language or shape: %s %s" % (lang, shape))
        self.r = random.Random("kmdf-%d-%s-%s" % (seed, lang, shape))
        self.seed, self.lang, self.shape = seed, lang, shape
        self.cxx = lang == "c++"
        self.counter = 0
        self.budget = 0
        self.families, self.family_weights = self.choose_families()
        self.sends = self.chance(0.8)
        self.api = self.choose_api_styles()
        self.roles = self.choose_roles()
        self.role_by_name = {r[0]: r for r in self.roles}
        self.functions = self.choose_functions()

    # -- small helpers -----------------------------------------------------

    def chance(self, p):
        return self.r.random() < p

    def pick(self, items):
        return self.r.choice(list(items))

    def weighted(self, choices):
        """Calls one of [(weight, make)] and returns what it makes."""
        choices = [(w, make) for w, make in choices if w > 0]
        return self.r.choices([m for _, m in choices],
                              weights=[w for w, _ in choices])[0]()

    def fresh(self, stem):
        self.counter += 1
        return "%s%d" % (stem, self.counter)

    def family(self, among=FAMILIES):
        """A lock family of this program (among the given ones if it has
        any of them)."""
        fams = [f for f in self.families if f in among] or list(self.families)
        return self.r.choices(fams, weights=[self.family_weights[f] for f in fams])[0]

    def choose_families(self):
        """Most programs mix families; some use all four, some only one."""
        x = self.r.random()
        if x < 0.45:
            fams = list(FAMILIES)
        elif x < 0.85:
            fams = sorted(self.r.sample(FAMILIES, self.r.randint(2, 3)),
                          key=FAMILIES.index)
        else:
            fams = [self.pick(FAMILIES)]
        return fams, {f: self.r.randint(1, 4) for f in fams}

    def choose_api_styles(self):
        """How the own shape declares each lock function."""
        api = {name: "proto" for name in API}
        api["KeAcquireSpinLock"] = "macro"
        api["sync"] = "proto"
        if self.shape != "own":
            return api
        styles = ("proto", "variadic", "template", "ellipsis", "int_ret",
                  "default_arg") if self.cxx \
            else ("proto", "knr", "variadic", "int_ret")
        interrupt = ("WdfInterruptAcquireLock", "WdfInterruptReleaseLock",
                     "WdfInterruptTryToAcquireLock")
        for name, (ret, _) in API.items():
            # The interrupt functions keep their old odds; the others lean
            # to prototypes so that most of their calls are modelled.
            if name in interrupt or not self.chance(0.4):
                api[name] = self.pick(styles)
            if ret == "VOID" and self.chance(0.15):
                api[name] = "struct_ret"
        if self.chance(0.5):
            api["KeAcquireSpinLock"] = "macro"
        api["sync"] = self.pick(("proto", "knr", "variadic") if not self.cxx
                                else ("proto", "variadic"))
        return api

    def choose_roles(self):
        """The role table of this program: in the own shape, the roles the
        framework calls with the lock held may take an odd first parameter."""
        if self.shape != "own":
            return ROLES
        odd = [t for t in ODD_HELD_PARAMS if self.cxx or "&" not in t]
        first = self.pick(["WDFINTERRUPT"] * 3 + odd)
        roles = []
        for name, ret, params, ctx, handle, ret_stmt in ROLES:
            if name in HELD_ROLES and first != "WDFINTERRUPT":
                params = [(first, "Interrupt")] + params[1:]
                handle = ODD_HELD_PARAMS[first]
                if "WdfInterruptGetDevice" in ctx:
                    ctx = "FuzzGetContext(g_FuzzDevice)"
            roles.append((name, ret, params, ctx, handle, ret_stmt))
        return roles

    def choose_functions(self):
        funcs = [Function("sync", "FuzzSync0",
                          self.role_by_name["EVT_WDF_INTERRUPT_SYNCHRONIZE"])]
        kinds = ["callback", "callback", "helper", "helper", "variadic"]
        kinds.append("template" if self.cxx else "knr")
        for i in range(self.r.randint(3, 6)):
            kind = self.pick(kinds)
            role = self.pick(self.roles) if kind == "callback" else None
            funcs.append(Function(kind, "Fuzz%s%d" % (kind.capitalize(), i + 1),
                                  role, static=self.chance(0.7),
                                  extern_c=self.cxx and self.chance(0.3),
                                  role_helper=kind == "helper" and self.chance(0.3),
                                  family=self.family()))
        if self.cxx:
            for member, role in (("Isr", "EVT_WDF_INTERRUPT_ISR"),
                                 ("Dpc", "EVT_WDF_INTERRUPT_DPC")):
                if self.chance(0.4):
                    funcs.append(Function("callback", "FuzzStatic::" + member,
                                          self.role_by_name[role], member=True))
        if not any(f.kind == "callback" for f in funcs[1:]):
            funcs.append(Function("callback", "FuzzCallback9", self.role_by_name[
                self.pick(["EVT_WDF_INTERRUPT_DPC", "EVT_WDF_IO_QUEUE_IO_READ"])]))
        if not any(f.kind == "helper" for f in funcs):
            funcs.append(Function("helper", "FuzzHelper9", family=self.family()))
        return funcs

    def helpers(self, kind, family=None):
        return [f for f in self.functions
                if f.kind == kind and (family is None or f.family == family)]

    # -- the lock API, as this program declares it -------------------------

    def lock_fn(self, name):
        """An expression naming a lock function, usable as a pointer of its
        table's type."""
        style = self.api[name]
        if style == "template":
            return "&%s<%s>" % (name, API[name][1][0][0])
        if style in ("proto", "default_arg"):
            return name
        return "(%s)%s" % (FN_TYPES[name], name)

    def call(self, name, args, stmt=True):
        """A call of an API function, sometimes with odd arguments the way
        this program declared it allows. stmt: the call is a statement of
        its own, so its value may be used oddly or have another type."""
        style = self.api.get(name, "proto")
        args = list(args)
        if style == "knr" and self.chance(0.15):
            args = self.pick([[], args + ["1"], ["(ULONG_PTR)" + args[0]] + args[1:]])
        elif style in ("variadic", "ellipsis") and self.chance(0.2):
            args = args + [self.int_expr()]
        elif style == "template" and self.chance(0.2):
            args = [self.pick(["(PVOID)", "(ULONG_PTR)"]) + args[0]] + args[1:]
        elif style == "default_arg" and self.chance(0.3):
            args = args[:-1]
        text = "%s(%s)" % (name, ", ".join(args))
        if stmt and style == "struct_ret" and self.chance(0.3):
            return "(void)%s.B[%d]" % (text, self.r.randint(0, 3))
        if stmt and style == "int_ret" and self.chance(0.3):
            return "g_FuzzState += " + text
        return text

    def sync_call(self, handle, scope):
        callback = self.pick(["FuzzSync0", "FuzzSync0", "g_FuzzSyncTable[%s]"
                              % self.index(scope), "NULL"])
        context = self.pick(["(WDFCONTEXT)Ctx", "NULL", "(WDFCONTEXT)&g_FuzzState"])
        call = "WdfInterruptSynchronize(%s, %s, %s)" % (handle, callback, context)
        if self.api["sync"] == "knr" and self.chance(0.15):
            call = "WdfInterruptSynchronize(%s)" % handle
        return call

    # Acquires and releases of each family. h is a lock expression of the
    # family; for kernel spin locks, form picks the routine pair.

    def ke_form(self):
        return self.r.choices(["macro", "raise", "dpc", "queued"],
                              weights=[3, 2, 3, 2])[0]

    def irql_slot(self, scope):
        """Where an old IRQL is kept: a local, or the context."""
        return "OldIrql" if scope.mutable and self.chance(0.7) else "Ctx->OldIrql"

    def acquire(self, family, h, scope, form=None, queue=None):
        """One statement (without ';') that acquires h."""
        if family == "interrupt":
            return self.call("WdfInterruptAcquireLock", [h])
        if family == "spin":
            return self.call("WdfSpinLockAcquire", [h])
        if family == "wait":
            call = self.call("WdfWaitLockAcquire", [h, self.timeout_expr(scope)], False)
            status = "WaitStatus" if scope.mutable else "Ctx->Status"
            return self.pick(["%s", "(void)%s", "%s = %%s" % status]) % call
        form = form or self.ke_form()
        if form == "macro":
            slot = self.irql_slot(scope)
            return self.call("KeAcquireSpinLock", [h, "&" + slot])
        if form == "raise":
            return "%s = %s" % (self.irql_slot(scope),
                                self.call("KeAcquireSpinLockRaiseToDpc", [h], False))
        if form == "dpc":
            return self.call("KeAcquireSpinLockAtDpcLevel", [h])
        return self.call("KeAcquireInStackQueuedSpinLock",
                         [h, queue or self.queue_expr(scope)])

    def release(self, family, h, scope, form=None, queue=None):
        """One statement (without ';') that releases h."""
        if family == "interrupt":
            return self.call("WdfInterruptReleaseLock", [h])
        if family == "spin":
            return self.call("WdfSpinLockRelease", [h])
        if family == "wait":
            return self.call("WdfWaitLockRelease", [h])
        form = form or self.ke_form()
        if form in ("macro", "raise"):
            irql = self.pick(["OldIrql", "Ctx->OldIrql", "0"]) if scope.mutable \
                else self.pick(["Ctx->OldIrql", "0"])
            return self.call("KeReleaseSpinLock", [h, irql])
        if form == "dpc":
            return self.call("KeReleaseSpinLockFromDpcLevel", [h])
        return self.call("KeReleaseInStackQueuedSpinLock",
                         [queue or self.queue_expr(scope)])

    def locked(self, family, h, scope, indent, body):
        """body between an acquire and the matching release of h."""
        form = self.ke_form() if family == "ke" else None
        queue = self.queue_expr(scope) if form == "queued" else None
        if family == "wait" and self.chance(0.5):
            # Without a timeout the acquire always succeeds.
            acquire = self.pick(["", "(void)"]) + self.call(
                "WdfWaitLockAcquire", [h, self.pick(["NULL", "(PLONGLONG)NULL"])], False)
        else:
            acquire = self.acquire(family, h, scope, form, queue)
        return ([indent + acquire + ";"] + body
                + [indent + self.release(family, h, scope, form, queue) + ";"])

    def try_call(self, family, h):
        if family == "ke":
            return self.call("KeTryToAcquireSpinLockAtDpcLevel", [h], False)
        return self.call("WdfInterruptTryToAcquireLock", [h], False)

    def try_release(self, family, h):
        if family == "ke":
            return self.call("KeReleaseSpinLockFromDpcLevel", [h])
        return self.call("WdfInterruptReleaseLock", [h])

    def send_call(self, scope, stmt=False):
        return self.call("WdfRequestSend", [self.request_expr(scope), self.pick(
            ["Ctx->IoTarget", "Ctx->IoTarget", "g_FuzzTarget", "(WDFIOTARGET)NULL",
             "(WDFIOTARGET)Ctx->SpinLock"]), self.pick(
            ["NULL", "NULL", "&Ctx->SendOptions", "&g_FuzzSendOptions",
             "(PWDF_REQUEST_SEND_OPTIONS)NULL"])], stmt)

    # -- expressions -------------------------------------------------------

    def index(self, scope):
        if self.chance(0.6):
            return str(self.r.randint(0, 3))
        return "(%s) & 3" % self.int_expr(scope)

    def int_expr(self, scope=None, depth=0):
        leaves = ["g_FuzzState", "7", "0", "-1"]
        if scope:  # inside a function: Ctx is there too
            leaves += ["Ctx->Flags", "Ctx->Count", "(int)(Ctx->Flags >> 2)"]
            leaves += scope.ints
        e = self.pick(leaves)
        if depth < 2 and self.chance(0.3):
            op = self.pick(["+", "-", "^", "|", "*"])
            e = "(%s %s %s)" % (e, op, self.int_expr(scope, depth + 1))
        return e

    def handle_expr(self, scope, family="interrupt", pure=True, depth=0):
        """An expression that names a lock of the family: a handle, or a
        kernel spin lock's address (a PKSPIN_LOCK). pure: no call in it, so
        the same text may be evaluated twice for one lock."""
        choices = [(6 if scope.handles[family] else 0,
                    lambda: self.pick(scope.handles[family]))]
        if scope.template_handle and scope.template_handle[0] == family:
            choices.append((4, lambda: scope.template_handle[1]))
        choices += getattr(self, "%s_handles" % family)(scope, pure)
        if depth < 2:
            choices += self.nested_handles(scope, family, pure, depth + 1)
        return self.weighted(choices)

    def casts_to(self, t, scope):
        """Lock expressions of type t made by casts."""
        return [
            (1, lambda: "(%s)(ULONG_PTR)%s" % (t, self.pick(["0x1000", "0", "4096UL", "-1"]))),
            (1, lambda: "(%s)(ULONG_PTR)(%s)" % (t, self.int_expr(scope))),
            (1, lambda: "(%s)NULL" % t),
            (1, lambda: "(%s)Ctx" % t),
            (1, lambda: "(%s)&g_FuzzState" % t),
            (1, lambda: "*(%s *)&Ctx->Alias.Bits" % t),
            (1, lambda: "*(%s *)((char *)Ctx + %d)" % (t, self.pick([0, 3, 8, 12]))),
        ]

    def interrupt_handles(self, scope, pure):
        choices = [
            (4, lambda: "Ctx->Interrupt"),
            (3, lambda: "Ctx->Pool[%s]" % self.index(scope)),
            (2, lambda: "Ctx->Pair.%s" % self.pick(["First", "Second"])),
            (1, lambda: "Ctx->Link->Second"),
            (1, lambda: "Ctx->Alias.Handle"),
            (3, lambda: "g_FuzzInterrupts[%s]" % self.index(scope)),
            (2, lambda: "g_FuzzMany[%d]" % self.r.randint(0, 31)),
            (1, lambda: "g_FuzzSingle"),
            (1, lambda: "(WDFINTERRUPT)\"fuzz\""),
            (1, lambda: "*(WDFINTERRUPT volatile *)&Ctx->Interrupt"),
            (1, lambda: "Ctx%s->Interrupt" % ("->Next" * self.r.randint(1, 40))),
            (1, lambda: "((PFUZZ_CONTEXT)(ULONG_PTR)Ctx->Flags)->Interrupt"),
            (1, lambda: "((WDFINTERRUPT *)Ctx)[%s]" % self.index(scope)),
            (1, lambda: "((FUZZ_PAIR *)Ctx->Pool)->Second"),
            (1, lambda: "FUZZ_HANDLE(Ctx)"),
        ] + self.casts_to("WDFINTERRUPT", scope)
        if self.cxx:
            choices += [
                (1, lambda: "g_FuzzDerived.BaseInterrupt"),
                (1, lambda: "g_FuzzVirtual->BaseInterrupt"),
                (1, lambda: "static_cast<FuzzBase *>(g_FuzzVirtual)->BaseInterrupt"),
                (1, lambda: "((FuzzDerived *)Ctx)->BaseInterrupt"),
                (1, lambda: "reinterpret_cast<WDFINTERRUPT>(Ctx->Link)"),
            ]
        if not pure:
            choices += [
                (2, lambda: "FuzzOpaqueHandle()"),
                (2, lambda: "FuzzPick(Ctx, %s)" % self.int_expr(scope)),
            ]
        return choices

    def wdf_lock_handles(self, scope, pure, t, field, array, single):
        """Handle expressions of the WDF spin or wait lock family."""
        tag = "Spin" if t == "WDFSPINLOCK" else "Wait"
        choices = [
            (5, lambda: "Ctx->%s" % field),
            (3, lambda: "Ctx->%s[%s]" % (array, self.index(scope))),
            (3, lambda: "g_Fuzz%s[%s]" % (array, self.index(scope))),
            (2, lambda: "g_Fuzz%s" % single),
            (1, lambda: "Ctx%s->%s" % ("->Next" * self.r.randint(1, 12), field)),
            (1, lambda: "((PFUZZ_CONTEXT)(ULONG_PTR)Ctx->Flags)->%s" % field),
            (1, lambda: "((%s *)Ctx->Pool)[%s]" % (t, self.index(scope))),
            (1, lambda: "(%s)Ctx->Interrupt" % t),
            (1, lambda: "*(%s volatile *)&Ctx->%s" % (t, field)),
            (1, lambda: "FUZZ_%s(Ctx)" % tag.upper()),
            (1, lambda: "g_Fuzz%sMany[%d]" % (tag, self.r.randint(0, 15))),
        ] + self.casts_to(t, scope)
        if not pure:
            choices += [
                (2, lambda: "FuzzOpaque%s()" % single),
                (2, lambda: "FuzzPick%s(Ctx, %s)" % (tag, self.int_expr(scope))),
            ]
        return choices

    def spin_handles(self, scope, pure):
        return self.wdf_lock_handles(scope, pure, "WDFSPINLOCK", "SpinLock",
                                     "SpinLocks", "SpinLock")

    def wait_handles(self, scope, pure):
        return self.wdf_lock_handles(scope, pure, "WDFWAITLOCK", "WaitLock",
                                     "WaitLocks", "WaitLock")

    def ke_handles(self, scope, pure):
        """Addresses of kernel spin locks (PKSPIN_LOCK)."""
        choices = [
            (5, lambda: "&Ctx->KeLock"),
            (3, lambda: "&Ctx->KeLocks[%s]" % self.index(scope)),
            (1, lambda: "Ctx->KeLocks + (%s)" % self.index(scope)),
            (3, lambda: "&g_FuzzKeLocks[%s]" % self.index(scope)),
            (2, lambda: "&g_FuzzKeLock"),
            (1, lambda: "&g_FuzzKeMany[%d]" % self.r.randint(0, 15)),
            (1, lambda: "Ctx->KeLockPtr"),
            (1, lambda: "&Ctx%s->KeLock" % ("->Next" * self.r.randint(1, 12))),
            (1, lambda: "&Ctx->Alias.Bits"),  # a ULONG_PTR, as KSPIN_LOCK is
            (1, lambda: "&((PFUZZ_CONTEXT)(ULONG_PTR)Ctx->Flags)->KeLock"),
            (1, lambda: "(PKSPIN_LOCK)Ctx->Interrupt"),
            (1, lambda: "(PKSPIN_LOCK)((char *)Ctx + %d)" % self.pick([0, 3, 8, 12])),
            (1, lambda: "Ctx->Queue.LockQueue.Lock"),
            (1, lambda: "FUZZ_KE(Ctx)"),
            (1 if scope.mutable else 0, lambda: "&StackKeLock"),
        ]
        choices += self.casts_to("PKSPIN_LOCK", scope)
        if not pure:
            choices += [
                (2, lambda: "FuzzOpaqueKeLock()"),
                (2, lambda: "FuzzPickKe(Ctx, %s)" % self.int_expr(scope)),
                (1, lambda: "&FuzzOpaqueContext()->KeLock"),
            ]
        return choices

    def nested_handles(self, scope, family, pure, depth):
        """Lock expressions built around another one of the same family."""
        t = FAMILY_TYPE[family]

        def inner():
            return self.handle_expr(scope, family, pure, depth)
        choices = [
            (1, lambda: "(%s ? %s : %s)" % (self.cond_expr(scope, pure), inner(), inner())),
            (1, lambda: "({ %s T_ = %s; T_; })" % (t, inner())),
            (1, lambda: "(g_FuzzState, %s)" % inner()),
        ]
        if family == "ke":
            choices += [
                (1, lambda: "&((PFUZZ_CONTEXT)%s)->KeLock" % inner()),
                (1, lambda: "&*(%s)" % inner()),
                (1, lambda: "&(%s)[0]" % inner()),
            ]
        else:
            choices.append((1, lambda: "((PFUZZ_CONTEXT)%s)->%s" % (
                inner(), {"interrupt": "Interrupt", "spin": "SpinLock",
                          "wait": "WaitLock"}[family])))
        if self.cxx:
            choices.append((1, lambda: "static_cast<%s>(%s)" % (t, inner())))
        else:
            choices.append((1, lambda: "_Generic(g_FuzzState, int: %s, default: "
                            "(%s)NULL)" % (inner(), t)))
            if family == "interrupt":
                choices.append((1, lambda: "((FUZZ_PAIR){%s, NULL}).First" % inner()))
            else:
                field = FAMILY_PARAM[family]
                choices.append((1, lambda: "((FUZZ_BOX){.%s = %s}).%s" % (
                    field, inner(), field)))
        if not pure:
            choices.append((1, lambda: "(%s)WdfInterruptGetDevice(%s)" % (
                t, self.handle_expr(scope, "interrupt", True, depth))))
        return choices

    def queue_expr(self, scope):
        """The address of a KLOCK_QUEUE_HANDLE."""
        return self.weighted([
            (5 if scope.mutable else 0, lambda: "&QueueHandle"),
            (2 if scope.mutable else 0, lambda: "&QueueHandles[%d]" % self.r.randint(0, 1)),
            (1 if scope.mutable else 0, lambda: "QueueHandles + %d" % self.r.randint(0, 1)),
            (4 * len(scope.queues), lambda: self.pick(scope.queues)),
            (3, lambda: "&Ctx->Queue"),
            (2, lambda: "&g_FuzzQueue"),
            (1, lambda: "&g_FuzzQueues[%s]" % self.index(scope)),
            (1, lambda: "(PKLOCK_QUEUE_HANDLE)NULL"),
            (1, lambda: "(PKLOCK_QUEUE_HANDLE)&Ctx->Pair"),
            (1, lambda: "(PKLOCK_QUEUE_HANDLE)Ctx"),
        ])

    def timeout_expr(self, scope, pure=True):
        """A WdfWaitLockAcquire timeout: NULL (wait for ever) or a PLONGLONG."""
        choices = [
            (6, lambda: "NULL"),
            (1, lambda: "(PLONGLONG)NULL"),
            (4 if scope.mutable else 0, lambda: "&WaitTimeout"),
            (2, lambda: "&Ctx->Timeout"),
            (2, lambda: "&g_FuzzTimeout"),
            (1, lambda: "&g_FuzzZeroTimeout"),
            (1, lambda: "Ctx->TimeoutPtr"),
            (1, lambda: "(%s ? &g_FuzzTimeout : NULL)" % self.cond_expr(scope)),
            (1, lambda: "(PLONGLONG)&Ctx->Alias.Bits"),
        ]
        if not pure:
            choices.append((1, lambda: "FuzzOpaqueTimeout()"))
        return self.weighted(choices)

    def request_expr(self, scope):
        return self.weighted([
            (4 * len(scope.requests), lambda: self.pick(scope.requests)),
            (2, lambda: "Ctx->Pending"),
            (1, lambda: "g_FuzzRequest"),
            (1, lambda: "(WDFREQUEST)NULL"),
            (1, lambda: "(WDFREQUEST)Ctx->IoTarget"),
        ])

    def cond_expr(self, scope, pure=True):
        def compare():
            fam = self.family()
            return "%s == %s" % (self.handle_expr(scope, fam), self.handle_expr(scope, fam))
        choices = [
            lambda: "Ctx->Flags & %d" % self.pick([1, 2, 4]),
            lambda: "%s > %d" % (self.int_expr(scope), self.r.randint(-1, 5)),
            lambda: "g_FuzzState == %d" % self.r.randint(0, 3),
            compare,
            lambda: "%s != NULL" % self.handle_expr(scope, self.family()),
            lambda: "Ctx->Status == %s" % self.pick(["STATUS_SUCCESS", "STATUS_TIMEOUT"]),
        ]
        if not pure:
            choices.append(lambda: "FuzzOpaqueCondition()")
            fams = [f for f in self.families if f in ("interrupt", "ke")]
            if fams:
                def try_cond():
                    fam = self.pick(fams)
                    return self.try_call(fam, self.handle_expr(scope, fam))
                choices.append(try_cond)
            if "wait" in self.families:
                choices.append(lambda: "%s == STATUS_SUCCESS" % self.call(
                    "WdfWaitLockAcquire", [self.handle_expr(scope, "wait"),
                                           self.timeout_expr(scope)], False))
            if self.sends:
                choices.append(lambda: self.send_call(scope))
        return self.pick(choices)()

    # -- statements --------------------------------------------------------

    def block(self, scope, indent, count=None):
        lines = []
        if count is None:
            count = self.r.randint(1, 3)
        for _ in range(count):
            if self.budget <= 0:
                break
            lines += self.stmt(scope, indent)
        return lines or [indent + ";"]

    def braced(self, head, body, indent):
        return [indent + head + " {"] + body + [indent + "}"]

    def stmt(self, scope, indent):
        self.budget -= 1
        depth = len(indent) // 2
        has = set(self.families)
        kinds = {
            "acquire": 5, "release": 4, "pair": 5, "fp": 3, "opaque": 2,
            "assign": 3, "kernel": 1, "call": 4, "many": 1, "macro": 2,
            "print_state": 1,
        }
        if has & {"interrupt", "ke"}:
            kinds.update({"try": 3, "spin": 1})
        if "interrupt" in has:
            kinds["sync"] = 2
        if "wait" in has:
            kinds.update({"wait": 4, "spin": 1})
        if "ke" in has:
            kinds.update({"irql": 2, "queued": 3})
        if self.sends:
            kinds.update({"send": 2, "send_locked": 3})
        if depth < 5:
            kinds.update({"if": 4, "loop": 3, "switch": 2, "cleanup": 1})
            if not self.cxx:
                kinds["block"] = 1
        if "Out" in scope.labels:
            kinds["goto_out"] = 2
        if "Retry" in scope.labels:
            kinds["goto_retry"] = 1
        if scope.breakable:
            kinds["break"] = 1
        if self.cxx and depth < 5:
            kinds.update({"lambda": 2, "guard": 3, "with_lock": 2,
                          "member": 1, "new_delete": 1, "try_catch": 1, "ptm": 1})
        if not scope.in_lambda:
            kinds["return"] = 1
        names = list(kinds)
        kind = self.r.choices(names, weights=[kinds[n] for n in names])[0]
        return getattr(self, "stmt_" + kind)(scope, indent)

    def stmt_acquire(self, scope, indent):
        fam = self.family()
        return [indent + self.acquire(fam, self.handle_expr(scope, fam, False), scope) + ";"]

    def stmt_release(self, scope, indent):
        fam = self.family()
        return [indent + self.release(fam, self.handle_expr(scope, fam, False), scope) + ";"]

    def stmt_pair(self, scope, indent):
        fam = self.family()
        h = self.handle_expr(scope, fam)
        return self.locked(fam, h, scope, indent,
                           self.block(scope, indent, self.r.randint(0, 2)))

    def stmt_try(self, scope, indent):
        fam = self.family(("interrupt", "ke"))
        h = self.handle_expr(scope, fam)
        inner = indent + "  "
        body = self.block(scope, inner, self.r.randint(0, 2))
        if self.chance(0.8):
            body.append(inner + self.try_release(fam, h) + ";")
        lines = self.braced("if (%s)" % self.try_call(fam, h), body, indent)
        if self.chance(0.4):
            lines[-1] += " else {"
            lines += self.block(scope, inner) + [indent + "}"]
        if self.chance(0.2):
            got = self.fresh("Got")
            return self.braced("", [inner + "BOOLEAN %s = %s;" % (
                got, self.try_call(fam, h)), inner + "if (%s)" % got,
                inner + "  " + self.try_release(fam, h) + ";"], indent)
        return lines

    def stmt_wait(self, scope, indent):
        """A wait lock taken with a timeout, or none, and the status checks
        drivers write around it: some right, some not (NT_SUCCESS is true
        for STATUS_TIMEOUT)."""
        h = self.handle_expr(scope, "wait")
        inner = indent + "  "
        to = self.timeout_expr(scope)
        acquire = self.call("WdfWaitLockAcquire", [h, to], False)
        status = "WaitStatus" if scope.mutable else "Ctx->Status"
        release = inner + self.release("wait", h, scope) + ";"

        def body():
            lines = self.block(scope, inner, self.r.randint(0, 2))
            return lines + [release] if self.chance(0.85) else lines
        form = self.r.randint(0, 8)
        if form == 0:
            return self.braced("if (%s == STATUS_SUCCESS)" % acquire, body(), indent)
        if form == 1:
            return [indent + "%s = %s;" % (status, acquire)] + self.braced(
                "if (NT_SUCCESS(%s))" % status, body(), indent)
        if form == 2:
            exit_ = self.pick([scope.ret, "g_FuzzState++;"] + (
                ["goto Out;"] if "Out" in scope.labels else []))
            return ([indent + "%s = %s;" % (status, acquire),
                     indent + "if (%s == STATUS_TIMEOUT)" % status, inner + exit_]
                    + [line[2:] for line in body()])
        if form == 3:
            return ([indent + "if (!NT_SUCCESS(%s))" % acquire, inner + scope.ret]
                    + [line[2:] for line in body()])
        if form == 4:
            return [indent + "switch (%s) {" % acquire,
                    indent + "case STATUS_SUCCESS: {"] + body() + [
                    indent + "}",
                    inner + "break;",
                    indent + "case STATUS_TIMEOUT:",
                    inner + "g_FuzzState++;",
                    inner + "break;",
                    indent + "default:",
                    inner + self.pick([";", release.strip()]),
                    indent + "}"]
        if form == 5:
            return ([indent + "while (%s == STATUS_TIMEOUT)" % acquire,
                     inner + "KeStallExecutionProcessor(1);"]
                    + [line[2:] for line in body()])
        if form == 6:
            return self.braced("if (%s != STATUS_SUCCESS)" % acquire,
                               [inner + "g_FuzzState--;"], indent)[:-1] + [
                indent + "} else {"] + body() + [indent + "}"]
        if form == 7:
            return ([indent + "Ctx->Status = %s;" % acquire]
                    + self.braced("if (Ctx->Status %s)" % self.pick(
                        ["== STATUS_SUCCESS", "!= STATUS_TIMEOUT", ">= 0"]), body(), indent))
        return [indent + "(void)%s;" % acquire] + [line[2:] for line in body()]

    def stmt_irql(self, scope, indent):
        """A kernel spin lock with its old IRQL: the KeAcquireSpinLock macro
        (or function), KeAcquireSpinLockRaiseToDpc, a driver's own macro that
        keeps the IRQL in the context."""
        h = self.handle_expr(scope, "ke")
        body = self.block(scope, indent, self.r.randint(0, 2))
        form = self.r.randint(0, 2)
        if form == 2:
            return ([indent + "FUZZ_CTX_LOCK(Ctx);"] + body
                    + [indent + self.pick(["FUZZ_CTX_UNLOCK(Ctx);",
                                           "FUZZ_CTX_UNLOCK(Ctx->Next);"])])
        acquire = self.acquire("ke", h, scope, ["macro", "raise"][form])
        return ([indent + acquire + ";"] + body
                + [indent + self.release("ke", h, scope, "macro") + ";"])

    def stmt_queued(self, scope, indent):
        """In-stack queued spin locks, released through their handles; some
        handles reused for a second lock or released twice."""
        h = self.handle_expr(scope, "ke")
        q = self.queue_expr(scope)
        acquire = indent + self.acquire("ke", h, scope, "queued", q) + ";"
        release = indent + self.release("ke", h, scope, "queued", q) + ";"
        form = self.r.randint(0, 4)
        if form == 0:
            return [acquire] + self.block(scope, indent, self.r.randint(0, 2)) + [release]
        if form == 1:
            return [acquire, indent + "if (%s)" % self.cond_expr(scope, False),
                    "  " + release]
        if form == 2:  # the same handle for a second lock
            second = self.handle_expr(scope, "ke")
            return [acquire, indent + self.acquire("ke", second, scope, "queued", q) + ";",
                    release, release]
        if form == 3:
            return [acquire, indent + "FuzzOpaqueUseQueue(%s);" % q, release]
        return [acquire]

    def stmt_sync(self, scope, indent):
        call = self.sync_call(self.handle_expr(scope, "interrupt", False), scope)
        if self.chance(0.3):
            return [indent + "if (!%s)" % call, indent + "  g_FuzzState++;"]
        return [indent + "(void)%s;" % call]

    def stmt_send(self, scope, indent):
        """WdfRequestSend where the path may or may not hold a lock."""
        call = self.send_call(scope, stmt=True)
        if self.chance(0.4) and not call.startswith(("g_", "(void)")):
            return [indent + "if (!%s)" % call,
                    indent + "  WdfRequestComplete(%s, STATUS_UNSUCCESSFUL);"
                    % self.request_expr(scope)]
        return [indent + ("" if call.startswith("g_") else "(void)") + call + ";"]

    def stmt_send_locked(self, scope, indent):
        """A send between an acquire and a release (under a wait lock it is
        fine)."""
        fam = self.family()
        h = self.handle_expr(scope, fam)
        body = self.block(scope, indent, self.r.randint(0, 1))
        body.insert(self.r.randint(0, len(body)), indent + "(void)%s;" % self.send_call(scope))
        return self.locked(fam, h, scope, indent, body)

    def stmt_fp(self, scope, indent):
        """Lock functions called through pointers."""
        fam = self.family()
        h = self.handle_expr(scope, fam)
        inner = indent + "  "
        form = self.r.randint(0, 4)
        if fam == "wait":
            to = self.timeout_expr(scope)
            return [indent + self.pick([
                "(void)g_FuzzWaitOps.Acquire(%s, %s);" % (h, to),
                "g_FuzzWaitOps.Release(%s);" % h,
                "if (g_FuzzWaitOps.Acquire(%s, %s) == STATUS_SUCCESS)\n%s  "
                "g_FuzzWaitOps.Release(%s);" % (h, to, indent, h),
                "(void)((NTSTATUS (*)(PVOID, PLONGLONG))%s)((PVOID)%s, %s);" % (
                    self.lock_fn("WdfWaitLockAcquire"), h, to),
            ])]
        acquire, release = {
            "interrupt": ("WdfInterruptAcquireLock", "WdfInterruptReleaseLock"),
            "spin": ("WdfSpinLockAcquire", "WdfSpinLockRelease"),
            "ke": ("KeAcquireSpinLockAtDpcLevel", "KeReleaseSpinLockFromDpcLevel"),
        }[fam]
        table = {"interrupt": "g_FuzzLockOps", "spin": "g_FuzzSpinOps",
                 "ke": "g_FuzzKeOps"}[fam]
        if form == 0:
            return [indent + "%s[%s](%s);" % (table, self.index(scope), h)]
        if form == 1:
            fp = self.fresh("Op")
            return self.braced("", [
                inner + "%s %s = %s ? %s : %s;" % (
                    FN_TYPES[acquire], fp, self.cond_expr(scope),
                    self.lock_fn(acquire), self.lock_fn(release)),
                inner + "%s(%s);" % (fp, h)], indent)
        if fam == "interrupt" and form == 2:
            return [indent + "(*g_FuzzOps.%s)(%s);" % (
                self.pick(["Acquire", "Release"]), h)]
        if fam == "interrupt" and form == 3:
            return self.braced("if (g_FuzzOps.Try(%s))" % h, [
                inner + "g_FuzzOps.Release(%s);" % h], indent)
        if fam == "ke" and form in (2, 3):
            return self.braced("if (g_FuzzKeTry(%s))" % h, [
                inner + "g_FuzzKeOps[1](%s);" % h], indent)
        # A pointer cast to another type before the call.
        name = self.pick([acquire, release] + (
            ["WdfInterruptTryToAcquireLock"] if fam == "interrupt" else []))
        cast = self.pick(["VOID (*)(PVOID)", "int (*)(%s)" % FAMILY_TYPE[fam],
                          "VOID (*)(ULONG_PTR)", "BOOLEAN (*)(PVOID)"])
        arg = "(ULONG_PTR)" + h if "ULONG_PTR" in cast else "(PVOID)" + h \
            if "PVOID" in cast else h
        return [indent + "(void)((%s)%s)(%s);" % (cast, self.lock_fn(name), arg)]

    def stmt_opaque(self, scope, indent):
        fam = self.family()
        h = self.handle_expr(scope, fam)
        return [indent + self.pick({
            "interrupt": ["FuzzOpaqueUse(%s);" % h,
                          "FuzzOpaqueUpdateHandle(&Ctx->%s);" % self.pick(
                              ["Interrupt", "Pool[1]"])],
            "spin": ["FuzzOpaqueUseSpinLock(%s);" % h,
                     "FuzzOpaqueUpdateSpinLock(&Ctx->%s);" % self.pick(
                         ["SpinLock", "SpinLocks[2]"])],
            "wait": ["FuzzOpaqueUseWaitLock(%s);" % h,
                     "FuzzOpaqueUpdateWaitLock(&Ctx->WaitLock);"],
            "ke": ["FuzzOpaqueUseKeLock(%s);" % h,
                   "FuzzOpaqueUpdateKePointer(&Ctx->KeLockPtr);"],
        }[fam] + ["FuzzOpaqueUpdate(Ctx);"])]

    def stmt_assign(self, scope, indent):
        fam = self.family()
        targets = {
            "interrupt": ["Ctx->Interrupt", "Ctx->Pool[%s]" % self.index(scope),
                          "g_FuzzSingle", "g_FuzzInterrupts[%s]" % self.index(scope),
                          "Ctx->Alias.Handle"],
            "spin": ["Ctx->SpinLock", "Ctx->SpinLocks[%s]" % self.index(scope),
                     "g_FuzzSpinLock", "g_FuzzSpinLocks[%s]" % self.index(scope)],
            "wait": ["Ctx->WaitLock", "Ctx->WaitLocks[%s]" % self.index(scope),
                     "g_FuzzWaitLock"],
            "ke": ["Ctx->KeLockPtr", "Ctx->Queue.LockQueue.Lock"],
        }[fam]
        targets += [h for h in scope.handles[fam] if h.startswith("Local")]
        lines = [indent + "%s = %s;" % (self.pick(targets),
                                        self.handle_expr(scope, fam, False))]
        if self.chance(0.3):
            lines = [indent + self.pick([
                "Ctx->Count++;", "g_FuzzState = %s;" % self.int_expr(scope),
                "Ctx->Alias.Bits = (ULONG_PTR)%s;" % self.int_expr(scope),
                "__builtin_memcpy(&Ctx->Pool[%s], &Ctx->Interrupt, "
                "sizeof(WDFINTERRUPT));" % self.r.randint(0, 3),
                "Ctx->Link = &Ctx->Pair;",
                "Ctx->KeLock = 0;",
                "Ctx->Timeout = %s;" % self.int_expr(scope),
                "Ctx->TimeoutPtr = %s;" % self.timeout_expr(scope),
                "__builtin_memcpy(&Ctx->KeLocks[%d], &Ctx->KeLock, sizeof(KSPIN_LOCK));"
                % self.r.randint(0, 3),
                "__builtin_memcpy(&g_FuzzQueue, &Ctx->Queue, sizeof(KLOCK_QUEUE_HANDLE));",
                "__builtin_memset(&Ctx->SpinLocks[%d], 0, sizeof(WDFSPINLOCK));"
                % self.r.randint(0, 3),
            ])]
        return lines

    def stmt_kernel(self, scope, indent):
        return [indent + self.pick([
            "KeStallExecutionProcessor(1);",
            "InterlockedIncrement(&Ctx->Count);",
            "(void)WdfInterruptQueueDpcForIsr(%s);" % self.handle_expr(scope),
            "KeInitializeSpinLock(%s);" % self.handle_expr(scope, "ke"),
        ])]

    def stmt_call(self, scope, indent):
        depth = "Depth - 1" if "Depth" in scope.ints else str(self.r.randint(0, 2))
        target = self.pick(self.functions)
        fam = target.family
        h = self.handle_expr(scope, fam)
        if target.kind in ("helper", "knr"):
            call = "%s(Ctx, %s, %s);" % (target.name, h, depth)
            if target.kind == "helper" and self.chance(0.3):
                call = "g_FuzzHelpers%s[%s](Ctx, %s, %s);" % (
                    FAMILY_TAG[fam], self.index(scope), h, depth)
        elif target.kind == "template":
            call = self.pick(["%s(Ctx, %s, %s);", "%s<" + FAMILY_TYPE[fam] + ">(Ctx, %s, %s);"]) % (
                target.name, h, depth)
        elif target.kind == "variadic":
            extra = [self.handle_expr(scope, fam) for _ in range(self.r.randint(0, 2))]
            call = "%s(%s);" % (target.name, ", ".join(["Ctx", str(len(extra))] + extra))
        else:
            call = "%s(%s);" % (target.name, ", ".join(
                self.argument(t, scope) for t, _ in target.role[2]))
        if "Depth" in scope.ints:
            return [indent + "if (Depth > 0)", indent + "  " + call]
        return [indent + call]

    def argument(self, type_name, scope):
        return {
            "WDFINTERRUPT": lambda: self.handle_expr(scope),
            "ULONG": lambda: self.int_expr(scope),
            "WDFCONTEXT": lambda: "(WDFCONTEXT)Ctx",
            "WDFOBJECT": lambda: "(WDFOBJECT)g_FuzzDevice",
            "WDFDEVICE": lambda: "g_FuzzDevice",
            "WDF_POWER_DEVICE_STATE": lambda: "WdfPowerDeviceD3",
            "WDFQUEUE": lambda: "(WDFQUEUE)g_FuzzDevice",
            "WDFREQUEST": lambda: self.request_expr(scope),
            "size_t": lambda: "(size_t)%s" % self.int_expr(scope),
            "WDFDPC": lambda: "(WDFDPC)g_FuzzDevice",
            "WDFTIMER": lambda: "(WDFTIMER)g_FuzzDevice",
            "WDFWORKITEM": lambda: "(WDFWORKITEM)g_FuzzDevice",
            "PDRIVER_OBJECT": lambda: "(PDRIVER_OBJECT)NULL",
            "WDFINTERRUPT *": lambda: "&Ctx->Interrupt",
            "WDFINTERRUPT &": lambda: "Ctx->Interrupt",
            "double": lambda: "1.5",
        }[type_name]()

    def stmt_if(self, scope, indent):
        inner = indent + "  "
        lines = self.braced("if (%s)" % self.cond_expr(scope, False),
                            self.block(scope, inner), indent)
        if self.chance(0.5):
            lines[-1] += " else {"
            lines += self.block(scope, inner) + [indent + "}"]
        return lines

    def stmt_loop(self, scope, indent):
        inner = indent + "  "
        var = self.fresh("I")
        body_scope = scope.nested(loop=True, breakable=True,
                                  ints=scope.ints + [var])
        form = self.r.randint(0, 2)
        if form == 0:
            return self.braced("for (int %s = 0; %s < %d; ++%s)" % (
                var, var, self.r.randint(1, 4), var),
                self.block(body_scope, inner), indent)
        if form == 1:
            head = [inner + "int %s = %s;" % (var, self.int_expr(scope))]
            loop = self.braced("while (%s-- > 0)" % var,
                               self.block(body_scope, inner + "  "), inner)
            return self.braced("", head + loop, indent)
        body = self.block(scope.nested(loop=True, breakable=True), inner)
        return [indent + "do {"] + body + [
            indent + "} while (%s);" % self.cond_expr(scope, False)]

    def stmt_switch(self, scope, indent):
        inner = indent + "  "
        lines = [indent + "switch ((int)(%s)) {" % self.int_expr(scope)]
        cases = self.r.sample(range(-1, 6), self.r.randint(1, 3))
        case_scope = scope.nested(breakable=True)  # break leaves the switch
        for value in cases:
            lines.append(inner + "case %d: {" % value)
            lines += self.block(case_scope, inner + "  ")
            lines.append(inner + "}")
            if self.chance(0.7):
                lines.append(inner + "  break;")
        if self.chance(0.6):
            lines.append(inner + "default:")
            lines += self.block(case_scope, inner + "  ", 1)
        lines.append(indent + "}")
        return lines

    def stmt_goto_out(self, scope, indent):
        return [indent + "if (%s)" % self.cond_expr(scope), indent + "  goto Out;"]

    def stmt_goto_retry(self, scope, indent):
        return [indent + "if (++Retries < 2)", indent + "  goto Retry;"]

    def stmt_break(self, scope, indent):
        word = self.pick(["break", "continue"]) if scope.loop else "break"
        return [indent + "if (%s)" % self.cond_expr(scope), indent + "  %s;" % word]

    def stmt_return(self, scope, indent):
        return [indent + "if (%s)" % self.cond_expr(scope, False),
                indent + "  " + scope.ret]

    def stmt_print_state(self, scope, indent):
        """debug.ExprInspection prints the checker's state here."""
        return [indent + "clang_analyzer_printState();"]

    def stmt_many(self, scope, indent):
        """Many locks at once, of several families: the exit report sorts
        them."""
        slots = self.r.sample(range(16), self.r.randint(3, 12))
        held = [(self.family(), k) for k in slots]
        if "interrupt" in self.families and self.chance(0.5):
            held += [("interrupt", k) for k in
                     self.r.sample(range(16, 32), self.r.randint(2, 12))]
        many = {"interrupt": ("FUZZ_ACQUIRE(g_FuzzMany[%d]);", "FUZZ_RELEASE(g_FuzzMany[%d]);"),
                "spin": ("FUZZ_SPIN_ACQUIRE(g_FuzzSpinMany[%d]);",
                         "FUZZ_SPIN_RELEASE(g_FuzzSpinMany[%d]);"),
                "wait": ("FUZZ_WAIT_ACQUIRE(g_FuzzWaitMany[%d]);",
                         "FUZZ_WAIT_RELEASE(g_FuzzWaitMany[%d]);"),
                "ke": ("FUZZ_KE_ACQUIRE(&g_FuzzKeMany[%d]);",
                       "FUZZ_KE_RELEASE(&g_FuzzKeMany[%d]);")}
        lines = [indent + many[f][0] % k for f, k in held]
        for f, k in self.r.sample(held, self.r.randint(0, len(held))):
            lines.append(indent + many[f][1] % k)
        return lines

    def stmt_macro(self, scope, indent):
        fam = self.family()
        h = self.handle_expr(scope, fam)
        tag = {"interrupt": "", "spin": "SPIN_", "wait": "WAIT_", "ke": "KE_"}[fam]
        return [indent + self.pick([
            "FUZZ_%sACQUIRE(%s);" % (tag, h), "FUZZ_%sRELEASE(%s);" % (tag, h),
            "FUZZ_LOCKED(FUZZ_%sACQUIRE, FUZZ_%sRELEASE, %s, Ctx->Count++);" % (tag, tag, h),
            "FUZZ_LOCKED(FUZZ_%sACQUIRE, FUZZ_%sRELEASE, %s, FUZZ_%sRELEASE(%s));"
            % (tag, tag, h, tag, h),
        ])]

    def stmt_spin(self, scope, indent):
        """Spinning on a try-acquire or a timed wait."""
        fam = self.family(("interrupt", "ke", "wait"))
        h = self.handle_expr(scope, fam)
        if fam == "wait":
            to = self.pick(["&g_FuzzTimeout", "&g_FuzzZeroTimeout"] + (
                ["&WaitTimeout"] if scope.mutable else []))
            return self.braced("while (%s != STATUS_SUCCESS)" % self.call(
                "WdfWaitLockAcquire", [h, to], False),
                [indent + "  KeStallExecutionProcessor(1);"], indent)
        try_call = self.try_call(fam, h)
        if self.chance(0.5):
            return self.braced("while (!%s)" % try_call,
                               [indent + "  KeStallExecutionProcessor(1);"], indent)
        return [indent + "switch (%s) {" % try_call,
                indent + "case 0:",
                indent + "  break;",
                indent + "default:",
                indent + "  %s;" % self.try_release(fam, h),
                indent + "}"]

    def stmt_cleanup(self, scope, indent):
        """A GNU cleanup variable: the release runs when the scope ends."""
        inner = indent + "  "
        fam = self.family()
        if fam == "ke" and self.chance(0.5):
            queue = self.fresh("Queued")
            lines = [inner + "KLOCK_QUEUE_HANDLE %s __attribute__((cleanup(FuzzReleaseQueueAt)));"
                     % queue,
                     inner + self.acquire("ke", self.handle_expr(scope, "ke"), scope,
                                          "queued", "&" + queue) + ";"]
            body_scope = scope.nested(queues=scope.queues + ["&" + queue])
            lines += self.block(body_scope, inner, self.r.randint(0, 2))
            return self.braced("", lines, indent)
        held = self.fresh("Held")
        lines = [inner + "%s %s __attribute__((cleanup(FuzzRelease%sAt))) = %s;"
                 % (FAMILY_TYPE[fam], held, FAMILY_TAG[fam], self.handle_expr(scope, fam)),
                 inner + self.acquire(fam, held, scope, "dpc") + ";"]
        lines += self.block(scope.with_handle(fam, held), inner, self.r.randint(0, 2))
        return self.braced("", lines, indent)

    def stmt_block(self, scope, indent):
        """A clang block (-fblocks), called at once."""
        body_scope = Scope(scope.copied(), scope.ints, "return;", in_lambda=True,
                           requests=scope.requests, mutable=False)
        body = self.block(body_scope, indent + "  ")
        return [indent + "^{"] + body + [indent + "}();"]

    # C++ only.

    def stmt_new_delete(self, scope, indent):
        inner = indent + "  "
        guard = self.fresh("Heap")
        fam = self.family()
        t = FAMILY_TYPE[fam]
        lines = [inner + "FuzzGuard<%s> *%s = new FuzzGuard<%s>(%s);"
                 % (t, guard, t, self.handle_expr(scope, fam))]
        lines += self.block(scope, inner, self.r.randint(0, 2))
        lines.append(inner + "delete %s;" % guard)
        return self.braced("", lines, indent)

    def stmt_try_catch(self, scope, indent):
        inner = indent + "  "
        fam = self.family()
        h = self.handle_expr(scope, fam)
        form = "dpc" if fam == "ke" else None
        body = [inner + self.acquire(fam, h, scope, form) + ";",
                inner + "if (%s)" % self.cond_expr(scope),
                inner + "  throw Ctx->Count;"]
        body += self.block(scope, inner, self.r.randint(0, 2))
        lines = self.braced("try", body, indent)
        lines[-1] += " catch (...) {"
        lines += [inner + self.release(fam, h, scope, form) + ";", indent + "}"]
        return lines

    def stmt_ptm(self, scope, indent):
        inner = indent + "  "
        m = self.fresh("Method")
        a, b = self.pick([("Lock", "Unlock"), ("LockOwn", "UnlockOwn"),
                          ("Lock", "LockOwn")])
        return self.braced("", [
            inner + "void (FuzzDevice::*%s)() = %s ? &FuzzDevice::%s : &FuzzDevice::%s;"
            % (m, self.cond_expr(scope), a, b),
            inner + "(g_FuzzDevices[%d].*%s)();" % (self.r.randint(0, 1), m)], indent)

    def stmt_lambda(self, scope, indent):
        inner = indent + "  "
        fn = self.fresh("Fn")
        param = self.fresh("X")
        fam = self.family()
        capture = self.pick(["[&]", "[=]", "[&, Ctx]"])
        if capture == "[=]":  # a copy cannot be assigned to
            body_scope = Scope(scope.copied(), scope.ints, "return;", in_lambda=True,
                               template_handle=scope.template_handle,
                               requests=scope.requests, mutable=False)
        else:
            body_scope = scope.nested(ret="return;", in_lambda=True, labels=set(),
                                      loop=False, breakable=False)
        body_scope = body_scope.with_handle(fam, param)
        body = self.block(body_scope, inner + "  ")
        lines = [inner + "auto %s = %s(%s %s) {" % (fn, capture, FAMILY_TYPE[fam], param)]
        lines += body + [inner + "};"]
        lines += [inner + "%s(%s);" % (fn, self.handle_expr(scope, fam))
                  for _ in range(self.r.randint(1, 2))]
        return self.braced("", lines, indent)

    def stmt_guard(self, scope, indent):
        """RAII guards: the template over every family, an in-stack queued
        guard, a guard that keeps the old IRQL, a timed wait-lock guard."""
        inner = indent + "  "
        guard = self.fresh("Guard")
        fam = self.family()
        form = self.r.randint(0, 2) if fam in ("ke", "wait") else 0
        lines = []
        if form == 0:
            lines.append(inner + "FuzzGuard<%s> %s(%s);" % (
                FAMILY_TYPE[fam], guard, self.handle_expr(scope, fam)))
        elif fam == "ke":
            lines.append(inner + "%s %s(%s);" % (
                ["", "FuzzQueuedGuard", "FuzzIrqlGuard"][form], guard,
                self.handle_expr(scope, "ke")))
        else:
            lines.append(inner + "FuzzTimedGuard %s(%s, %s);" % (
                guard, self.handle_expr(scope, "wait"), self.timeout_expr(scope)))
            if form == 2:
                lines += [inner + "if (!%s.Owns())" % guard, inner + "  " + scope.ret]
        lines += self.block(scope, inner, self.r.randint(0, 2))
        return self.braced("", lines, indent)

    def stmt_with_lock(self, scope, indent):
        fam = self.family()
        body_scope = scope.nested(ret="return;", in_lambda=True, labels=set(),
                                  loop=False, breakable=False)
        body = self.block(body_scope, indent + "  ")
        return ([indent + "FuzzWithLock(%s, [&]() {" % self.handle_expr(scope, fam)]
                + body + [indent + "});"])

    def stmt_member(self, scope, indent):
        dev = "g_FuzzDevices[%s]" % self.r.randint(0, 1)
        return [indent + self.pick([
            "%s.Lock();" % dev, "%s.Unlock();" % dev,
            "%s.LockOwn();" % dev, "%s.UnlockOwn();" % dev,
            "if (%s.TryLock())\n%s  %s.Unlock();" % (dev, indent, dev),
            "%s.Attach(%s);" % (dev, self.handle_expr(scope)),
        ])]

    # -- functions ---------------------------------------------------------

    def body(self, fn, scope, prologue):
        """The body of a function: declarations first (so that no goto jumps
        over one), an optional retry label, statements, an exit label."""
        ind = "  "
        lines = [ind + line for line in prologue]
        handles = {f: list(h) for f, h in scope.handles.items()}
        for _ in range(self.r.randint(0, 2)):
            fam = self.family()
            name = self.fresh("Local")
            init = self.handle_expr(scope, fam, False)
            lines.append(ind + "%s %s = %s;" % (FAMILY_TYPE[fam], name, init))
            handles[fam].append(name)
        if self.chance(0.15):
            fam = self.family()
            lines.append(ind + "%s Uninit;" % FAMILY_TYPE[fam])
            if self.chance(0.5):
                handles[fam].append("Uninit")
        labels = set()
        if self.chance(0.4):
            labels.add("Out")
        if self.chance(0.2):
            labels.add("Retry")
            lines.append(ind + "int Retries = 0;")
            lines.append("Retry:")
            lines.append(ind + ";")
        scope = scope.nested(handles=handles, labels=labels)
        self.budget = self.r.randint(4, 14)
        lines += self.block(scope, ind, self.r.randint(2, 5))
        if "Out" in labels:
            lines.append("Out:")
            if self.chance(0.5):
                fam = self.family()
                lines.append(ind + self.release(fam, self.handle_expr(scope, fam), scope)
                             + ";")
        lines.append(ind + scope.ret)
        return self.on_demand_locals(lines) + lines

    def on_demand_locals(self, lines):
        """Declarations of the locals the statements used."""
        text = "\n".join(lines)
        decls = []
        for name, decl in ON_DEMAND_LOCALS:
            if re.search(r"\b%s\b" % name, text):
                if decl is None:
                    decl = "LONGLONG WaitTimeout = %s;" % self.pick(["-10000", "0", "-1"])
                decls.append("  " + decl)
        return decls

    def callback(self, fn):
        name, ret, params, ctx, handle, ret_stmt = fn.role
        lines = []
        decl_role = name
        if self.chance(0.2) and not fn.member:
            decl_role = "FUZZ_%s_ALIAS" % fn.name.upper()
            lines.append("typedef %s %s;" % (name, decl_role))
        extern = fn.extern_c
        if not fn.member:
            lines.append("%s%s %s;" % (extern, decl_role, fn.name))
        knr = (not self.cxx and self.chance(0.15)
               and all(t in KNR_SAFE_TYPES for t, _ in params))
        if knr:
            lines.append("%s %s(%s)" % (ret, fn.name, ", ".join(n for _, n in params)))
            lines += ["%s %s;" % (t, n) for t, n in params]
            lines.append("{")
        else:
            lines.append("%s%s %s(%s) {" % (extern, ret, fn.name, ", ".join(
                "%s %s" % p for p in params)))
        handles = {"interrupt": [handle]} if handle else {}
        ints = ["(int)MessageID"] if name == "EVT_WDF_INTERRUPT_ISR" else []
        ints += ["(int)Interrupt"] if handle and handle.endswith(")Interrupt") else []
        ints += ["(int)IoControlCode"] if name == "EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL" else []
        requests = [n for t, n in params if t == "WDFREQUEST"]
        scope = Scope(handles, ints, ret_stmt, requests=requests)
        lines += self.body(fn, scope, ["PFUZZ_CONTEXT Ctx = %s;" % ctx])
        lines.append("}")
        return lines

    def lock_param(self, fn):
        return "%s %s" % (FAMILY_TYPE[fn.family], FAMILY_PARAM[fn.family])

    def helper_scope(self, fn, ints):
        return Scope({fn.family: [FAMILY_PARAM[fn.family]]}, ints, "return;")

    def helper(self, fn):
        lines = ["%sVOID %s(PFUZZ_CONTEXT Ctx, %s, int Depth) {" % (
            fn.static, fn.name, self.lock_param(fn))]
        lines += self.body(fn, self.helper_scope(fn, ["Depth"]), [])
        return lines + ["}"]

    def knr_helper(self, fn):
        lines = ["static VOID %s(Ctx, %s, Depth)" % (fn.name, FAMILY_PARAM[fn.family]),
                 "PFUZZ_CONTEXT Ctx;", self.lock_param(fn) + ";", "int Depth;", "{"]
        lines += self.body(fn, self.helper_scope(fn, ["Depth"]), [])
        return lines + ["}"]

    def variadic_helper(self, fn):
        param = FAMILY_PARAM[fn.family]
        default = {"interrupt": "Ctx->Interrupt", "spin": "Ctx->SpinLock",
                   "wait": "Ctx->WaitLock", "ke": "&Ctx->KeLock"}[fn.family]
        lines = ["static VOID %s(PFUZZ_CONTEXT Ctx, int Count, ...) {" % fn.name]
        prologue = ["__builtin_va_list Args;",
                    "%s = %s;" % (self.lock_param(fn), default),
                    "__builtin_va_start(Args, Count);",
                    "if (Count > 0)",
                    "  %s = __builtin_va_arg(Args, %s);" % (param, FAMILY_TYPE[fn.family]),
                    "__builtin_va_end(Args);"]
        lines += self.body(fn, self.helper_scope(fn, ["Count"]), prologue)
        return lines + ["}"]

    def template_helper(self, fn):
        param = FAMILY_PARAM[fn.family]
        lines = ["template <typename H>",
                 "static VOID %s(PFUZZ_CONTEXT Ctx, H %s, int Depth) {" % (fn.name, param)]
        scope = Scope({}, ["Depth"], "return;", template_handle=(fn.family, param))
        lines += self.body(fn, scope, [])
        return lines + ["}"]

    def prototype(self, fn):
        if fn.member:
            return ""
        if fn.kind == "helper":
            proto = "%sVOID %s(PFUZZ_CONTEXT Ctx, %s, int Depth);" % (
                fn.static, fn.name, self.lock_param(fn))
            if fn.role_helper:
                proto += "\n%sFUZZ_ROLE_%sHELPER %s;" % (
                    fn.static, FAMILY_TAG[fn.family].upper() + "_" if fn.family != "interrupt"
                    else "", fn.name)
            return proto
        if fn.kind == "knr":
            return "static VOID %s();" % fn.name
        if fn.kind == "variadic":
            return "static VOID %s(PFUZZ_CONTEXT Ctx, int Count, ...);" % fn.name
        if fn.kind == "template":
            return ("template <typename H> static VOID %s(PFUZZ_CONTEXT Ctx, "
                    "H %s, int Depth);" % (fn.name, FAMILY_PARAM[fn.family]))
        return "%s%s %s;" % (fn.extern_c, fn.role[0], fn.name)

    def definition(self, fn):
        if fn.kind in ("callback", "sync"):
            return self.callback(fn)
        return getattr(self, {"helper": "helper", "knr": "knr_helper",
                              "variadic": "variadic_helper",
                              "template": "template_helper"}[fn.kind])(fn)

    # -- the translation unit ----------------------------------------------

    def preamble(self):
        lines = ["/* Generated by tools/fuzz/gen_kmdf.py: seed %d, %s, %s shape; "
                 "families %s%s. */" % (self.seed, self.lang, self.shape,
                                         ", ".join(self.families),
                                         ", requests sent" if self.sends else "")]
        lines += self.own_api() if self.shape == "own" else ['#include "kmdf.h"']
        lines += [
            "",
            "typedef struct _FUZZ_PAIR {",
            "  WDFINTERRUPT First;",
            "  WDFINTERRUPT Second;",
            "} FUZZ_PAIR;",
            "typedef struct _FUZZ_BOX {",
            "  WDFINTERRUPT Interrupt;",
            "  WDFSPINLOCK SpinLock;",
            "  WDFWAITLOCK WaitLock;",
            "  PKSPIN_LOCK KeLock;",
            "} FUZZ_BOX;",
            "typedef struct _FUZZ_CONTEXT {",
            "  WDFINTERRUPT Interrupt;",
            "  WDFINTERRUPT Pool[4];",
            "  FUZZ_PAIR Pair;",
            "  FUZZ_PAIR *Link;",
            "  struct _FUZZ_CONTEXT *Next;",
            "  union {",
            "    WDFINTERRUPT Handle;",
            "    ULONG_PTR Bits;",
            "  } Alias;",
            "  ULONG Flags;",
            "  LONG Count;",
            "  WDFSPINLOCK SpinLock;",
            "  WDFSPINLOCK SpinLocks[4];",
            "  WDFWAITLOCK WaitLock;",
            "  WDFWAITLOCK WaitLocks[4];",
            "  KSPIN_LOCK KeLock;",
            "  KSPIN_LOCK KeLocks[4];",
            "  PKSPIN_LOCK KeLockPtr;",
            "  KIRQL OldIrql;",
            "  KLOCK_QUEUE_HANDLE Queue;",
            "  LONGLONG Timeout;",
            "  PLONGLONG TimeoutPtr;",
            "  NTSTATUS Status;",
            "  WDFIOTARGET IoTarget;",
            "  WDFREQUEST Pending;",
            "  WDF_REQUEST_SEND_OPTIONS SendOptions;",
            "} FUZZ_CONTEXT, *PFUZZ_CONTEXT;",
        ]
        if self.shape == "own":
            lines.append("#define FuzzGetContext(Object) ((PFUZZ_CONTEXT)"
                         "WdfObjectGetTypedContextWorker((WDFOBJECT)(Object), NULL))")
        else:
            lines.append("WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FUZZ_CONTEXT, FuzzGetContext)")
        lines += [
            "",
            "typedef VOID (*FUZZ_LOCK_FN)(WDFINTERRUPT);",
            "typedef BOOLEAN (*FUZZ_TRY_FN)(WDFINTERRUPT);",
            "typedef VOID (*FUZZ_SPIN_FN)(WDFSPINLOCK);",
            "typedef NTSTATUS (*FUZZ_WAIT_ACQUIRE_FN)(WDFWAITLOCK, PLONGLONG);",
            "typedef VOID (*FUZZ_WAIT_RELEASE_FN)(WDFWAITLOCK);",
            "typedef VOID (*FUZZ_KE_FN)(PKSPIN_LOCK);",
            "typedef BOOLEAN (*FUZZ_KE_TRY_FN)(PKSPIN_LOCK);",
        ]
        for fam in FAMILIES:
            lines.append("typedef VOID (*FUZZ_HELPER%s_FN)(PFUZZ_CONTEXT, %s, int);"
                         % (FAMILY_TAG[fam].upper(), FAMILY_TYPE[fam]))
        lines += [
            "typedef struct _FUZZ_LOCK_OPS {",
            "  FUZZ_LOCK_FN Acquire;",
            "  FUZZ_LOCK_FN Release;",
            "  FUZZ_TRY_FN Try;",
            "} FUZZ_LOCK_OPS;",
            "typedef struct _FUZZ_WAIT_OPS {",
            "  FUZZ_WAIT_ACQUIRE_FN Acquire;",
            "  FUZZ_WAIT_RELEASE_FN Release;",
            "} FUZZ_WAIT_OPS;",
            "",
            "KMDF_BEGIN_DECLS",
            "VOID FuzzOpaqueUse(WDFINTERRUPT Interrupt);",
            "VOID FuzzOpaqueUseSpinLock(WDFSPINLOCK SpinLock);",
            "VOID FuzzOpaqueUseWaitLock(WDFWAITLOCK WaitLock);",
            "VOID FuzzOpaqueUseKeLock(PKSPIN_LOCK KeLock);",
            "VOID FuzzOpaqueUseQueue(PKLOCK_QUEUE_HANDLE Handle);",
            "VOID FuzzOpaqueUpdate(PFUZZ_CONTEXT Context);",
            "VOID FuzzOpaqueUpdateHandle(WDFINTERRUPT *Interrupt);",
            "VOID FuzzOpaqueUpdateSpinLock(WDFSPINLOCK *SpinLock);",
            "VOID FuzzOpaqueUpdateWaitLock(WDFWAITLOCK *WaitLock);",
            "VOID FuzzOpaqueUpdateKePointer(PKSPIN_LOCK *KeLock);",
            "BOOLEAN FuzzOpaqueCondition(VOID);",
            "WDFINTERRUPT FuzzOpaqueHandle(VOID);",
            "WDFSPINLOCK FuzzOpaqueSpinLock(VOID);",
            "WDFWAITLOCK FuzzOpaqueWaitLock(VOID);",
            "PKSPIN_LOCK FuzzOpaqueKeLock(VOID);",
            "PLONGLONG FuzzOpaqueTimeout(VOID);",
            "PFUZZ_CONTEXT FuzzOpaqueContext(VOID);",
            "void clang_analyzer_printState(void);",
            "KMDF_END_DECLS",
            "",
            "static WDFINTERRUPT g_FuzzInterrupts[4];",
            "static WDFINTERRUPT g_FuzzSingle;",
            "static WDFDEVICE g_FuzzDevice;",
            "static PFUZZ_CONTEXT g_FuzzContext;",
            "static int g_FuzzState;",
            "static WDFINTERRUPT g_FuzzMany[32];",
            "static WDFSPINLOCK g_FuzzSpinLock;",
            "static WDFSPINLOCK g_FuzzSpinLocks[4];",
            "static WDFSPINLOCK g_FuzzSpinMany[16];",
            "static WDFWAITLOCK g_FuzzWaitLock;",
            "static WDFWAITLOCK g_FuzzWaitLocks[4];",
            "static WDFWAITLOCK g_FuzzWaitMany[16];",
            "static KSPIN_LOCK g_FuzzKeLock;",
            "static KSPIN_LOCK g_FuzzKeLocks[4];",
            "static KSPIN_LOCK g_FuzzKeMany[16];",
            "static KLOCK_QUEUE_HANDLE g_FuzzQueue;",
            "static KLOCK_QUEUE_HANDLE g_FuzzQueues[4];",
            "static LONGLONG g_FuzzTimeout = -10000;",
            "static LONGLONG g_FuzzZeroTimeout = 0;",
            "static WDFREQUEST g_FuzzRequest;",
            "static WDFIOTARGET g_FuzzTarget;",
            "static WDF_REQUEST_SEND_OPTIONS g_FuzzSendOptions;",
            "#define FUZZ_HANDLE(Context) ((Context)->Pool[3])",
            "#define FUZZ_SPIN(Context) ((Context)->SpinLocks[1])",
            "#define FUZZ_WAIT(Context) ((Context)->WaitLocks[2])",
            "#define FUZZ_KE(Context) (&(Context)->KeLocks[3])",
            "#define FUZZ_ACQUIRE(Handle) %s" % self.call("WdfInterruptAcquireLock", ["(Handle)"]),
            "#define FUZZ_RELEASE(Handle) %s" % self.call("WdfInterruptReleaseLock", ["(Handle)"]),
            "#define FUZZ_SPIN_ACQUIRE(Handle) %s" % self.call("WdfSpinLockAcquire", ["(Handle)"]),
            "#define FUZZ_SPIN_RELEASE(Handle) %s" % self.call("WdfSpinLockRelease", ["(Handle)"]),
            "#define FUZZ_WAIT_ACQUIRE(Handle) (void)%s" % self.call(
                "WdfWaitLockAcquire", ["(Handle)", "NULL"], False),
            "#define FUZZ_WAIT_RELEASE(Handle) %s" % self.call("WdfWaitLockRelease", ["(Handle)"]),
            "#define FUZZ_KE_ACQUIRE(Lock) %s" % self.call("KeAcquireSpinLockAtDpcLevel",
                                                          ["(Lock)"]),
            "#define FUZZ_KE_RELEASE(Lock) %s" % self.call("KeReleaseSpinLockFromDpcLevel",
                                                          ["(Lock)"]),
            "#define FUZZ_CTX_LOCK(Context) %s" % self.call(
                "KeAcquireSpinLock", ["&(Context)->KeLock", "&(Context)->OldIrql"]),
            "#define FUZZ_CTX_UNLOCK(Context) %s" % self.call(
                "KeReleaseSpinLock", ["&(Context)->KeLock", "(Context)->OldIrql"]),
            "#define FUZZ_LOCKED(Acquire, Release, Handle, Statement) \\",
            "  do { Acquire(Handle); Statement; Release(Handle); } while (0)",
            "static VOID FuzzReleaseAt(WDFINTERRUPT *Slot) { FUZZ_RELEASE(*Slot); }",
            "static VOID FuzzReleaseSpinAt(WDFSPINLOCK *Slot) { FUZZ_SPIN_RELEASE(*Slot); }",
            "static VOID FuzzReleaseWaitAt(WDFWAITLOCK *Slot) { FUZZ_WAIT_RELEASE(*Slot); }",
            "static VOID FuzzReleaseKeAt(PKSPIN_LOCK *Slot) { FUZZ_KE_RELEASE(*Slot); }",
            "static VOID FuzzReleaseQueueAt(PKLOCK_QUEUE_HANDLE Handle) { %s; }"
            % self.call("KeReleaseInStackQueuedSpinLock", ["Handle"]),
        ]
        for fam in FAMILIES:
            lines.append("typedef VOID FUZZ_ROLE_%sHELPER(PFUZZ_CONTEXT Ctx, %s %s, int Depth);"
                         % (FAMILY_TAG[fam].upper() + "_" if fam != "interrupt" else "",
                            FAMILY_TYPE[fam], FAMILY_PARAM[fam]))
        return lines

    def own_api(self):
        """The program's own declarations of what kmdf.h would declare."""
        lines = [
            "#ifdef __cplusplus",
            '#define KMDF_BEGIN_DECLS extern "C" {',
            "#define KMDF_END_DECLS }",
            "#define NULL 0",
            "#else",
            "#define KMDF_BEGIN_DECLS",
            "#define KMDF_END_DECLS",
            "#define NULL ((void *)0)",
            "#endif",
            "typedef void VOID;",
            "typedef void *PVOID;",
            "typedef unsigned char UCHAR;",
            "typedef UCHAR BOOLEAN;",
            "typedef unsigned long ULONG;",
            "typedef long LONG;",
            "typedef long NTSTATUS;",
            "typedef long long LONGLONG;",
            "typedef LONGLONG *PLONGLONG;",
            "typedef __SIZE_TYPE__ size_t;",
            "typedef unsigned long long ULONG_PTR;",
            "#define TRUE 1",
            "#define FALSE 0",
            "#define STATUS_SUCCESS ((NTSTATUS)0)",
            "#define STATUS_TIMEOUT ((NTSTATUS)0x102)",
            "#define STATUS_UNSUCCESSFUL ((NTSTATUS)0xC0000001L)",
            "#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)",
            "typedef PVOID WDFOBJECT;",
            "typedef PVOID WDFCONTEXT;",
        ]
        for handle in ("WDFINTERRUPT", "WDFDEVICE", "WDFQUEUE", "WDFREQUEST",
                       "WDFDPC", "WDFTIMER", "WDFWORKITEM", "WDFSPINLOCK",
                       "WDFWAITLOCK", "WDFIOTARGET"):
            lines.append("typedef struct %s__ { int unused; } *%s;" % (handle, handle))
        lines += [
            "typedef ULONG_PTR KSPIN_LOCK;",
            "typedef KSPIN_LOCK *PKSPIN_LOCK;",
            "typedef UCHAR KIRQL;",
            "typedef KIRQL *PKIRQL;",
            "typedef struct _KSPIN_LOCK_QUEUE {",
            "  struct _KSPIN_LOCK_QUEUE *volatile Next;",
            "  PKSPIN_LOCK volatile Lock;",
            "} KSPIN_LOCK_QUEUE;",
            "typedef struct _KLOCK_QUEUE_HANDLE {",
            "  KSPIN_LOCK_QUEUE LockQueue;",
            "  KIRQL OldIrql;",
            "} KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;",
            "typedef struct _WDF_REQUEST_SEND_OPTIONS {",
            "  ULONG Size;",
            "  ULONG Flags;",
            "  LONGLONG Timeout;",
            "} WDF_REQUEST_SEND_OPTIONS, *PWDF_REQUEST_SEND_OPTIONS;",
            "typedef struct _DRIVER_OBJECT { PVOID DriverExtension; } *PDRIVER_OBJECT;",
            "typedef enum { WdfPowerDeviceD0 = 1, WdfPowerDeviceD3 = 4 } "
            "WDF_POWER_DEVICE_STATE;",
        ]
        for name, ret, params, _, _, _ in self.roles:
            lines.append("typedef %s %s(%s);" % (ret, name, ", ".join(
                "%s %s" % p for p in params)))
        lines += [
            "typedef EVT_WDF_INTERRUPT_SYNCHRONIZE *PFN_WDF_INTERRUPT_SYNCHRONIZE;",
            "typedef struct { int A; int B[4]; } FUZZ_RET;",
            "static WDFINTERRUPT g_FuzzDefaultHandle;",
            "static WDFSPINLOCK g_FuzzDefaultSpinLock;",
            "static WDFWAITLOCK g_FuzzDefaultWaitLock;",
            "static KSPIN_LOCK g_FuzzDefaultKeLock;",
            "static KIRQL g_FuzzDefaultIrql;",
            "static KLOCK_QUEUE_HANDLE g_FuzzDefaultQueue;",
            "KMDF_BEGIN_DECLS",
        ]
        templates = []
        for name, (ret, params) in API.items():
            style = self.api[name]
            if style == "macro":
                continue
            ret = {"int_ret": "int", "struct_ret": "FUZZ_RET"}.get(style, ret)
            declared = ["%s %s" % p for p in params]
            if style == "template":
                templates.append("template <typename T> %s %s(%s);" % (
                    ret, name, ", ".join(["T " + params[0][1]] + declared[1:])))
                continue
            if style == "knr":
                declared = []
            elif style == "variadic":
                declared = declared[:1] + ["..."]
            elif style == "ellipsis":
                declared = ["..."]
            elif style == "default_arg":
                declared[-1] += " = " + DEFAULT_ARGS[params[-1][0]]
            lines.append("%s %s(%s);" % (ret, name, ", ".join(declared)))
        if self.api["KeAcquireSpinLock"] == "macro":
            lines.append("#define KeAcquireSpinLock(SpinLock, OldIrql) "
                         "*(OldIrql) = KeAcquireSpinLockRaiseToDpc(SpinLock)")
        sync_params = {
            "knr": "", "proto": "WDFINTERRUPT Interrupt, PFN_WDF_INTERRUPT_SYNCHRONIZE "
            "Callback, WDFCONTEXT Context", "variadic": "WDFINTERRUPT Interrupt, ..."
        }[self.api["sync"]]
        lines += [
            "BOOLEAN WdfInterruptSynchronize(%s);" % sync_params,
            "WDFDEVICE WdfInterruptGetDevice(WDFINTERRUPT Interrupt);",
            "WDFDEVICE WdfIoQueueGetDevice(WDFQUEUE Queue);",
            "BOOLEAN WdfInterruptQueueDpcForIsr(WDFINTERRUPT Interrupt);",
            "VOID WdfRequestComplete(WDFREQUEST Request, NTSTATUS Status);",
            "PVOID WdfObjectGetTypedContextWorker(WDFOBJECT Handle, const void *Info);",
            "VOID KeStallExecutionProcessor(ULONG MicroSeconds);",
            "VOID KeInitializeSpinLock(PKSPIN_LOCK SpinLock);",
            "LONG InterlockedIncrement(LONG volatile *Addend);",
            "KMDF_END_DECLS",
        ]
        return lines + templates

    def cxx_support(self):
        """Lock wrappers overloaded on every family, RAII guards, a
        lock-around-a-lambda template and a class with lock methods."""
        call = self.call
        return [
            "static inline VOID FuzzLock(WDFINTERRUPT H) { %s; }"
            % call("WdfInterruptAcquireLock", ["H"]),
            "static inline VOID FuzzUnlock(WDFINTERRUPT H) { %s; }"
            % call("WdfInterruptReleaseLock", ["H"]),
            "static inline VOID FuzzLock(WDFSPINLOCK H) { %s; }"
            % call("WdfSpinLockAcquire", ["H"]),
            "static inline VOID FuzzUnlock(WDFSPINLOCK H) { %s; }"
            % call("WdfSpinLockRelease", ["H"]),
            "static inline VOID FuzzLock(WDFWAITLOCK H) { (void)%s; }"
            % call("WdfWaitLockAcquire", ["H", "NULL"], False),
            "static inline VOID FuzzUnlock(WDFWAITLOCK H) { %s; }"
            % call("WdfWaitLockRelease", ["H"]),
            "static inline VOID FuzzLock(PKSPIN_LOCK H) { %s; }"
            % call("KeAcquireSpinLockAtDpcLevel", ["H"]),
            "static inline VOID FuzzUnlock(PKSPIN_LOCK H) { %s; }"
            % call("KeReleaseSpinLockFromDpcLevel", ["H"]),
            "template <typename H> class FuzzGuard {",
            "public:",
            "  explicit FuzzGuard(H Handle) : Handle(Handle) { FuzzLock(Handle); }",
            "  ~FuzzGuard() { FuzzUnlock(Handle); }",
            "  FuzzGuard(const FuzzGuard &) = delete;",
            "  FuzzGuard &operator=(const FuzzGuard &) = delete;",
            "",
            "private:",
            "  H Handle;",
            "};",
            "class FuzzQueuedGuard {",
            "public:",
            "  explicit FuzzQueuedGuard(PKSPIN_LOCK Lock) { %s; }"
            % call("KeAcquireInStackQueuedSpinLock", ["Lock", "&Handle"]),
            "  ~FuzzQueuedGuard() { %s; }" % call("KeReleaseInStackQueuedSpinLock", ["&Handle"]),
            "",
            "private:",
            "  KLOCK_QUEUE_HANDLE Handle;",
            "};",
            "class FuzzIrqlGuard {",
            "public:",
            "  explicit FuzzIrqlGuard(PKSPIN_LOCK Lock) : Lock(Lock) { %s; }"
            % call("KeAcquireSpinLock", ["Lock", "&Old"]),
            "  ~FuzzIrqlGuard() { %s; }" % call("KeReleaseSpinLock", ["Lock", "Old"]),
            "",
            "private:",
            "  PKSPIN_LOCK Lock;",
            "  KIRQL Old;",
            "};",
            "class FuzzTimedGuard {",
            "public:",
            "  FuzzTimedGuard(WDFWAITLOCK Lock, PLONGLONG Timeout)",
            "      : Lock(Lock), Held(%s == STATUS_SUCCESS) {}"
            % call("WdfWaitLockAcquire", ["Lock", "Timeout"], False),
            "  ~FuzzTimedGuard() {",
            "    if (Held)",
            "      %s;" % call("WdfWaitLockRelease", ["Lock"]),
            "  }",
            "  bool Owns() const { return Held; }",
            "",
            "private:",
            "  WDFWAITLOCK Lock;",
            "  bool Held;",
            "};",
            "template <typename H, typename F> static VOID FuzzWithLock(H Lock, F Body) {",
            "  FuzzLock(Lock);",
            "  Body();",
            "  FuzzUnlock(Lock);",
            "}",
            "class FuzzDevice {",
            "public:",
            "  void Attach(WDFINTERRUPT I) { Interrupt = I; }",
            "  void Lock() { %s; }" % call("WdfInterruptAcquireLock", ["Interrupt"]),
            "  void Unlock() { %s; }" % call("WdfInterruptReleaseLock", ["Interrupt"]),
            "  bool TryLock() { return %s; }"
            % call("WdfInterruptTryToAcquireLock", ["Interrupt"], False),
            "  void LockOwn() { %s; }" % call("KeAcquireSpinLockAtDpcLevel", ["&Own"]),
            "  void UnlockOwn() { %s; }" % call("KeReleaseSpinLockFromDpcLevel", ["&Own"]),
            "",
            "private:",
            "  WDFINTERRUPT Interrupt;",
            "  KSPIN_LOCK Own;",
            "};",
            "static FuzzDevice g_FuzzDevices[2];",
            "struct FuzzBase {",
            "  WDFINTERRUPT BaseInterrupt;",
            "};",
            "struct FuzzDerived : FuzzBase {",
            "  ULONG Extra;",
            "};",
            "struct FuzzVirtual : virtual FuzzBase {",
            "  WDFINTERRUPT Own;",
            "};",
            "static FuzzDerived g_FuzzDerived;",
            "static FuzzVirtual *g_FuzzVirtual;",
            "struct FuzzStatic {",
            "  static EVT_WDF_INTERRUPT_ISR Isr;",
            "  static EVT_WDF_INTERRUPT_DPC Dpc;",
            "};",
        ]

    def tables(self):
        lines = [
            "static FUZZ_LOCK_FN g_FuzzLockOps[4] = {%s, %s, %s, %s};" % (
                self.lock_fn("WdfInterruptAcquireLock"),
                self.lock_fn("WdfInterruptReleaseLock"),
                self.lock_fn("WdfInterruptReleaseLock"),
                self.lock_fn("WdfInterruptAcquireLock")),
            "static const FUZZ_LOCK_OPS g_FuzzOps = {%s, %s, %s};" % (
                self.lock_fn("WdfInterruptAcquireLock"),
                self.lock_fn("WdfInterruptReleaseLock"),
                self.lock_fn("WdfInterruptTryToAcquireLock")),
            "static FUZZ_SPIN_FN g_FuzzSpinOps[4] = {%s, %s, %s, %s};" % (
                self.lock_fn("WdfSpinLockAcquire"), self.lock_fn("WdfSpinLockRelease"),
                self.lock_fn("WdfSpinLockRelease"), self.lock_fn("WdfSpinLockAcquire")),
            "static const FUZZ_WAIT_OPS g_FuzzWaitOps = {%s, %s};" % (
                self.lock_fn("WdfWaitLockAcquire"), self.lock_fn("WdfWaitLockRelease")),
            "static FUZZ_KE_FN g_FuzzKeOps[4] = {%s, %s, %s, %s};" % (
                self.lock_fn("KeAcquireSpinLockAtDpcLevel"),
                self.lock_fn("KeReleaseSpinLockFromDpcLevel"),
                self.lock_fn("KeReleaseSpinLockFromDpcLevel"),
                self.lock_fn("KeAcquireSpinLockAtDpcLevel")),
            "static const FUZZ_KE_TRY_FN g_FuzzKeTry = %s;"
            % self.lock_fn("KeTryToAcquireSpinLockAtDpcLevel"),
            "static PFN_WDF_INTERRUPT_SYNCHRONIZE g_FuzzSyncTable[4] = {%s};"
            % ", ".join(["FuzzSync0", "NULL"] * 2),
        ]
        for fam in FAMILIES:
            helpers = [f.name for f in self.helpers("helper", fam)]
            if helpers:
                lines.append("static FUZZ_HELPER%s_FN g_FuzzHelpers%s[4] = {%s};" % (
                    FAMILY_TAG[fam].upper(), FAMILY_TAG[fam], ", ".join((helpers * 4)[:4])))
        return lines

    def pick_helpers(self):
        """Functions returning a lock (analyzed inline)."""
        return [
            "static WDFINTERRUPT FuzzPick(PFUZZ_CONTEXT Ctx, int Which) {",
            "  if (Which > 3 || Which < 0)",
            "    return g_FuzzSingle;",
            "  return Ctx->Pool[Which];",
            "}",
            "static WDFSPINLOCK FuzzPickSpin(PFUZZ_CONTEXT Ctx, int Which) {",
            "  return Which ? Ctx->SpinLocks[Which & 3] : Ctx->SpinLock;",
            "}",
            "static WDFWAITLOCK FuzzPickWait(PFUZZ_CONTEXT Ctx, int Which) {",
            "  return Which > 0 ? g_FuzzWaitLocks[Which & 3] : Ctx->WaitLock;",
            "}",
            "static PKSPIN_LOCK FuzzPickKe(PFUZZ_CONTEXT Ctx, int Which) {",
            "  if (Which < 0)",
            "    return &g_FuzzKeLock;",
            "  return Which ? &Ctx->KeLocks[Which & 3] : &Ctx->KeLock;",
            "}",
        ]

    def program(self):
        lines = self.preamble() + [""]
        if self.cxx:
            lines += self.cxx_support() + [""]
        lines += [self.prototype(f) for f in self.functions] + [""]
        lines += self.tables() + [""] + self.pick_helpers() + [""]
        lines += [FUNCTIONS_MARKER, ""]
        order = list(self.functions)
        self.r.shuffle(order)
        for fn in order:
            lines += self.definition(fn) + [""]
        return "\n".join(lines)


def generate(seed, lang="c", shape="proto"):
    """The text of one random program."""
    return Generator(seed, lang, shape).program()


def main():
    import argparse
    parser = argparse.ArgumentParser(description="Print one generated program.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lang", choices=LANGS, default="c")
    parser.add_argument("--shape", choices=SHAPES, default="proto")
    args = parser.parse_args()
    print(generate(args.seed, args.lang, args.shape))


if __name__ == "__main__":
    main()
