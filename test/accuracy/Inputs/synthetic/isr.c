/* The synthetic driver's interrupt code (test/accuracy). */
#include "Driver.h"
#include "isr.tmh"

VOID SynthEvtInterruptDpc(WDFINTERRUPT Interrupt, WDFOBJECT AssociatedObject) {
  PSYNTH_CONTEXT Ctx = SynthGetContext(AssociatedObject);
  TraceEvents(4, 1, "DPC for %p", Interrupt);
  WdfInterruptAcquireLock(Interrupt);
  Ctx->Count++;
  if (Ctx->Count & 1)
    WdfInterruptReleaseLock(Interrupt);
  else
    WdfInterruptReleaseLock(Interrupt);
  if (Ctx->Count > 10)
    SynthUpdateHardware(Ctx);
}

/* A helper, not a callback: its releases are not dropped. The try-acquire
   is a site that is not seeded. */
VOID SynthUpdateHardware(PSYNTH_CONTEXT Ctx) {
  if (Ctx->Count == 0)
    return;
  WdfInterruptAcquireLock(Ctx->Interrupt);
  Ctx->Count = 0;
  WdfInterruptReleaseLock(
      Ctx->Interrupt); /* a call on two lines */
  if (WdfInterruptTryToAcquireLock(Ctx->Interrupt)) {
    Ctx->Count = 1;
    WdfInterruptReleaseLock(Ctx->Interrupt);
  }
}

/* A class-extension callback (EVT_SERCX2_...). */
VOID SynthEvtDrainFifo(PVOID PioTransmit) {
  PSYNTH_CONTEXT Ctx = SynthGetContext(PioTransmit);
  WdfSpinLockAcquire(Ctx->QueueLock);
  Ctx->Count++;
  WdfSpinLockRelease(Ctx->QueueLock);
}
