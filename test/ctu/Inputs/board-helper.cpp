// A C++17 helper of board.cpp.
#include "board.h"

VOID BoardHelperLock(PDEVICE_CONTEXT Context) {
  WdfInterruptAcquireLock(Context->Interrupt);
}

VOID BoardHelperUnlock(PDEVICE_CONTEXT Context) {
  WdfInterruptReleaseLock(Context->Interrupt);
}
