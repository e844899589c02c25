/* The I/O queue: device-control requests from user mode. */
#include "driver.h"

VOID ExampleEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request,
                               size_t OutputBufferLength,
                               size_t InputBufferLength, ULONG IoControlCode) {
  PDEVICE_CONTEXT Context = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  NTSTATUS Status = STATUS_SUCCESS;

  WdfInterruptAcquireLock(Context->Interrupt);
  switch (IoControlCode) {
  case IOCTL_EXAMPLE_RESET:
    HwReset(Context);
    break;
  case IOCTL_EXAMPLE_GET_COUNT:
    if (OutputBufferLength < sizeof(ULONG)) {
      Status = STATUS_INVALID_DEVICE_REQUEST;
      WdfInterruptReleaseLock(Context->Interrupt);
      break; /* BUG: released again below. */
    }
    break;
  default:
    Status = STATUS_INVALID_DEVICE_REQUEST;
    break;
  }
  WdfInterruptReleaseLock(Context->Interrupt);
  WdfRequestComplete(Request, Status);
}
