/* The two-file driver's lock helpers (test/accuracy/ctu.test). */
#include "twofile.h"

VOID TwoHwLock(PTWO_CONTEXT Ctx) {
  WdfInterruptAcquireLock(Ctx->Interrupt);
  Ctx->Count++;
}

VOID TwoHwUnlock(PTWO_CONTEXT Ctx) {
  Ctx->Count--;
  WdfInterruptReleaseLock(Ctx->Interrupt);
}
