/* Findings that depend on kmdf-check's options. */
#include "kmdf.h"

VOID DriverHelper(WDFINTERRUPT Interrupt); /* No body: the lock escapes. */

EVT_WDF_INTERRUPT_DPC EvtDpc;
VOID EvtDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt);
  DriverHelper(Interrupt);
  return; /* Held here only with Strict=true. */
}

#ifdef LOCK_BUG
EVT_WDF_INTERRUPT_DPC EvtDpc2;
VOID EvtDpc2(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptReleaseLock(Interrupt);
}
#endif

int Ratio(int Total) {
  int Parts = 0;
  return Total / Parts; /* Found by core.DivideZero, not by kmdf.* */
}
