// A lock is "respelled" when it is taken again under the very text of a held
// lock that the analyzer can no longer prove to be the same one (see
// widened-loop.c): then the held one is no longer judged. That holds only in
// the function that took it. A helper's 'Ctx->SpinLock' names whatever the
// helper's own 'Ctx' points to: a callback that leaks its lock and then
// calls a helper that takes a lock spelled alike, read from another pointer,
// still leaks it, and the helper's lock is not claimed to be the same
// (seen in a public SPI controller driver's DPC: the device extension reached
// through the request's target in the helper, through the accessor in the
// callback).
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-config widen-loops=true -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-config widen-loops=true -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

typedef struct _REQUEST_STATE {
  PDEVICE_CONTEXT Owner;
  ULONG Pending;
} REQUEST_STATE;

// Helpers that take the lock of the context their request points to.
static ULONG PendingUnderSpinLock(REQUEST_STATE *Request) {
  PDEVICE_CONTEXT Ctx = Request->Owner;
  WdfSpinLockAcquire(Ctx->SpinLock);
  ULONG Pending = Request->Pending;
  WdfSpinLockRelease(Ctx->SpinLock);
  return Pending;
}

static ULONG PendingUnderKeLock(REQUEST_STATE *Request) {
  PDEVICE_CONTEXT Ctx = Request->Owner;
  KLOCK_QUEUE_HANDLE Handle;
  KeAcquireInStackQueuedSpinLock(&Ctx->KeLock, &Handle);
  ULONG Pending = Request->Pending;
  KeReleaseInStackQueuedSpinLock(&Handle);
  return Pending;
}

REQUEST_STATE *CurrentRequest;

// Positive: the callback keeps its WDF spin lock; the helper's is its own.
EVT_WDF_INTERRUPT_DPC SpinLockKeptAcrossHelper;
VOID SpinLockKeptAcrossHelper(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfSpinLockAcquire(Ctx->SpinLock); // expected-note {{WDF spin lock 'Ctx->SpinLock' acquired here}}
  Ctx->Count = PendingUnderSpinLock(CurrentRequest);
} // expected-warning {{WDF spin lock 'Ctx->SpinLock' is still held at the end of callback 'SpinLockKeptAcrossHelper'}}
  // expected-note@-1 {{WDF spin lock 'Ctx->SpinLock' is still held at the end of callback 'SpinLockKeptAcrossHelper'}}

// Positive: the same with an in-stack queued Ke spin lock, its queue handle
// in an inner block (the driver's shape).
EVT_WDF_INTERRUPT_DPC KeLockKeptAcrossHelper;
VOID KeLockKeptAcrossHelper(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  if (Ctx->Flags) { // expected-note {{Assuming field 'Flags' is not equal to 0}}
                    // expected-note@-1 {{Taking true branch}}
    KLOCK_QUEUE_HANDLE Handle;
    KeAcquireInStackQueuedSpinLock(&Ctx->KeLock, &Handle); // expected-note {{Kernel spin lock 'Ctx->KeLock' acquired here}}
    Ctx->Count = 0;
  }
  Ctx->Count = PendingUnderKeLock(CurrentRequest);
} // expected-warning {{Kernel spin lock 'Ctx->KeLock' is still held at the end of callback 'KeLockKeptAcrossHelper'}}
  // expected-note@-1 {{Kernel spin lock 'Ctx->KeLock' is still held at the end of callback 'KeLockKeptAcrossHelper'}}

// Negative: released before the helper runs.
EVT_WDF_INTERRUPT_DPC SpinLockReleasedBeforeHelper;
VOID SpinLockReleasedBeforeHelper(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfSpinLockAcquire(Ctx->SpinLock);
  Ctx->Count = 0;
  WdfSpinLockRelease(Ctx->SpinLock);
  Ctx->Count = PendingUnderSpinLock(CurrentRequest);
}

// Negative: the helper runs under the callback's lock, which is released
// after it; the helper's lock, spelled alike, is not claimed to be the same.
EVT_WDF_INTERRUPT_DPC KeLockAroundHelper;
VOID KeLockAroundHelper(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  KLOCK_QUEUE_HANDLE Handle;
  KeAcquireInStackQueuedSpinLock(&Ctx->KeLock, &Handle);
  Ctx->Count = PendingUnderKeLock(CurrentRequest);
  KeReleaseInStackQueuedSpinLock(&Handle);
}
