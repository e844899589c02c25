/* A callback that takes the lock through a helper defined in helper.c:
 * only a cross-file analysis sees it. */
#include "kmdf.h"

VOID LockHw(WDFINTERRUPT Interrupt);

EVT_WDF_INTERRUPT_DPC EvtDpc;
VOID EvtDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  LockHw(Interrupt);
}
