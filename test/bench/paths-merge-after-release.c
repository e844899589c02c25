// Cost regression test: once the driver holds no lock, the checker keeps
// nothing alive that the analyzer would otherwise forget, so paths that
// differ only in the device context merge again, as they do without the
// checker. While a lock is held, the paths stay apart (each exit that leaks
// the lock is its own finding: test/checker/held-at-exit.c).
//
// RUN: %kmdf_analyze -analyzer-checker=debug.ExprInspection -verify %s
// RUN: %kmdf_analyze -analyzer-checker=debug.ExprInspection -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-checker=debug.ExprInspection -verify -x c++ %s

#include "test-driver.h"

#ifdef __cplusplus
extern "C" {
#endif
void clang_analyzer_numTimesReached(void);
#ifdef __cplusplus
}
#endif

EVT_WDF_IO_QUEUE_IO_READ MergeAfterRelease;
VOID MergeAfterRelease(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  WdfInterruptAcquireLock(Ctx->Interrupt);
  if (Ctx->Flags & 1)
    Ctx->Count += 1;
  if (Ctx->Flags & 2)
    Ctx->Count += 2;
  clang_analyzer_numTimesReached(); // expected-warning {{4}}
  WdfInterruptReleaseLock(Ctx->Interrupt);
  // The context is dead here: the four paths are one.
  clang_analyzer_numTimesReached(); // expected-warning {{1}}
  WdfRequestComplete(Request, STATUS_SUCCESS);
}

// Fetched again after the paths merged, the context is the same context and
// its lock the same lock.
EVT_WDF_IO_QUEUE_IO_READ FetchAgainAfterMerge;
VOID FetchAgainAfterMerge(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  WdfInterruptAcquireLock(Ctx->Interrupt);
  if (Ctx->Flags & 1)
    Ctx->Count += 1;
  WdfInterruptReleaseLock(Ctx->Interrupt);
  clang_analyzer_numTimesReached(); // expected-warning {{1}}
  PDEVICE_CONTEXT Again = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  WdfInterruptReleaseLock(Again->Interrupt); // expected-warning {{Interrupt lock of 'Again->Interrupt' released without being held}}
  WdfRequestComplete(Request, STATUS_SUCCESS);
}
