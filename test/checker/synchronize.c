// WdfInterruptSynchronize takes the interrupt lock around its callback:
// calling it while the lock is held deadlocks.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

EVT_WDF_INTERRUPT_SYNCHRONIZE ResetCounters;
BOOLEAN ResetCounters(WDFINTERRUPT Interrupt, WDFCONTEXT Context) {
  ((PDEVICE_CONTEXT)Context)->Count = 0;
  return TRUE;
}

EVT_WDF_INTERRUPT_DPC SynchronizeWhileHeld;
VOID SynchronizeWhileHeld(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  WdfInterruptSynchronize(Ctx->Interrupt, ResetCounters, Ctx); // expected-warning {{Interrupt lock of 'Ctx->Interrupt' acquired by WdfInterruptSynchronize while already held}}
                                                               // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' acquired by WdfInterruptSynchronize while already held}}
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

EVT_WDF_INTERRUPT_ISR SynchronizeInIsr;
BOOLEAN SynchronizeInIsr(WDFINTERRUPT Interrupt, ULONG MessageID) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfInterruptGetDevice(Interrupt));
  return WdfInterruptSynchronize(Interrupt, ResetCounters, Ctx); // expected-warning {{Interrupt lock of 'Interrupt' acquired by WdfInterruptSynchronize while already held: the framework calls 'SynchronizeInIsr' with this lock held}}
                                                                 // expected-note@-1 {{Interrupt lock of 'Interrupt' acquired by WdfInterruptSynchronize while already held: the framework calls 'SynchronizeInIsr' with this lock held}}
}

// Negative: not held, held and released before, or another object.
EVT_WDF_INTERRUPT_DPC SynchronizeNotHeld;
VOID SynchronizeNotHeld(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptSynchronize(Interrupt, ResetCounters, Ctx);
  WdfInterruptAcquireLock(Interrupt);
  Ctx->Count++;
  WdfInterruptReleaseLock(Interrupt);
  WdfInterruptSynchronize(Interrupt, ResetCounters, Ctx);
}

EVT_WDF_INTERRUPT_DPC SynchronizeOtherObject;
VOID SynchronizeOtherObject(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt);
  WdfInterruptSynchronize(Ctx->SecondInterrupt, ResetCounters, Ctx);
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

// Negative: the callback may change the context; the engine still knows it
// could have.
EVT_WDF_INTERRUPT_DPC SynchronizeChangesContext;
VOID SynchronizeChangesContext(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  Ctx->Count = 5;
  WdfInterruptSynchronize(Interrupt, ResetCounters, Ctx);
  if (Ctx->Count == 0)
    WdfInterruptAcquireLock(Interrupt);
  if (Ctx->Count == 0)
    WdfInterruptReleaseLock(Interrupt);
}
