// Lock calls inside helper functions of the same translation unit are
// followed into the helper; the helper itself is no callback.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

static VOID LockDevice(PDEVICE_CONTEXT Ctx) {
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
                                           // expected-warning@-1 {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
                                           // expected-note@-2 {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
}

static VOID UnlockDevice(PDEVICE_CONTEXT Ctx) {
  WdfInterruptReleaseLock(Ctx->Interrupt); // expected-warning {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
                                           // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
}

static VOID UpdateLocked(WDFINTERRUPT Interrupt, PDEVICE_CONTEXT Ctx) {
  WdfInterruptAcquireLock(Interrupt);
  Ctx->Count++;
  WdfInterruptReleaseLock(Interrupt);
}

// Negative: lock and unlock in helpers, in the right order.
EVT_WDF_INTERRUPT_DPC HelpersBalanced;
VOID HelpersBalanced(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  LockDevice(Ctx);
  Ctx->Count++;
  UnlockDevice(Ctx);
}

// Negative: a helper that is balanced on its own.
EVT_WDF_INTERRUPT_DPC HelperBalancedInside;
VOID HelperBalancedInside(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  UpdateLocked(Interrupt, GetDeviceContext(Device));
}

// Positive: the helper takes the lock and nobody releases it.
EVT_WDF_INTERRUPT_DPC HelperLeaks;
VOID HelperLeaks(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  LockDevice(Ctx); // expected-note {{Calling 'LockDevice'}}
                   // expected-note@-1 {{Returning from 'LockDevice'}}
} // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'HelperLeaks'}}
  // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'HelperLeaks'}}

// Positive: the helper releases a lock the callback never took.
EVT_WDF_INTERRUPT_DPC HelperReleasesUnheld;
VOID HelperReleasesUnheld(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  UnlockDevice(GetDeviceContext(Device)); // expected-note {{Calling 'UnlockDevice'}}
}

// Positive: a helper acquires again what the callback holds.
EVT_WDF_INTERRUPT_DPC HelperAcquiresAgain;
VOID HelperAcquiresAgain(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  LockDevice(Ctx); // expected-note {{Calling 'LockDevice'}}
}
