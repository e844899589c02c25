/* Calls the header's buggy helper (shared-helper.h) from another file, with
 * more code around it than helper-a.c, so the two differ in size. */
#include "shared-helper.h"

static ULONG Calls;

EVT_WDF_INTERRUPT_DPC HelperDpcB;
VOID HelperDpcB(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  Calls++;
  SharedRelease(Interrupt);
}
