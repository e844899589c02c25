// The framework calls EvtInterruptIsr, EvtInterruptSynchronize,
// EvtInterruptEnable and EvtInterruptDisable with the lock of their
// interrupt held: acquiring it there deadlocks, releasing it releases a lock
// the driver does not own, and returning with it held is normal.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

EVT_WDF_INTERRUPT_ISR IsrAcquires;
BOOLEAN IsrAcquires(WDFINTERRUPT Interrupt, ULONG MessageID) {
  WdfInterruptAcquireLock(Interrupt); // expected-warning {{Interrupt lock of 'Interrupt' acquired while already held: the framework calls 'IsrAcquires' with this lock held}}
                                      // expected-note@-1 {{Interrupt lock of 'Interrupt' acquired while already held: the framework calls 'IsrAcquires' with this lock held}}
  return TRUE;
}

EVT_WDF_INTERRUPT_ISR IsrReleases;
BOOLEAN IsrReleases(WDFINTERRUPT Interrupt, ULONG MessageID) {
  WdfInterruptReleaseLock(Interrupt); // expected-warning {{Interrupt lock of 'Interrupt' released in 'IsrReleases', but the framework, not the driver, holds this lock}}
                                      // expected-note@-1 {{Interrupt lock of 'Interrupt' released in 'IsrReleases', but the framework, not the driver, holds this lock}}
  return TRUE;
}

EVT_WDF_INTERRUPT_SYNCHRONIZE SynchronizeAcquires;
BOOLEAN SynchronizeAcquires(WDFINTERRUPT Interrupt, WDFCONTEXT Context) {
  PDEVICE_CONTEXT Ctx = (PDEVICE_CONTEXT)Context;
  Ctx->Count = 0;
  WdfInterruptAcquireLock(Interrupt); // expected-warning {{Interrupt lock of 'Interrupt' acquired while already held: the framework calls 'SynchronizeAcquires' with this lock held}}
                                      // expected-note@-1 {{Interrupt lock of 'Interrupt' acquired while already held: the framework calls 'SynchronizeAcquires' with this lock held}}
  return TRUE;
}

EVT_WDF_INTERRUPT_ENABLE EnableAcquires;
NTSTATUS EnableAcquires(WDFINTERRUPT Interrupt, WDFDEVICE AssociatedDevice) {
  if (GetDeviceContext(AssociatedDevice)->Flags) // expected-note {{Assuming field 'Flags' is not equal to 0}}
                                                 // expected-note@-1 {{Taking true branch}}
    WdfInterruptAcquireLock(Interrupt); // expected-warning {{Interrupt lock of 'Interrupt' acquired while already held: the framework calls 'EnableAcquires' with this lock held}}
                                        // expected-note@-1 {{Interrupt lock of 'Interrupt' acquired while already held: the framework calls 'EnableAcquires' with this lock held}}
  return STATUS_SUCCESS;
}

EVT_WDF_INTERRUPT_DISABLE DisableReleases;
NTSTATUS DisableReleases(WDFINTERRUPT Interrupt, WDFDEVICE AssociatedDevice) {
  WdfInterruptReleaseLock(Interrupt); // expected-warning {{Interrupt lock of 'Interrupt' released in 'DisableReleases', but the framework, not the driver, holds this lock}}
                                      // expected-note@-1 {{Interrupt lock of 'Interrupt' released in 'DisableReleases', but the framework, not the driver, holds this lock}}
  return STATUS_SUCCESS;
}

// Negative: these callbacks return with the framework's lock held.
EVT_WDF_INTERRUPT_ISR IsrReturns;
BOOLEAN IsrReturns(WDFINTERRUPT Interrupt, ULONG MessageID) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfInterruptGetDevice(Interrupt));
  if (!Ctx->Flags)
    return FALSE;
  Ctx->Count++;
  WdfInterruptQueueDpcForIsr(Interrupt);
  return TRUE;
}

EVT_WDF_INTERRUPT_ENABLE EnableReturns;
NTSTATUS EnableReturns(WDFINTERRUPT Interrupt, WDFDEVICE AssociatedDevice) {
  GetDeviceContext(AssociatedDevice)->Flags = 1;
  return STATUS_SUCCESS;
}

EVT_WDF_INTERRUPT_DISABLE DisableReturns;
NTSTATUS DisableReturns(WDFINTERRUPT Interrupt, WDFDEVICE AssociatedDevice) {
  GetDeviceContext(AssociatedDevice)->Flags = 0;
  return STATUS_SUCCESS;
}

// Negative: another interrupt's lock in an ISR is the driver's own business.
EVT_WDF_INTERRUPT_ISR IsrTakesOtherInterrupt;
BOOLEAN IsrTakesOtherInterrupt(WDFINTERRUPT Interrupt, ULONG MessageID) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfInterruptGetDevice(Interrupt));
  WdfInterruptAcquireLock(Ctx->SecondInterrupt);
  Ctx->Count++;
  WdfInterruptReleaseLock(Ctx->SecondInterrupt);
  return TRUE;
}

// Positive: but that one must still be released.
EVT_WDF_INTERRUPT_ISR IsrLeaksOtherInterrupt;
BOOLEAN IsrLeaksOtherInterrupt(WDFINTERRUPT Interrupt, ULONG MessageID) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfInterruptGetDevice(Interrupt));
  WdfInterruptAcquireLock(Ctx->SecondInterrupt); // expected-note {{Interrupt lock of 'Ctx->SecondInterrupt' acquired here}}
  return TRUE; // expected-warning {{Interrupt lock of 'Ctx->SecondInterrupt' is still held at the end of callback 'IsrLeaksOtherInterrupt'}}
               // expected-note@-1 {{Interrupt lock of 'Ctx->SecondInterrupt' is still held at the end of callback 'IsrLeaksOtherInterrupt'}}
}

// Negative: the DPC and the work item run without the interrupt lock.
EVT_WDF_INTERRUPT_DPC DpcAcquires;
VOID DpcAcquires(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt);
  WdfInterruptReleaseLock(Interrupt);
}

EVT_WDF_INTERRUPT_WORKITEM WorkItemAcquires;
VOID WorkItemAcquires(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt);
  WdfInterruptReleaseLock(Interrupt);
}
