// A function is a KMDF callback when one of its declarations uses a role
// type. Only callbacks are judged at their exit and start with no lock held.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,ext -analyzer-config "kmdf:CallbackRolePrefixes=EVT_MYCX_;EVT_OTHERCX_" %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,ext -analyzer-config "kmdf:CallbackRolePrefixes=EVT_MYCX_;EVT_OTHERCX_" -x c++ -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,ext -analyzer-config "kmdf:CallbackRolePrefixes=EVT_MYCX_;EVT_OTHERCX_" -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,ext -analyzer-config "kmdf:CallbackRolePrefixes=EVT_MYCX_;EVT_OTHERCX_" -x c++ %s

#include "test-driver.h"

// The same body, declared with a role type and without.
EVT_WDF_INTERRUPT_WORKITEM WorkItemCallback;
VOID WorkItemCallback(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt); // expected-note {{Interrupt lock of 'Interrupt' acquired here}}
} // expected-warning {{Interrupt lock of 'Interrupt' is still held at the end of callback 'WorkItemCallback'}}
  // expected-note@-1 {{Interrupt lock of 'Interrupt' is still held at the end of callback 'WorkItemCallback'}}

VOID NotACallback(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt);
} // no-warning

// DriverEntry and unload routines are callbacks too.
DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject,
                     PUNICODE_STRING RegistryPath) {
  PDEVICE_CONTEXT Ctx = (PDEVICE_CONTEXT)DriverObject->DriverExtension;
  WdfInterruptReleaseLock(Ctx->Interrupt); // expected-warning {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
                                           // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
  return STATUS_SUCCESS;
}

DRIVER_UNLOAD DriverUnload;
VOID DriverUnload(PDRIVER_OBJECT DriverObject) {
  PDEVICE_CONTEXT Ctx = (PDEVICE_CONTEXT)DriverObject->DriverExtension;
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
} // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'DriverUnload'}}
  // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'DriverUnload'}}

// A driver's own alias of a role type, and the SDV alias from wdfroletypes.h.
typedef EVT_WDF_INTERRUPT_DPC MY_DPC_ROLE;
MY_DPC_ROLE AliasedRole;
VOID AliasedRole(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt); // expected-note {{Interrupt lock of 'Interrupt' acquired here}}
} // expected-warning {{Interrupt lock of 'Interrupt' is still held at the end of callback 'AliasedRole'}}
  // expected-note@-1 {{Interrupt lock of 'Interrupt' is still held at the end of callback 'AliasedRole'}}

EVT_WDF_DEVICE_CONTEXT_CLEANUP ContextCleanup;
VOID ContextCleanup(WDFOBJECT Device) {
  WdfInterruptAcquireLock(GetDeviceContext(Device)->Interrupt); // expected-note {{Interrupt lock of 'GetDeviceContext(Device)->Interrupt' acquired here}}
} // expected-warning {{Interrupt lock of 'GetDeviceContext(Device)->Interrupt' is still held at the end of callback 'ContextCleanup'}}
  // expected-note@-1 {{Interrupt lock of 'GetDeviceContext(Device)->Interrupt' is still held at the end of callback 'ContextCleanup'}}

// Microsoft's class extensions' role types count without any option: their
// callbacks are called by the class extension, as KMDF's are by KMDF.
typedef VOID EVT_SPB_CONTROLLER_LOCK(WDFDEVICE Controller, WDFINTERRUPT Target);
typedef VOID EVT_SERCX2_PIO_TRANSMIT_DRAIN_FIFO(WDFDEVICE Device,
                                                WDFINTERRUPT Interrupt);
typedef VOID EVT_UFX_DEVICE_HOST_CONNECT(WDFDEVICE Device, WDFINTERRUPT Int);

