// When a helper inlined into a callback runs out of the analyzer's block
// budget (a loop over a count it cannot bound, or over more slots than the
// budget), the analyzer evaluates the call again without inlining it and
// forgets everything the helper could have changed; it never inlines that
// helper again in the file. With kmdf-check's widen-loops=true the path that
// leaves the loop at the budget forgets the same way. A report whose path
// decided the defect at a branch on a forgotten value that the helper may
// have written is dropped: the driver cleared the slot the branch tests.
// Kept: a branch that does not decide the defect, a field the helper never
// writes, the helper's return value, a helper without a body. Found on a
// real driver with --ctu (test/ctu/loop-helper-replayed.test).
//
// kmdf-check's settings:
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -analyzer-config widen-loops=true -verify=expected,assumed %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -analyzer-config widen-loops=true -verify=expected,assumed -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -analyzer-config widen-loops=true -verify=expected,assumed -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -analyzer-config widen-loops=true -verify=expected,assumed -x c++ -DKMDF_TEST_WDK_SHAPE %s
// Without the widening only the replayed call gets past the loops (LLVM 19;
// LLVM 22 stops inlining RingReset early, and reports ReceiveAfterResetDpc on
// a path through the inlined call).
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -verify=expected,%if llvm-22 %{known%} %else %{assumed%} %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -verify=expected,%if llvm-22 %{known%} %else %{assumed%} -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -verify=expected,%if llvm-22 %{known%} %else %{assumed%} -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -verify=expected,%if llvm-22 %{known%} %else %{assumed%} -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "kmdf.h"

#define RING_SLOTS 16

typedef struct _RING_SLOT {
  ULONG Status;
  struct _RING_SLOT *Next;
} RING_SLOT, *PRING_SLOT;

typedef struct _RING_CONTEXT {
  WDFSPINLOCK StateLock;
  PRING_SLOT Head;
  ULONG SlotCount;
  ULONG Received;
  ULONG Table[RING_SLOTS];
} RING_CONTEXT, *PRING_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(RING_CONTEXT, RingGetContext)

KMDF_BEGIN_DECLS
// Defined in another file.
VOID RingResetElsewhere(PRING_CONTEXT Ctx);
KMDF_END_DECLS

// Takes the state lock: must be called without it.
static VOID RingReceive(PRING_CONTEXT Ctx) {
  WdfSpinLockAcquire(Ctx->StateLock); // expected-warning 3 {{WDF spin lock 'Ctx->StateLock' acquired while already held}}
                                      // expected-note@-1 3 {{WDF spin lock 'Ctx->StateLock' acquired while already held}}
  Ctx->Received++;
  WdfSpinLockRelease(Ctx->StateLock);
}

// Clears every slot: a loop over a count the analyzer cannot bound.
static VOID RingReset(PRING_CONTEXT Ctx) {
  PRING_SLOT Slot = Ctx->Head;
  ULONG I = 0;
  do {
    Slot->Status = 0;
    Slot = Slot->Next;
  } while (++I < Ctx->SlotCount);
}

// Receives only when the head slot is filled.
static VOID RingStart(PRING_CONTEXT Ctx) {
  if (Ctx->Head->Status != 0) // expected-note {{Assuming field 'Status' is not equal to 0}}
                              // expected-note@-1 {{Taking true branch}}
    RingReceive(Ctx);         // expected-note {{Calling 'RingReceive'}}
}

// Clears the table: more iterations than the budget.
static VOID RingClearTable(PRING_CONTEXT Ctx) {
  for (ULONG I = 0; I < RING_SLOTS; I++)
    Ctx->Table[I] = 0;
}

// Fills the table, then fails when the ring has no slots.
static NTSTATUS RingFillTable(PRING_CONTEXT Ctx) {
  for (ULONG I = 0; I < RING_SLOTS; I++)
    Ctx->Table[I] = 1;
  return Ctx->SlotCount ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

// Negative: RingReset has just cleared the head slot.
EVT_WDF_INTERRUPT_DPC ResetDpc;
VOID ResetDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PRING_CONTEXT Ctx = RingGetContext(Device);
  WdfSpinLockAcquire(Ctx->StateLock);
  RingReset(Ctx);
  RingStart(Ctx); // no-warning
  WdfSpinLockRelease(Ctx->StateLock);
}

