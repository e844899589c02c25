/* The ring's helpers (test/ctu/loop-helper-replayed.test). */
#include "ring.h"

/* Called with RingLock held and StateLock not held. */
static VOID RingReceive(PRING_CONTEXT Ctx) {
  WdfSpinLockRelease(Ctx->RingLock);
  WdfSpinLockAcquire(Ctx->StateLock);
  Ctx->Received++;
  WdfSpinLockRelease(Ctx->StateLock);
  WdfSpinLockAcquire(Ctx->RingLock);
}

/* Clears every slot, the head first: a loop over a count the analyzer
   cannot bound. */
VOID RingReset(PRING_CONTEXT Ctx) {
  PRING_SLOT Slot = Ctx->Head;
  ULONG I = 0;
  do {
    Slot->Status = 0;
    Slot = Slot->Next;
  } while (++I < Ctx->SlotCount);
}

/* Receives only when the head slot is filled. */
VOID RingStart(PRING_CONTEXT Ctx) {
  if (Ctx->Head->Status != 0)
    RingReceive(Ctx);
}
