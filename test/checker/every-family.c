// The behaviours every lock family shares, run once per family: interrupt
// locks, WDF spin locks, WDF wait locks and kernel spin locks, in C and C++,
// with both shapes of the header. The lock words differ by family ("WDF spin
// lock 'Ctx->Lock'"): the family tests check them; here they are matched by
// a pattern.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_INTERRUPT %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_INTERRUPT -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_INTERRUPT -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_INTERRUPT -x c++ -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_SPIN %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_SPIN -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_SPIN -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_SPIN -x c++ -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_WAIT %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_WAIT -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_WAIT -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_WAIT -x c++ -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_KE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_KE -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_KE -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DFAMILY_KE -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

#if defined(FAMILY_INTERRUPT)
typedef WDFINTERRUPT LOCK_T;
typedef WDFINTERRUPT PASSED_T;
#define ACQUIRE(L) WdfInterruptAcquireLock(L)
#define RELEASE(L) WdfInterruptReleaseLock(L)
#define PASS(L) (L)
#elif defined(FAMILY_SPIN)
typedef WDFSPINLOCK LOCK_T;
typedef WDFSPINLOCK PASSED_T;
#define ACQUIRE(L) WdfSpinLockAcquire(L)
#define RELEASE(L) WdfSpinLockRelease(L)
#define PASS(L) (L)
#elif defined(FAMILY_WAIT)
typedef WDFWAITLOCK LOCK_T;
typedef WDFWAITLOCK PASSED_T;
#define ACQUIRE(L) WdfWaitLockAcquire(L, NULL)
#define RELEASE(L) WdfWaitLockRelease(L)
#define PASS(L) (L)
#elif defined(FAMILY_KE)
// A kernel spin lock is the memory it lives in: it is passed by address.
typedef KSPIN_LOCK LOCK_T;
typedef PKSPIN_LOCK PASSED_T;
#define ACQUIRE(L) KeAcquireSpinLockAtDpcLevel(&(L))
#define RELEASE(L) KeReleaseSpinLockFromDpcLevel(&(L))
#define PASS(L) (&(L))
#else
#error "define one FAMILY_..."
#endif

typedef struct _LOCK_CONTEXT {
  LOCK_T Lock;
  LOCK_T Second;
  LOCK_T Locks[4];
  ULONG Flags;
  ULONG Count;
  BOOLEAN Mode;
  BOOLEAN OtherMode;
} LOCK_CONTEXT, *PLOCK_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(LOCK_CONTEXT, GetLockContext)

KMDF_BEGIN_DECLS
VOID FamilyOpaqueUse(PASSED_T Lock);
VOID FamilyOpaqueUpdate(PLOCK_CONTEXT Ctx);
LOCK_T g_Lock;
KMDF_END_DECLS

//===-- Per-object state -----------------------------------------------===//

// Negative: two locks, nested.
EVT_WDF_TIMER TwoLocksNested;
VOID TwoLocksNested(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ACQUIRE(Ctx->Lock);
  ACQUIRE(Ctx->Second);
  RELEASE(Ctx->Lock);
  RELEASE(Ctx->Second);
}

// Positive: acquire one, release the other.
EVT_WDF_TIMER AcquireOneReleaseOther;
VOID AcquireOneReleaseOther(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ACQUIRE(Ctx->Lock); // expected-note-re {{{{.+}} 'Ctx->Lock' acquired here}}
  RELEASE(Ctx->Second); // expected-warning-re {{{{.+}} 'Ctx->Second' released without being held}}
                        // expected-note-re@-1 {{{{.+}} 'Ctx->Second' released without being held}}
} // expected-warning-re {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'AcquireOneReleaseOther'}}
  // expected-note-re@-1 {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'AcquireOneReleaseOther'}}

//===-- Strict alternation ---------------------------------------------===//

// Positive: a second acquire deadlocks; the path ends there.
EVT_WDF_TIMER AcquiredTwice;
VOID AcquiredTwice(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ACQUIRE(Ctx->Lock); // expected-note-re {{{{.+}} 'Ctx->Lock' acquired here}}
  ACQUIRE(Ctx->Lock); // expected-warning-re {{{{.+}} 'Ctx->Lock' acquired while already held}}
                      // expected-note-re@-1 {{{{.+}} 'Ctx->Lock' acquired while already held}}
  RELEASE(Ctx->Lock);
}

