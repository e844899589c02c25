/* The two-file driver of test/accuracy/ctu.test (kmdf-check's own code):
   the callbacks are in dpc.c, the lock helpers they call in hw.c. */
#ifndef TWOFILE_H
#define TWOFILE_H
#include "kmdf-lite.h"

typedef struct _TWO_CONTEXT {
  WDFINTERRUPT Interrupt;
  ULONG Count;
} TWO_CONTEXT, *PTWO_CONTEXT;

#define TwoGetContext(h) ((PTWO_CONTEXT)WdfObjectGetTypedContextWorker((h), "TWO"))

EVT_WDF_INTERRUPT_DPC TwoEvtDpcLeak;
EVT_WDF_INTERRUPT_DPC TwoEvtDpcBalanced;
VOID TwoHwLock(PTWO_CONTEXT Ctx);
VOID TwoHwUnlock(PTWO_CONTEXT Ctx);
#endif
