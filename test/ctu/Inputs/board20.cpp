// A helper of board.cpp, built as C++20.
#include "board.h"

VOID Board20Lock(PDEVICE_CONTEXT Context) {
  WdfInterruptAcquireLock(Context->Interrupt);
}

VOID Board20Unlock(PDEVICE_CONTEXT Context) {
  WdfInterruptReleaseLock(Context->Interrupt);
}
