// After a loop that widen-loops widens, the analyzer has forgotten every
// local: 'Ctx' may now point to another context, so 'Ctx->Interrupt' may
// name another lock than before the loop. A lock taken again there under the
// same spelling is most likely the same lock taken twice: the paths that
// leave the loop before it is widened report it, and the widened path does
// not also claim that the first lock is still held at the end. A lock kept
// after the loop is still reported as held. The same findings with and
// without the widening.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-config widen-loops=true -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-config widen-loops=true -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-config widen-loops=true -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-config widen-loops=true -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

// Positive: taken again after the loop; once, not twice.
EVT_WDF_INTERRUPT_DPC RetakenAfterLoop;
VOID RetakenAfterLoop(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  for (ULONG I = 0; I < Ctx->Flags; I++) // expected-note {{Assuming 'I' is >= field 'Flags'}}
                                         // expected-note@-1 {{Loop condition is false. Execution continues on line}}
    Ctx->Count += I;
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-warning {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
                                           // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

// Positive: the same with a try-acquire, which then fails.
EVT_WDF_INTERRUPT_DPC TriedAfterLoop;
VOID TriedAfterLoop(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  for (ULONG I = 0; I < Ctx->Flags; I++) // expected-note {{Assuming 'I' is >= field 'Flags'}}
                                         // expected-note@-1 {{Loop condition is false. Execution continues on line}}
    Ctx->Count += I;
  Ctx->Count += WdfInterruptTryToAcquireLock(Ctx->Interrupt); // expected-warning {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
                                                              // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

// Negative: released after the loop.
EVT_WDF_INTERRUPT_DPC ReleasedAfterLoop;
VOID ReleasedAfterLoop(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt);
  for (ULONG I = 0; I < Ctx->Flags; I++)
    Ctx->Count += I;
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

// Positive: kept on an early return after the loop.
EVT_WDF_INTERRUPT_DPC KeptAfterLoop;
VOID KeptAfterLoop(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  for (ULONG I = 0; I < Ctx->Flags; I++) // expected-note {{Assuming 'I' is >= field 'Flags'}}
                                         // expected-note@-1 {{Loop condition is false. Execution continues on line}}
    Ctx->Count += I;
  if (Ctx->Count) // expected-note {{Assuming field 'Count' is not equal to 0}}
                  // expected-note@-1 {{Taking true branch}}
    return; // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'KeptAfterLoop'}}
            // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'KeptAfterLoop'}}
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

// Positive: taken again after the loop inside a helper, under the helper's
// own spelling of the same pointer; once, not twice (the held lock is not
// also claimed to be still held at the end on the widened path).
static VOID TakeInterruptAgain(PDEVICE_CONTEXT Ctx) {
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-warning {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
                                           // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
}

EVT_WDF_INTERRUPT_DPC RetakenInHelperAfterLoop;
VOID RetakenInHelperAfterLoop(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  for (ULONG I = 0; I < Ctx->Flags; I++) // expected-note {{Assuming 'I' is >= field 'Flags'}}
                                         // expected-note@-1 {{Loop condition is false. Execution continues on line}}
    Ctx->Count += I;
  TakeInterruptAgain(Ctx); // expected-note {{Calling 'TakeInterruptAgain'}}
  WdfInterruptReleaseLock(Ctx->Interrupt);
}
