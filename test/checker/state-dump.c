// The checker's state, as the analyzer prints it: one entry per lock, named
// by its canonical handle symbol, so that a re-read handle field and the
// original read are one entry; a handle stored into a structure is listed
// with its slot.
//
// RUN: %kmdf_analyze -analyzer-checker=debug.ExprInspection -analyze-function=Isr %s 2>&1 | FileCheck %s
// RUN: %kmdf_analyze -analyzer-checker=debug.ExprInspection -analyze-function=Isr -DKMDF_TEST_WDK_SHAPE %s 2>&1 | FileCheck %s
// RUN: %kmdf_analyze -analyzer-checker=debug.ExprInspection -analyze-function=Dpc %s 2>&1 | FileCheck %s --check-prefix=SLOTS
// RUN: %kmdf_analyze -analyzer-checker=debug.ExprInspection -analyze-function=Dpc -DKMDF_TEST_WDK_SHAPE %s 2>&1 | FileCheck %s --check-prefix=SLOTS

#include "test-driver.h"

void clang_analyzer_printState(void);

EVT_WDF_INTERRUPT_ISR Isr;
BOOLEAN Isr(WDFINTERRUPT Interrupt, ULONG MessageID) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfInterruptGetDevice(Interrupt));
  WdfInterruptAcquireLock(Ctx->SecondInterrupt);
  DriverOpaqueUpdate(Ctx);
  WdfInterruptAcquireLock(Ctx->Interrupt);
  WdfInterruptReleaseLock(Ctx->SecondInterrupt);
  clang_analyzer_printState();
  WdfInterruptReleaseLock(Ctx->Interrupt);
  return TRUE;
}
// CHECK:      "KMDF locks:",
// CHECK-NEXT:   "  WdfInterruptLock reg_$0<WDFINTERRUPT Interrupt>: framework-held",
// CHECK-DAG:    "  WdfInterruptLock reg_${{[0-9]+}}<WDFINTERRUPT {{.*}}SymRegion{conj_{{.*}}}.SecondInterrupt>: released",
// CHECK-DAG:    "  WdfInterruptLock reg_${{[0-9]+}}<WDFINTERRUPT {{.*}}SymRegion{conj_{{.*}}}.Interrupt>: held",
// CHECK-NEXT:   ""

// A handle stored into a structure: the slot, and the lock it names.
typedef struct _HOLDER {
  WDFINTERRUPT Interrupt;
} HOLDER;
EVT_WDF_INTERRUPT_DPC Dpc;
VOID Dpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  HOLDER H;
  H.Interrupt = Interrupt;
  WdfInterruptAcquireLock(H.Interrupt);
  clang_analyzer_printState();
  WdfInterruptReleaseLock(H.Interrupt);
}
// SLOTS:      "KMDF locks:",
// SLOTS-NEXT:   "  WdfInterruptLock reg_$0<WDFINTERRUPT Interrupt>: held",
// SLOTS-NEXT:   "KMDF handle slots:",
// SLOTS-NEXT:   "  H.Interrupt: reg_$0<WDFINTERRUPT Interrupt>",
// SLOTS-NEXT:   ""
