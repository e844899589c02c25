/* A callback with a defect of its own, found with or without --ctu, that
 * also calls a helper of hw.c. */
#include "driver.h"

EVT_WDF_INTERRUPT_DISABLE EvtDisable;

NTSTATUS EvtDisable(WDFINTERRUPT Interrupt, WDFDEVICE Device) {
  PDEVICE_CONTEXT Context = GetDeviceContext(Device);
  Context->Register = HwSample(Context);
  WdfInterruptAcquireLock(Interrupt); /* BUG: the framework holds it. */
  WdfInterruptReleaseLock(Interrupt);
  return STATUS_SUCCESS;
}
