/* One finding per kind, used by the plugin-loading tests. */
#include "test-driver.h"

EVT_WDF_INTERRUPT_DPC SampleDpc;
VOID SampleDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Ctx->Interrupt);
  if (Ctx->Flags)
    return;
  WdfInterruptReleaseLock(Ctx->Interrupt);
  WdfInterruptReleaseLock(Ctx->Interrupt);
}
