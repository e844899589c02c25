// A reset helper clears a field of every slot in a loop over a count, then a
// start helper takes a lock only when the head slot's field is set. The
// analyzer also follows the path on which the count is zero and the loop runs
// zero times: nothing cleared the head slot there, so its field may be set
// and the lock is taken again. The driver keeps the count equal to the length
// of a list that is never empty, which the analyzer cannot know. A report
// decided at a branch on a field that nothing on the path wrote, after a loop
// that ran zero times and whose body writes that field, is dropped; the
// paths on which the loop runs are still judged. Found on a real driver with
// --ctu (test/ctu/loop-helper-replayed.test, docs/accuracy.md).
// Kept: a loop that writes another field, a branch that does not decide the
// defect, a field the path wrote before the loop.
//
// kmdf-check's settings, then the analyzer's defaults:
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -analyzer-config widen-loops=true -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -analyzer-config widen-loops=true -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -analyzer-config widen-loops=true -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -analyzer-inlining-mode=all -analyzer-config widen-loops=true -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "kmdf.h"

typedef struct _SLOT {
  ULONG Status;
  ULONG Length;
  struct _SLOT *Next;
} SLOT, *PSLOT;

typedef struct _QUEUE_CONTEXT {
  WDFSPINLOCK Lock;
  PSLOT Head;
  ULONG SlotCount;
  ULONG Received;
} QUEUE_CONTEXT, *PQUEUE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(QUEUE_CONTEXT, QueueGetContext)

// Takes the lock: must be called without it.
static VOID Receive(PQUEUE_CONTEXT Ctx) {
  WdfSpinLockAcquire(Ctx->Lock); // expected-warning 3 {{WDF spin lock 'Ctx->Lock' acquired while already held}}
                                 // expected-note@-1 3 {{WDF spin lock 'Ctx->Lock' acquired while already held}}
  Ctx->Received++;
  WdfSpinLockRelease(Ctx->Lock);
}

// Clears every slot's status: a `for` over the count (the real driver's
// shape).
static VOID ResetFor(PQUEUE_CONTEXT Ctx) {
  PSLOT Slot = Ctx->Head;
  ULONG I;
  for (I = 0; I < Ctx->SlotCount; I++) {
    Slot->Status = 0;
    Slot = Slot->Next;
  }
}

// The same with a `while`.
static VOID ResetWhile(PQUEUE_CONTEXT Ctx) {
  PSLOT Slot = Ctx->Head;
  ULONG Left = Ctx->SlotCount;
  while (Left != 0) {
    Slot->Status = 0;
    Slot = Slot->Next;
    Left--;
  }
}

// Clears every slot's length, not its status.
static VOID ClearLengths(PQUEUE_CONTEXT Ctx) {
  PSLOT Slot = Ctx->Head;
  ULONG I;
  for (I = 0; I < Ctx->SlotCount; I++) {
    Slot->Length = 0;
    Slot = Slot->Next;
  }
}

// Receives only when the head slot is filled.
static VOID Start(PQUEUE_CONTEXT Ctx) {
  if (Ctx->Head->Status != 0) // expected-note {{Assuming field 'Status' is not equal to 0}}
                              // expected-note@-1 {{Field 'Status' is not equal to 0}}
                              // expected-note@-2 2 {{Taking true branch}}
    Receive(Ctx);             // expected-note 2 {{Calling 'Receive'}}
}

// Negative: the path on which ResetFor's loop runs zero times.
EVT_WDF_INTERRUPT_DPC ResetForDpc;
VOID ResetForDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PQUEUE_CONTEXT Ctx = QueueGetContext(Device);
  WdfSpinLockAcquire(Ctx->Lock);
  ResetFor(Ctx);
  Start(Ctx); // no-warning
  WdfSpinLockRelease(Ctx->Lock);
}

// Negative: the same through a `while`.
EVT_WDF_INTERRUPT_DPC ResetWhileDpc;
VOID ResetWhileDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PQUEUE_CONTEXT Ctx = QueueGetContext(Device);
  WdfSpinLockAcquire(Ctx->Lock);
  ResetWhile(Ctx);
  Start(Ctx); // no-warning
  WdfSpinLockRelease(Ctx->Lock);
}

// Negative: the loop in the callback itself.
EVT_WDF_INTERRUPT_DPC InlineLoopDpc;
VOID InlineLoopDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PQUEUE_CONTEXT Ctx = QueueGetContext(Device);
  PSLOT Slot = Ctx->Head;
  ULONG I;
  WdfSpinLockAcquire(Ctx->Lock);
  for (I = 0; I < Ctx->SlotCount; I++) {
    Slot->Status = 0;
    Slot = Slot->Next;
  }
  if (Ctx->Head->Status != 0)
    Receive(Ctx); // no-warning
  WdfSpinLockRelease(Ctx->Lock);
}

// Positive: the loop clears the lengths; nothing cleared the status.
EVT_WDF_INTERRUPT_DPC OtherFieldDpc;
VOID OtherFieldDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PQUEUE_CONTEXT Ctx = QueueGetContext(Device);
  WdfSpinLockAcquire(Ctx->Lock); // expected-note {{WDF spin lock 'Ctx->Lock' acquired here}}
  ClearLengths(Ctx);
  Start(Ctx); // expected-note {{Calling 'Start'}}
  WdfSpinLockRelease(Ctx->Lock);
}

// Positive: the branch on the status does not decide whether the lock is
// taken again.
EVT_WDF_INTERRUPT_DPC NotDecidingDpc;
VOID NotDecidingDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PQUEUE_CONTEXT Ctx = QueueGetContext(Device);
  WdfSpinLockAcquire(Ctx->Lock); // expected-note {{WDF spin lock 'Ctx->Lock' acquired here}}
  ResetFor(Ctx);
  if (Ctx->Head->Status != 0) // expected-note {{Assuming field 'Status' is equal to 0}}
                              // expected-note@-1 {{Taking false branch}}
    Ctx->Received = 0;
  Receive(Ctx); // expected-note {{Calling 'Receive'}}
  WdfSpinLockRelease(Ctx->Lock);
}

// Positive: the callback set the head's status; when the count is zero
// nothing clears it.
EVT_WDF_INTERRUPT_DPC WrittenBeforeDpc;
VOID WrittenBeforeDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  PQUEUE_CONTEXT Ctx = QueueGetContext(Device);
  WdfSpinLockAcquire(Ctx->Lock); // expected-note {{WDF spin lock 'Ctx->Lock' acquired here}}
  Ctx->Head->Status = 1;
  ResetFor(Ctx);
  Start(Ctx); // expected-note {{Calling 'Start'}}
  WdfSpinLockRelease(Ctx->Lock);
}
