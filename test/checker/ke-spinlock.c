// Kernel spin locks: a KSPIN_LOCK is memory, named by its address, in a
// context, a global or behind a PKSPIN_LOCK parameter; KeAcquireSpinLock is a
// macro over KeAcquireSpinLockRaiseToDpc; an in-stack queued spin lock is
// released through its queue handle.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

KMDF_BEGIN_DECLS
KSPIN_LOCK g_ListLock;
KSPIN_LOCK g_OtherLock;
KMDF_END_DECLS

// Negative: the macro form, with the old IRQL given back.
EVT_WDF_DPC MacroForm;
VOID MacroForm(WDFDPC Dpc) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Dpc);
  KIRQL OldIrql;
  KeAcquireSpinLock(&Ctx->KeLock, &OldIrql);
  Ctx->Count++;
  KeReleaseSpinLock(&Ctx->KeLock, OldIrql);
}

// Positive: the macro form, leaked on an early return.
EVT_WDF_DPC MacroFormLeaks;
VOID MacroFormLeaks(WDFDPC Dpc) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Dpc);
  KIRQL OldIrql;
  KeAcquireSpinLock(&Ctx->KeLock, &OldIrql); // expected-note {{Kernel spin lock 'Ctx->KeLock' acquired here}}
  if (Ctx->Flags) // expected-note {{Assuming field 'Flags' is not equal to 0}}
                  // expected-note@-1 {{Taking true branch}}
    return; // expected-warning {{Kernel spin lock 'Ctx->KeLock' is still held at the end of callback 'MacroFormLeaks'}}
            // expected-note@-1 {{Kernel spin lock 'Ctx->KeLock' is still held at the end of callback 'MacroFormLeaks'}}
  KeReleaseSpinLock(&Ctx->KeLock, OldIrql);
}

// Positive: a global lock released twice.
EVT_WDF_DPC GlobalReleasedTwice;
VOID GlobalReleasedTwice(WDFDPC Dpc) {
  KIRQL OldIrql;
  KeAcquireSpinLock(&g_ListLock, &OldIrql); // expected-note {{Kernel spin lock 'g_ListLock' acquired here}}
  KeReleaseSpinLock(&g_ListLock, OldIrql); // expected-note {{Kernel spin lock 'g_ListLock' released here}}
  KeReleaseSpinLock(&g_ListLock, OldIrql); // expected-warning {{Kernel spin lock 'g_ListLock' released without being held}}
                                           // expected-note@-1 {{Kernel spin lock 'g_ListLock' released without being held}}
}

// Positive: two global locks are two locks.
EVT_WDF_DPC TwoGlobals;
VOID TwoGlobals(WDFDPC Dpc) {
  KIRQL OldIrql;
  KeAcquireSpinLock(&g_ListLock, &OldIrql); // expected-note {{Kernel spin lock 'g_ListLock' acquired here}}
  KeReleaseSpinLock(&g_OtherLock, OldIrql); // expected-warning {{Kernel spin lock 'g_OtherLock' released without being held}}
                                            // expected-note@-1 {{Kernel spin lock 'g_OtherLock' released without being held}}
} // expected-warning {{Kernel spin lock 'g_ListLock' is still held at the end of callback 'TwoGlobals'}}
  // expected-note@-1 {{Kernel spin lock 'g_ListLock' is still held at the end of callback 'TwoGlobals'}}

// A helper that takes the lock through a PKSPIN_LOCK parameter.
static VOID LockList(PKSPIN_LOCK Lock) {
  KeAcquireSpinLockAtDpcLevel(Lock); // expected-warning {{Kernel spin lock 'Lock' acquired while already held}}
                                     // expected-note@-1 {{Kernel spin lock 'Lock' acquired while already held}}
}

// Negative: through the pointer, then directly.
EVT_WDF_DPC PointerThenDirect;
VOID PointerThenDirect(WDFDPC Dpc) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Dpc);
  LockList(&Ctx->KeLock);
  KeReleaseSpinLockFromDpcLevel(&Ctx->KeLock);
}

// Positive: the helper takes a lock the callback holds.
EVT_WDF_DPC PointerAcquiresAgain;
VOID PointerAcquiresAgain(WDFDPC Dpc) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Dpc);
  KeAcquireSpinLockAtDpcLevel(&Ctx->KeLock); // expected-note {{Kernel spin lock 'Ctx->KeLock' acquired here}}
  LockList(&Ctx->KeLock); // expected-note {{Calling 'LockList'}}
}

// Positive: a helper analyzed on its own takes its lock twice.
static VOID LockListTwice(PKSPIN_LOCK Lock) {
  KeAcquireSpinLockAtDpcLevel(Lock); // expected-note {{Kernel spin lock 'Lock' acquired here}}
  KeAcquireSpinLockAtDpcLevel(Lock); // expected-warning {{Kernel spin lock 'Lock' acquired while already held}}
                                     // expected-note@-1 {{Kernel spin lock 'Lock' acquired while already held}}
}

