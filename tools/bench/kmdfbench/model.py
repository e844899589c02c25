"""The shape of a generated driver, decided before any code is written.

A driver is a list of units. A unit is one KMDF callback with the static
helpers only it calls (and, for the "sync" pattern, the EvtInterruptSynchronize
callback it passes to WdfInterruptSynchronize). Every random choice is made
here, from one seeded random.Random, so the C, C++ and pthread renderings of a
plan are the same program and the same seed always gives the same plan.
"""

import dataclasses
import random

# Callback roles: the KMDF role type, and whether the framework calls the
# callback with the interrupt lock held (then the lock is its first parameter).
ROLES = {
    "dpc": "EVT_WDF_INTERRUPT_DPC",
    "workitem": "EVT_WDF_INTERRUPT_WORKITEM",
    "read": "EVT_WDF_IO_QUEUE_IO_READ",
    "ioctl": "EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL",
    "d0entry": "EVT_WDF_DEVICE_D0_ENTRY",
    "d0exit": "EVT_WDF_DEVICE_D0_EXIT",
    "isr": "EVT_WDF_INTERRUPT_ISR",
    "sync": "EVT_WDF_INTERRUPT_SYNCHRONIZE",
}

# How often each role heads a unit ("sync" only comes with the sync pattern).
ROLE_WEIGHTS = [
    ("dpc", 4),
    ("workitem", 1),
    ("read", 2),
    ("ioctl", 2),
    ("d0entry", 1),
    ("d0exit", 1),
    ("isr", 2),
]

# How a callback that takes the lock itself takes it.
#   direct: WdfInterruptAcquireLock ... WdfInterruptReleaseLock in the callback
#   helper: through two one-line static helpers, Lock and Unlock
#   try:    if (WdfInterruptTryToAcquireLock(...)) { ... release }
#   sync:   WdfInterruptSynchronize with a generated EvtInterruptSynchronize
PATTERN_WEIGHTS = [("direct", 4), ("helper", 2), ("try", 1), ("sync", 1)]

# Bugs that each pattern can carry. Each produces exactly one finding.
BUGS_BY_PATTERN = {
    "direct": [
        "held-at-exit",
        "release-not-held",
        "acquire-held",
        "try-held",
        "synchronize-held",
    ],
    "helper": ["held-at-exit", "release-not-held", "acquire-held"],
    "try": ["held-at-exit", "release-not-held", "acquire-held"],
    # In the EvtInterruptSynchronize callback, or in an ISR: the framework
    # holds the lock.
    "sync": ["acquire-framework-held", "release-framework-held"],
    "isr": ["acquire-framework-held", "release-framework-held"],
}

# The message kind of kmdf.WdfInterruptLock that each bug produces.
KMDF_FINDING = {
    "held-at-exit": "held-at-exit",
    "release-not-held": "release-not-held",
    "acquire-held": "acquire-held",
    "try-held": "acquire-held",
    "synchronize-held": "synchronize-held",
    "acquire-framework-held": "acquire-framework-held",
    "release-framework-held": "release-framework-held",
}

# What alpha.unix.PthreadLock reports on the pthread rendering of each bug.
# It has no rule for a lock held at exit, does not know that a callback runs
# under a lock, and forgets a mutex passed to a function without a body.
PTHREAD_FINDING = {
    "held-at-exit": None,
    "release-not-held": "already-unlocked",
    "acquire-held": "already-acquired",
    "try-held": "already-acquired",
    "synchronize-held": None,
    "acquire-framework-held": None,
    "release-framework-held": None,
}


