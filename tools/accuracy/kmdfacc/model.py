"""What the harness knows about the lock APIs, callback roles and messages.

This table is the harness's own, written from the documented DDIs (issue 10's
list), not read from the checker: the harness measures the checker, so it
must not share its model.
"""

import re
from dataclasses import dataclass

ACQUIRE = "acquire"
RELEASE = "release"
TRY = "try-acquire"


@dataclass(frozen=True)
class Family:
    key: str          # short name used on the command line and in results
    title: str        # for tables
    words: str        # how the checker's messages name a lock of this family
    checker: str      # the checker that reports it
    in_issue_10: bool  # part of issue 10's API list


FAMILIES = (
    Family("interrupt", "WDF interrupt lock", "Interrupt lock", "kmdf.WdfInterruptLock", True),
    Family("wdf-spin", "WDF spin lock", "WDF spin lock", "kmdf.WdfSpinlock", True),
    Family("wdf-wait", "WDF wait lock", "WDF wait lock", "kmdf.WdfWaitlock", True),
    Family("ke-spin", "Ke spin lock (KeAcquireSpinLock, RaiseToDpc)", "Kernel spin lock",
           "kmdf.Spinlock", True),
    Family("ke-dpc", "Ke spin lock at DPC level", "Kernel spin lock", "kmdf.Spinlock", True),
    Family("ke-instack", "Ke in-stack queued spin lock", "Kernel spin lock", "kmdf.Spinlock", True),
    Family("ke-instack-dpc", "Ke in-stack queued spin lock at DPC level", "Kernel spin lock",
           "kmdf.Spinlock", False),
)
FAMILY = {f.key: f for f in FAMILIES}


@dataclass(frozen=True)
class LockApi:
    name: str       # the name as the AST's callee has it (after macro expansion)
    family: str
    op: str


# The callee names, as clang sees them after the preprocessor. Debian's mingw
# DDK makes KeAcquireSpinLock a macro over KeAcquireSpinLockRaiseToDpc on
# x86_64 (the WDK does the same); the spelled macro name is kept per site.
LOCK_APIS = {a.name: a for a in (
    LockApi("WdfInterruptAcquireLock", "interrupt", ACQUIRE),
    LockApi("WdfInterruptReleaseLock", "interrupt", RELEASE),
    LockApi("WdfInterruptTryToAcquireLock", "interrupt", TRY),
    LockApi("WdfSpinLockAcquire", "wdf-spin", ACQUIRE),
    LockApi("WdfSpinLockRelease", "wdf-spin", RELEASE),
    LockApi("WdfWaitLockAcquire", "wdf-wait", ACQUIRE),
    LockApi("WdfWaitLockRelease", "wdf-wait", RELEASE),
    LockApi("KeAcquireSpinLockRaiseToDpc", "ke-spin", ACQUIRE),
    LockApi("KfAcquireSpinLock", "ke-spin", ACQUIRE),
    LockApi("KeReleaseSpinLock", "ke-spin", RELEASE),
    LockApi("KfReleaseSpinLock", "ke-spin", RELEASE),
    LockApi("KeAcquireSpinLockAtDpcLevel", "ke-dpc", ACQUIRE),
    LockApi("KefAcquireSpinLockAtDpcLevel", "ke-dpc", ACQUIRE),
    LockApi("KeReleaseSpinLockFromDpcLevel", "ke-dpc", RELEASE),
    LockApi("KefReleaseSpinLockFromDpcLevel", "ke-dpc", RELEASE),
    LockApi("KeTryToAcquireSpinLockAtDpcLevel", "ke-dpc", TRY),
    LockApi("KeAcquireInStackQueuedSpinLock", "ke-instack", ACQUIRE),
    LockApi("KeReleaseInStackQueuedSpinLock", "ke-instack", RELEASE),
    LockApi("KeAcquireInStackQueuedSpinLockAtDpcLevel", "ke-instack-dpc", ACQUIRE),
    LockApi("KeReleaseInStackQueuedSpinLockFromDpcLevel", "ke-instack-dpc", RELEASE),
)}

# Seeded defects.
DUP_ACQUIRE = "dup-acquire"
DUP_RELEASE = "dup-release"
DROP_RELEASE = "drop-release"
KINDS = (DUP_ACQUIRE, DUP_RELEASE, DROP_RELEASE)
KIND_TITLE = {
    DUP_ACQUIRE: "acquire duplicated",
    DUP_RELEASE: "release duplicated",
    DROP_RELEASE: "release dropped in a callback",
}
# The words of the finding each seeded defect must produce (issue 10's kinds).
KIND_WORDS = {
    DUP_ACQUIRE: "acquired while already held",
    DUP_RELEASE: "released without being held",
    DROP_RELEASE: "still held at the end of callback",
}

# Callback role types. SDV and the checker know a KMDF callback by the role
# typedef one of its declarations is written with (`EVT_WDF_INTERRUPT_DPC
# MyDpc;`). Class extensions name theirs EVT_<EXTENSION>_... (SerCx2, SpbCx,
# UfxClient, UcxClient, AcxClient, NetAdapterCx, SensorsCx, ...).
WDF_ROLE = re.compile(r"^(EVT_WDF_|EVT_WDFDEVICE_|DRIVER_INITIALIZE$|DRIVER_UNLOAD$)")
ANY_ROLE = re.compile(r"^(EVT_[A-Z0-9_]+|DRIVER_INITIALIZE|DRIVER_UNLOAD)$")


def role_group(role):
    """'wdf' for the framework's own roles, else the class extension's prefix."""
    if not role:
        return None
    if WDF_ROLE.match(role):
        return "wdf"
    m = re.match(r"^EVT_([A-Z0-9]+)_", role)
    return m.group(1).lower() if m else "other"


def family_of_message(message):
    """The families whose words start the checker's message."""
    return [f.key for f in FAMILIES if message.startswith(f.words)]


def kind_of_message(message):
    for kind, words in KIND_WORDS.items():
        if words in message:
            return kind
    return None
