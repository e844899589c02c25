/* Forty callbacks reach one large helper of another file
   (test/ctu/large-helper-budget.test). */
#ifndef BUDGET_H
#define BUDGET_H
#include "kmdf.h"

typedef struct _SEND_CONTEXT {
  WDFSPINLOCK Lock;
  WDFREQUEST Request;
  WDFIOTARGET Target;
  ULONG Count;
} SEND_CONTEXT, *PSEND_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(SEND_CONTEXT, SendGetContext)

KMDF_BEGIN_DECLS
VOID SendStatus(PSEND_CONTEXT Ctx, ULONG Code);
KMDF_END_DECLS
#endif
