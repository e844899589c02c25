/* The synthetic driver of test/accuracy (kmdf-check's own code). Included as
   "Driver.h" by isr.c: the harness must alias the case. */
#ifndef SYNTH_DRIVER_H
#define SYNTH_DRIVER_H
#include "kmdf-lite.h"
#include "trace.h"
#include "synthmsg.h" /* made from synthmsg.mc by the harness, as mc.exe would */

typedef struct _SYNTH_CONTEXT {
  WDFINTERRUPT Interrupt;
  WDFSPINLOCK QueueLock;
  WDFWAITLOCK ConfigLock;
  KSPIN_LOCK StatsLock;
  KSPIN_LOCK RingLock;
  ULONG Count;
} SYNTH_CONTEXT, *PSYNTH_CONTEXT;

#define SynthGetContext(h) ((PSYNTH_CONTEXT)WdfObjectGetTypedContextWorker((h), "SYNTH"))

EVT_WDF_INTERRUPT_DPC SynthEvtInterruptDpc;
EVT_WDF_IO_QUEUE_IO_READ SynthEvtIoRead;
EVT_SERCX2_PIO_TRANSMIT_DRAIN_FIFO SynthEvtDrainFifo;
VOID SynthUpdateHardware(PSYNTH_CONTEXT Ctx);
#endif
