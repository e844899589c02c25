"""Random KMDF-shaped driver programs for fuzzing kmdf.WdfInterruptLock.

generate(seed, lang, shape) returns the text of one translation unit. The
same arguments always give the same text. The program uses the interrupt
lock functions (WdfInterruptAcquireLock, ReleaseLock, TryToAcquireLock,
Synchronize) inside random control flow: loops, switch, goto, recursion,
calls through function pointers, handles in arrays, structs and unions,
handles cast from integers, NULL and uninitialized handles, K&R-style and
variadic functions (C), templates, lambdas and RAII guards (C++), and KMDF
callbacks declared with role types, including the ones the framework calls
with the lock held.

lang is "c" or "c++". shape picks how the KMDF API is declared:

  proto  test/Inputs/kmdf.h, prototypes
  wdk    test/Inputs/kmdf.h with KMDF_TEST_WDK_SHAPE (FORCEINLINE wrappers
         calling through the framework's function table)
  own    no kmdf.h: the program declares the types itself, the lock
         functions K&R-style, variadic, returning int or a struct (C), also
         as (...), templates or with a default argument (C++), and may give
         the roles the framework calls with the lock held an odd first
         parameter (ULONG, a pointer, double, a reference)

C programs need -fblocks (they may call clang blocks); C++ ones -std=c++17.
Every program must compile; tools/fuzz/run-fuzz counts one that does not as
a generator bug.
"""

import random

SHAPES = ("proto", "wdk", "own")
LANGS = ("c", "c++")

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
    ("EVT_WDF_DPC", "VOID", [("WDFDPC", "Dpc")], "FuzzGetContext(Dpc)", None,
     "return;"),
    ("EVT_WDF_TIMER", "VOID", [("WDFTIMER", "Timer")],
     "FuzzGetContext(Timer)", None, "return;"),
    ("EVT_WDF_OBJECT_CONTEXT_CLEANUP", "VOID", [("WDFOBJECT", "Object")],
     "FuzzGetContext(Object)", None, "return;"),
    ("DRIVER_UNLOAD", "VOID", [("PDRIVER_OBJECT", "DriverObject")],
     "g_FuzzContext", None, "return;"),
]

# Parameter types that survive a K&R definition after a prototyped role-type
# declaration (no default argument promotion changes them).
KNR_SAFE_TYPES = {"WDFINTERRUPT", "WDFOBJECT", "WDFCONTEXT", "WDFDEVICE",
                  "ULONG", "WDFQUEUE", "WDFREQUEST", "size_t", "WDFDPC",
                  "WDFTIMER", "PDRIVER_OBJECT"}

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

LOCK_OPS = {
    "acquire": "WdfInterruptAcquireLock",
    "release": "WdfInterruptReleaseLock",
    "try": "WdfInterruptTryToAcquireLock",
}


class Scope:
    """What a statement at one place of a function body may use."""

    def __init__(self, handles, ints, ret, labels=(), in_lambda=False,
                 template_handle=None):
        self.handles = list(handles)  # handle expressions without effects
        self.ints = list(ints)        # int expressions without effects
        self.ret = ret                # the statement that returns
        self.labels = set(labels)     # "Out", "Retry"
        self.loop = False             # continue allowed
        self.breakable = False        # break allowed (loop or switch)
        self.in_lambda = in_lambda
        self.template_handle = template_handle

    def nested(self, **changes):
        s = Scope(self.handles, self.ints, self.ret, self.labels,
                  self.in_lambda, self.template_handle)
        s.loop, s.breakable = self.loop, self.breakable
        for key, value in changes.items():
            setattr(s, key, value)
        return s


