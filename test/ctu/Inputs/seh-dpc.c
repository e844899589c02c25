/* Callbacks that call the helper of seh.c, which --ctu cannot follow, and
 * those of hw.c, which it follows. */
#include "driver.h"

VOID SehLockAndProbe(PDEVICE_CONTEXT Context);

EVT_WDF_INTERRUPT_DPC EvtDpcProbe;
EVT_WDF_INTERRUPT_DPC EvtDpcProbeAgain;

/* Leaks the lock through hw.c after the call into seh.c: found. The lock
 * seh.c takes is unseen, as without --ctu (no double acquire), and a note
 * says so. */
VOID EvtDpcProbe(WDFINTERRUPT Interrupt, WDFOBJECT AssociatedObject) {
  PDEVICE_CONTEXT Context = GetDeviceContext(AssociatedObject);
  (VOID)Interrupt;
  SehLockAndProbe(Context);
  HwLock(Context);
}

/* A second call of the same function: no second note. */
VOID EvtDpcProbeAgain(WDFINTERRUPT Interrupt, WDFOBJECT AssociatedObject) {
  PDEVICE_CONTEXT Context = GetDeviceContext(AssociatedObject);
  (VOID)Interrupt;
  SehLockAndProbe(Context);
  HwUnlock(Context);
}
