#include "test-driver.h"

// Found only with -analyzer-inlining-mode=all.
static VOID ResetLocked(PDEVICE_CONTEXT Ctx, BOOLEAN Full) {
  WdfSpinLockAcquire(Ctx->SpinLock);
  if (Full)
    WdfSpinLockAcquire(Ctx->SpinLock);
  WdfSpinLockRelease(Ctx->SpinLock);
}

EVT_WDF_TIMER Timer;
VOID Timer(WDFTIMER T) { ResetLocked(GetDeviceContext(T), FALSE); }

// Found only with widen-loops.
EVT_WDF_DPC Dpc;
VOID Dpc(WDFDPC D) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(D);
  for (ULONG I = 0; I < 16; I++)
    Ctx->Count += I;
  WdfInterruptAcquireLock(Ctx->Interrupt);
}
