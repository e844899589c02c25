/* The synthetic driver's queue code (test/accuracy): the sibling lock
   families, KeAcquireSpinLock as a macro, a lock call inside an expression
   and releases as the bodies of an if and an else. */
#include "driver.h"
#include "queue.tmh"

VOID SynthEvtIoRead(WDFQUEUE Queue, WDFREQUEST Request, ULONG Length) {
  PSYNTH_CONTEXT Ctx = SynthGetContext(Queue);
  KIRQL OldIrql;
  KLOCK_QUEUE_HANDLE Handle;
  (void)Request;
  WdfSpinLockAcquire(Ctx->QueueLock);
  Ctx->Count += Length;
  WdfSpinLockRelease(Ctx->QueueLock);

  WdfWaitLockAcquire(Ctx->ConfigLock, NULL);
  if (Ctx->Count > 100)
    WdfWaitLockRelease(Ctx->ConfigLock);
  else
    WdfWaitLockRelease(Ctx->ConfigLock);

  KeAcquireSpinLock(&Ctx->StatsLock, &OldIrql);
  Ctx->Count++;
  KeReleaseSpinLock(&Ctx->StatsLock, OldIrql);

  OldIrql = KeAcquireSpinLockRaiseToDpc(&Ctx->StatsLock);
  KeReleaseSpinLock(&Ctx->StatsLock, OldIrql);

  KeAcquireInStackQueuedSpinLock(&Ctx->RingLock, &Handle);
  Ctx->Count--;
  KeReleaseInStackQueuedSpinLock(&Handle);
  if (Ctx->Count == 7)
    TraceEvents(2, 1, "status %x", SYNTH_HARDWARE_STUCK);
}
