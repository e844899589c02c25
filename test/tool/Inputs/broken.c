/* A driver file with a syntax error: kmdf-check must name it and fail. */
#include "driver.h"

VOID ExampleCountTransfer(PDEVICE_CONTEXT Context) {
  Context->TransfersDone++
}