class Function:
    def __init__(self, kind, name, role=None, static=False, extern_c=False,
                 member=False, role_helper=False):
        self.kind = kind  # callback, sync, helper, variadic, knr, template
        self.name = name
        self.role = role
        self.member = member  # a static member function declared in its class
        self.role_helper = role_helper  # also declared with FUZZ_ROLE_HELPER
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
        self.api = self.choose_api_styles()
        self.roles = self.choose_roles()
        self.role_by_name = {r[0]: r for r in self.roles}
        self.functions = self.choose_functions()

    # -- small helpers -----------------------------------------------------

    def chance(self, p):
        return self.r.random() < p

    def pick(self, items):
        return self.r.choice(list(items))

    def fresh(self, stem):
        self.counter += 1
        return "%s%d" % (stem, self.counter)

    def choose_api_styles(self):
        """How the own shape declares each lock function."""
        if self.shape != "own":
            return {op: "proto" for op in ("acquire", "release", "try", "sync")}
        styles = ("proto", "variadic", "template", "ellipsis", "int_ret",
                  "default_arg") if self.cxx \
            else ("proto", "knr", "variadic", "int_ret")
        api = {op: self.pick(styles) for op in ("acquire", "release", "try", "sync")}
        for op in ("acquire", "release"):
            if self.chance(0.2):
                api[op] = "struct_ret"
        if api["sync"] in ("template", "ellipsis", "int_ret", "default_arg"):
            api["sync"] = "proto"
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
                                  role_helper=kind == "helper" and self.chance(0.3)))
        if self.cxx:
            for member, role in (("Isr", "EVT_WDF_INTERRUPT_ISR"),
                                 ("Dpc", "EVT_WDF_INTERRUPT_DPC")):
                if self.chance(0.4):
                    funcs.append(Function("callback", "FuzzStatic::" + member,
                                          self.role_by_name[role], member=True))
        if not any(f.kind == "callback" for f in funcs[1:]):
            funcs.append(Function("callback", "FuzzCallback9",
                                  self.role_by_name["EVT_WDF_INTERRUPT_DPC"]))
        if not any(f.kind == "helper" for f in funcs):
            funcs.append(Function("helper", "FuzzHelper9"))
        return funcs

    def helpers(self, kind):
        return [f for f in self.functions if f.kind == kind]

    # -- the lock API, as this program declares it -------------------------

    def lock_fn(self, op):
        """An expression naming the lock function, usable as a pointer."""
        name = LOCK_OPS[op]
        style = self.api[op]
        if style == "template":
            return "&%s<WDFINTERRUPT>" % name
        if style in ("proto", "default_arg"):
            return name
        return "(FUZZ_%s_FN)%s" % ("TRY" if op == "try" else "LOCK", name)

    def lock_call(self, op, handle):
        """A call of a lock function, sometimes with odd arguments the way
        this program declared it allows."""
        name = LOCK_OPS[op]
        style = self.api[op]
        if style == "knr" and self.chance(0.15):
            return "%s(%s)" % (name, self.pick(["", handle + ", 1",
                                                "(ULONG_PTR)" + handle]))
        if style in ("variadic", "ellipsis") and self.chance(0.2):
            return "%s(%s, %s)" % (name, handle, self.int_expr())
        if style == "template" and self.chance(0.2):
            return "%s(%s)" % (name, self.pick(["(PVOID)" + handle,
                                                "(ULONG_PTR)" + handle]))
        if style == "default_arg" and self.chance(0.3):
            return "%s()" % name
        if style == "struct_ret" and self.chance(0.3):
            return "(void)%s(%s).B[%d]" % (name, handle, self.r.randint(0, 3))
        if style == "int_ret" and op != "try" and self.chance(0.3):
            return "g_FuzzState += %s(%s)" % (name, handle)
        return "%s(%s)" % (name, handle)

    def sync_call(self, handle, scope):
        callback = self.pick(["FuzzSync0", "FuzzSync0", "g_FuzzSyncTable[%s]"
                              % self.index(scope), "NULL"])
        context = self.pick(["(WDFCONTEXT)Ctx", "NULL", "(WDFCONTEXT)&g_FuzzState"])
        call = "WdfInterruptSynchronize(%s, %s, %s)" % (handle, callback, context)
        if self.api["sync"] == "knr" and self.chance(0.15):
            call = "WdfInterruptSynchronize(%s)" % handle
        return call

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

    def handle_expr(self, scope, pure=True, depth=0):
        """An expression of type WDFINTERRUPT. pure: no call in it, so the
        same text may be evaluated twice for one lock."""
        choices = [
            (6 if scope.handles else 0, lambda: self.pick(scope.handles)),
            (4 if scope.template_handle else 0, lambda: scope.template_handle),
            (4, lambda: "Ctx->Interrupt"),
            (3, lambda: "Ctx->Pool[%s]" % self.index(scope)),
            (2, lambda: "Ctx->Pair.%s" % self.pick(["First", "Second"])),
            (1, lambda: "Ctx->Link->Second"),
            (1, lambda: "Ctx->Alias.Handle"),
            (3, lambda: "g_FuzzInterrupts[%s]" % self.index(scope)),
            (2, lambda: "g_FuzzMany[%d]" % self.r.randint(0, 31)),
            (1, lambda: "g_FuzzSingle"),
            (1, lambda: "(WDFINTERRUPT)(ULONG_PTR)%s" % self.pick(
                ["0x1000", "0", "4096UL", "-1"])),
            (1, lambda: "(WDFINTERRUPT)(ULONG_PTR)(%s)" % self.int_expr(scope)),
            (1, lambda: "(WDFINTERRUPT)NULL"),
            (1, lambda: "(WDFINTERRUPT)Ctx"),
            (1, lambda: "(WDFINTERRUPT)&g_FuzzState"),
            (1, lambda: "(WDFINTERRUPT)\"fuzz\""),
            (1, lambda: "*(WDFINTERRUPT *)&Ctx->Alias.Bits"),
            (1, lambda: "*(WDFINTERRUPT volatile *)&Ctx->Interrupt"),
            (1, lambda: "Ctx%s->Interrupt" % ("->Next" * self.r.randint(1, 40))),
            (1, lambda: "((PFUZZ_CONTEXT)(ULONG_PTR)Ctx->Flags)->Interrupt"),
            (1, lambda: "((WDFINTERRUPT *)Ctx)[%s]" % self.index(scope)),
            (1, lambda: "*(WDFINTERRUPT *)((char *)Ctx + %d)" % self.pick([0, 3, 8, 12])),
            (1, lambda: "((FUZZ_PAIR *)Ctx->Pool)->Second"),
            (1, lambda: "FUZZ_HANDLE(Ctx)"),
        ]
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
        if depth < 2:
            choices += self.nested_handles(scope, pure, depth + 1)
        names = [make for _, make in choices]
        return self.r.choices(names, weights=[w for w, _ in choices])[0]()

    def nested_handles(self, scope, pure, depth):
        """Handle expressions built around another handle expression."""
        def inner():
            return self.handle_expr(scope, pure, depth)
        choices = [
            (1, lambda: "(%s ? %s : %s)" % (self.cond_expr(scope, pure), inner(), inner())),
            (1, lambda: "((PFUZZ_CONTEXT)%s)->Interrupt" % inner()),
            (1, lambda: "({ WDFINTERRUPT T_ = %s; T_; })" % inner()),
            (1, lambda: "(g_FuzzState, %s)" % inner()),
        ]
        if self.cxx:
            choices.append((1, lambda: "static_cast<WDFINTERRUPT>(%s)" % inner()))
        else:
            choices.append((1, lambda: "_Generic(g_FuzzState, int: %s, default: "
                            "(WDFINTERRUPT)NULL)" % inner()))
            choices.append((1, lambda: "((FUZZ_PAIR){%s, NULL}).First" % inner()))
        if not pure:
            choices.append((1, lambda: "(WDFINTERRUPT)WdfInterruptGetDevice(%s)"
                            % self.handle_expr(scope, True, depth)))
        return choices

    def cond_expr(self, scope, pure=True):
        choices = [
            lambda: "Ctx->Flags & %d" % self.pick([1, 2, 4]),
            lambda: "%s > %d" % (self.int_expr(scope), self.r.randint(-1, 5)),
            lambda: "g_FuzzState == %d" % self.r.randint(0, 3),
            lambda: "%s == %s" % (self.handle_expr(scope), self.handle_expr(scope)),
            lambda: "%s != NULL" % self.handle_expr(scope),
        ]
        if not pure:
            choices.append(lambda: "FuzzOpaqueCondition()")
            choices.append(lambda: self.lock_call("try", self.handle_expr(scope)))
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
        kinds = {
            "acquire": 5, "release": 4, "pair": 5, "try": 3, "sync": 2,
            "fp": 3, "opaque": 2, "assign": 3, "kernel": 1, "call": 4,
            "many": 1, "macro": 2, "spin": 1, "print_state": 1,
        }
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
            kinds.update({"lambda": 2, "guard": 2, "with_lock": 2,
                          "member": 1, "new_delete": 1, "try_catch": 1, "ptm": 1})
        if not scope.in_lambda:
            kinds["return"] = 1
        names = list(kinds)
        kind = self.r.choices(names, weights=[kinds[n] for n in names])[0]
        return getattr(self, "stmt_" + kind)(scope, indent)

    def stmt_acquire(self, scope, indent):
        return [indent + self.lock_call("acquire", self.handle_expr(scope, False)) + ";"]

    def stmt_release(self, scope, indent):
        return [indent + self.lock_call("release", self.handle_expr(scope, False)) + ";"]

    def stmt_pair(self, scope, indent):
        h = self.handle_expr(scope)
        return ([indent + self.lock_call("acquire", h) + ";"]
                + self.block(scope, indent, self.r.randint(0, 2))
                + [indent + self.lock_call("release", h) + ";"])

    def stmt_try(self, scope, indent):
        h = self.handle_expr(scope)
        inner = indent + "  "
        body = self.block(scope, inner, self.r.randint(0, 2))
        if self.chance(0.8):
            body.append(inner + self.lock_call("release", h) + ";")
        lines = self.braced("if (%s)" % self.lock_call("try", h), body, indent)
        if self.chance(0.4):
            lines[-1] += " else {"
            lines += self.block(scope, inner) + [indent + "}"]
        if self.chance(0.2):
            got = self.fresh("Got")
            return self.braced("", [inner + "BOOLEAN %s = %s;" % (
                got, self.lock_call("try", h)), inner + "if (%s)" % got,
                inner + "  " + self.lock_call("release", h) + ";"], indent)
        return lines

    def stmt_sync(self, scope, indent):
        call = self.sync_call(self.handle_expr(scope, False), scope)
        if self.chance(0.3):
            return [indent + "if (!%s)" % call, indent + "  g_FuzzState++;"]
        return [indent + "(void)%s;" % call]

    def stmt_fp(self, scope, indent):
        """Lock functions called through pointers."""
        h = self.handle_expr(scope)
        inner = indent + "  "
        form = self.r.randint(0, 4)
        if form == 0:
            return [indent + "g_FuzzLockOps[%s](%s);" % (self.index(scope), h)]
        if form == 1:
            fp = self.fresh("Op")
            return self.braced("", [
                inner + "FUZZ_LOCK_FN %s = %s ? %s : %s;" % (
                    fp, self.cond_expr(scope), self.lock_fn("acquire"),
                    self.lock_fn("release")),
                inner + "%s(%s);" % (fp, h)], indent)
        if form == 2:
            return [indent + "(*g_FuzzOps.%s)(%s);" % (
                self.pick(["Acquire", "Release"]), h)]
        if form == 3:
            return self.braced("if (g_FuzzOps.Try(%s))" % h, [
                inner + "g_FuzzOps.Release(%s);" % h], indent)
        # A pointer cast to another type before the call.
        op = self.pick(["acquire", "release", "try"])
        cast = self.pick(["VOID (*)(PVOID)", "int (*)(WDFINTERRUPT)",
                          "VOID (*)(ULONG_PTR)", "BOOLEAN (*)(PVOID)"])
        arg = "(ULONG_PTR)" + h if "ULONG_PTR" in cast else "(PVOID)" + h \
            if "PVOID" in cast else h
        return [indent + "(void)((%s)%s)(%s);" % (cast, self.lock_fn(op), arg)]

    def stmt_opaque(self, scope, indent):
        return [indent + self.pick([
            "FuzzOpaqueUse(%s);" % self.handle_expr(scope),
            "FuzzOpaqueUpdate(Ctx);",
            "FuzzOpaqueUpdateHandle(&Ctx->%s);" % self.pick(["Interrupt", "Pool[1]"]),
        ])]

    def stmt_assign(self, scope, indent):
        targets = ["Ctx->Interrupt", "Ctx->Pool[%s]" % self.index(scope),
                   "g_FuzzSingle", "g_FuzzInterrupts[%s]" % self.index(scope),
                   "Ctx->Alias.Handle"]
        targets += [h for h in scope.handles if h.startswith("Local")]
        lines = [indent + "%s = %s;" % (self.pick(targets),
                                        self.handle_expr(scope, False))]
        if self.chance(0.3):
            lines = [indent + self.pick([
                "Ctx->Count++;", "g_FuzzState = %s;" % self.int_expr(scope),
                "Ctx->Alias.Bits = (ULONG_PTR)%s;" % self.int_expr(scope),
                "__builtin_memcpy(&Ctx->Pool[%s], &Ctx->Interrupt, "
                "sizeof(WDFINTERRUPT));" % self.r.randint(0, 3),
                "Ctx->Link = &Ctx->Pair;"])]
        return lines

    def stmt_kernel(self, scope, indent):
        return [indent + self.pick([
            "KeStallExecutionProcessor(1);",
            "InterlockedIncrement(&Ctx->Count);",
            "(void)WdfInterruptQueueDpcForIsr(%s);" % self.handle_expr(scope),
        ])]

    def stmt_call(self, scope, indent):
        h = self.handle_expr(scope)
        depth = "Depth - 1" if "Depth" in scope.ints else str(self.r.randint(0, 2))
        target = self.pick(self.functions)
        if target.kind in ("helper", "knr"):
            call = "%s(Ctx, %s, %s);" % (target.name, h, depth)
            if target.kind == "helper" and self.chance(0.3):
                call = "g_FuzzHelpers[%s](Ctx, %s, %s);" % (
                    self.index(scope), h, depth)
        elif target.kind == "template":
            call = self.pick(["%s(Ctx, %s, %s);", "%s<WDFINTERRUPT>(Ctx, %s, %s);"]) % (
                target.name, h, depth)
        elif target.kind == "variadic":
            extra = [self.handle_expr(scope) for _ in range(self.r.randint(0, 2))]
            call = "%s(%s);" % (target.name, ", ".join(["Ctx", str(len(extra))] + extra))
        else:
            call = "%s(%s);" % (target.name, ", ".join(
                self.argument(t, scope) for t, _ in target.role[2]))
        if "Depth" in scope.ints:
            return [indent + "if (Depth > 0)", indent + "  " + call]
        return [indent + call]

    def argument(self, type_name, scope):
        return {
            "WDFINTERRUPT": self.handle_expr(scope),
            "ULONG": self.int_expr(scope),
            "WDFCONTEXT": "(WDFCONTEXT)Ctx",
            "WDFOBJECT": "(WDFOBJECT)g_FuzzDevice",
            "WDFDEVICE": "g_FuzzDevice",
            "WDF_POWER_DEVICE_STATE": "WdfPowerDeviceD3",
            "WDFQUEUE": "(WDFQUEUE)g_FuzzDevice",
            "WDFREQUEST": "(WDFREQUEST)NULL",
            "size_t": "(size_t)%s" % self.int_expr(scope),
            "WDFDPC": "(WDFDPC)g_FuzzDevice",
            "WDFTIMER": "(WDFTIMER)g_FuzzDevice",
            "PDRIVER_OBJECT": "(PDRIVER_OBJECT)NULL",
            "WDFINTERRUPT *": "&Ctx->Interrupt",
            "WDFINTERRUPT &": "Ctx->Interrupt",
            "double": "1.5",
        }[type_name]

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
        for i, value in enumerate(cases):
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
        """Many locks at once: the exit report sorts them."""
        slots = self.r.sample(range(32), self.r.randint(5, 24))
        lines = [indent + "FUZZ_ACQUIRE(g_FuzzMany[%d]);" % k for k in slots]
        for k in self.r.sample(slots, self.r.randint(0, len(slots))):
            lines.append(indent + "FUZZ_RELEASE(g_FuzzMany[%d]);" % k)
        return lines

    def stmt_macro(self, scope, indent):
        h = self.handle_expr(scope)
        return [indent + self.pick([
            "FUZZ_ACQUIRE(%s);" % h, "FUZZ_RELEASE(%s);" % h,
            "FUZZ_LOCKED(%s, Ctx->Count++);" % h,
            "FUZZ_LOCKED(%s, FUZZ_RELEASE(%s));" % (h, h),
        ])]

    def stmt_spin(self, scope, indent):
        h = self.handle_expr(scope)
        try_call = self.lock_call("try", h)
        if self.chance(0.5):
            return self.braced("while (!%s)" % try_call,
                               [indent + "  KeStallExecutionProcessor(1);"], indent)
        return [indent + "switch (%s) {" % try_call,
                indent + "case 0:",
                indent + "  break;",
                indent + "default:",
                indent + "  %s;" % self.lock_call("release", h),
                indent + "}"]

    def stmt_cleanup(self, scope, indent):
        """A GNU cleanup variable: the release runs when the scope ends."""
        inner = indent + "  "
        held = self.fresh("Held")
        lines = [inner + "WDFINTERRUPT %s __attribute__((cleanup(FuzzReleaseAt))) = %s;"
                 % (held, self.handle_expr(scope)),
                 inner + "FUZZ_ACQUIRE(%s);" % held]
        lines += self.block(scope.nested(handles=scope.handles + [held]), inner,
                            self.r.randint(0, 2))
        return self.braced("", lines, indent)

    def stmt_block(self, scope, indent):
        """A clang block (-fblocks), called at once."""
        body_scope = Scope([h for h in scope.handles if not h.startswith("Local")],
                           scope.ints, "return;", in_lambda=True)
        body = self.block(body_scope, indent + "  ")
        return [indent + "^{"] + body + [indent + "}();"]

    # C++ only.

    def stmt_new_delete(self, scope, indent):
        inner = indent + "  "
        guard = self.fresh("Heap")
        lines = [inner + "FuzzGuard<WDFINTERRUPT> *%s = new FuzzGuard<WDFINTERRUPT>(%s);"
                 % (guard, self.handle_expr(scope))]
        lines += self.block(scope, inner, self.r.randint(0, 2))
        lines.append(inner + "delete %s;" % guard)
        return self.braced("", lines, indent)

    def stmt_try_catch(self, scope, indent):
        inner = indent + "  "
        h = self.handle_expr(scope)
        body = [inner + self.lock_call("acquire", h) + ";",
                inner + "if (%s)" % self.cond_expr(scope),
                inner + "  throw Ctx->Count;"]
        body += self.block(scope, inner, self.r.randint(0, 2))
        lines = self.braced("try", body, indent)
        lines[-1] += " catch (...) {"
        lines += [inner + self.lock_call("release", h) + ";", indent + "}"]
        return lines

    def stmt_ptm(self, scope, indent):
        inner = indent + "  "
        m = self.fresh("Method")
        return self.braced("", [
            inner + "void (FuzzDevice::*%s)() = %s ? &FuzzDevice::Lock : &FuzzDevice::Unlock;"
            % (m, self.cond_expr(scope)),
            inner + "(g_FuzzDevices[%d].*%s)();" % (self.r.randint(0, 1), m)], indent)


    def stmt_lambda(self, scope, indent):
        inner = indent + "  "
        fn = self.fresh("Fn")
        param = self.fresh("X")
        body_scope = Scope(scope.handles + [param], scope.ints, "return;",
                           in_lambda=True, template_handle=scope.template_handle)
        capture = self.pick(["[&]", "[=]", "[&, Ctx]"])
        if capture == "[=]":  # a copy cannot be assigned to
            body_scope.handles = [h for h in body_scope.handles
                                  if not h.startswith("Local")] + [param]
        body = self.block(body_scope, inner + "  ")
        lines = [inner + "auto %s = %s(WDFINTERRUPT %s) {" % (fn, capture, param)]
        lines += body + [inner + "};"]
        lines += [inner + "%s(%s);" % (fn, self.handle_expr(scope))
                  for _ in range(self.r.randint(1, 2))]
        return self.braced("", lines, indent)

    def stmt_guard(self, scope, indent):
        inner = indent + "  "
        guard = self.fresh("Guard")
        lines = [inner + "FuzzGuard<WDFINTERRUPT> %s(%s);" % (
            guard, self.handle_expr(scope))]
        lines += self.block(scope, inner, self.r.randint(0, 2))
        return self.braced("", lines, indent)

    def stmt_with_lock(self, scope, indent):
        body_scope = Scope(scope.handles, scope.ints, "return;", in_lambda=True,
                           template_handle=scope.template_handle)
        body = self.block(body_scope, indent + "  ")
        return ([indent + "FuzzWithLock(%s, [&]() {" % self.handle_expr(scope)]
                + body + [indent + "});"])

    def stmt_member(self, scope, indent):
        dev = "g_FuzzDevices[%s]" % self.r.randint(0, 1)
        return [indent + self.pick([
            "%s.Lock();" % dev, "%s.Unlock();" % dev,
            "if (%s.TryLock())\n%s  %s.Unlock();" % (dev, indent, dev),
            "%s.Attach(%s);" % (dev, self.handle_expr(scope)),
        ])]

    # -- functions ---------------------------------------------------------

    def body(self, fn, scope, prologue):
        """The body of a function: declarations first (so that no goto jumps
        over one), an optional retry label, statements, an exit label."""
        ind = "  "
        lines = [ind + line for line in prologue]
        locals_ = []
        for _ in range(self.r.randint(0, 2)):
            name = self.fresh("Local")
            init = self.handle_expr(scope, False)
            lines.append(ind + "WDFINTERRUPT %s = %s;" % (name, init))
            locals_.append(name)
        if self.chance(0.15):
            lines.append(ind + "WDFINTERRUPT Uninit;")
            if self.chance(0.5):
                locals_.append("Uninit")
        labels = set()
        if self.chance(0.4):
            labels.add("Out")
        if self.chance(0.2):
            labels.add("Retry")
            lines.append(ind + "int Retries = 0;")
            lines.append("Retry:")
            lines.append(ind + ";")
        scope = scope.nested(handles=scope.handles + locals_, labels=labels)
        self.budget = self.r.randint(4, 14)
        lines += self.block(scope, ind, self.r.randint(2, 5))
        if "Out" in labels:
            lines.append("Out:")
            if self.chance(0.5):
                lines.append(ind + self.lock_call("release", self.handle_expr(scope)) + ";")
        lines.append(ind + scope.ret)
        return lines

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
        handles = [handle] if handle else []
        ints = ["(int)MessageID"] if name == "EVT_WDF_INTERRUPT_ISR" else []
        ints += ["(int)Interrupt"] if handle and handle.endswith(")Interrupt") else []
        scope = Scope(handles, ints, ret_stmt)
        lines += self.body(fn, scope, ["PFUZZ_CONTEXT Ctx = %s;" % ctx])
        lines.append("}")
        return lines

    def helper(self, fn):
        scope = Scope(["Interrupt"], ["Depth"], "return;")
        head = "%sVOID %s(PFUZZ_CONTEXT Ctx, WDFINTERRUPT Interrupt, int Depth)"
        lines = [head % (fn.static, fn.name) + " {"]
        lines += self.body(fn, scope, [])
        return lines + ["}"]

    def knr_helper(self, fn):
        lines = ["static VOID %s(Ctx, Interrupt, Depth)" % fn.name,
                 "PFUZZ_CONTEXT Ctx;", "WDFINTERRUPT Interrupt;", "int Depth;", "{"]
        lines += self.body(fn, Scope(["Interrupt"], ["Depth"], "return;"), [])
        return lines + ["}"]

    def variadic_helper(self, fn):
        lines = ["static VOID %s(PFUZZ_CONTEXT Ctx, int Count, ...) {" % fn.name]
        prologue = ["__builtin_va_list Args;",
                    "WDFINTERRUPT Interrupt = Ctx->Interrupt;",
                    "__builtin_va_start(Args, Count);",
                    "if (Count > 0)",
                    "  Interrupt = __builtin_va_arg(Args, WDFINTERRUPT);",
                    "__builtin_va_end(Args);"]
        lines += self.body(fn, Scope(["Interrupt"], ["Count"], "return;"), prologue)
        return lines + ["}"]

    def template_helper(self, fn):
        lines = ["template <typename H>",
                 "static VOID %s(PFUZZ_CONTEXT Ctx, H Interrupt, int Depth) {" % fn.name]
        scope = Scope([], ["Depth"], "return;", template_handle="Interrupt")
        lines += self.body(fn, scope, [])
        return lines + ["}"]

    def prototype(self, fn):
        if fn.member:
            return ""
        if fn.kind == "helper":
            proto = "%sVOID %s(PFUZZ_CONTEXT Ctx, WDFINTERRUPT Interrupt, int Depth);" % (
                fn.static, fn.name)
            if fn.role_helper:
                proto += "\n%sFUZZ_ROLE_HELPER %s;" % (fn.static, fn.name)
            return proto
        if fn.kind == "knr":
            return "static VOID %s();" % fn.name
        if fn.kind == "variadic":
            return "static VOID %s(PFUZZ_CONTEXT Ctx, int Count, ...);" % fn.name
        if fn.kind == "template":
            return ("template <typename H> static VOID %s(PFUZZ_CONTEXT Ctx, "
                    "H Interrupt, int Depth);" % fn.name)
        return "%s%s %s;" % (fn.extern_c, fn.role[0], fn.name)

    def definition(self, fn):
        if fn.kind in ("callback", "sync"):
            return self.callback(fn)
        return getattr(self, {"helper": "helper", "knr": "knr_helper",
                              "variadic": "variadic_helper",
                              "template": "template_helper"}[fn.kind])(fn)

    # -- the translation unit ----------------------------------------------

    def preamble(self):
        lines = ["/* Generated by tools/fuzz/gen_kmdf.py: seed %d, %s, %s shape. */"
                 % (self.seed, self.lang, self.shape)]
        lines += self.own_api() if self.shape == "own" else ['#include "kmdf.h"']
        lines += [
            "",
            "typedef struct _FUZZ_PAIR {",
            "  WDFINTERRUPT First;",
            "  WDFINTERRUPT Second;",
            "} FUZZ_PAIR;",
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
            "typedef VOID (*FUZZ_HELPER_FN)(PFUZZ_CONTEXT, WDFINTERRUPT, int);",
            "typedef struct _FUZZ_LOCK_OPS {",
            "  FUZZ_LOCK_FN Acquire;",
            "  FUZZ_LOCK_FN Release;",
            "  FUZZ_TRY_FN Try;",
            "} FUZZ_LOCK_OPS;",
            "",
            "KMDF_BEGIN_DECLS",
            "VOID FuzzOpaqueUse(WDFINTERRUPT Interrupt);",
            "VOID FuzzOpaqueUpdate(PFUZZ_CONTEXT Context);",
            "VOID FuzzOpaqueUpdateHandle(WDFINTERRUPT *Interrupt);",
            "BOOLEAN FuzzOpaqueCondition(VOID);",
            "WDFINTERRUPT FuzzOpaqueHandle(VOID);",
            "void clang_analyzer_printState(void);",
            "KMDF_END_DECLS",
            "",
            "static WDFINTERRUPT g_FuzzInterrupts[4];",
            "static WDFINTERRUPT g_FuzzSingle;",
            "static WDFDEVICE g_FuzzDevice;",
            "static PFUZZ_CONTEXT g_FuzzContext;",
            "static int g_FuzzState;",
            "static WDFINTERRUPT g_FuzzMany[32];",
            "#define FUZZ_HANDLE(Context) ((Context)->Pool[3])",
            "#define FUZZ_ACQUIRE(Handle) %s" % self.lock_call("acquire", "(Handle)"),
            "#define FUZZ_RELEASE(Handle) %s" % self.lock_call("release", "(Handle)"),
            "#define FUZZ_LOCKED(Handle, Statement) \\",
            "  do { FUZZ_ACQUIRE(Handle); Statement; FUZZ_RELEASE(Handle); } while (0)",
            "static VOID FuzzReleaseAt(WDFINTERRUPT *Slot) { FUZZ_RELEASE(*Slot); }",
            "typedef VOID FUZZ_ROLE_HELPER(PFUZZ_CONTEXT Ctx, WDFINTERRUPT Interrupt, int Depth);",
        ]
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
            "typedef unsigned char BOOLEAN;",
            "typedef unsigned long ULONG;",
            "typedef long LONG;",
            "typedef long NTSTATUS;",
            "typedef __SIZE_TYPE__ size_t;",
            "typedef unsigned long long ULONG_PTR;",
            "#define TRUE 1",
            "#define FALSE 0",
            "#define STATUS_SUCCESS ((NTSTATUS)0)",
            "#define STATUS_UNSUCCESSFUL ((NTSTATUS)0xC0000001L)",
            "typedef PVOID WDFOBJECT;",
            "typedef PVOID WDFCONTEXT;",
        ]
        for handle in ("WDFINTERRUPT", "WDFDEVICE", "WDFQUEUE", "WDFREQUEST",
                       "WDFDPC", "WDFTIMER"):
            lines.append("typedef struct %s__ { int unused; } *%s;" % (handle, handle))
        lines += [
            "typedef struct _DRIVER_OBJECT { PVOID DriverExtension; } *PDRIVER_OBJECT;",
            "typedef enum { WdfPowerDeviceD0 = 1, WdfPowerDeviceD3 = 4 } "
            "WDF_POWER_DEVICE_STATE;",
        ]
        for name, ret, params, _, _, _ in self.roles:
            lines.append("typedef %s %s(%s);" % (ret, name, ", ".join(
                "%s %s" % p for p in params)))
        lines.append("typedef EVT_WDF_INTERRUPT_SYNCHRONIZE *PFN_WDF_INTERRUPT_SYNCHRONIZE;")
        lines.append("typedef struct { int A; int B[4]; } FUZZ_RET;")
        lines.append("static WDFINTERRUPT g_FuzzDefaultHandle;")
        lines.append("KMDF_BEGIN_DECLS")
        signatures = {
            "acquire": ("VOID", "WdfInterruptAcquireLock"),
            "release": ("VOID", "WdfInterruptReleaseLock"),
            "try": ("BOOLEAN", "WdfInterruptTryToAcquireLock"),
        }
        templates = []
        for op, (ret, name) in signatures.items():
            style = self.api[op]
            params = {"proto": "WDFINTERRUPT Interrupt", "knr": "",
                      "variadic": "WDFINTERRUPT Interrupt, ...",
                      "ellipsis": "...", "template": None,
                      "int_ret": "WDFINTERRUPT Interrupt",
                      "default_arg": "WDFINTERRUPT Interrupt = g_FuzzDefaultHandle",
                      "struct_ret": "WDFINTERRUPT Interrupt"}[style]
            ret = {"int_ret": "int", "struct_ret": "FUZZ_RET"}.get(style, ret)
            if params is None:
                templates.append("template <typename T> %s %s(T Interrupt);" % (ret, name))
            else:
                lines.append("%s %s(%s);" % (ret, name, params))
        sync_params = "" if self.api["sync"] == "knr" else (
            "WDFINTERRUPT Interrupt, PFN_WDF_INTERRUPT_SYNCHRONIZE Callback, "
            "WDFCONTEXT Context")
        lines += [
            "BOOLEAN WdfInterruptSynchronize(%s);" % sync_params,
            "WDFDEVICE WdfInterruptGetDevice(WDFINTERRUPT Interrupt);",
            "WDFDEVICE WdfIoQueueGetDevice(WDFQUEUE Queue);",
            "BOOLEAN WdfInterruptQueueDpcForIsr(WDFINTERRUPT Interrupt);",
            "PVOID WdfObjectGetTypedContextWorker(WDFOBJECT Handle, const void *Info);",
            "VOID KeStallExecutionProcessor(ULONG MicroSeconds);",
            "LONG InterlockedIncrement(LONG volatile *Addend);",
            "KMDF_END_DECLS",
        ]
        return lines + templates

    def cxx_support(self):
        """A guard class template, a lock-around-a-lambda template and a class
        with lock methods."""
        acq = lambda h: self.lock_call("acquire", h)  # noqa: E731
        rel = lambda h: self.lock_call("release", h)  # noqa: E731
        return [
            "template <typename H> class FuzzGuard {",
            "public:",
            "  explicit FuzzGuard(H Handle) : Handle(Handle) { %s; }" % acq("Handle"),
            "  ~FuzzGuard() { %s; }" % rel("Handle"),
            "  FuzzGuard(const FuzzGuard &) = delete;",
            "  FuzzGuard &operator=(const FuzzGuard &) = delete;",
            "",
            "private:",
            "  H Handle;",
            "};",
            "template <typename F> static VOID FuzzWithLock(WDFINTERRUPT Interrupt, F Body) {",
            "  %s;" % acq("Interrupt"),
            "  Body();",
            "  %s;" % rel("Interrupt"),
            "}",
            "class FuzzDevice {",
            "public:",
            "  void Attach(WDFINTERRUPT I) { Interrupt = I; }",
            "  void Lock() { %s; }" % acq("Interrupt"),
            "  void Unlock() { %s; }" % rel("Interrupt"),
            "  bool TryLock() { return %s; }" % self.lock_call("try", "Interrupt"),
            "",
            "private:",
            "  WDFINTERRUPT Interrupt;",
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
        helpers = [f.name for f in self.helpers("helper")]
        table = ", ".join((helpers * 4)[:4])
        syncs = ", ".join(["FuzzSync0", "NULL"] * 2)
        return [
            "static FUZZ_LOCK_FN g_FuzzLockOps[4] = {%s, %s, %s, %s};" % (
                self.lock_fn("acquire"), self.lock_fn("release"),
                self.lock_fn("release"), self.lock_fn("acquire")),
            "static const FUZZ_LOCK_OPS g_FuzzOps = {%s, %s, %s};" % (
                self.lock_fn("acquire"), self.lock_fn("release"), self.lock_fn("try")),
            "static FUZZ_HELPER_FN g_FuzzHelpers[4] = {%s};" % table,
            "static PFN_WDF_INTERRUPT_SYNCHRONIZE g_FuzzSyncTable[4] = {%s};" % syncs,
        ]

    def pick_helper(self):
        """A function returning a handle (analyzed inline)."""
        return [
            "static WDFINTERRUPT FuzzPick(PFUZZ_CONTEXT Ctx, int Which) {",
            "  if (Which > 3 || Which < 0)",
            "    return g_FuzzSingle;",
            "  return Ctx->Pool[Which];",
            "}",
        ]

    def program(self):
        lines = self.preamble() + [""]
        if self.cxx:
            lines += self.cxx_support() + [""]
        lines += [self.prototype(f) for f in self.functions] + [""]
        lines += self.tables() + [""] + self.pick_helper() + [""]
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
