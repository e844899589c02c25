/* A small KMDF driver split over three files, for the tests of
 * kmdf-check --ctu: the callbacks live in isr.c and queue.c, the helpers
 * that take and drop the interrupt lock in hw.c. Seen one file at a time,
 * every helper is opaque and nothing can be said; across the files, the
 * defects marked BUG are found and the other callbacks are correct. */
#ifndef CTU_DRIVER_H
#define CTU_DRIVER_H

#include "kmdf.h"

typedef struct _DEVICE_CONTEXT {
  WDFINTERRUPT Interrupt;
  ULONG Register;
  ULONG Pending;
  BOOLEAN Fault;
  BOOLEAN Ready;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, GetDeviceContext)

/* hw.c */
VOID HwLock(PDEVICE_CONTEXT Context);
VOID HwUnlock(PDEVICE_CONTEXT Context);
ULONG HwSample(PDEVICE_CONTEXT Context);
BOOLEAN HwLockIfReady(PDEVICE_CONTEXT Context);
VOID HwAcknowledge(WDFINTERRUPT Interrupt, PDEVICE_CONTEXT Context);

/* isr.c */
EVT_WDF_INTERRUPT_ISR EvtIsr;
EVT_WDF_INTERRUPT_DPC EvtDpcGood;
EVT_WDF_INTERRUPT_DPC EvtDpcReady;
EVT_WDF_INTERRUPT_DPC EvtDpcLeak;
EVT_WDF_INTERRUPT_DPC EvtDpcDouble;

/* queue.c */
EVT_WDF_IO_QUEUE_IO_READ EvtIoRead;
EVT_WDF_IO_QUEUE_IO_READ EvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;
EVT_WDF_TIMER EvtTimer;

#endif
