// Driver helpers named like kernel components (IoXxx, HidXxx) are the
// driver's: without a body in this file, they may take or release a lock
// they receive, as any other driver function. Framework and kernel routines
// (Wdf*, Ke*, Rtl*, ...) never do.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

// Negative: the helper may release the interrupt lock.
EVT_WDF_INTERRUPT_DPC IoHelperReleases;
VOID IoHelperReleases(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt);
  IoDriverReleaseHelper(Interrupt);
}

// Negative: the helper may release the spin lock.
EVT_WDF_DPC HidHelperReleases;
VOID HidHelperReleases(WDFDPC Dpc) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Dpc);
  WdfSpinLockAcquire(Ctx->SpinLock);
  HidDriverReleaseHelper(Ctx->SpinLock);
}

// Positive: a kernel routine does not release it.
EVT_WDF_DPC KernelRoutineKeepsIt;
VOID KernelRoutineKeepsIt(WDFDPC Dpc) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Dpc);
  WdfSpinLockAcquire(Ctx->SpinLock); // expected-note {{WDF spin lock 'Ctx->SpinLock' acquired here}}
  KeStallExecutionProcessor(1);
} // expected-warning {{WDF spin lock 'Ctx->SpinLock' is still held at the end of callback 'KernelRoutineKeepsIt'}}
  // expected-note@-1 {{WDF spin lock 'Ctx->SpinLock' is still held at the end of callback 'KernelRoutineKeepsIt'}}