EVT_SPB_CONTROLLER_LOCK SpbLock;
VOID SpbLock(WDFDEVICE Controller, WDFINTERRUPT Target) {
  WdfInterruptAcquireLock(Target); // expected-note {{Interrupt lock of 'Target' acquired here}}
} // expected-warning {{Interrupt lock of 'Target' is still held at the end of callback 'SpbLock'}}
  // expected-note@-1 {{Interrupt lock of 'Target' is still held at the end of callback 'SpbLock'}}

// A lock leaked on an early return of a SerCx2 callback.
EVT_SERCX2_PIO_TRANSMIT_DRAIN_FIFO DrainFifo;
VOID DrainFifo(WDFDEVICE Device, WDFINTERRUPT Interrupt) {
  WdfInterruptAcquireLock(Interrupt); // expected-note {{Interrupt lock of 'Interrupt' acquired here}}
  if (GetDeviceContext(Device)->Flags) // expected-note {{Assuming field 'Flags' is not equal to 0}}
                                       // expected-note@-1 {{Taking true branch}}
    return; // expected-warning {{Interrupt lock of 'Interrupt' is still held at the end of callback 'DrainFifo'}}
            // expected-note@-1 {{Interrupt lock of 'Interrupt' is still held at the end of callback 'DrainFifo'}}
  WdfInterruptReleaseLock(Interrupt);
}

EVT_UFX_DEVICE_HOST_CONNECT UfxHostConnect;
VOID UfxHostConnect(WDFDEVICE Device, WDFINTERRUPT Int) {
  WdfInterruptReleaseLock(Int); // expected-warning {{Interrupt lock of 'Int' released without being held}}
                                // expected-note@-1 {{Interrupt lock of 'Int' released without being held}}
}

// Negative: a balanced class-extension callback.
EVT_SERCX2_PIO_TRANSMIT_DRAIN_FIFO DrainFifoBalanced;
VOID DrainFifoBalanced(WDFDEVICE Device, WDFINTERRUPT Interrupt) {
  WdfInterruptAcquireLock(Interrupt);
  if (GetDeviceContext(Device)->Flags) {
    WdfInterruptReleaseLock(Interrupt);
    return;
  }
  WdfInterruptReleaseLock(Interrupt);
}

// Role types of other frameworks count only when configured.
typedef VOID EVT_MYCX_CONTROL(WDFDEVICE Device, WDFINTERRUPT Interrupt);
typedef VOID EVT_OTHERCX_LOCK(WDFDEVICE Controller, WDFINTERRUPT Target);

EVT_OTHERCX_LOCK OtherCxLock;
VOID OtherCxLock(WDFDEVICE Controller, WDFINTERRUPT Target) {
  WdfInterruptAcquireLock(Target); // ext-note {{Interrupt lock of 'Target' acquired here}}
} // ext-warning {{Interrupt lock of 'Target' is still held at the end of callback 'OtherCxLock'}}
  // ext-note@-1 {{Interrupt lock of 'Target' is still held at the end of callback 'OtherCxLock'}}

EVT_MYCX_CONTROL MyCxControl;
VOID MyCxControl(WDFDEVICE Device, WDFINTERRUPT Interrupt) {
  WdfInterruptReleaseLock(Interrupt); // ext-warning {{Interrupt lock of 'Interrupt' released without being held}}
                                      // ext-note@-1 {{Interrupt lock of 'Interrupt' released without being held}}
}

// Negative: a name that merely contains a class extension's prefix.
typedef VOID MY_EVT_SPB_HELPER(WDFDEVICE Device, WDFINTERRUPT Interrupt);
MY_EVT_SPB_HELPER NotAClassExtensionRole;
VOID NotAClassExtensionRole(WDFDEVICE Device, WDFINTERRUPT Interrupt) {
  WdfInterruptAcquireLock(Interrupt);
} // no-warning

// A PFN_ variable pointing at a function does not make it a callback.
typedef EVT_WDF_INTERRUPT_DPC *PFN_MY_DPC;
VOID RegisteredThroughPointerOnly(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt);
} // no-warning
PFN_MY_DPC RegisteredDpc = RegisteredThroughPointerOnly;
