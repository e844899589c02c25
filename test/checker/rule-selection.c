// Each rule is a checker of its own: enabled alone, it reports only what it
// is about, with its own name; the lock model is the same whichever rules
// are enabled, so each rule finds the same with or without the others.
//
// RUN: %kmdf_cc1 -analyzer-checker=kmdf.WdfInterruptLock -analyzer-output=text -verify=interrupt %s
// RUN: %kmdf_cc1 -analyzer-checker=kmdf.WdfSpinlock -analyzer-output=text -verify=spin %s
// RUN: %kmdf_cc1 -analyzer-checker=kmdf.WdfWaitlock -analyzer-output=text -verify=wait %s
// RUN: %kmdf_cc1 -analyzer-checker=kmdf.Spinlock -analyzer-output=text -verify=ke -x c++ -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_cc1 -analyzer-checker=kmdf.ReqSendWhileSpinlock -analyzer-output=text -verify=send -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_cc1 -analyzer-checker=kmdf.WdfSpinlock,kmdf.ReqSendWhileSpinlock -analyzer-output=text -verify=spin,send -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=interrupt,spin,wait,ke,send %s
// RUN: %kmdf_analyze -analyzer-output=text -verify=interrupt,spin,wait,ke,send -x c++ -DKMDF_TEST_WDK_SHAPE %s
//
// Which checkers a selection enables: the rules and the hidden model.
// RUN: %kmdf_cc1 -analyzer-checker=kmdf.WdfSpinlock -analyzer-list-enabled-checkers %s | FileCheck %s --check-prefix=ENABLED
// ENABLED: kmdf.LockModeling
// ENABLED-NOT: kmdf.WdfInterruptLock
// ENABLED: kmdf.WdfSpinlock
// ENABLED-NOT: kmdf.

#include "test-driver.h"

// One defect of each family, and one send under a lock, in one callback.
// Each lock is taken on its own path, so that every rule sees its defect
// whichever deadlock ends the other paths.
EVT_WDF_IO_QUEUE_IO_READ OneOfEach;
VOID OneOfEach(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  KIRQL OldIrql;
  switch (Length) { // interrupt-note {{Control jumps to 'case 1:'}}
                    // spin-note@-1 2 {{Control jumps to 'case 2:'}}
                    // wait-note@-2 {{Control jumps to 'case 3:'}}
                    // ke-note@-3 {{Control jumps to 'case 4:'}}
                    // send-note@-4 {{Control jumps to 'case 2:'}}
  case 1:
    WdfInterruptAcquireLock(Ctx->Interrupt); // interrupt-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
    WdfInterruptAcquireLock(Ctx->Interrupt); // interrupt-warning {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
                                             // interrupt-note@-1 {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
    break;
  case 2:
    WdfSpinLockAcquire(Ctx->SpinLock); // spin-note {{WDF spin lock 'Ctx->SpinLock' acquired here}}
                                       // send-note@-1 {{WDF spin lock 'Ctx->SpinLock' acquired here}}
    WdfRequestSend(Request, Ctx->IoTarget, NULL); // send-warning {{Request sent by WdfRequestSend while WDF spin lock 'Ctx->SpinLock' is held}}
                                                  // send-note@-1 {{Request sent by WdfRequestSend while WDF spin lock 'Ctx->SpinLock' is held}}
    WdfSpinLockRelease(Ctx->SecondSpinLock); // spin-warning {{WDF spin lock 'Ctx->SecondSpinLock' released without being held}}
                                             // spin-note@-1 {{WDF spin lock 'Ctx->SecondSpinLock' released without being held}}
    break; // spin-note {{ Execution continues on line}}
  case 3:
    WdfWaitLockRelease(Ctx->WaitLock); // wait-warning {{WDF wait lock 'Ctx->WaitLock' released without being held}}
                                       // wait-note@-1 {{WDF wait lock 'Ctx->WaitLock' released without being held}}
    break;
  case 4:
    KeAcquireSpinLock(&Ctx->KeLock, &OldIrql); // ke-note {{Kernel spin lock 'Ctx->KeLock' acquired here}}
    if (Ctx->Flags) // ke-note {{Assuming field 'Flags' is not equal to 0}}
                    // ke-note@-1 {{Taking true branch}}
      return; // ke-warning {{Kernel spin lock 'Ctx->KeLock' is still held at the end of callback 'OneOfEach'}}
              // ke-note@-1 {{Kernel spin lock 'Ctx->KeLock' is still held at the end of callback 'OneOfEach'}}
    KeReleaseSpinLock(&Ctx->KeLock, OldIrql);
    break;
  }
  WdfRequestComplete(Request, STATUS_SUCCESS);
} // spin-warning {{WDF spin lock 'Ctx->SpinLock' is still held at the end of callback 'OneOfEach'}}
  // spin-note@-1 {{WDF spin lock 'Ctx->SpinLock' is still held at the end of callback 'OneOfEach'}}
