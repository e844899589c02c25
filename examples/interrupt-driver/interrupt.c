/* Interrupt handling: the ISR, its DPC, and enable/disable. */
#include "driver.h"

/* The framework calls the ISR with the interrupt lock held. */
BOOLEAN ExampleEvtInterruptIsr(WDFINTERRUPT Interrupt, ULONG MessageID) {
  PDEVICE_CONTEXT Context = GetDeviceContext(WdfInterruptGetDevice(Interrupt));
  ULONG Status = HwReadStatus(Context);
  if (Status == 0)
    return FALSE;
  HwAcknowledge(Context, Status);
  WdfInterruptQueueDpcForIsr(Interrupt);
  return TRUE;
}

/* The DPC runs without the interrupt lock; it takes it to touch state that
 * the ISR also uses. */
VOID ExampleEvtInterruptDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Context = GetDeviceContext(Device);

  WdfInterruptAcquireLock(Context->Interrupt);
  if (Context->HardwareFault) {
    HwReset(Context);
    goto Exit; /* BUG: leaves with the lock held. */
  }
  Context->TransfersDone++;
  WdfInterruptReleaseLock(Context->Interrupt);
Exit:
  return;
}

NTSTATUS ExampleEvtInterruptEnable(WDFINTERRUPT Interrupt,
                                   WDFDEVICE AssociatedDevice) {
  HwReset(GetDeviceContext(AssociatedDevice));
  return STATUS_SUCCESS;
}

/* The framework also calls EvtInterruptDisable with the lock held. */
NTSTATUS ExampleEvtInterruptDisable(WDFINTERRUPT Interrupt,
                                    WDFDEVICE AssociatedDevice) {
  PDEVICE_CONTEXT Context = GetDeviceContext(AssociatedDevice);
  WdfInterruptAcquireLock(Interrupt); /* BUG: deadlocks. */
  Context->PendingStatus = 0;
  WdfInterruptReleaseLock(Interrupt);
  return STATUS_SUCCESS;
}
