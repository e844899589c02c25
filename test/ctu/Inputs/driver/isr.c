/* Interrupt callbacks. */
#include "driver.h"

/* The framework calls the ISR with the interrupt lock held. */
BOOLEAN EvtIsr(WDFINTERRUPT Interrupt, ULONG MessageID) {
  PDEVICE_CONTEXT Context = GetDeviceContext(WdfInterruptGetDevice(Interrupt));
  HwAcknowledge(Interrupt, Context); /* BUG: takes the lock it runs under. */
  return TRUE;
}

VOID EvtDpcGood(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Context = GetDeviceContext(Device);
  HwLock(Context);
  Context->Pending = 0;
  HwUnlock(Context);
}

VOID EvtDpcReady(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Context = GetDeviceContext(Device);
  if (HwLockIfReady(Context)) {
    Context->Pending = 0;
    HwUnlock(Context);
  }
}

VOID EvtDpcLeak(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Context = GetDeviceContext(Device);
  HwLock(Context);
  if (Context->Fault)
    return; /* BUG: the lock taken in HwLock is still held. */
  HwUnlock(Context);
}

VOID EvtDpcDouble(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PDEVICE_CONTEXT Context = GetDeviceContext(Device);
  HwLock(Context);
  Context->Register = HwSample(Context); /* BUG: HwSample takes it again. */
  HwUnlock(Context);
}
