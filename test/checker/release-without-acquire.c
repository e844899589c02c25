// Releasing a lock the driver does not hold: never acquired on this path in
// a callback, or released twice.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

EVT_WDF_INTERRUPT_DPC ReleaseNeverAcquired;
VOID ReleaseNeverAcquired(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptReleaseLock(Interrupt); // expected-warning {{Interrupt lock of 'Interrupt' released without being held}}
                                      // expected-note@-1 {{Interrupt lock of 'Interrupt' released without being held}}
}

EVT_WDF_INTERRUPT_DPC ReleaseTwice;
VOID ReleaseTwice(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  WdfInterruptReleaseLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' released here}}
  WdfInterruptReleaseLock(Ctx->Interrupt); // expected-warning {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
                                           // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
}

// A release on one branch only, then an unconditional release.
EVT_WDF_IO_QUEUE_IO_READ ReleaseOnErrorPathAndAgain;
VOID ReleaseOnErrorPathAndAgain(WDFQUEUE Queue, WDFREQUEST Request,
                                size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  if (Length == 0) { // expected-note {{Assuming 'Length' is equal to 0}}
                     // expected-note@-1 {{Taking true branch}}
    WdfInterruptReleaseLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' released here}}
  }
  WdfInterruptReleaseLock(Ctx->Interrupt); // expected-warning {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
                                           // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Negative: each release follows an acquire.
EVT_WDF_INTERRUPT_DPC ReleaseAfterAcquire;
VOID ReleaseAfterAcquire(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt);
  WdfInterruptReleaseLock(Interrupt);
}

// Negative: a function that is no callback may be entered with the lock held
// (a release wrapper).
VOID ReleaseWrapper(PDEVICE_CONTEXT Ctx) {
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

// Positive even outside callbacks: the second release is wrong whatever the
// state at entry.
VOID ReleaseWrapperTwice(PDEVICE_CONTEXT Ctx) {
  WdfInterruptReleaseLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' released here}}
  WdfInterruptReleaseLock(Ctx->Interrupt); // expected-warning {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
                                           // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
}
