// Each interrupt object has its own lock.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

// Negative: nested acquire A, acquire B, release A, release B.
EVT_WDF_INTERRUPT_DPC NestedTwoObjects;
VOID NestedTwoObjects(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt);
  WdfInterruptAcquireLock(Ctx->SecondInterrupt);
  WdfInterruptReleaseLock(Ctx->Interrupt);
  WdfInterruptReleaseLock(Ctx->SecondInterrupt);
}

// Negative: the callback's own interrupt and another one from the context.
EVT_WDF_INTERRUPT_DPC ParameterAndContext;
VOID ParameterAndContext(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Interrupt);
  WdfInterruptAcquireLock(Ctx->SecondInterrupt);
  WdfInterruptReleaseLock(Ctx->SecondInterrupt);
  WdfInterruptReleaseLock(Interrupt);
}

// Negative: elements of an array of interrupts.
EVT_WDF_INTERRUPT_DPC ArrayElements;
VOID ArrayElements(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupts[0]);
  WdfInterruptAcquireLock(Ctx->Interrupts[1]);
  WdfInterruptReleaseLock(Ctx->Interrupts[1]);
  WdfInterruptReleaseLock(Ctx->Interrupts[0]);
}

// Positive: acquire A, release B.
EVT_WDF_INTERRUPT_DPC AcquireAReleaseB;
VOID AcquireAReleaseB(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  WdfInterruptReleaseLock(Ctx->SecondInterrupt); // expected-warning {{Interrupt lock of 'Ctx->SecondInterrupt' released without being held}}
                                                 // expected-note@-1 {{Interrupt lock of 'Ctx->SecondInterrupt' released without being held}}
} // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'AcquireAReleaseB'}}
  // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'AcquireAReleaseB'}}

// Positive: both held at the exit: one finding each.
EVT_WDF_INTERRUPT_DPC BothHeldAtExit;
VOID BothHeldAtExit(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupts[2]); // expected-note {{Interrupt lock of 'Ctx->Interrupts[2]' acquired here}}
  WdfInterruptAcquireLock(Ctx->Interrupts[3]); // expected-note {{Interrupt lock of 'Ctx->Interrupts[3]' acquired here}}
} // expected-warning {{Interrupt lock of 'Ctx->Interrupts[2]' is still held at the end of callback 'BothHeldAtExit'}}
  // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupts[2]' is still held at the end of callback 'BothHeldAtExit'}}
  // expected-warning@-2 {{Interrupt lock of 'Ctx->Interrupts[3]' is still held at the end of callback 'BothHeldAtExit'}}
  // expected-note@-3 {{Interrupt lock of 'Ctx->Interrupts[3]' is still held at the end of callback 'BothHeldAtExit'}}