// Positive: released twice.
EVT_WDF_TIMER ReleasedTwice;
VOID ReleasedTwice(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ACQUIRE(Ctx->Lock); // expected-note-re {{{{.+}} 'Ctx->Lock' acquired here}}
  RELEASE(Ctx->Lock); // expected-note-re {{{{.+}} 'Ctx->Lock' released here}}
  RELEASE(Ctx->Lock); // expected-warning-re {{{{.+}} 'Ctx->Lock' released without being held}}
                      // expected-note-re@-1 {{{{.+}} 'Ctx->Lock' released without being held}}
}

// Negative: acquire, release, acquire, release.
EVT_WDF_TIMER Alternating;
VOID Alternating(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ACQUIRE(Ctx->Lock);
  Ctx->Count++;
  RELEASE(Ctx->Lock);
  ACQUIRE(Ctx->Lock);
  Ctx->Count--;
  RELEASE(Ctx->Lock);
}

//===-- Held at the end of a callback ----------------------------------===//

// Positive: an early return keeps the lock.
EVT_WDF_TIMER EarlyReturn;
VOID EarlyReturn(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ACQUIRE(Ctx->Lock); // expected-note-re {{{{.+}} 'Ctx->Lock' acquired here}}
  if (Ctx->Flags) // expected-note {{Assuming field 'Flags' is not equal to 0}}
                  // expected-note@-1 {{Taking true branch}}
    return; // expected-warning-re {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'EarlyReturn'}}
            // expected-note-re@-1 {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'EarlyReturn'}}
  RELEASE(Ctx->Lock);
}

// Positive: a goto to the exit skips the release.
EVT_WDF_TIMER GotoExit;
VOID GotoExit(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ACQUIRE(Ctx->Lock); // expected-note-re {{{{.+}} 'Ctx->Lock' acquired here}}
  if (Ctx->Flags) // expected-note {{Assuming field 'Flags' is not equal to 0}}
                  // expected-note@-1 {{Taking true branch}}
    goto Exit; // expected-note {{Control jumps to line}}
  RELEASE(Ctx->Lock);
Exit:
  Ctx->Count = 0;
} // expected-warning-re {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'GotoExit'}}
  // expected-note-re@-1 {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'GotoExit'}}

// Negative: every exit releases, through a switch and a goto.
EVT_WDF_TIMER EveryExitReleases;
VOID EveryExitReleases(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ACQUIRE(Ctx->Lock);
  switch (Ctx->Flags) {
  case 1:
    RELEASE(Ctx->Lock);
    return;
  case 2:
    goto Done;
  default:
    break;
  }
  Ctx->Count++;
Done:
  RELEASE(Ctx->Lock);
}

// Positive: one case of a switch forgets the release.
EVT_WDF_TIMER SwitchCaseLeaks;
VOID SwitchCaseLeaks(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ACQUIRE(Ctx->Lock); // expected-note-re {{{{.+}} 'Ctx->Lock' acquired here}}
  switch (Ctx->Flags) { // expected-note {{Control jumps to 'case 2:'}}
  case 1:
    RELEASE(Ctx->Lock);
    break;
  case 2:
    return; // expected-warning-re {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'SwitchCaseLeaks'}}
            // expected-note-re@-1 {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'SwitchCaseLeaks'}}
  default:
    RELEASE(Ctx->Lock);
    break;
  }
}

// Negative: a function that is no callback may return with it held.
VOID LockWrapper(PLOCK_CONTEXT Ctx) {
  ACQUIRE(Ctx->Lock); // expected-note-re {{{{.+}} 'Ctx->Lock' acquired here}}
}
VOID UnlockWrapper(PLOCK_CONTEXT Ctx) { RELEASE(Ctx->Lock); }

//===-- Correlated conditions ------------------------------------------===//

// Negative: taken and dropped under the same condition.
EVT_WDF_TIMER SameCondition;
VOID SameCondition(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  BOOLEAN Locked = Ctx->Flags != 0;
  if (Locked)
    ACQUIRE(Ctx->Lock);
  Ctx->Count++;
  if (Locked)
    RELEASE(Ctx->Lock);
}

// Positive: taken and dropped under unrelated conditions: both wrong paths.
EVT_WDF_TIMER DifferentConditions;
VOID DifferentConditions(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  if (Ctx->Flags) // expected-note {{Assuming field 'Flags' is 0}}
                  // expected-note@-1 {{Taking false branch}}
                  // expected-note@-2 {{Assuming field 'Flags' is not equal to 0}}
                  // expected-note@-3 {{Taking true branch}}
    ACQUIRE(Ctx->Lock); // expected-note-re {{{{.+}} 'Ctx->Lock' acquired here}}
  if (Ctx->Count) // expected-note {{Assuming field 'Count' is not equal to 0}}
                  // expected-note@-1 {{Taking true branch}}
                  // expected-note@-2 {{Assuming field 'Count' is 0}}
                  // expected-note@-3 {{Taking false branch}}
    RELEASE(Ctx->Lock); // expected-warning-re {{{{.+}} 'Ctx->Lock' released without being held}}
                        // expected-note-re@-1 {{{{.+}} 'Ctx->Lock' released without being held}}
} // expected-warning-re {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'DifferentConditions'}}
  // expected-note-re@-1 {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'DifferentConditions'}}

