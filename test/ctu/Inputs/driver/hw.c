/* Register access and the lock helpers; no callbacks here. */
#include "driver.h"

VOID HwLock(PDEVICE_CONTEXT Context) {
  WdfInterruptAcquireLock(Context->Interrupt);
}

VOID HwUnlock(PDEVICE_CONTEXT Context) {
  WdfInterruptReleaseLock(Context->Interrupt);
}

/* Takes the lock for one read: balanced on every path. */
ULONG HwSample(PDEVICE_CONTEXT Context) {
  ULONG Value;
  WdfInterruptAcquireLock(Context->Interrupt);
  Value = Context->Register;
  WdfInterruptReleaseLock(Context->Interrupt);
  return Value;
}

/* Returns TRUE with the lock held, FALSE without it. */
BOOLEAN HwLockIfReady(PDEVICE_CONTEXT Context) {
  if (!Context->Ready)
    return FALSE;
  WdfInterruptAcquireLock(Context->Interrupt);
  return TRUE;
}

/* Called with a callback's own interrupt handle. */
VOID HwAcknowledge(WDFINTERRUPT Interrupt, PDEVICE_CONTEXT Context) {
  WdfInterruptAcquireLock(Interrupt);
  Context->Pending = 0;
  WdfInterruptReleaseLock(Interrupt);
}
