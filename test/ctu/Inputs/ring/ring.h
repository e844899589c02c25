/* A receive ring whose helpers are in ring.c and callbacks in dpc.c
   (test/ctu/loop-helper-replayed.test). */
#ifndef RING_H
#define RING_H
#include "kmdf.h"

typedef struct _RING_SLOT {
  ULONG Status;
  struct _RING_SLOT *Next;
} RING_SLOT, *PRING_SLOT;

typedef struct _RING_CONTEXT {
  WDFSPINLOCK StateLock;
  WDFSPINLOCK RingLock;
  PRING_SLOT Head;
  ULONG SlotCount;
  ULONG Received;
} RING_CONTEXT, *PRING_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(RING_CONTEXT, RingGetContext)

KMDF_BEGIN_DECLS
VOID RingReset(PRING_CONTEXT Ctx);
VOID RingStart(PRING_CONTEXT Ctx);
KMDF_END_DECLS
#endif