//===-- Helpers and wrappers in the file -------------------------------===//

// Negative: the wrappers, in the right order.
EVT_WDF_TIMER WrappersBalanced;
VOID WrappersBalanced(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  LockWrapper(Ctx);
  Ctx->Count++;
  UnlockWrapper(Ctx);
}

// Positive: the lock wrapper, and nothing releases.
EVT_WDF_TIMER WrapperLeaks;
VOID WrapperLeaks(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  LockWrapper(Ctx); // expected-note {{Calling 'LockWrapper'}}
                    // expected-note@-1 {{Returning from 'LockWrapper'}}
} // expected-warning-re {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'WrapperLeaks'}}
  // expected-note-re@-1 {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'WrapperLeaks'}}

//===-- Loops ----------------------------------------------------------===//

// Negative: each iteration takes and drops the lock.
EVT_WDF_TIMER LockedLoop;
VOID LockedLoop(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  for (ULONG I = 0; I < Ctx->Count; ++I) {
    ACQUIRE(Ctx->Lock);
    Ctx->Flags++;
    RELEASE(Ctx->Lock);
  }
}

// Positive: the loop takes the lock again on its second iteration.
EVT_WDF_TIMER LoopAcquiresAgain;
VOID LoopAcquiresAgain(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ULONG I = 0;
  do { // expected-note {{Loop condition is true. Execution continues on line}}
    ACQUIRE(Ctx->Lock); // expected-note-re {{{{.+}} 'Ctx->Lock' acquired here}}
                        // expected-warning-re@-1 {{{{.+}} 'Ctx->Lock' acquired while already held}}
                        // expected-note-re@-2 {{{{.+}} 'Ctx->Lock' acquired while already held}}
    Ctx->Flags++;
  } while (++I < Ctx->Count); // expected-note {{Assuming the condition is true}}
  RELEASE(Ctx->Lock);
}

//===-- Context re-reads -----------------------------------------------===//

// Negative: the context fetched again, and after an opaque call that may
// have written it, still holds the same lock.
EVT_WDF_TIMER ContextReread;
VOID ContextReread(WDFTIMER Timer) {
  ACQUIRE(GetLockContext(Timer)->Lock);
  FamilyOpaqueUpdate(GetLockContext(Timer));
  RELEASE(GetLockContext(Timer)->Lock);
}

//===-- Arrays of locks ------------------------------------------------===//

// Negative: the same element, at an index only known to be the same value.
EVT_WDF_TIMER ElementAtVariableIndex;
VOID ElementAtVariableIndex(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ULONG V = Ctx->Count % 4;
  ACQUIRE(Ctx->Locks[V]);
  Ctx->Flags++;
  RELEASE(Ctx->Locks[V]);
}

// Positive: the same element twice.
EVT_WDF_TIMER ElementAcquiredTwice;
VOID ElementAcquiredTwice(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ULONG V = Ctx->Count % 4;
  ACQUIRE(Ctx->Locks[V]); // expected-note-re {{{{.+}} 'Ctx->Locks[V]' acquired here}}
  ACQUIRE(Ctx->Locks[V]); // expected-warning-re {{{{.+}} 'Ctx->Locks[V]' acquired while already held}}
                          // expected-note-re@-1 {{{{.+}} 'Ctx->Locks[V]' acquired while already held}}
}

// Positive: an element kept at an early return.
EVT_WDF_TIMER ElementLeaks;
VOID ElementLeaks(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ULONG V = Ctx->Count % 4;
  ACQUIRE(Ctx->Locks[V]); // expected-note-re {{{{.+}} 'Ctx->Locks[V]' acquired here}}
  if (Ctx->Flags) // expected-note {{Assuming field 'Flags' is not equal to 0}}
                  // expected-note@-1 {{Taking true branch}}
    return; // expected-warning-re {{{{.+}} 'Ctx->Locks[V]' is still held at the end of callback 'ElementLeaks'}}
            // expected-note-re@-1 {{{{.+}} 'Ctx->Locks[V]' is still held at the end of callback 'ElementLeaks'}}
  RELEASE(Ctx->Locks[V]);
}

