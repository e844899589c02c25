// Handles whose provenance the analyzer loses (an opaque call rewrote the
// variable holding them) may name any lock that may be held; the checker
// never claims such a lock is not held.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,default %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,default -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,default -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,default -x c++ -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,strict -analyzer-config kmdf:Strict=true %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,strict -analyzer-config kmdf:Strict=true -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,strict -analyzer-config kmdf:Strict=true -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=expected,strict -analyzer-config kmdf:Strict=true -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

// Negative: the only held lock is the one the rewritten copy names.
EVT_WDF_INTERRUPT_DPC CopyRewritten;
VOID CopyRewritten(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WDFINTERRUPT Copy = GetDeviceContext(Device)->Interrupt;
  WdfInterruptAcquireLock(Copy);
  DriverOpaqueUpdateHandle(&Copy);
  WdfInterruptReleaseLock(Copy);
}

// Negative: two locks may be held; which one the release names is unknown,
// so neither is judged any more.
EVT_WDF_INTERRUPT_DPC CopyRewrittenTwoHeld;
VOID CopyRewrittenTwoHeld(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WDFINTERRUPT Copy = Ctx->Interrupt;
  WdfInterruptAcquireLock(Ctx->Interrupt);
  WdfInterruptAcquireLock(Ctx->SecondInterrupt);
  DriverOpaqueUpdateHandle(&Copy);
  WdfInterruptReleaseLock(Copy);
}

// Positive: no lock is held at all, so any release is wrong.
EVT_WDF_INTERRUPT_DPC CopyRewrittenNothingHeld;
VOID CopyRewrittenNothingHeld(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WDFINTERRUPT Copy = GetDeviceContext(Device)->Interrupt;
  DriverOpaqueUpdateHandle(&Copy);
  WdfInterruptReleaseLock(Copy); // expected-warning {{Interrupt lock of 'Copy' released without being held}}
                                 // expected-note@-1 {{Interrupt lock of 'Copy' released without being held}}
}

// Positive: a handle returned by an opaque driver function, then released
// while nothing is held.
WDFINTERRUPT DriverOpaqueFindInterrupt(PDEVICE_CONTEXT Ctx);
EVT_WDF_INTERRUPT_DPC OpaqueHandleNothingHeld;
VOID OpaqueHandleNothingHeld(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WDFINTERRUPT Found = DriverOpaqueFindInterrupt(GetDeviceContext(Device));
  WdfInterruptReleaseLock(Found); // expected-warning {{Interrupt lock of 'Found' released without being held}}
                                  // expected-note@-1 {{Interrupt lock of 'Found' released without being held}}
}

// Negative: the address of the context's handle slot given to an opaque
// function that may release the lock...
EVT_WDF_INTERRUPT_DPC SlotPassedWhileHeld;
VOID SlotPassedWhileHeld(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt); // strict-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  DriverOpaqueUpdateHandle(&Ctx->Interrupt);
} // strict-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'SlotPassedWhileHeld'}}
  // strict-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'SlotPassedWhileHeld'}}

// ...but not the slot of another lock.
EVT_WDF_INTERRUPT_DPC OtherSlotPassedWhileHeld;
VOID OtherSlotPassedWhileHeld(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  DriverOpaqueUpdateHandle(&Ctx->SecondInterrupt);
} // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'OtherSlotPassedWhileHeld'}}
  // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'OtherSlotPassedWhileHeld'}}

// Negative: a handle in a global variable, read again after the globals
// were invalidated by an opaque call.
WDFINTERRUPT GlobalInterrupt;
EVT_WDF_INTERRUPT_DPC GlobalHandle;
VOID GlobalHandle(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(GlobalInterrupt);
  DriverOpaqueUpdate(GetDeviceContext(Device));
  WdfInterruptReleaseLock(GlobalInterrupt);
}

// Negative: handles that cannot be named (a constant) are not judged.
EVT_WDF_INTERRUPT_DPC ConstantHandle;
VOID ConstantHandle(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptReleaseLock((WDFINTERRUPT)0x1000);
  WdfInterruptAcquireLock((WDFINTERRUPT)0x1000);
}

// A handle stored in a structure whose address goes to an opaque driver
// function: read back afterwards, it names the lock it named before.
typedef struct _LOCK_STATE {
  WDFINTERRUPT Interrupt;
  ULONG Flags;
} LOCK_STATE;
KMDF_EXTERN_C VOID DriverOpaquePrepare(LOCK_STATE *State);

// Negative.
EVT_WDF_INTERRUPT_DPC StructPassed;
VOID StructPassed(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  LOCK_STATE S;
  S.Interrupt = Interrupt;
  S.Flags = 0;
  WdfInterruptAcquireLock(S.Interrupt);
  DriverOpaquePrepare(&S);
  WdfInterruptReleaseLock(S.Interrupt);
}

// Positive: the release is forgotten.
EVT_WDF_INTERRUPT_DPC StructPassedLeaks;
VOID StructPassedLeaks(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  LOCK_STATE S;
  S.Interrupt = Interrupt;
  WdfInterruptAcquireLock(S.Interrupt); // expected-note {{Interrupt lock of 'S.Interrupt' acquired here}}
  DriverOpaquePrepare(&S);
} // expected-warning {{Interrupt lock of 'S.Interrupt' is still held at the end of callback 'StructPassedLeaks'}}
  // expected-note@-1 {{Interrupt lock of 'S.Interrupt' is still held at the end of callback 'StructPassedLeaks'}}

// Positive: released through the structure, then through the parameter.
EVT_WDF_INTERRUPT_DPC StructPassedReleasedTwice;
VOID StructPassedReleasedTwice(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  LOCK_STATE S;
  S.Interrupt = Interrupt;
  WdfInterruptAcquireLock(Interrupt); // expected-note {{Interrupt lock of 'Interrupt' acquired here}}
  DriverOpaquePrepare(&S);
  WdfInterruptReleaseLock(S.Interrupt); // expected-note {{Interrupt lock of 'S.Interrupt' released here}}
  WdfInterruptReleaseLock(Interrupt); // expected-warning {{Interrupt lock of 'Interrupt' released without being held}}
                                      // expected-note@-1 {{Interrupt lock of 'Interrupt' released without being held}}
}
