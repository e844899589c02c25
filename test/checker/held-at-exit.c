// A KMDF callback must not return while it holds a lock it acquired: through
// a return, by falling off the end, or through a goto to its exit.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

EVT_WDF_INTERRUPT_DPC FallsOffTheEnd;
VOID FallsOffTheEnd(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt); // expected-note {{Interrupt lock of 'Interrupt' acquired here}}
} // expected-warning {{Interrupt lock of 'Interrupt' is still held at the end of callback 'FallsOffTheEnd'}}
  // expected-note@-1 {{Interrupt lock of 'Interrupt' is still held at the end of callback 'FallsOffTheEnd'}}

EVT_WDF_DEVICE_D0_ENTRY EarlyReturn;
NTSTATUS EarlyReturn(WDFDEVICE Device, WDF_POWER_DEVICE_STATE PreviousState) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  if (Ctx->Flags) // expected-note {{Assuming field 'Flags' is not equal to 0}}
                  // expected-note@-1 {{Taking true branch}}
    return STATUS_UNSUCCESSFUL; // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'EarlyReturn'}}
                                // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'EarlyReturn'}}
  WdfInterruptReleaseLock(Ctx->Interrupt);
  return STATUS_SUCCESS;
}

EVT_WDF_DEVICE_D0_EXIT GotoExit;
NTSTATUS GotoExit(WDFDEVICE Device, WDF_POWER_DEVICE_STATE TargetState) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  NTSTATUS Status = STATUS_SUCCESS;
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  if (Ctx->Count > 3) { // expected-note {{Assuming field 'Count' is > 3}}
                        // expected-note@-1 {{Taking true branch}}
    Status = STATUS_UNSUCCESSFUL;
    goto Exit; // expected-note {{Control jumps to line}}
  }
  WdfInterruptReleaseLock(Ctx->Interrupt);
Exit:
  return Status; // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'GotoExit'}}
                 // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'GotoExit'}}
}

// The handle's symbol is dead long before the exit; the lock is still held.
EVT_WDF_DPC HandleDiesEarly;
VOID HandleDiesEarly(WDFDPC Dpc) {
  WdfInterruptAcquireLock(GetDeviceContext(Dpc)->Interrupt); // expected-note {{Interrupt lock of 'GetDeviceContext(Dpc)->Interrupt' acquired here}}
  KeStallExecutionProcessor(10);
  KeStallExecutionProcessor(20);
} // expected-warning {{Interrupt lock of 'GetDeviceContext(Dpc)->Interrupt' is still held at the end of callback 'HandleDiesEarly'}}
  // expected-note@-1 {{Interrupt lock of 'GetDeviceContext(Dpc)->Interrupt' is still held at the end of callback 'HandleDiesEarly'}}

// Two exits that hold the lock are two findings.
EVT_WDF_TIMER TwoLeakingExits;
VOID TwoLeakingExits(WDFTIMER Timer) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Timer);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note 2 {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  if (Ctx->Flags == 1) // expected-note {{Assuming field 'Flags' is equal to 1}}
                       // expected-note@-1 {{Taking true branch}}
                       // expected-note@-2 {{Assuming field 'Flags' is not equal to 1}}
                       // expected-note@-3 {{Taking false branch}}
    return; // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'TwoLeakingExits'}}
            // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'TwoLeakingExits'}}
  Ctx->Count = 0;
} // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'TwoLeakingExits'}}
  // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'TwoLeakingExits'}}

// Negative: every exit releases.
EVT_WDF_DEVICE_D0_ENTRY ReleasesOnEveryExit;
NTSTATUS ReleasesOnEveryExit(WDFDEVICE Device,
                             WDF_POWER_DEVICE_STATE PreviousState) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt);
  if (Ctx->Flags) {
    WdfInterruptReleaseLock(Ctx->Interrupt);
    return STATUS_UNSUCCESSFUL;
  }
  WdfInterruptReleaseLock(Ctx->Interrupt);
  return STATUS_SUCCESS;
}

// Negative: the goto-cleanup pattern done right.
EVT_WDF_DEVICE_D0_EXIT GotoCleanupReleases;
NTSTATUS GotoCleanupReleases(WDFDEVICE Device,
                             WDF_POWER_DEVICE_STATE TargetState) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  NTSTATUS Status = STATUS_SUCCESS;
  WdfInterruptAcquireLock(Ctx->Interrupt);
  if (Ctx->Count > 3) {
    Status = STATUS_UNSUCCESSFUL;
    goto Cleanup;
  }
  Ctx->Count++;
Cleanup:
  WdfInterruptReleaseLock(Ctx->Interrupt);
  return Status;
}

// Negative: a function that is no callback may return holding the lock (an
// acquire wrapper).
VOID AcquireWrapper(PDEVICE_CONTEXT Ctx) {
  WdfInterruptAcquireLock(Ctx->Interrupt);
}
