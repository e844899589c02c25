// WDF wait locks: WdfWaitLockAcquire with a NULL timeout waits until it has
// the lock; with a timeout it returns STATUS_SUCCESS with the lock or
// STATUS_TIMEOUT without it, and NT_SUCCESS is true for both.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

// Negative: no timeout; the lock is held afterwards, whatever it returns.
EVT_WDF_IO_QUEUE_IO_READ WaitForever;
VOID WaitForever(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  WdfWaitLockAcquire(Ctx->WaitLock, NULL);
  Ctx->Count++;
  WdfWaitLockRelease(Ctx->WaitLock);
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Negative: a timed acquire whose result is compared with STATUS_SUCCESS.
EVT_WDF_IO_QUEUE_IO_READ TimedCheckedForSuccess;
VOID TimedCheckedForSuccess(WDFQUEUE Queue, WDFREQUEST Request,
                            size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  LONGLONG Timeout = -10000;
  if (WdfWaitLockAcquire(Ctx->WaitLock, &Timeout) == STATUS_SUCCESS) {
    Ctx->Count++;
    WdfWaitLockRelease(Ctx->WaitLock);
  }
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Negative: the status kept and tested, including a zero timeout (try once).
EVT_WDF_IO_QUEUE_IO_READ TimedStatusKept;
VOID TimedStatusKept(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  LONGLONG Timeout = 0;
  NTSTATUS Status = WdfWaitLockAcquire(Ctx->WaitLock, &Timeout);
  if (Status == STATUS_TIMEOUT) {
    WdfRequestComplete(Request, Status);
    return;
  }
  Ctx->Count++;
  WdfWaitLockRelease(Ctx->WaitLock);
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Positive: NT_SUCCESS(STATUS_TIMEOUT) is true, so the release runs
// without the lock when the wait timed out.
EVT_WDF_IO_QUEUE_IO_READ TimedCheckedWithNtSuccess;
VOID TimedCheckedWithNtSuccess(WDFQUEUE Queue, WDFREQUEST Request,
                               size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  LONGLONG Timeout = -10000;
  NTSTATUS Status = WdfWaitLockAcquire(Ctx->WaitLock, &Timeout); // expected-note {{WDF wait lock 'Ctx->WaitLock' not acquired (WdfWaitLockAcquire returned STATUS_TIMEOUT)}}
  if (NT_SUCCESS(Status)) { // expected-note {{'Status' is >= 0}}
                            // expected-note@-1 {{Taking true branch}}
    Ctx->Count++;
    WdfWaitLockRelease(Ctx->WaitLock); // expected-warning {{WDF wait lock 'Ctx->WaitLock' released without being held}}
                                       // expected-note@-1 {{WDF wait lock 'Ctx->WaitLock' released without being held}}
  }
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Positive: a timed acquire whose result is ignored is held only on success;
// at the exit it is still held on that path.
EVT_WDF_IO_QUEUE_IO_READ TimedNotReleased;
VOID TimedNotReleased(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  LONGLONG Timeout = -10000;
  (void)WdfWaitLockAcquire(Ctx->WaitLock, &Timeout); // expected-note {{WDF wait lock 'Ctx->WaitLock' acquired here (WdfWaitLockAcquire returned STATUS_SUCCESS)}}
  WdfRequestComplete(Request, STATUS_SUCCESS);
} // expected-warning {{WDF wait lock 'Ctx->WaitLock' is still held at the end of callback 'TimedNotReleased'}}
  // expected-note@-1 {{WDF wait lock 'Ctx->WaitLock' is still held at the end of callback 'TimedNotReleased'}}

// A helper that passes its caller's timeout on: a NULL one waits for ever,
// another may time out.
static NTSTATUS LockWithTimeout(PDEVICE_CONTEXT Ctx, PLONGLONG Timeout) {
  return WdfWaitLockAcquire(Ctx->WaitLock, Timeout);
}

// Negative: through the helper, without a timeout.
EVT_WDF_IO_QUEUE_IO_READ HelperWaitsForever;
VOID HelperWaitsForever(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  LockWithTimeout(Ctx, NULL);
  WdfWaitLockRelease(Ctx->WaitLock);
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Positive: a second acquire with no timeout deadlocks.
EVT_WDF_IO_QUEUE_IO_READ AcquiredTwice;
VOID AcquiredTwice(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  WdfWaitLockAcquire(Ctx->WaitLock, NULL); // expected-note {{WDF wait lock 'Ctx->WaitLock' acquired here}}
  WdfWaitLockAcquire(Ctx->WaitLock, NULL); // expected-warning {{WDF wait lock 'Ctx->WaitLock' acquired while already held}}
                                           // expected-note@-1 {{WDF wait lock 'Ctx->WaitLock' acquired while already held}}
  WdfWaitLockRelease(Ctx->WaitLock);
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Positive: a second, timed acquire by the owner breaks the alternation; it
// times out, and the path goes on.
EVT_WDF_IO_QUEUE_IO_READ TimedSecondAcquire;
VOID TimedSecondAcquire(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  LONGLONG Timeout = -10000;
  WdfWaitLockAcquire(Ctx->WaitLock, NULL); // expected-note {{WDF wait lock 'Ctx->WaitLock' acquired here}}
  NTSTATUS Status = WdfWaitLockAcquire(Ctx->WaitLock, &Timeout); // expected-warning {{WDF wait lock 'Ctx->WaitLock' acquired while already held}}
                                                                 // expected-note@-1 {{WDF wait lock 'Ctx->WaitLock' acquired while already held}}
  if (Status == STATUS_TIMEOUT)
    Ctx->Count++;
  WdfWaitLockRelease(Ctx->WaitLock);
  WdfRequestComplete(Request, STATUS_SUCCESS);
}
