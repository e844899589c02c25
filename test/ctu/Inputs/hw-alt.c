/* The interrupt acknowledge of another board, built into the same database:
 * HwAcknowledge is defined here and in hw.c. */
#include "driver.h"

VOID HwAcknowledge(WDFINTERRUPT Interrupt, PDEVICE_CONTEXT Context) {
  Context->Pending = 0;
}
