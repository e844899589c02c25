/* A small KMDF driver for a made-up device that raises an interrupt when a
 * transfer completes. It builds against kmdf-check's stand-in for the WDK
 * headers (test/Inputs/kmdf.h, WDK shape) and has a few lock bugs on purpose:
 * run tools/run-example to see them. */
#ifndef EXAMPLE_DRIVER_H
#define EXAMPLE_DRIVER_H

#include "kmdf.h"

typedef struct _DEVICE_CONTEXT {
  WDFINTERRUPT Interrupt;
  ULONG PendingStatus;
  ULONG TransfersDone;
  BOOLEAN HardwareFault;
  /* locks.c: the queue's state, the configuration, the statistics. */
  WDFSPINLOCK StateLock;
  WDFWAITLOCK ConfigLock;
  KSPIN_LOCK StatsLock;
  WDFIOTARGET Target;
  BOOLEAN Stopping;
  ULONG Configuration;
  ULONG Reads;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, GetDeviceContext)

#define IOCTL_EXAMPLE_RESET 0x222000
#define IOCTL_EXAMPLE_GET_COUNT 0x222004

/* Hardware access lives in hw.c. */
ULONG HwReadStatus(PDEVICE_CONTEXT Context);
VOID HwAcknowledge(PDEVICE_CONTEXT Context, ULONG Status);
VOID HwReset(PDEVICE_CONTEXT Context);

EVT_WDF_INTERRUPT_ISR ExampleEvtInterruptIsr;
EVT_WDF_INTERRUPT_DPC ExampleEvtInterruptDpc;
EVT_WDF_INTERRUPT_ENABLE ExampleEvtInterruptEnable;
EVT_WDF_INTERRUPT_DISABLE ExampleEvtInterruptDisable;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL ExampleEvtIoDeviceControl;
EVT_WDF_IO_QUEUE_IO_READ ExampleEvtIoRead;
EVT_WDF_TIMER ExampleEvtTimer;

#endif
