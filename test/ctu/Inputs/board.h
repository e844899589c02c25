/* Board support written in C++ (board.cpp, board-helper.cpp, board20.cpp)
 * beside the C driver. */
#ifndef CTU_BOARD_H
#define CTU_BOARD_H

#include "driver.h"

KMDF_EXTERN_C VOID BoardLock(PDEVICE_CONTEXT Context);
KMDF_EXTERN_C VOID BoardUnlock(PDEVICE_CONTEXT Context);

#ifdef __cplusplus
VOID BoardHelperLock(PDEVICE_CONTEXT Context);
VOID BoardHelperUnlock(PDEVICE_CONTEXT Context);
VOID Board20Lock(PDEVICE_CONTEXT Context);
VOID Board20Unlock(PDEVICE_CONTEXT Context);
EVT_WDF_WORKITEM EvtBoardWork;
EVT_WDF_WORKITEM EvtBoardWork20;
#endif

#endif