@dataclasses.dataclass(frozen=True)
class Params:
    """What the generator is asked for."""

    callbacks: int = 40
    interrupts: int = 4
    branches: int = 3
    helper_depth: int = 2
    loops: int = 1
    # 0: loops run to a bound read from the device (Ctx->Limit); N: exactly N
    # iterations, which the analyzer must unroll to get past the loop.
    loop_trip: int = 0
    bug_ratio: float = 0.25
    # Each bug only on the one path that takes the then-side of every branch
    # (the callback counts the branches taken), so that a budget that cuts
    # paths can hide it. Otherwise bugs sit on many paths.
    one_path_bugs: bool = False
    seed: int = 1

    def validate(self):
        """Returns an error message, or None if the parameters make sense."""
        checks = [
            (self.callbacks >= 1, "callbacks must be at least 1"),
            (1 <= self.interrupts <= 64, "interrupts must be 1..64"),
            (0 <= self.branches <= 30, "branches must be 0..30"),
            (0 <= self.helper_depth <= 16, "helper depth must be 0..16"),
            (0 <= self.loops <= 16, "loops must be 0..16"),
            (0 <= self.loop_trip <= 1000, "loop trip count must be 0..1000"),
            (0.0 <= self.bug_ratio <= 1.0, "bug ratio must be 0..1"),
        ]
        for ok, message in checks:
            if not ok:
                return message
        return None


@dataclasses.dataclass(frozen=True)
class Branch:
    """if (Ctx->Regs[reg] & mask) Ctx->Count += add; else Ctx->Shadow[shadow]
    = add. Conditions read registers that nothing in the driver writes, so
    every branch splits the analyzer's paths in two."""

    reg: int
    mask: int
    add: int
    shadow: int


@dataclasses.dataclass(frozen=True)
class Unit:
    """One callback and everything only it uses."""

    index: int
    role: str
    pattern: str  # a PATTERN_WEIGHTS name, or "isr"
    interrupt: int
    bug: str  # "" for none
    branches: tuple
    loop_offsets: tuple
    helper_depth: int
    opaque_call: bool  # passes the context to a driver function in another file
    cxx_guard: bool  # C++ rendering takes the lock with an RAII guard
    status_mask: int  # the condition of the bug's branch, on Ctx->Status

    @property
    def name(self):
        return "Bench%s%d" % (self.role.capitalize(), self.index)


REGS = 16  # registers in the generated device context


def _weighted(rng, choices):
    total = sum(weight for _, weight in choices)
    pick = rng.randrange(total)
    for name, weight in choices:
        if pick < weight:
            return name
        pick -= weight
    raise AssertionError("unreachable")


def plan_unit(rng, params, index):
    """Draws one unit. The number of draws never depends on earlier units, so
    a unit is the same whatever the number of callbacks asked for."""
    role = _weighted(rng, ROLE_WEIGHTS)
    pattern = _weighted(rng, PATTERN_WEIGHTS)
    if role == "isr":
        pattern = "isr"
    has_bug = rng.random() < params.bug_ratio
    bug_choice = rng.choice(BUGS_BY_PATTERN[pattern])
    branches = tuple(
        Branch(
            reg=k % REGS,
            mask=1 << rng.randrange(31),
            add=(1 << k) if params.one_path_bugs else rng.randrange(1, 100),
            shadow=rng.randrange(REGS),
        )
        for k in range(params.branches)
    )
    loop_offsets = tuple(rng.randrange(REGS) for _ in range(params.loops))
    opaque_call = rng.random() < 0.5
    guard = rng.random() < 0.5
    return Unit(
        index=index,
        role=role,
        pattern=pattern,
        interrupt=rng.randrange(params.interrupts),
        bug=bug_choice if has_bug else "",
        branches=branches,
        loop_offsets=loop_offsets,
        helper_depth=params.helper_depth,
        opaque_call=opaque_call,
        cxx_guard=guard and pattern == "direct" and not has_bug,
        status_mask=1 << rng.randrange(31),
    )


def plan_units(params, start=0):
    """Yields units without end; the caller takes as many as it needs."""
    rng = random.Random(params.seed)
    index = start
    while True:
        yield plan_unit(rng, params, index)
        index += 1
