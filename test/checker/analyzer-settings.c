// The analyzer settings kmdf-check runs with (recommended for clang
// --analyze too): -analyzer-inlining-mode=all analyzes each helper on its
// own as well, so a defect inside it is found even where no caller's path
// reaches it (within the analyzer's budget, or with the arguments the
// callers pass): by default a function inlined anywhere is never analyzed
// on its own. widen-loops reaches the code after a loop with a long
// constant trip count.
//
// Defaults (inlining mode noredundancy, no widening): both defects below
// are missed.
// RUN: %kmdf_analyze -analyzer-output=text -verify=default %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=default -x c++ -DKMDF_TEST_WDK_SHAPE %s
// The recommended settings find them, each once.
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -analyzer-config widen-loops=true -verify=recommended %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -analyzer-config widen-loops=true -verify=recommended -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -analyzer-config widen-loops=true -verify=recommended -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -analyzer-config widen-loops=true -verify=recommended -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

// default-no-diagnostics

// A helper with a defect of its own, on a path that its only caller, as
// written today, does not take.
static VOID ResetHardwareLocked(PDEVICE_CONTEXT Ctx, BOOLEAN Full) {
  WdfSpinLockAcquire(Ctx->SpinLock); // recommended-note {{WDF spin lock 'Ctx->SpinLock' acquired here}}
  Ctx->Count = 0;
  if (Full) // recommended-note {{Assuming 'Full' is not equal to 0}}
            // recommended-note@-1 {{Taking true branch}}
    WdfSpinLockAcquire(Ctx->SpinLock); // recommended-warning {{WDF spin lock 'Ctx->SpinLock' acquired while already held}}
                                       // recommended-note@-1 {{WDF spin lock 'Ctx->SpinLock' acquired while already held}}
  WdfSpinLockRelease(Ctx->SpinLock);
}

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL DeviceControl;
VOID DeviceControl(WDFQUEUE Queue, WDFREQUEST Request,
                   size_t OutputBufferLength, size_t InputBufferLength,
                   ULONG IoControlCode) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  if (IoControlCode == 0x222004)
    ResetHardwareLocked(Ctx, FALSE);
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// A leak after a loop of sixteen iterations: without widening, the path
// ends after the analyzer's few iterations and never reaches it.
EVT_WDF_INTERRUPT_DPC DrainRingDpc;
VOID DrainRingDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  for (ULONG I = 0; I < 16; I++) // recommended-note 3 {{Loop condition is true.  Entering loop body}}
                                 // recommended-note@-1 {{Assuming 'I' is >= 16}}
                                 // recommended-note@-2 {{Loop condition is false. Execution continues on line}}
    Ctx->Count += I;
  WdfInterruptAcquireLock(Ctx->Interrupt); // recommended-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  if (Ctx->Flags) // recommended-note {{Assuming field 'Flags' is not equal to 0}}
                  // recommended-note@-1 {{Taking true branch}}
    return; // recommended-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'DrainRingDpc'}}
            // recommended-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'DrainRingDpc'}}
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

// Negative, with the loop: the lock kept by the loop's body is released.
EVT_WDF_INTERRUPT_DPC DrainRingBalanced;
VOID DrainRingBalanced(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  for (ULONG I = 0; I < 16; I++) {
    WdfInterruptAcquireLock(Ctx->Interrupt);
    Ctx->Count += I;
    WdfInterruptReleaseLock(Ctx->Interrupt);
  }
  WdfInterruptAcquireLock(Ctx->Interrupt);
  Ctx->Flags = 0;
  WdfInterruptReleaseLock(Ctx->Interrupt);
}
