/* The helper main.c calls. */
#include "kmdf.h"

VOID LockHw(WDFINTERRUPT Interrupt) { WdfInterruptAcquireLock(Interrupt); }
