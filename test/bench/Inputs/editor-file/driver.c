/* A small driver for test/bench/editor-file.test: four functions to edit. */
#include "kmdf.h"
#include <stddef.h> /* from the resource headers the database names */

typedef struct _CTX { WDFINTERRUPT Interrupt; ULONG Count; } CTX, *PCTX;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CTX, GetCtx)

EVT_WDF_INTERRUPT_DPC DpcOne;
VOID DpcOne(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  PCTX Ctx = GetCtx(Obj);
  WdfInterruptAcquireLock(Ctx->Interrupt);
  Ctx->Count++;
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

EVT_WDF_INTERRUPT_DPC DpcTwo;
VOID DpcTwo(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  PCTX Ctx = GetCtx(Obj);
  WdfInterruptAcquireLock(Ctx->Interrupt);
  Ctx->Count += 2;
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

EVT_WDF_INTERRUPT_DPC DpcThree;
VOID DpcThree(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  PCTX Ctx = GetCtx(Obj);
  Ctx->Count = 3;
}

EVT_WDF_INTERRUPT_DPC DpcFour;
VOID DpcFour(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  PCTX Ctx = GetCtx(Obj);
  Ctx->Count = 4;
}
