// A second acquire of a lock the driver holds deadlocks: reported once, with
// a note at the first acquire, and the path ends there.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

EVT_WDF_INTERRUPT_DPC AcquireTwice;
VOID AcquireTwice(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt); // expected-note {{Interrupt lock of 'Interrupt' acquired here}}
  WdfInterruptAcquireLock(Interrupt); // expected-warning {{Interrupt lock of 'Interrupt' acquired while already held}}
                                      // expected-note@-1 {{Interrupt lock of 'Interrupt' acquired while already held}}
  // The path ended at the deadlock: no second report for the release or exit.
  WdfInterruptReleaseLock(Interrupt);
}

EVT_WDF_INTERRUPT_DPC AcquireTwiceThroughContext;
VOID AcquireTwiceThroughContext(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  Ctx->Count++;
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-warning {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
                                           // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
}

// The second acquire names the lock as written there.
EVT_WDF_INTERRUPT_DPC AcquireTwiceUnderTwoNames;
VOID AcquireTwiceUnderTwoNames(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WDFINTERRUPT Local = GetDeviceContext(Device)->Interrupt;
  WdfInterruptAcquireLock(GetDeviceContext(Device)->Interrupt); // expected-note {{Interrupt lock of 'GetDeviceContext(Device)->Interrupt' acquired here}}
  WdfInterruptAcquireLock(Local); // expected-warning {{Interrupt lock of 'Local' acquired while already held}}
                                  // expected-note@-1 {{Interrupt lock of 'Local' acquired while already held}}
}

// Negative: acquire and release alternate.
EVT_WDF_INTERRUPT_DPC AcquireReleaseAcquireRelease;
VOID AcquireReleaseAcquireRelease(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Interrupt);
  Ctx->Count++;
  WdfInterruptReleaseLock(Interrupt);
  WdfInterruptAcquireLock(Interrupt);
  Ctx->Count++;
  WdfInterruptReleaseLock(Interrupt);
} // no-warning

// Negative: the two acquires are on different paths.
EVT_WDF_INTERRUPT_DPC AcquireOnEitherBranch;
VOID AcquireOnEitherBranch(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  if (Ctx->Flags)
    WdfInterruptAcquireLock(Interrupt);
  else
    WdfInterruptAcquireLock(Interrupt);
  WdfInterruptReleaseLock(Interrupt);
}