// Negative: a lock behind a pointer parameter and a context field may be
// the same lock: a release through one of a lock taken through the other
// is no finding.
static VOID PointerAndField(PKSPIN_LOCK Lock, PDEVICE_CONTEXT Ctx) {
  KeAcquireSpinLockAtDpcLevel(Lock);
  KeReleaseSpinLockFromDpcLevel(&Ctx->KeLock);
}

// Negative: two fields of one context, nested.
EVT_WDF_DPC TwoFieldsNested;
VOID TwoFieldsNested(WDFDPC Dpc) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Dpc);
  KeAcquireSpinLockAtDpcLevel(&Ctx->KeLock);
  KeAcquireSpinLockAtDpcLevel(&Ctx->SecondKeLock);
  KeReleaseSpinLockFromDpcLevel(&Ctx->SecondKeLock);
  KeReleaseSpinLockFromDpcLevel(&Ctx->KeLock);
}

// Negative: KeTryToAcquireSpinLockAtDpcLevel holds the lock only on TRUE.
EVT_WDF_DPC TryAcquire;
VOID TryAcquire(WDFDPC Dpc) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Dpc);
  if (!KeTryToAcquireSpinLockAtDpcLevel(&Ctx->KeLock))
    return;
  Ctx->Count++;
  KeReleaseSpinLockFromDpcLevel(&Ctx->KeLock);
}

// Negative: an in-stack queued spin lock, released through its handle.
EVT_WDF_DPC InStackQueued;
VOID InStackQueued(WDFDPC Dpc) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Dpc);
  KLOCK_QUEUE_HANDLE Handle;
  KeAcquireInStackQueuedSpinLock(&Ctx->KeLock, &Handle);
  Ctx->Count++;
  KeReleaseInStackQueuedSpinLock(&Handle);
}

// Positive: an in-stack queued spin lock kept at an early return.
EVT_WDF_DPC InStackQueuedLeaks;
VOID InStackQueuedLeaks(WDFDPC Dpc) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Dpc);
  KLOCK_QUEUE_HANDLE Handle;
  KeAcquireInStackQueuedSpinLock(&Ctx->KeLock, &Handle); // expected-note {{Kernel spin lock 'Ctx->KeLock' acquired here}}
  if (Ctx->Flags) // expected-note {{Assuming field 'Flags' is not equal to 0}}
                  // expected-note@-1 {{Taking true branch}}
    return; // expected-warning {{Kernel spin lock 'Ctx->KeLock' is still held at the end of callback 'InStackQueuedLeaks'}}
            // expected-note@-1 {{Kernel spin lock 'Ctx->KeLock' is still held at the end of callback 'InStackQueuedLeaks'}}
  KeReleaseInStackQueuedSpinLock(&Handle);
}

// Positive: the queue handle released twice; the messages name the lock.
EVT_WDF_DPC InStackQueuedReleasedTwice;
VOID InStackQueuedReleasedTwice(WDFDPC Dpc) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Dpc);
  KLOCK_QUEUE_HANDLE Handle;
  KeAcquireInStackQueuedSpinLock(&Ctx->KeLock, &Handle); // expected-note {{Kernel spin lock 'Ctx->KeLock' acquired here}}
  KeReleaseInStackQueuedSpinLock(&Handle); // expected-note {{Kernel spin lock 'Ctx->KeLock' released here}}
  KeReleaseInStackQueuedSpinLock(&Handle); // expected-warning {{Kernel spin lock 'Ctx->KeLock' released without being held}}
                                           // expected-note@-1 {{Kernel spin lock 'Ctx->KeLock' released without being held}}
}

// Positive: a handle that no acquire filled.
EVT_WDF_DPC InStackQueuedNeverAcquired;
VOID InStackQueuedNeverAcquired(WDFDPC Dpc) {
  KLOCK_QUEUE_HANDLE Handle;
  KeReleaseInStackQueuedSpinLock(&Handle); // expected-warning {{Kernel spin lock 'Handle' released without being held}}
                                           // expected-note@-1 {{Kernel spin lock 'Handle' released without being held}}
}

// Positive: a queued acquire of a lock already held.
EVT_WDF_DPC InStackQueuedTwice;
VOID InStackQueuedTwice(WDFDPC Dpc) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Dpc);
  KLOCK_QUEUE_HANDLE First, Second;
  KeAcquireInStackQueuedSpinLock(&Ctx->KeLock, &First); // expected-note {{Kernel spin lock 'Ctx->KeLock' acquired here}}
  KeAcquireInStackQueuedSpinLock(&Ctx->KeLock, &Second); // expected-warning {{Kernel spin lock 'Ctx->KeLock' acquired while already held}}
                                                         // expected-note@-1 {{Kernel spin lock 'Ctx->KeLock' acquired while already held}}
}

// Negative: KeInitializeSpinLock is the kernel's, not a release.
EVT_WDF_DPC InitializedWhileHeld;
VOID InitializedWhileHeld(WDFDPC Dpc) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Dpc);
  KeInitializeSpinLock(&Ctx->SecondKeLock);
  KeAcquireSpinLockAtDpcLevel(&Ctx->SecondKeLock);
  KeReleaseSpinLockFromDpcLevel(&Ctx->SecondKeLock);
}
