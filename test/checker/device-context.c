// Drivers keep the handle in their device context and read it again after
// calls the analyzer cannot see into, and fetch the context again through
// the framework's accessor. It is still the same lock.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

// Negative: the opaque call may have rewritten *Ctx; the handle field is
// still the same lock.
EVT_WDF_INTERRUPT_DPC RereadAfterOpaqueCall;
VOID RereadAfterOpaqueCall(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt);
  DriverOpaqueUpdate(Ctx);
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

// Positive: after the opaque call the same lock is still held at the exit.
EVT_WDF_INTERRUPT_DPC StillHeldAfterOpaqueCall;
VOID StillHeldAfterOpaqueCall(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  DriverOpaqueUpdate(Ctx);
} // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'StillHeldAfterOpaqueCall'}}
  // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'StillHeldAfterOpaqueCall'}}

// Positive: and acquiring it again after the opaque call still deadlocks.
EVT_WDF_INTERRUPT_DPC AcquireAgainAfterOpaqueCall;
VOID AcquireAgainAfterOpaqueCall(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  DriverOpaqueUpdate(Ctx);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-warning {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
                                           // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
}

// Negative: the context fetched twice through the accessor.
EVT_WDF_INTERRUPT_DPC ContextFetchedTwice;
VOID ContextFetchedTwice(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(GetDeviceContext(Device)->Interrupt);
  GetDeviceContext(Device)->Count++;
  WdfInterruptReleaseLock(GetDeviceContext(Device)->Interrupt);
}

// Positive: the context fetched twice is the same context.
EVT_WDF_INTERRUPT_DPC ContextFetchedTwiceAcquiredTwice;
VOID ContextFetchedTwiceAcquiredTwice(WDFINTERRUPT Interrupt,
                                      WDFOBJECT Device) {
  PDEVICE_CONTEXT First = GetDeviceContext(Device);
  PDEVICE_CONTEXT Second = GetDeviceContext(Device);
  WdfInterruptAcquireLock(First->Interrupt); // expected-note {{Interrupt lock of 'First->Interrupt' acquired here}}
  WdfInterruptAcquireLock(Second->Interrupt); // expected-warning {{Interrupt lock of 'Second->Interrupt' acquired while already held}}
                                              // expected-note@-1 {{Interrupt lock of 'Second->Interrupt' acquired while already held}}
}

// Negative: the device reached from the interrupt, twice.
EVT_WDF_INTERRUPT_WORKITEM DeviceFromInterruptTwice;
VOID DeviceFromInterruptTwice(WDFINTERRUPT Interrupt, WDFOBJECT Unused) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfInterruptGetDevice(Interrupt));
  WdfInterruptAcquireLock(Ctx->SecondInterrupt);
  DriverOpaqueUpdate(Ctx);
  WdfInterruptReleaseLock(
      GetDeviceContext(WdfInterruptGetDevice(Interrupt))->SecondInterrupt);
}

// Negative: contexts of two different devices are not the same context...
EVT_WDF_IO_QUEUE_IO_READ TwoDevices;
VOID TwoDevices(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Mine = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  PDEVICE_CONTEXT Other = GetDeviceContext(Request);
  WdfInterruptAcquireLock(Mine->Interrupt);
  WdfInterruptAcquireLock(Other->Interrupt);
  WdfInterruptReleaseLock(Other->Interrupt);
  WdfInterruptReleaseLock(Mine->Interrupt);
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Negative: the handle in another object's context may be a copy of this
// device's: a release through it may release this lock, so neither a
// release without acquire nor a lock held at the exit can be claimed.
EVT_WDF_IO_QUEUE_IO_READ ReleaseThroughOtherDevice;
VOID ReleaseThroughOtherDevice(WDFQUEUE Queue, WDFREQUEST Request,
                               size_t Length) {
  PDEVICE_CONTEXT Mine = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  PDEVICE_CONTEXT Other = GetDeviceContext(Request);
  WdfInterruptAcquireLock(Mine->Interrupt);
  WdfInterruptReleaseLock(Other->Interrupt);
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Positive: the same, but this device's lock is released twice: whatever
// the other handle is, one release had nothing to release.
EVT_WDF_IO_QUEUE_IO_READ ReleasedTwiceThroughOtherDevice;
VOID ReleasedTwiceThroughOtherDevice(WDFQUEUE Queue, WDFREQUEST Request,
                                     size_t Length) {
  PDEVICE_CONTEXT Mine = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  PDEVICE_CONTEXT Other = GetDeviceContext(Request);
  WdfInterruptAcquireLock(Mine->Interrupt); // expected-note {{Interrupt lock of 'Mine->Interrupt' acquired here}}
  WdfInterruptReleaseLock(Other->Interrupt); // expected-note {{Interrupt lock of 'Other->Interrupt' released here}}
  WdfInterruptReleaseLock(Mine->Interrupt); // expected-warning {{Interrupt lock of 'Mine->Interrupt' released without being held}}
                                            // expected-note@-1 {{Interrupt lock of 'Mine->Interrupt' released without being held}}
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Negative: a local copy of the handle, and a copy overwritten by an opaque
// call that may only have stored the same handle again.
EVT_WDF_INTERRUPT_DPC LocalCopies;
VOID LocalCopies(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WDFINTERRUPT Copy = Ctx->Interrupt;
  WdfInterruptAcquireLock(Copy);
  DriverOpaqueUpdateHandle(&Copy);
  WdfInterruptReleaseLock(Copy);
}
