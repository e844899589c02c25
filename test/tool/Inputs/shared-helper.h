/* A helper in a header with a lock bug: each file whose callback calls it
 * reports the bug at the same place, each from its own callback. */
#ifndef SHARED_HELPER_H
#define SHARED_HELPER_H

#include "kmdf.h"

static VOID SharedRelease(WDFINTERRUPT Interrupt) {
  WdfInterruptReleaseLock(Interrupt);
}

#endif
