/* The two-file driver's callbacks (test/accuracy/ctu.test). Alone, this file
   sees neither helper's body: TwoEvtDpcBalanced seems to keep the lock it
   takes (a finding only without --ctu), and TwoEvtDpcLeak seems to take no
   lock (a finding only with --ctu). */
#include "twofile.h"

VOID TwoEvtDpcLeak(WDFINTERRUPT Interrupt, WDFOBJECT AssociatedObject) {
  PTWO_CONTEXT Ctx = TwoGetContext(AssociatedObject);
  (void)Interrupt;
  TwoHwLock(Ctx);
  if (Ctx->Count > 3)
    return;
  TwoHwUnlock(Ctx);
}

VOID TwoEvtDpcBalanced(WDFINTERRUPT Interrupt, WDFOBJECT AssociatedObject) {
  PTWO_CONTEXT Ctx = TwoGetContext(AssociatedObject);
  (void)Interrupt;
  WdfInterruptAcquireLock(Ctx->Interrupt);
  Ctx->Count = 0;
  TwoHwUnlock(Ctx);
}
