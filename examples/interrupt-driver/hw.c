/* Register access for the example device. No locks here: callers hold the
 * interrupt lock when they must. */
#include "driver.h"

ULONG HwReadStatus(PDEVICE_CONTEXT Context) { return Context->PendingStatus; }

VOID HwAcknowledge(PDEVICE_CONTEXT Context, ULONG Status) {
  Context->PendingStatus &= ~Status;
}

VOID HwReset(PDEVICE_CONTEXT Context) {
  Context->PendingStatus = 0;
  Context->HardwareFault = FALSE;
}
