/* Two callbacks of one file that take the interrupt lock twice through the
 * same helper of hw.c: the same location, two findings. */
#include "driver.h"

EVT_WDF_DPC EvtDpcFirst;
EVT_WDF_DPC EvtDpcSecond;

VOID EvtDpcFirst(WDFDPC Dpc) {
  PDEVICE_CONTEXT Context = GetDeviceContext(Dpc);
  HwLock(Context);
  Context->Register = HwSample(Context); /* BUG: HwSample takes it again. */
  HwUnlock(Context);
}

VOID EvtDpcSecond(WDFDPC Dpc) {
  PDEVICE_CONTEXT Context = GetDeviceContext(Dpc);
  HwLock(Context);
  Context->Pending = HwSample(Context); /* BUG: HwSample takes it again. */
  HwUnlock(Context);
}
