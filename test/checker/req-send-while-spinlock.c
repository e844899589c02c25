// ReqSendWhileSpinlock: no request is sent with WdfRequestSend while the
// driver holds a WDF spin lock, a kernel spin lock or (beyond SDV's rule) an
// interrupt lock; a wait lock is fine.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

// Positive: under a WDF spin lock.
EVT_WDF_IO_QUEUE_IO_READ SendUnderSpinLock;
VOID SendUnderSpinLock(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  WdfSpinLockAcquire(Ctx->SpinLock); // expected-note {{WDF spin lock 'Ctx->SpinLock' acquired here}}
  WdfRequestSend(Request, Ctx->IoTarget, NULL); // expected-warning {{Request sent by WdfRequestSend while WDF spin lock 'Ctx->SpinLock' is held}}
                                                // expected-note@-1 {{Request sent by WdfRequestSend while WDF spin lock 'Ctx->SpinLock' is held}}
  WdfSpinLockRelease(Ctx->SpinLock);
}

// Positive: under a kernel spin lock.
EVT_WDF_IO_QUEUE_IO_READ SendUnderKeSpinLock;
VOID SendUnderKeSpinLock(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  KIRQL OldIrql;
  KeAcquireSpinLock(&Ctx->KeLock, &OldIrql); // expected-note {{Kernel spin lock 'Ctx->KeLock' acquired here}}
  WdfRequestSend(Request, Ctx->IoTarget, NULL); // expected-warning {{Request sent by WdfRequestSend while Kernel spin lock 'Ctx->KeLock' is held}}
                                                // expected-note@-1 {{Request sent by WdfRequestSend while Kernel spin lock 'Ctx->KeLock' is held}}
  KeReleaseSpinLock(&Ctx->KeLock, OldIrql);
}

// Positive: under an interrupt lock.
EVT_WDF_IO_QUEUE_IO_READ SendUnderInterruptLock;
VOID SendUnderInterruptLock(WDFQUEUE Queue, WDFREQUEST Request,
                            size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  WdfRequestSend(Request, Ctx->IoTarget, NULL); // expected-warning {{Request sent by WdfRequestSend while Interrupt lock of 'Ctx->Interrupt' is held}}
                                                // expected-note@-1 {{Request sent by WdfRequestSend while Interrupt lock of 'Ctx->Interrupt' is held}}
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

// Positive: in a callback the framework runs under the interrupt lock.
EVT_WDF_INTERRUPT_ISR IsrSends;
BOOLEAN IsrSends(WDFINTERRUPT Interrupt, ULONG MessageID) {
  WDFREQUEST Pending = (WDFREQUEST)GetDeviceContext(WdfInterruptGetDevice(Interrupt))->IoTarget;
  WdfRequestSend(Pending, GetDeviceContext(WdfInterruptGetDevice(Interrupt))->IoTarget, NULL); // expected-warning {{Request sent by WdfRequestSend while Interrupt lock of 'Interrupt' (held by the framework around 'IsrSends') is held}}
                                                                                             // expected-note@-1 {{Request sent by WdfRequestSend while Interrupt lock of 'Interrupt' (held by the framework around 'IsrSends') is held}}
  return TRUE;
}

// Positive: the send is in a helper; the lock is the caller's.
static VOID Forward(WDFREQUEST Request, PDEVICE_CONTEXT Ctx) {
  WdfRequestSend(Request, Ctx->IoTarget, NULL); // expected-warning {{Request sent by WdfRequestSend while WDF spin lock 'Ctx->SpinLock' is held}}
                                                // expected-note@-1 {{Request sent by WdfRequestSend while WDF spin lock 'Ctx->SpinLock' is held}}
}
EVT_WDF_IO_QUEUE_IO_READ SendInHelperUnderLock;
VOID SendInHelperUnderLock(WDFQUEUE Queue, WDFREQUEST Request,
                           size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  WdfSpinLockAcquire(Ctx->SpinLock); // expected-note {{WDF spin lock 'Ctx->SpinLock' acquired here}}
  Forward(Request, Ctx); // expected-note {{Calling 'Forward'}}
  WdfSpinLockRelease(Ctx->SpinLock);
}

// Negative: a wait lock does not raise IRQL.
EVT_WDF_IO_QUEUE_IO_READ SendUnderWaitLock;
VOID SendUnderWaitLock(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  WdfWaitLockAcquire(Ctx->WaitLock, NULL);
  WdfRequestSend(Request, Ctx->IoTarget, NULL);
  WdfWaitLockRelease(Ctx->WaitLock);
}

// Negative: the lock is dropped before the send.
EVT_WDF_IO_QUEUE_IO_READ SendAfterRelease;
VOID SendAfterRelease(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  WdfSpinLockAcquire(Ctx->SpinLock);
  Ctx->Count++;
  WdfSpinLockRelease(Ctx->SpinLock);
  WdfRequestSend(Request, Ctx->IoTarget, NULL);
}

// Negative: a DPC runs without the interrupt lock.
EVT_WDF_INTERRUPT_DPC DpcSends;
VOID DpcSends(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfRequestSend((WDFREQUEST)Ctx->IoTarget, Ctx->IoTarget, NULL);
}

// Negative: on the path where the lock is held, nothing is sent.
EVT_WDF_IO_QUEUE_IO_READ SendOnlyWhenNotLocked;
VOID SendOnlyWhenNotLocked(WDFQUEUE Queue, WDFREQUEST Request,
                           size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  BOOLEAN Locked = Ctx->Flags != 0;
  if (Locked)
    WdfSpinLockAcquire(Ctx->SpinLock);
  if (!Locked)
    WdfRequestSend(Request, Ctx->IoTarget, NULL);
  if (Locked)
    WdfSpinLockRelease(Ctx->SpinLock);
}
