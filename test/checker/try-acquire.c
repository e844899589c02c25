// WdfInterruptTryToAcquireLock holds the lock only when it returns TRUE.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

// Negative: the usual shapes.
EVT_WDF_IO_QUEUE_IO_READ TryInCondition;
VOID TryInCondition(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  if (WdfInterruptTryToAcquireLock(Ctx->Interrupt)) {
    Ctx->Count++;
    WdfInterruptReleaseLock(Ctx->Interrupt);
  }
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

EVT_WDF_IO_QUEUE_IO_READ TryAndBailOut;
VOID TryAndBailOut(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  BOOLEAN Locked = WdfInterruptTryToAcquireLock(Ctx->Interrupt);
  if (!Locked) {
    WdfRequestComplete(Request, STATUS_UNSUCCESSFUL);
    return;
  }
  Ctx->Count++;
  WdfInterruptReleaseLock(Ctx->Interrupt);
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Positive: the result is ignored.
EVT_WDF_IO_QUEUE_IO_READ TryIgnored;
VOID TryIgnored(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  (void)WdfInterruptTryToAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' not acquired (WdfInterruptTryToAcquireLock returned FALSE)}}
  Ctx->Count++;
  WdfInterruptReleaseLock(Ctx->Interrupt); // expected-warning {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
                                           // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Positive: held on the TRUE branch and never released there.
EVT_WDF_IO_QUEUE_IO_READ TryLeaks;
VOID TryLeaks(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  if (WdfInterruptTryToAcquireLock(Ctx->Interrupt)) { // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here (WdfInterruptTryToAcquireLock returned TRUE)}}
                                                      // expected-note@-1 {{Taking true branch}}
    Ctx->Count++;
  }
  WdfRequestComplete(Request, STATUS_SUCCESS);
} // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'TryLeaks'}}
  // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'TryLeaks'}}

// Positive: trying a lock the driver already holds.
EVT_WDF_IO_QUEUE_IO_READ TryWhileHeld;
VOID TryWhileHeld(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
  if (WdfInterruptTryToAcquireLock(Ctx->Interrupt)) // expected-warning {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
                                                    // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' acquired while already held}}
    Ctx->Count++;
  WdfInterruptReleaseLock(Ctx->Interrupt);
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Negative: TRUE is exactly what the framework returns on success.
EVT_WDF_IO_QUEUE_IO_READ TryComparedWithTrue;
VOID TryComparedWithTrue(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  if (WdfInterruptTryToAcquireLock(Ctx->Interrupt) == TRUE) {
    Ctx->Count++;
    WdfInterruptReleaseLock(Ctx->Interrupt);
  }
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Positive: compared with TRUE, and leaked on the success branch.
EVT_WDF_IO_QUEUE_IO_READ TryComparedWithTrueLeaks;
VOID TryComparedWithTrueLeaks(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  if (WdfInterruptTryToAcquireLock(Ctx->Interrupt) != TRUE) // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here (WdfInterruptTryToAcquireLock returned TRUE)}}
                                                            // expected-note@-1 {{Taking false branch}}
    return;
  Ctx->Count++;
} // expected-warning {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'TryComparedWithTrueLeaks'}}
  // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' is still held at the end of callback 'TryComparedWithTrueLeaks'}}