// Negative: elements at unrelated indices may or may not be one lock.
EVT_WDF_TIMER UnrelatedElements;
VOID UnrelatedElements(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ULONG I = Ctx->Count % 4, J = Ctx->Flags % 4;
  ACQUIRE(Ctx->Locks[I]);
  ACQUIRE(Ctx->Locks[J]);
  RELEASE(Ctx->Locks[I]);
  RELEASE(Ctx->Locks[J]);
}

// Negative: acquired through one index, released through another that may
// be the same.
EVT_WDF_TIMER ReleasedThroughAnotherIndex;
VOID ReleasedThroughAnotherIndex(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ULONG I = Ctx->Count % 4, J = Ctx->Flags % 4;
  ACQUIRE(Ctx->Locks[I]);
  RELEASE(Ctx->Locks[J]);
}

// Positive: indices the path proved different are different locks.
EVT_WDF_TIMER ProvedDifferentIndices;
VOID ProvedDifferentIndices(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ULONG I = Ctx->Count % 4, J = Ctx->Flags % 4;
  if (I == J) // expected-note 2 {{Assuming 'I' is not equal to 'J'}}
              // expected-note@-1 2 {{Taking false branch}}
    return;
  ACQUIRE(Ctx->Locks[I]); // expected-note-re {{{{.+}} 'Ctx->Locks[I]' acquired here}}
  RELEASE(Ctx->Locks[J]); // expected-warning-re {{{{.+}} 'Ctx->Locks[J]' released without being held}}
                          // expected-note-re@-1 {{{{.+}} 'Ctx->Locks[J]' released without being held}}
} // expected-warning-re {{{{.+}} 'Ctx->Locks[I]' is still held at the end of callback 'ProvedDifferentIndices'}}
  // expected-note-re@-1 {{{{.+}} 'Ctx->Locks[I]' is still held at the end of callback 'ProvedDifferentIndices'}}

// Positive: indices the path proved equal are one lock.
EVT_WDF_TIMER ProvedEqualIndices;
VOID ProvedEqualIndices(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ULONG I = Ctx->Count % 4, J = Ctx->Flags % 4;
  ACQUIRE(Ctx->Locks[I]); // expected-note-re {{{{.+}} 'Ctx->Locks[I]' acquired here}}
  if (I != J) { // expected-note {{Assuming 'I' is equal to 'J'}}
                // expected-note@-1 {{Taking false branch}}
    RELEASE(Ctx->Locks[I]);
    return;
  }
  ACQUIRE(Ctx->Locks[J]); // expected-warning-re {{{{.+}} 'Ctx->Locks[J]' acquired while already held}}
                          // expected-note-re@-1 {{{{.+}} 'Ctx->Locks[J]' acquired while already held}}
}

// Negative: each iteration takes and drops its own element.
EVT_WDF_TIMER ElementPerIteration;
VOID ElementPerIteration(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  for (ULONG I = 0; I < Ctx->Count; ++I) {
    ACQUIRE(Ctx->Locks[I % 4]);
    Ctx->Flags++;
    RELEASE(Ctx->Locks[I % 4]);
  }
}

//===-- Two names of one lock ------------------------------------------===//

// Negative: a global and a context field may name the same lock.
EVT_WDF_TIMER GlobalAndField;
VOID GlobalAndField(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ACQUIRE(g_Lock);
  RELEASE(Ctx->Lock);
}

//===-- Opaque driver functions ----------------------------------------===//

// Negative: a driver function without a body here may release the lock.
EVT_WDF_TIMER PassedToOpaqueFunction;
VOID PassedToOpaqueFunction(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ACQUIRE(Ctx->Lock);
  FamilyOpaqueUse(PASS(Ctx->Lock));
}

// Positive: a framework routine does not touch the lock.
EVT_WDF_TIMER FrameworkRoutineWhileHeld;
VOID FrameworkRoutineWhileHeld(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  ACQUIRE(Ctx->Lock); // expected-note-re {{{{.+}} 'Ctx->Lock' acquired here}}
  KeStallExecutionProcessor(10);
} // expected-warning-re {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'FrameworkRoutineWhileHeld'}}
  // expected-note-re@-1 {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'FrameworkRoutineWhileHeld'}}

//===-- A mode flag tested twice around an opaque call -----------------===//

// Negative: the opaque call may change the flag as far as the analyzer
// knows, but drivers do not change such flags behind their own back.
EVT_WDF_TIMER ModeFlagAroundOpaqueCall;
VOID ModeFlagAroundOpaqueCall(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  if (Ctx->Mode)
    ACQUIRE(Ctx->Lock);
  FamilyOpaqueUpdate(Ctx);
  if (Ctx->Mode)
    RELEASE(Ctx->Lock);
}

