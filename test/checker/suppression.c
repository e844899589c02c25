// A finding the developer has judged can be silenced where it is reported,
// with the analyzer's suppress attribute, on a statement or a whole function.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

EVT_WDF_INTERRUPT_DPC SuppressedRelease;
VOID SuppressedRelease(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  __attribute__((suppress)) WdfInterruptReleaseLock(Interrupt);
}

EVT_WDF_INTERRUPT_DPC SuppressedExit;
__attribute__((suppress)) VOID SuppressedExit(WDFINTERRUPT Interrupt,
                                              WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt);
}

// Control: the same code without the attribute is reported.
EVT_WDF_INTERRUPT_DPC NotSuppressed;
VOID NotSuppressed(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptReleaseLock(Interrupt); // expected-warning {{Interrupt lock of 'Interrupt' released without being held}}
                                      // expected-note@-1 {{Interrupt lock of 'Interrupt' released without being held}}
}
