/* Paths that end before the callback does: a null dereference and a call
   that does not return. The lock is held on both, and neither is a lock
   finding, as under clang --analyze. */
#include "driver.h"

VOID DriverFatalError(ULONG Code) __attribute__((noreturn));

EVT_WDF_INTERRUPT_DPC PathsEndDpc;
VOID PathsEndDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Context = GetDeviceContext(Device);
  WdfInterruptAcquireLock(Interrupt);
  if (Context->HardwareFault) {
    ULONG *Registers = 0;
    *Registers = 1;
  }
  if (Context->TransfersDone > 100)
    DriverFatalError(Context->TransfersDone);
  WdfInterruptReleaseLock(Interrupt);
}
