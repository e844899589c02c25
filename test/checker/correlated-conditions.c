// The checker is path-sensitive: locks taken and dropped under the same
// condition do not warn; under different conditions they do.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

// Negative.
EVT_WDF_INTERRUPT_DPC SameCondition;
VOID SameCondition(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  BOOLEAN Locked = Ctx->Flags != 0;
  if (Locked)
    WdfInterruptAcquireLock(Interrupt);
  Ctx->Count++;
  if (Locked)
    WdfInterruptReleaseLock(Interrupt);
}

// Negative: the condition is a parameter of the callback.
EVT_WDF_IO_QUEUE_IO_READ SameParameterCondition;
VOID SameParameterCondition(WDFQUEUE Queue, WDFREQUEST Request,
                            size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  if (Length > 16)
    WdfInterruptAcquireLock(Ctx->Interrupt);
  Ctx->Count += (ULONG)Length;
  if (Length > 16)
    WdfInterruptReleaseLock(Ctx->Interrupt);
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Positive: two unrelated conditions; both wrong paths are found.
EVT_WDF_IO_QUEUE_IO_READ DifferentConditions;
VOID DifferentConditions(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  if (Length > 16) // expected-note {{Assuming 'Length' is <= 16}}
                   // expected-note@-1 {{Taking false branch}}
                   // expected-note@-2 {{Assuming 'Length' is > 16}}
                   // expected-note@-3 {{Taking true branch}}
    WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  if (Ctx->Flags) // expected-note {{Assuming field 'Flags' is not equal to 0}}
                  // expected-note@-1 {{Taking true branch}}
                  // expected-note@-2 {{Assuming field 'Flags' is 0}}
                  // expected-note@-3 {{Taking false branch}}
    WdfInterruptReleaseLock(Ctx->Interrupt); // expected-warning {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
                                             // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
  WdfRequestComplete(Request, STATUS_SUCCESS);
} // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'DifferentConditions'}}
  // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'DifferentConditions'}}
