/* Calls the header's buggy helper (shared-helper.h). */
#include "shared-helper.h"

EVT_WDF_INTERRUPT_DPC HelperDpcA;
VOID HelperDpcA(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  SharedRelease(Interrupt);
}
