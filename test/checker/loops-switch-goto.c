// Loops that take and drop the lock each iteration, switch statements and
// goto-based cleanup.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

// Negative.
EVT_WDF_INTERRUPT_DPC LockEachIteration;
VOID LockEachIteration(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  for (ULONG I = 0; I < Ctx->Count; ++I) {
    WdfInterruptAcquireLock(Interrupt);
    Ctx->Flags |= 1u << (I % 8);
    WdfInterruptReleaseLock(Interrupt);
  }
}

// Negative: each interrupt of an array in turn.
EVT_WDF_INTERRUPT_DPC LockEachObject;
VOID LockEachObject(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  for (int I = 0; I < 4; ++I) {
    WdfInterruptAcquireLock(Ctx->Interrupts[I]);
    Ctx->Count++;
    WdfInterruptReleaseLock(Ctx->Interrupts[I]);
  }
}

// Positive: the release was left out of the loop body.
EVT_WDF_INTERRUPT_DPC LockInLoopReleaseAfter;
VOID LockInLoopReleaseAfter(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  for (ULONG I = 0; I < Ctx->Count; ++I) { // expected-note {{Assuming 'I' is < field 'Count'}}
                                           // expected-note@-1 {{Loop condition is true.  Entering loop body}}
                                           // expected-note@-2 {{Assuming 'I' is < field 'Count'}}
                                           // expected-note@-3 {{Loop condition is true.  Entering loop body}}
                                           // expected-note@-4 {{Assuming 'I' is >= field 'Count'}}
                                           // expected-note@-5 {{Loop condition is false. Execution continues on line}}
    WdfInterruptAcquireLock(Interrupt); // expected-note {{Interrupt lock of 'Interrupt' acquired here}}
                                        // expected-warning@-1 {{Interrupt lock of 'Interrupt' acquired while already held}}
                                        // expected-note@-2 {{Interrupt lock of 'Interrupt' acquired while already held}}
    Ctx->Flags++;
  }
  // And on the path that never enters the loop, nothing was acquired.
  WdfInterruptReleaseLock(Interrupt); // expected-warning {{Interrupt lock of 'Interrupt' released without being held}}
                                      // expected-note@-1 {{Interrupt lock of 'Interrupt' released without being held}}
}

// Negative: a release on every case of a switch.
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL SwitchReleasesEverywhere;
VOID SwitchReleasesEverywhere(WDFQUEUE Queue, WDFREQUEST Request,
                              size_t OutputBufferLength,
                              size_t InputBufferLength, ULONG IoControlCode) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  NTSTATUS Status = STATUS_SUCCESS;
  WdfInterruptAcquireLock(Ctx->Interrupt);
  switch (IoControlCode) {
  case 1:
    Ctx->Count = 0;
    WdfInterruptReleaseLock(Ctx->Interrupt);
    break;
  case 2:
    WdfInterruptReleaseLock(Ctx->Interrupt);
    Status = STATUS_UNSUCCESSFUL;
    break;
  default:
    WdfInterruptReleaseLock(Ctx->Interrupt);
    Status = STATUS_INVALID_DEVICE_REQUEST;
    break;
  }
  WdfRequestComplete(Request, Status);
}

// Positive: one case forgot its release.
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL SwitchMissesOneRelease;
VOID SwitchMissesOneRelease(WDFQUEUE Queue, WDFREQUEST Request,
                            size_t OutputBufferLength,
                            size_t InputBufferLength, ULONG IoControlCode) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  switch (IoControlCode) { // expected-note {{Control jumps to 'case 2:'}}
  case 1:
    WdfInterruptReleaseLock(Ctx->Interrupt);
    break;
  case 2:
    Ctx->Count = 0;
    break; // expected-note {{Execution continues on line}}
  default:
    WdfInterruptReleaseLock(Ctx->Interrupt);
    break;
  }
  WdfRequestComplete(Request, STATUS_SUCCESS);
} // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'SwitchMissesOneRelease'}}
  // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'SwitchMissesOneRelease'}}

// Negative: several gotos to one cleanup label that releases.
EVT_WDF_DEVICE_PREPARE_HARDWARE PrepareWithCleanup;
NTSTATUS PrepareWithCleanup(WDFDEVICE Device, WDFCMRESLIST Raw,
                            WDFCMRESLIST Translated) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  NTSTATUS Status = STATUS_SUCCESS;
  WdfInterruptAcquireLock(Ctx->Interrupt);
  if (Ctx->Flags & 1) {
    Status = STATUS_UNSUCCESSFUL;
    goto Cleanup;
  }
  if (Ctx->Flags & 2) {
    Status = STATUS_INVALID_DEVICE_REQUEST;
    goto Cleanup;
  }
  Ctx->Count = 1;
Cleanup:
  WdfInterruptReleaseLock(Ctx->Interrupt);
  return Status;
}

// Positive: a goto jumps past the acquire to the release.
EVT_WDF_DEVICE_PREPARE_HARDWARE GotoSkipsAcquire;
NTSTATUS GotoSkipsAcquire(WDFDEVICE Device, WDFCMRESLIST Raw,
                          WDFCMRESLIST Translated) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  NTSTATUS Status = STATUS_SUCCESS;
  if (Ctx->Count == 0) { // expected-note {{Assuming field 'Count' is equal to 0}}
                         // expected-note@-1 {{Taking true branch}}
    Status = STATUS_UNSUCCESSFUL;
    goto Cleanup; // expected-note {{Control jumps to line}}
  }
  WdfInterruptAcquireLock(Ctx->Interrupt);
  Ctx->Flags = 0;
Cleanup:
  WdfInterruptReleaseLock(Ctx->Interrupt); // expected-warning {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
                                           // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
  return Status;
}
