#include "budget.h"

/* Large for the analyzer: more CFG blocks than
   min-cfg-size-treat-functions-as-large. */
VOID SendStatus(PSEND_CONTEXT Ctx, ULONG Code) {
  if (Code & 1)
    Ctx->Count += 1;
  if (Code & 2)
    Ctx->Count += 2;
  if (Code & 4)
    Ctx->Count += 4;
  if (Code & 8)
    Ctx->Count += 8;
  if (Code & 16)
    Ctx->Count += 16;
  if (Code & 32)
    Ctx->Count += 32;
  if (Code & 64)
    Ctx->Count += 64;
  WdfRequestSend(Ctx->Request, Ctx->Target, NULL);
}