// Negative: calls of a replayed helper are never inlined again and forget
// in the same way.
EVT_WDF_INTERRUPT_DPC ResetTwiceDpc;
VOID ResetTwiceDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PRING_CONTEXT Ctx = RingGetContext(Device);
  WdfSpinLockAcquire(Ctx->StateLock);
  RingReset(Ctx);
  RingReset(Ctx);
  RingStart(Ctx); // no-warning
  WdfSpinLockRelease(Ctx->StateLock);
}

// Negative: the table was just cleared (a constant loop bound above the
// budget: with widen-loops the widened path forgets it too).
EVT_WDF_INTERRUPT_DPC ClearTableDpc;
VOID ClearTableDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PRING_CONTEXT Ctx = RingGetContext(Device);
  WdfSpinLockAcquire(Ctx->StateLock);
  RingClearTable(Ctx);
  if (Ctx->Table[0] != 0)
    RingReceive(Ctx); // no-warning
  WdfSpinLockRelease(Ctx->StateLock);
}

// Positive: the branch on the forgotten status does not decide whether the
// lock is taken again.
EVT_WDF_INTERRUPT_DPC ReceiveAfterResetDpc;
VOID ReceiveAfterResetDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PRING_CONTEXT Ctx = RingGetContext(Device);
  WdfSpinLockAcquire(Ctx->StateLock); // expected-note {{WDF spin lock 'Ctx->StateLock' acquired here}}
  RingReset(Ctx);
  if (Ctx->Head->Status != 0) // assumed-note {{Assuming field 'Status' is equal to 0}}
                              // known-note@-1 {{Field 'Status' is equal to 0}}
                              // expected-note@-2 {{Taking false branch}}
    Ctx->Received = 0;
  RingReceive(Ctx); // expected-note {{Calling 'RingReceive'}}
  WdfSpinLockRelease(Ctx->StateLock);
}

// Positive: RingClearTable never writes Received, whatever the analyzer
// forgot.
EVT_WDF_INTERRUPT_DPC ReceivedDpc;
VOID ReceivedDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PRING_CONTEXT Ctx = RingGetContext(Device);
  WdfSpinLockAcquire(Ctx->StateLock); // expected-note {{WDF spin lock 'Ctx->StateLock' acquired here}}
  RingClearTable(Ctx);
  if (Ctx->Received != 0) // expected-note {{Assuming field 'Received' is not equal to 0}}
                          // expected-note@-1 {{Taking true branch}}
    RingReceive(Ctx);     // expected-note {{Calling 'RingReceive'}}
  WdfSpinLockRelease(Ctx->StateLock);
}

// Positive: the error path is decided by what the helper returns, which the
// replayed call does not forget but leaves open.
EVT_WDF_INTERRUPT_DPC FillDpc;
VOID FillDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PRING_CONTEXT Ctx = RingGetContext(Device);
  NTSTATUS Status;
  WdfSpinLockAcquire(Ctx->StateLock); // expected-note {{WDF spin lock 'Ctx->StateLock' acquired here}}
  Status = RingFillTable(Ctx);
  if (!NT_SUCCESS(Status)) // expected-note {{Assuming 'Status' is < 0}}
                           // expected-note@-1 {{'Status' is < 0}}
                           // expected-note@-2 {{Taking true branch}}
    return; // expected-warning {{WDF spin lock 'Ctx->StateLock' is still held at the end of callback 'FillDpc'}}
            // expected-note@-1 {{WDF spin lock 'Ctx->StateLock' is still held at the end of callback 'FillDpc'}}
  WdfSpinLockRelease(Ctx->StateLock);
}

// Positive: a helper without a body forgets nothing the analyzer knew.
EVT_WDF_INTERRUPT_DPC ElsewhereDpc;
VOID ElsewhereDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PRING_CONTEXT Ctx = RingGetContext(Device);
  WdfSpinLockAcquire(Ctx->StateLock); // expected-note {{WDF spin lock 'Ctx->StateLock' acquired here}}
  RingResetElsewhere(Ctx);
  RingStart(Ctx); // expected-note {{Calling 'RingStart'}}
  WdfSpinLockRelease(Ctx->StateLock);
}
