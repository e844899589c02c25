// A pattern of real controller drivers: the lock taken on some paths, a
// local flag that says so, the release on a path of its own and again at a
// common exit label while the flag is still set. The double release there
// is a real defect (found in a public SpbCx controller driver); the same
// code that clears the flag after the first release is clean.
//
// RUN: %kmdf_analyze -analyzer-output=text -verify %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ %s
// RUN: %kmdf_analyze -analyzer-output=text -verify -x c++ -DKMDF_TEST_WDK_SHAPE %s

#include "test-driver.h"

typedef VOID EVT_SPB_CONTROLLER_WRITE(WDFDEVICE Controller, WDFREQUEST Request);

// Positive: released, then released again at the exit label.
EVT_SPB_CONTROLLER_WRITE ConfigureTransfer;
VOID ConfigureTransfer(WDFDEVICE Controller, WDFREQUEST Request) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Controller);
  BOOLEAN LockAcquired = FALSE;
  NTSTATUS Status = STATUS_SUCCESS;
  if (Ctx->Flags & 1) { // expected-note {{Assuming the condition is true}}
                        // expected-note@-1 {{Taking true branch}}
    WdfInterruptAcquireLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' acquired here}}
    LockAcquired = TRUE;
  }
  if (Ctx->Count == 0) { // expected-note {{Assuming field 'Count' is equal to 0}}
                         // expected-note@-1 {{Taking true branch}}
    Status = STATUS_UNSUCCESSFUL;
    if (LockAcquired) // expected-note {{'LockAcquired' is 1}}
                      // expected-note@-1 {{Taking true branch}}
      WdfInterruptReleaseLock(Ctx->Interrupt); // expected-note {{Interrupt lock of 'Ctx->Interrupt' released here}}
    goto Done; // expected-note {{Control jumps to line}}
  }
  Ctx->Count--;
Done:
  if (LockAcquired) // expected-note {{'LockAcquired' is 1}}
                    // expected-note@-1 {{Taking true branch}}
    WdfInterruptReleaseLock(Ctx->Interrupt); // expected-warning {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
                                             // expected-note@-1 {{Interrupt lock of 'Ctx->Interrupt' released without being held}}
  WdfRequestComplete(Request, Status);
}

// Negative: the flag cleared with the first release.
EVT_SPB_CONTROLLER_WRITE ConfigureTransferFixed;
VOID ConfigureTransferFixed(WDFDEVICE Controller, WDFREQUEST Request) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Controller);
  BOOLEAN LockAcquired = FALSE;
  NTSTATUS Status = STATUS_SUCCESS;
  if (Ctx->Flags & 1) {
    WdfInterruptAcquireLock(Ctx->Interrupt);
    LockAcquired = TRUE;
  }
  if (Ctx->Count == 0) {
    Status = STATUS_UNSUCCESSFUL;
    if (LockAcquired) {
      WdfInterruptReleaseLock(Ctx->Interrupt);
      LockAcquired = FALSE;
    }
    goto Done;
  }
  Ctx->Count--;
Done:
  if (LockAcquired)
    WdfInterruptReleaseLock(Ctx->Interrupt);
  WdfRequestComplete(Request, Status);
}
