/* The read path and a periodic timer, with the driver's other locks: a WDF
 * spin lock for the queue's state, a wait lock for the configuration, a
 * kernel spin lock for the statistics. */
#include "driver.h"

static VOID CountRead(PDEVICE_CONTEXT Context) {
  KIRQL OldIrql;
  KeAcquireSpinLock(&Context->StatsLock, &OldIrql);
  Context->Reads++;
  KeReleaseSpinLock(&Context->StatsLock, OldIrql);
}

VOID ExampleEvtIoRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Context = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  KIRQL OldIrql;

  WdfSpinLockAcquire(Context->StateLock);
  if (Context->Stopping) {
    WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
    return; /* BUG: the state lock is still held. */
  }
  /* BUG: sent while the state lock is held. */
  WdfRequestSend(Request, Context->Target, NULL);
  WdfSpinLockRelease(Context->StateLock);

  KeAcquireSpinLock(&Context->StatsLock, &OldIrql);
  CountRead(Context); /* BUG: takes the statistics lock again. */
  KeReleaseSpinLock(&Context->StatsLock, OldIrql);
}

VOID ExampleEvtTimer(WDFTIMER Timer) {
  PDEVICE_CONTEXT Context = GetDeviceContext(Timer);
  LONGLONG Timeout = -100000; /* 10 ms */
  NTSTATUS Status = WdfWaitLockAcquire(Context->ConfigLock, &Timeout);

  if (NT_SUCCESS(Status)) { /* BUG: STATUS_TIMEOUT is a success code too. */
    Context->Configuration++;
    WdfWaitLockRelease(Context->ConfigLock);
  }
}
