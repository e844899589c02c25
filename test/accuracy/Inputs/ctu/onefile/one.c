/* A driver of one file (test/accuracy/ctu.test): the ctu step leaves it out. */
#include "kmdf-lite.h"

EVT_WDF_INTERRUPT_DPC OneEvtDpc;

VOID OneEvtDpc(WDFINTERRUPT Interrupt, WDFOBJECT AssociatedObject) {
  (void)AssociatedObject;
  WdfInterruptAcquireLock(Interrupt);
  WdfInterruptReleaseLock(Interrupt);
}
