// Board support in C++17: helpers for the C driver, and a callback of its
// own whose helpers are in board-helper.cpp (C++17) and board20.cpp (C++20).
#include "board.h"

KMDF_EXTERN_C VOID BoardLock(PDEVICE_CONTEXT Context) {
  WdfInterruptAcquireLock(Context->Interrupt);
}

KMDF_EXTERN_C VOID BoardUnlock(PDEVICE_CONTEXT Context) {
  WdfInterruptReleaseLock(Context->Interrupt);
}

VOID EvtBoardWork(WDFWORKITEM WorkItem) {
  PDEVICE_CONTEXT Context = GetDeviceContext(WorkItem);
  BoardHelperLock(Context);
  if (Context->Fault)
    return; // BUG: BoardHelperLock took the lock (same dialect: found).
  BoardHelperUnlock(Context);
}

VOID EvtBoardWork20(WDFWORKITEM WorkItem) {
  PDEVICE_CONTEXT Context = GetDeviceContext(WorkItem);
  Board20Lock(Context);
  if (Context->Fault)
    return; // A leak, unseen: C++17 does not import from C++20.
  Board20Unlock(Context);
}
