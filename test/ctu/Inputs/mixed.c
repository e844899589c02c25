/* A C callback that calls lock helpers written in C++ (board.cpp). */
#include "board.h"

EVT_WDF_TIMER EvtMixedTimer;

VOID EvtMixedTimer(WDFTIMER Timer) {
  PDEVICE_CONTEXT Context = GetDeviceContext(Timer);
  BoardLock(Context);
  if (Context->Fault)
    return; /* A leak, unseen: C does not import from C++. */
  BoardUnlock(Context);
}
