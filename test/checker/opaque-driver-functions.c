// A driver function without a body in this translation unit may take or
// release a lock whose handle it receives: stop judging that lock on the
// path, unless kmdf:Strict is set. Framework and kernel
// routines never do, so they change nothing.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,default %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,default -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,default -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,default -x c++ -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,strict -analyzer-config kmdf:Strict=true %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,strict -analyzer-config kmdf:Strict=true -x c++ -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,strict -analyzer-config kmdf:Strict=true -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,strict -analyzer-config kmdf:Strict=true -x c++ %s

#include "test-driver.h"

// The opaque function may release it.
EVT_WDF_INTERRUPT_DPC PassedWhileHeld;
VOID PassedWhileHeld(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt); // strict-note {{Interrupt lock of 'Interrupt' acquired here}}
  DriverOpaqueUseInterrupt(Interrupt);
} // strict-warning {{Interrupt lock of 'Interrupt' is still held at the end of callback 'PassedWhileHeld'}}
  // strict-note@-1 {{Interrupt lock of 'Interrupt' is still held at the end of callback 'PassedWhileHeld'}}

// The opaque function may acquire it (a lock wrapper in another file).
EVT_WDF_INTERRUPT_DPC PassedWhileNotHeld;
VOID PassedWhileNotHeld(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  DriverOpaqueUseInterrupt(Interrupt);
  WdfInterruptReleaseLock(Interrupt); // strict-warning {{Interrupt lock of 'Interrupt' released without being held}}
                                      // strict-note@-1 {{Interrupt lock of 'Interrupt' released without being held}}
}

// A call through a function pointer is just as opaque.
typedef VOID DRIVER_HOOK(WDFINTERRUPT Interrupt);
EVT_WDF_INTERRUPT_DPC PassedThroughPointer;
VOID PassedThroughPointer(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  DRIVER_HOOK *Hook = (DRIVER_HOOK *)GetDeviceContext(Device)->Count;
  WdfInterruptAcquireLock(Interrupt); // strict-note {{Interrupt lock of 'Interrupt' acquired here}}
  Hook(Interrupt);
} // strict-warning {{Interrupt lock of 'Interrupt' is still held at the end of callback 'PassedThroughPointer'}}
  // strict-note@-1 {{Interrupt lock of 'Interrupt' is still held at the end of callback 'PassedThroughPointer'}}

// After the path lost track, a later acquire and release are judged again.
EVT_WDF_INTERRUPT_DPC JudgedAgainAfterRelease;
VOID JudgedAgainAfterRelease(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  DriverOpaqueUseInterrupt(Interrupt);
  WdfInterruptReleaseLock(Interrupt); // strict-warning {{Interrupt lock of 'Interrupt' released without being held}}
                                      // strict-note@-1 {{Interrupt lock of 'Interrupt' released without being held}}
                                      // default-note@-2 {{Interrupt lock of 'Interrupt' released here}}
  WdfInterruptAcquireLock(Interrupt); // expected-note {{Interrupt lock of 'Interrupt' acquired here}}
} // expected-warning {{Interrupt lock of 'Interrupt' is still held at the end of callback 'JudgedAgainAfterRelease'}}
  // expected-note@-1 {{Interrupt lock of 'Interrupt' is still held at the end of callback 'JudgedAgainAfterRelease'}}

// Framework and kernel routines do not touch the lock: still judged.
EVT_WDF_INTERRUPT_DPC FrameworkCallsWhileHeld;
VOID FrameworkCallsWhileHeld(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt); // expected-note {{Interrupt lock of 'Interrupt' acquired here}}
  WdfInterruptQueueDpcForIsr(Interrupt);
  WdfDeviceSetFailed(WdfInterruptGetDevice(Interrupt), 0);
  KeStallExecutionProcessor(5);
} // expected-warning {{Interrupt lock of 'Interrupt' is still held at the end of callback 'FrameworkCallsWhileHeld'}}
  // expected-note@-1 {{Interrupt lock of 'Interrupt' is still held at the end of callback 'FrameworkCallsWhileHeld'}}

// Only the handle passed to it: another lock stays judged.
EVT_WDF_INTERRUPT_DPC OtherLockStillJudged;
VOID OtherLockStillJudged(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->SecondInterrupt); // expected-note {{Interrupt lock of 'Ctx->SecondInterrupt' acquired here}}
  DriverOpaqueUseInterrupt(Interrupt);
} // expected-warning {{Interrupt lock of 'Ctx->SecondInterrupt' is still held at the end of callback 'OtherLockStillJudged'}}
  // expected-note@-1 {{Interrupt lock of 'Ctx->SecondInterrupt' is still held at the end of callback 'OtherLockStillJudged'}}
