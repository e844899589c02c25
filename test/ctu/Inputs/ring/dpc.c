/* The ring's callbacks (test/ctu/loop-helper-replayed.test). */
#include "ring.h"

/* RingStart cannot receive here: RingReset has just cleared the head slot. */
EVT_WDF_INTERRUPT_DPC RingEvtResetDpc;
VOID RingEvtResetDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PRING_CONTEXT Ctx = RingGetContext(Device);
  (void)Interrupt;
  WdfSpinLockAcquire(Ctx->StateLock);
  WdfSpinLockAcquire(Ctx->RingLock);
  RingReset(Ctx);
  RingStart(Ctx);
  WdfSpinLockRelease(Ctx->RingLock);
  WdfSpinLockRelease(Ctx->StateLock);
}

/* A real defect: the head slot may be filled, and RingStart then takes
   StateLock, which this callback holds. */
EVT_WDF_INTERRUPT_DPC RingEvtPollDpc;
VOID RingEvtPollDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PRING_CONTEXT Ctx = RingGetContext(Device);
  (void)Interrupt;
  WdfSpinLockAcquire(Ctx->StateLock);
  WdfSpinLockAcquire(Ctx->RingLock);
  RingStart(Ctx);
  WdfSpinLockRelease(Ctx->RingLock);
  WdfSpinLockRelease(Ctx->StateLock);
}
