/* A helper whose body clang's importer cannot bring into another file's
 * analysis: it does not support __try blocks (a real driver of the accuracy
 * corpus reads its device's registers so). */
#include "driver.h"

VOID SehLockAndProbe(PDEVICE_CONTEXT Context) {
  WdfInterruptAcquireLock(Context->Interrupt);
  __try {
    Context->Pending = Context->Register;
  } __except (1) {
    Context->Fault = TRUE;
  }
}
