// C++ drivers: RAII guards, early returns through them, extern "C" and
// static member callbacks.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify -std=c++17 %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -std=c++17 -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

// A guard as C++ drivers write them.
class InterruptLock {
public:
  explicit InterruptLock(WDFINTERRUPT Interrupt) : Interrupt(Interrupt) {
    WdfInterruptAcquireLock(Interrupt); // expected-note {{Interrupt lock of 'Interrupt' acquired here}}
    // expected-warning@-1 {{Interrupt lock of 'Interrupt' acquired while already held: the framework calls 'ExternCIsr' with this lock held}}
    // expected-note@-2 {{Interrupt lock of 'Interrupt' acquired while already held: the framework calls 'ExternCIsr' with this lock held}}
  }
  ~InterruptLock() {
    WdfInterruptReleaseLock(Interrupt); // expected-warning {{Interrupt lock of 'Interrupt' released without being held}}
                                        // expected-note@-1 {{Interrupt lock of 'Interrupt' released without being held}}
  }
  InterruptLock(const InterruptLock &) = delete;
  InterruptLock &operator=(const InterruptLock &) = delete;

private:
  WDFINTERRUPT Interrupt;
};

// Negative: early returns through the guard release the lock.
EVT_WDF_DEVICE_D0_ENTRY GuardWithEarlyReturns;
NTSTATUS GuardWithEarlyReturns(WDFDEVICE Device,
                               WDF_POWER_DEVICE_STATE PreviousState) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  InterruptLock Guard(Ctx->Interrupt);
  if (Ctx->Flags == 1)
    return STATUS_UNSUCCESSFUL;
  if (Ctx->Count > 10)
    return STATUS_INVALID_DEVICE_REQUEST;
  Ctx->Count++;
  return STATUS_SUCCESS;
}

// Negative: a guard in a nested scope, then a manual acquire.
EVT_WDF_INTERRUPT_DPC GuardInScope;
VOID GuardInScope(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  {
    InterruptLock Guard(Interrupt);
    Ctx->Count++;
  }
  WdfInterruptAcquireLock(Interrupt);
  WdfInterruptReleaseLock(Interrupt);
}

// Positive: a manual release inside the guard's scope; the destructor then
// releases a lock the driver no longer holds.
EVT_WDF_INTERRUPT_DPC GuardAndManualRelease;
VOID GuardAndManualRelease(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  InterruptLock Guard(Interrupt); // expected-note {{Calling constructor for 'InterruptLock'}}
                                  // expected-note@-1 {{Returning from constructor for 'InterruptLock'}}
  WdfInterruptReleaseLock(Interrupt); // expected-note {{Interrupt lock of 'Interrupt' released here}}
} // expected-note {{Calling '~InterruptLock'}}

// Positive: an early return without a guard.
EVT_WDF_INTERRUPT_DPC ManualAcquireNoGuard;
VOID ManualAcquireNoGuard(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  if (Ctx->Flags) // expected-note {{Assuming field 'Flags' is not equal to 0}}
                  // expected-note@-1 {{Taking true branch}}
    return; // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'ManualAcquireNoGuard'}}
            // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'ManualAcquireNoGuard'}}
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

// extern "C" callbacks: only the first declaration carries the role type.
extern "C" DRIVER_INITIALIZE DriverEntry;
extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject,
                                PUNICODE_STRING RegistryPath) {
  PDEVICE_CONTEXT Ctx = static_cast<PDEVICE_CONTEXT>(DriverObject->DriverExtension);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  return STATUS_SUCCESS; // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'DriverEntry'}}
                         // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'DriverEntry'}}
}

extern "C" {
EVT_WDF_INTERRUPT_ISR ExternCIsr;
}
BOOLEAN ExternCIsr(WDFINTERRUPT Interrupt, ULONG MessageID) {
  InterruptLock Guard(Interrupt); // expected-note {{Calling constructor for 'InterruptLock'}}
  return TRUE;
}

// Negative: an extern "C" callback that takes the lock through a guard.
extern "C" {
EVT_WDF_INTERRUPT_DPC ExternCDpc;
}
VOID ExternCDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  InterruptLock Guard(Interrupt);
  GetDeviceContext(Device)->Count++;
}

// Negative: the guard's address goes to an opaque driver function; its
// destructor still releases the lock its constructor took.
extern "C" VOID DriverOpaqueTrace(PVOID Object);
EVT_WDF_INTERRUPT_DPC GuardPassedToDriver;
VOID GuardPassedToDriver(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  InterruptLock Guard(Interrupt);
  DriverOpaqueTrace(&Guard);
}

// Static member callbacks of a device class.
class Device {
public:
  static EVT_WDF_INTERRUPT_DPC EvtDpc;
  static EVT_WDF_INTERRUPT_ENABLE EvtEnable;
  static EVT_WDF_INTERRUPT_DPC EvtDpcWithGuard;

private:
  static void Update(PDEVICE_CONTEXT Ctx) { Ctx->Count++; }
};

VOID Device::EvtDpc(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  WdfInterruptAcquireLock(Interrupt); // expected-note {{Interrupt lock of 'Interrupt' acquired here}}
  Update(GetDeviceContext(Obj));
} // expected-warning {{Interrupt lock of 'Interrupt' is still held at the end of callback 'Device::EvtDpc'}}
  // expected-note@-1 {{Interrupt lock of 'Interrupt' is still held at the end of callback 'Device::EvtDpc'}}

NTSTATUS Device::EvtEnable(WDFINTERRUPT Interrupt, WDFDEVICE AssociatedDevice) {
  WdfInterruptReleaseLock(Interrupt); // expected-warning {{Interrupt lock of 'Interrupt' released in 'Device::EvtEnable', but the framework, not the driver, holds this lock}}
                                      // expected-note@-1 {{Interrupt lock of 'Interrupt' released in 'Device::EvtEnable', but the framework, not the driver, holds this lock}}
  return STATUS_SUCCESS;
}

// Negative.
VOID Device::EvtDpcWithGuard(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  InterruptLock Guard(Interrupt);
  Update(GetDeviceContext(Obj));
}

// A member function that locks through a member handle: no callback, so a
// lone acquire is a wrapper and is fine.
class Port {
public:
  void Lock() { WdfInterruptAcquireLock(Interrupt); }
  void Unlock() { WdfInterruptReleaseLock(Interrupt); }
  WDFINTERRUPT Interrupt;
};

// Negative: lock and unlock through the member functions.
EVT_WDF_TIMER PortTimer;
VOID PortTimer(WDFTIMER Timer) {
  Port *P = reinterpret_cast<Port *>(GetDeviceContext(Timer));
  P->Lock();
  P->Unlock();
}

// Negative: a lambda that takes and drops the lock.
EVT_WDF_WORKITEM LambdaWorkItem;
VOID LambdaWorkItem(WDFWORKITEM WorkItem) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WorkItem);
  auto Locked = [Ctx](auto Fn) {
    WdfInterruptAcquireLock(Ctx->Interrupt);
    Fn();
    WdfInterruptReleaseLock(Ctx->Interrupt);
  };
  Locked([Ctx] { Ctx->Count++; });
}
