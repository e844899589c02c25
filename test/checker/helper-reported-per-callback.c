// A defect inside a helper is one finding per callback whose path reaches
// it, each with the path from that callback; analyzing the helper on its
// own as well (-analyzer-inlining-mode=all) adds no third one.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

static VOID UpdateTwiceLocked(PDEVICE_CONTEXT Ctx) {
  WdfSpinLockAcquire(Ctx->SpinLock); // expected-note 2 {{WDF spin lock 'Ctx->SpinLock' acquired here}}
  Ctx->Count++;
  WdfSpinLockAcquire(Ctx->SpinLock); // expected-warning 2 {{WDF spin lock 'Ctx->SpinLock' acquired while already held}}
                                     // expected-note@-1 2 {{WDF spin lock 'Ctx->SpinLock' acquired while already held}}
  WdfSpinLockRelease(Ctx->SpinLock);
}

EVT_WDF_DPC FirstCaller;
VOID FirstCaller(WDFDPC Dpc) {
  UpdateTwiceLocked(GetDeviceContext(Dpc)); // expected-note {{Calling 'UpdateTwiceLocked'}}
}

EVT_WDF_TIMER SecondCaller;
VOID SecondCaller(WDFTIMER Timer) {
  UpdateTwiceLocked(GetDeviceContext(Timer)); // expected-note {{Calling 'UpdateTwiceLocked'}}
}

// A helper's own defect, when no callback calls it, is found on its own
// in both modes: it is a top-level function either way.
static VOID ReleaseTwice(PDEVICE_CONTEXT Ctx) {
  WdfSpinLockAcquire(Ctx->SecondSpinLock); // expected-note {{WDF spin lock 'Ctx->SecondSpinLock' acquired here}}
  WdfSpinLockRelease(Ctx->SecondSpinLock); // expected-note {{WDF spin lock 'Ctx->SecondSpinLock' released here}}
  WdfSpinLockRelease(Ctx->SecondSpinLock); // expected-warning {{WDF spin lock 'Ctx->SecondSpinLock' released without being held}}
                                           // expected-note@-1 {{WDF spin lock 'Ctx->SecondSpinLock' released without being held}}
}

// Two defects of one helper with the same message, both reached from one
// callback (a release too many on two different paths, as in a public
// LPUART driver's DMA completion helper): two findings, not one.
static VOID CompleteUnderLock(PDEVICE_CONTEXT Ctx) {
  WdfWaitLockAcquire(Ctx->WaitLock, NULL); // expected-note 2 {{WDF wait lock 'Ctx->WaitLock' acquired here}}
  if (Ctx->Flags) { // expected-note {{Assuming field 'Flags' is not equal to 0}}
                    // expected-note@-1 {{Taking true branch}}
                    // expected-note@-2 {{Assuming field 'Flags' is 0}}
                    // expected-note@-3 {{Taking false branch}}
    WdfWaitLockRelease(Ctx->WaitLock); // expected-note {{WDF wait lock 'Ctx->WaitLock' released here}}
    WdfWaitLockRelease(Ctx->WaitLock); // expected-warning {{WDF wait lock 'Ctx->WaitLock' released without being held}}
                                       // expected-note@-1 {{WDF wait lock 'Ctx->WaitLock' released without being held}}
    return;
  }
  WdfWaitLockRelease(Ctx->WaitLock); // expected-note {{WDF wait lock 'Ctx->WaitLock' released here}}
  WdfWaitLockRelease(Ctx->WaitLock); // expected-warning {{WDF wait lock 'Ctx->WaitLock' released without being held}}
                                     // expected-note@-1 {{WDF wait lock 'Ctx->WaitLock' released without being held}}
}

EVT_WDF_WORKITEM CompletionWorkItem;
VOID CompletionWorkItem(WDFWORKITEM WorkItem) {
  CompleteUnderLock(GetDeviceContext(WorkItem)); // expected-note 2 {{Calling 'CompleteUnderLock'}}
}
