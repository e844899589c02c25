/* I/O queue and timer callbacks. */
#include "driver.h"

VOID EvtIoRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Context = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  Context->Pending = HwSample(Context);
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

VOID EvtIoWrite(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Context = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  Context->Register = 0;
  HwUnlock(Context); /* BUG: releases a lock it never took. */
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

VOID EvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request,
                        size_t OutputBufferLength, size_t InputBufferLength,
                        ULONG IoControlCode) {
  PDEVICE_CONTEXT Context = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  NTSTATUS Status = STATUS_SUCCESS;
  HwLock(Context);
  if (IoControlCode == 1)
    Context->Pending = HwSample(Context); /* BUG: HwSample takes it again. */
  HwUnlock(Context);
  WdfRequestComplete(Request, Status);
}

VOID EvtTimer(WDFTIMER Timer) {
  PDEVICE_CONTEXT Context = GetDeviceContext(Timer);
  if (!HwLockIfReady(Context))
    return;
  if (Context->Fault)
    return; /* BUG: HwLockIfReady returned with the lock held. */
  HwUnlock(Context);
}
