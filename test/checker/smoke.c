// RUN: %kmdf_analyze -verify -analyzer-output=text %s
#include "kmdf.h"
EVT_WDF_INTERRUPT_DPC EvtDpc;
VOID EvtDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt); // expected-note {{Interrupt lock of 'Interrupt' acquired here}}
  WdfInterruptAcquireLock(Interrupt); // expected-warning {{Interrupt lock of 'Interrupt' acquired while already held}}
                                      // expected-note@-1 {{Interrupt lock of 'Interrupt' acquired while already held}}
}