// Positive: the second test is on another field: both wrong paths.
EVT_WDF_TIMER OtherFlagAroundOpaqueCall;
VOID OtherFlagAroundOpaqueCall(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  if (Ctx->Mode) // expected-note {{Assuming field 'Mode' is not equal to 0}}
                 // expected-note@-1 {{Taking true branch}}
                 // expected-note@-2 {{Assuming field 'Mode' is 0}}
                 // expected-note@-3 {{Taking false branch}}
    ACQUIRE(Ctx->Lock); // expected-note-re {{{{.+}} 'Ctx->Lock' acquired here}}
  FamilyOpaqueUpdate(Ctx);
  if (Ctx->OtherMode) // expected-note {{Assuming field 'OtherMode' is 0}}
                      // expected-note@-1 {{Taking false branch}}
                      // expected-note@-2 {{Assuming field 'OtherMode' is not equal to 0}}
                      // expected-note@-3 {{Taking true branch}}
    RELEASE(Ctx->Lock); // expected-warning-re {{{{.+}} 'Ctx->Lock' released without being held}}
                        // expected-note-re@-1 {{{{.+}} 'Ctx->Lock' released without being held}}
} // expected-warning-re {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'OtherFlagAroundOpaqueCall'}}
  // expected-note-re@-1 {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'OtherFlagAroundOpaqueCall'}}

// Positive: the driver itself changes the flag between the tests.
EVT_WDF_TIMER FlagWrittenBetween;
VOID FlagWrittenBetween(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  if (Ctx->Mode) // expected-note {{Assuming field 'Mode' is not equal to 0}}
                 // expected-note@-1 {{Taking true branch}}
                 // expected-note@-2 {{Assuming field 'Mode' is 0}}
                 // expected-note@-3 {{Taking false branch}}
    ACQUIRE(Ctx->Lock); // expected-note-re {{{{.+}} 'Ctx->Lock' acquired here}}
  Ctx->Mode = (BOOLEAN)Ctx->Flags;
  FamilyOpaqueUpdate(Ctx);
  if (Ctx->Mode) // expected-note {{Assuming field 'Mode' is 0}}
                 // expected-note@-1 {{Taking false branch}}
                 // expected-note@-2 {{Assuming field 'Mode' is not equal to 0}}
                 // expected-note@-3 {{Taking true branch}}
    RELEASE(Ctx->Lock); // expected-warning-re {{{{.+}} 'Ctx->Lock' released without being held}}
                        // expected-note-re@-1 {{{{.+}} 'Ctx->Lock' released without being held}}
} // expected-warning-re {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'FlagWrittenBetween'}}
  // expected-note-re@-1 {{{{.+}} 'Ctx->Lock' is still held at the end of callback 'FlagWrittenBetween'}}

#ifdef __cplusplus
//===-- C++: RAII guards -----------------------------------------------===//

class LockGuard {
public:
  explicit LockGuard(PLOCK_CONTEXT Ctx) : Ctx(Ctx) {
    ACQUIRE(Ctx->Lock); // expected-note-re {{{{.+}} 'Ctx->Lock' acquired here}}
  }
  ~LockGuard() {
    RELEASE(Ctx->Lock); // expected-warning-re {{{{.+}} 'Ctx->Lock' released without being held}}
                        // expected-note-re@-1 {{{{.+}} 'Ctx->Lock' released without being held}}
  }

private:
  PLOCK_CONTEXT Ctx;
};

// Negative: the guard releases on every exit.
EVT_WDF_TIMER GuardedCallback;
VOID GuardedCallback(WDFTIMER Timer) {
  LockGuard Guard(GetLockContext(Timer));
  if (GetLockContext(Timer)->Flags)
    return;
  GetLockContext(Timer)->Count++;
}

// Positive: a manual release under the guard releases twice.
EVT_WDF_TIMER GuardAndManualRelease;
VOID GuardAndManualRelease(WDFTIMER Timer) {
  PLOCK_CONTEXT Ctx = GetLockContext(Timer);
  LockGuard Guard(Ctx); // expected-note {{Calling constructor for 'LockGuard'}}
                        // expected-note@-1 {{Returning from constructor for 'LockGuard'}}
  RELEASE(Ctx->Lock); // expected-note-re {{{{.+}} 'Ctx->Lock' released here}}
} // expected-note {{Calling '~LockGuard'}}
#endif
