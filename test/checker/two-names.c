// One interrupt under two names in one callback: the callback's interrupt
// parameter and a handle read from a device context may be one object, so a
// lock taken under one name and released under the other is no finding.
// Two fields of one context are two handles: there the checker still warns.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

// Negative: acquired through the parameter, released through the context.
EVT_WDF_INTERRUPT_DPC ParameterThenContext;
VOID ParameterThenContext(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT DevCtx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Interrupt);
  DevCtx->Count++;
  WdfInterruptReleaseLock(DevCtx->Interrupt);
}

// Negative: the other way round, with the context reached from the
// interrupt itself.
EVT_WDF_INTERRUPT_DPC ContextThenParameter;
VOID ContextThenParameter(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT DevCtx = GetDeviceContext(WdfInterruptGetDevice(Interrupt));
  WdfInterruptAcquireLock(DevCtx->Interrupt);
  DevCtx->Count++;
  WdfInterruptReleaseLock(Interrupt);
}

// Negative: a second acquire under the other name may be of another lock.
EVT_WDF_INTERRUPT_DPC BothNamesAcquired;
VOID BothNamesAcquired(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT DevCtx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Interrupt);
  WdfInterruptAcquireLock(DevCtx->SecondInterrupt);
  WdfInterruptReleaseLock(DevCtx->SecondInterrupt);
  WdfInterruptReleaseLock(Interrupt);
}

// Positive: both of two fields of one context taken, one released: two
// locks, the first still held at the end.
EVT_WDF_INTERRUPT_DPC TwoFieldsAcquiredOneReleased;
VOID TwoFieldsAcquiredOneReleased(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT DevCtx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(DevCtx->Interrupt); // expected-note {{Interrupt lock of 'DevCtx->Interrupt' acquired here}}
  WdfInterruptAcquireLock(DevCtx->SecondInterrupt);
  WdfInterruptReleaseLock(DevCtx->SecondInterrupt);
} // expected-warning {{Interrupt lock of 'DevCtx->Interrupt' is still held at the end of callback 'TwoFieldsAcquiredOneReleased'}}
  // expected-note@-1 {{Interrupt lock of 'DevCtx->Interrupt' is still held at the end of callback 'TwoFieldsAcquiredOneReleased'}}

// Positive: two fields of one context are two locks.
EVT_WDF_INTERRUPT_DPC TwoFields;
VOID TwoFields(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT DevCtx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(DevCtx->Interrupt); // expected-note {{Interrupt lock of 'DevCtx->Interrupt' acquired here}}
  WdfInterruptReleaseLock(DevCtx->SecondInterrupt); // expected-warning {{Interrupt lock of 'DevCtx->SecondInterrupt' released without being held}}
                                                    // expected-note@-1 {{Interrupt lock of 'DevCtx->SecondInterrupt' released without being held}}
} // expected-warning {{Interrupt lock of 'DevCtx->Interrupt' is still held at the end of callback 'TwoFields'}}
  // expected-note@-1 {{Interrupt lock of 'DevCtx->Interrupt' is still held at the end of callback 'TwoFields'}}

// Positive: whichever object the two names are, one release is one too many.
EVT_WDF_INTERRUPT_DPC ReleasedUnderBothNames;
VOID ReleasedUnderBothNames(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT DevCtx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Interrupt); // expected-note {{Interrupt lock of 'Interrupt' acquired here}}
  WdfInterruptReleaseLock(DevCtx->Interrupt); // expected-note {{Interrupt lock of 'DevCtx->Interrupt' released here}}
  WdfInterruptReleaseLock(Interrupt); // expected-warning {{Interrupt lock of 'Interrupt' released without being held}}
                                      // expected-note@-1 {{Interrupt lock of 'Interrupt' released without being held}}
}

// Positive: a lock taken under one name and kept: still held at the exit.
EVT_WDF_INTERRUPT_DPC KeptUnderOneName;
VOID KeptUnderOneName(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT DevCtx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(DevCtx->Interrupt); // expected-note {{Interrupt lock of 'DevCtx->Interrupt' acquired here}}
  WdfInterruptAcquireLock(Interrupt);
  WdfInterruptReleaseLock(Interrupt);
} // expected-warning {{Interrupt lock of 'DevCtx->Interrupt' is still held at the end of callback 'KeptUnderOneName'}}
  // expected-note@-1 {{Interrupt lock of 'DevCtx->Interrupt' is still held at the end of callback 'KeptUnderOneName'}}

// Negative: a WDF spin lock copied into a local and released through the
// context: the same handle.
EVT_WDF_DPC SpinLockCopied;
VOID SpinLockCopied(WDFDPC Dpc) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Dpc);
  WDFSPINLOCK Lock = Ctx->SpinLock;
  WdfSpinLockAcquire(Lock);
  WdfSpinLockRelease(Ctx->SpinLock);
}
