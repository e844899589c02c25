#include "budget.h"

#define SENDING_DPC(N)                                                         \
  EVT_WDF_INTERRUPT_DPC SendDpc##N;                                            \
  VOID SendDpc##N(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {                     \
    SendStatus(SendGetContext(Obj), N);                                        \
  }
#define TEN_DPCS(T)                                                            \
  SENDING_DPC(T##0)                                                            \
  SENDING_DPC(T##1)                                                            \
  SENDING_DPC(T##2)                                                            \
  SENDING_DPC(T##3)                                                            \
  SENDING_DPC(T##4)                                                            \
  SENDING_DPC(T##5)                                                            \
  SENDING_DPC(T##6)                                                            \
  SENDING_DPC(T##7)                                                            \
  SENDING_DPC(T##8)                                                            \
  SENDING_DPC(T##9)

EVT_WDF_INTERRUPT_DPC LockedDpc;
VOID LockedDpc(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  PSEND_CONTEXT Ctx = SendGetContext(Obj);
  WdfSpinLockAcquire(Ctx->Lock);
  SendStatus(Ctx, 0);
  WdfSpinLockRelease(Ctx->Lock);
}

TEN_DPCS(1)
TEN_DPCS(2)
TEN_DPCS(3)
TEN_DPCS(4)

