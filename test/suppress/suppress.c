// The analyzer's suppress attribute silences one kmdf finding where it is:
// __attribute__((suppress)) in C and C++, [[clang::suppress]] in C++ and in
// C23 (-std=c2x), on the statement a finding is reported at, or on the
// function for a finding at its closing brace. Every kmdf check, every kind
// of its findings, both header shapes; through the plugin (or kmdf-check
// -cc1) with -verify, and through kmdf-check, which reports nothing.
//
// Each case below is a callback whose finding is reported unless STMT (on
// the statement) or DECL (on the function) is a suppress attribute. A new
// check adds its cases here: a callback, STMT or DECL where its finding is,
// and what it reports without them, as a directive with the prefix found.
//
// Without the attribute: every finding. With it: only the finding of
// InterruptOtherStatement, whose attribute is on another statement.
// RUN: %kmdf_analyze -verify=found -DSTMT= -DDECL= %s
// RUN: %kmdf_analyze -verify=found -DSTMT= -DDECL= -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -verify=found -DSTMT= -DDECL= -x c++ %s
// RUN: %kmdf_analyze -verify=found -DSTMT= -DDECL= -x c++ -DKMDF_TEST_WDK_SHAPE %s
//
// __attribute__((suppress)), in C and C++.
// RUN: %kmdf_analyze -verify=silenced -DSTMT='__attribute__((suppress))' -DDECL='__attribute__((suppress))' %s
// RUN: %kmdf_analyze -verify=silenced -DSTMT='__attribute__((suppress))' -DDECL='__attribute__((suppress))' -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -verify=silenced -DSTMT='__attribute__((suppress))' -DDECL='__attribute__((suppress))' -x c++ %s
// RUN: %kmdf_analyze -verify=silenced -DSTMT='__attribute__((suppress))' -DDECL='__attribute__((suppress))' -x c++ -DKMDF_TEST_WDK_SHAPE %s
//
// [[clang::suppress]], in C++ and in C23.
// RUN: %kmdf_analyze -verify=silenced -DSTMT='[[clang::suppress]]' -DDECL='[[clang::suppress]]' -x c++ %s
// RUN: %kmdf_analyze -verify=silenced -DSTMT='[[clang::suppress]]' -DDECL='[[clang::suppress]]' -x c++ -DKMDF_TEST_WDK_SHAPE %s
// RUN: %kmdf_analyze -verify=silenced -DSTMT='[[clang::suppress]]' -DDECL='[[clang::suppress]]' -std=c2x %s
// RUN: %kmdf_analyze -verify=silenced -DSTMT='[[clang::suppress]]' -DDECL='[[clang::suppress]]' -std=c2x -DKMDF_TEST_WDK_SHAPE %s
//
// The same through kmdf-check (text and SARIF): the findings, then only the
// one whose statement has no attribute.
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/suppress.c && cp %s %t/suppress.cpp
// RUN: cd %t && %kmdf_check suppress.c -- -I%inputs -DSTMT= -DDECL= > found.txt 2> found.err; test $? -eq 1
// RUN: grep -c 'warning: .*\[kmdf\.' %t/found.txt | FileCheck %s --check-prefix=COUNT
// RUN: cd %t && %kmdf_check suppress.cpp -- -I%inputs -DSTMT= -DDECL= -DKMDF_TEST_WDK_SHAPE > found-cxx.txt 2> found-cxx.err; test $? -eq 1
// RUN: grep -c 'warning: .*\[kmdf\.' %t/found-cxx.txt | FileCheck %s --check-prefix=COUNT
// COUNT: 21
// RUN: cd %t && %kmdf_check suppress.c -- -I%inputs "-DSTMT=__attribute__((suppress))" "-DDECL=__attribute__((suppress))" > gnu.txt 2> gnu.err; test $? -eq 1
// RUN: cd %t && %kmdf_check suppress.cpp --format=sarif -o gnu-cxx.sarif -- -I%inputs "-DSTMT=__attribute__((suppress))" "-DDECL=__attribute__((suppress))" 2> gnu-cxx.err; test $? -eq 1
// RUN: cd %t && %kmdf_check suppress.cpp -- -I%inputs "-DSTMT=[[clang::suppress]]" "-DDECL=[[clang::suppress]]" -DKMDF_TEST_WDK_SHAPE > std-cxx.txt 2> std-cxx.err; test $? -eq 1
// RUN: cd %t && %kmdf_check suppress.c -- -I%inputs -std=c2x "-DSTMT=[[clang::suppress]]" "-DDECL=[[clang::suppress]]" > c2x.txt 2> c2x.err; test $? -eq 1
// RUN: cat %t/gnu.txt %t/std-cxx.txt %t/c2x.txt | grep 'warning:' | FileCheck %s --check-prefix=ONLY
// ONLY: suppress.c:[[#LINE:]]:3: warning: Interrupt lock of 'Interrupt' acquired while already held [kmdf.WdfInterruptLock]
// ONLY-NEXT: suppress.cpp:[[#LINE]]:3: warning: Interrupt lock of 'Interrupt' acquired while already held [kmdf.WdfInterruptLock]
// ONLY-NEXT: suppress.c:[[#LINE]]:3: warning: Interrupt lock of 'Interrupt' acquired while already held [kmdf.WdfInterruptLock]
// RUN: cat %t/gnu.err %t/gnu-cxx.err %t/std-cxx.err %t/c2x.err | FileCheck %s --check-prefix=ONE
// ONE: kmdf-check: 1 finding in 1 file
// ONE-NEXT: kmdf-check: 1 finding in 1 file
// ONE-NEXT: kmdf-check: 1 finding in 1 file
// ONE-NEXT: kmdf-check: 1 finding in 1 file
// RUN: grep -c '"ruleId"' %t/gnu-cxx.sarif | FileCheck %s --check-prefix=SARIF-ONE
// SARIF-ONE: 1

#include "test-driver.h"

//===----------------------------------------------------------------------===//
// kmdf.WdfInterruptLock
//===----------------------------------------------------------------------===//

EVT_WDF_INTERRUPT_DPC InterruptAcquiredTwice;
VOID InterruptAcquiredTwice(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt);
  STMT WdfInterruptAcquireLock(Interrupt); // found-warning {{Interrupt lock of 'Interrupt' acquired while already held}}
  WdfInterruptReleaseLock(Interrupt);
}

// The attribute silences the finding of its own statement only.
EVT_WDF_INTERRUPT_DPC InterruptOtherStatement;
VOID InterruptOtherStatement(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  STMT WdfInterruptAcquireLock(Interrupt);
  WdfInterruptAcquireLock(Interrupt); // found-warning {{Interrupt lock of 'Interrupt' acquired while already held}} silenced-warning {{Interrupt lock of 'Interrupt' acquired while already held}}
  WdfInterruptReleaseLock(Interrupt);
}

EVT_WDF_INTERRUPT_DPC InterruptReleasedUnheld;
VOID InterruptReleasedUnheld(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  STMT WdfInterruptReleaseLock(Interrupt); // found-warning {{Interrupt lock of 'Interrupt' released without being held}}
}

EVT_WDF_INTERRUPT_DPC InterruptHeldAtReturn;
VOID InterruptHeldAtReturn(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt);
  STMT return; // found-warning {{Interrupt lock of 'Interrupt' is still held at the end of callback 'InterruptHeldAtReturn'}}
}

// Held when control reaches the closing brace: no statement to put the
// attribute on, so it goes on the function. (The brace shares the line of the
// last statement: without -analyzer-output=text, LLVM 22 puts the warning on
// that statement and LLVM 19 on the brace.)
EVT_WDF_INTERRUPT_DPC InterruptHeldAtBrace;
DECL VOID InterruptHeldAtBrace(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt); } // found-warning {{Interrupt lock of 'Interrupt' is still held at the end of callback 'InterruptHeldAtBrace'}}

EVT_WDF_INTERRUPT_ISR InterruptAcquiredInIsr;
BOOLEAN InterruptAcquiredInIsr(WDFINTERRUPT Interrupt, ULONG MessageID) {
  STMT WdfInterruptAcquireLock(Interrupt); // found-warning {{Interrupt lock of 'Interrupt' acquired while already held: the framework calls 'InterruptAcquiredInIsr' with this lock held}}
  return TRUE;
}

EVT_WDF_INTERRUPT_SYNCHRONIZE SynchronizeCallback;
BOOLEAN SynchronizeCallback(WDFINTERRUPT Interrupt, WDFCONTEXT Context) {
  return TRUE;
}

EVT_WDF_INTERRUPT_DPC InterruptSynchronizedWhileHeld;
VOID InterruptSynchronizedWhileHeld(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  WdfInterruptAcquireLock(Interrupt);
  STMT WdfInterruptSynchronize(Interrupt, SynchronizeCallback, NULL); // found-warning {{while already held}}
  WdfInterruptReleaseLock(Interrupt);
}

//===----------------------------------------------------------------------===//
// kmdf.WdfSpinlock
//===----------------------------------------------------------------------===//

EVT_WDF_TIMER SpinLockAcquiredTwice;
VOID SpinLockAcquiredTwice(WDFTIMER Timer) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Timer);
  WdfSpinLockAcquire(Ctx->SpinLock);
  STMT WdfSpinLockAcquire(Ctx->SpinLock); // found-warning {{WDF spin lock 'Ctx->SpinLock' acquired while already held}}
  WdfSpinLockRelease(Ctx->SpinLock);
}

EVT_WDF_TIMER SpinLockReleasedUnheld;
VOID SpinLockReleasedUnheld(WDFTIMER Timer) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Timer);
  STMT WdfSpinLockRelease(Ctx->SpinLock); // found-warning {{WDF spin lock 'Ctx->SpinLock' released without being held}}
}

EVT_WDF_TIMER SpinLockHeldAtReturn;
VOID SpinLockHeldAtReturn(WDFTIMER Timer) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Timer);
  WdfSpinLockAcquire(Ctx->SpinLock);
  STMT return; // found-warning {{WDF spin lock 'Ctx->SpinLock' is still held at the end of callback 'SpinLockHeldAtReturn'}}
}

EVT_WDF_TIMER SpinLockHeldAtBrace;
DECL VOID SpinLockHeldAtBrace(WDFTIMER Timer) {
  WdfSpinLockAcquire(GetDeviceContext(Timer)->SpinLock); } // found-warning {{WDF spin lock 'GetDeviceContext(Timer)->SpinLock' is still held at the end of callback 'SpinLockHeldAtBrace'}}

//===----------------------------------------------------------------------===//
// kmdf.WdfWaitlock
//===----------------------------------------------------------------------===//

EVT_WDF_TIMER WaitLockAcquiredTwice;
VOID WaitLockAcquiredTwice(WDFTIMER Timer) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Timer);
  WdfWaitLockAcquire(Ctx->WaitLock, NULL);
  STMT WdfWaitLockAcquire(Ctx->WaitLock, NULL); // found-warning {{WDF wait lock 'Ctx->WaitLock' acquired while already held}}
  WdfWaitLockRelease(Ctx->WaitLock);
}

EVT_WDF_TIMER WaitLockReleasedUnheld;
VOID WaitLockReleasedUnheld(WDFTIMER Timer) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Timer);
  STMT WdfWaitLockRelease(Ctx->WaitLock); // found-warning {{WDF wait lock 'Ctx->WaitLock' released without being held}}
}

EVT_WDF_TIMER WaitLockHeldAtReturn;
VOID WaitLockHeldAtReturn(WDFTIMER Timer) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Timer);
  WdfWaitLockAcquire(Ctx->WaitLock, NULL);
  STMT return; // found-warning {{WDF wait lock 'Ctx->WaitLock' is still held at the end of callback 'WaitLockHeldAtReturn'}}
}

EVT_WDF_TIMER WaitLockHeldAtBrace;
DECL VOID WaitLockHeldAtBrace(WDFTIMER Timer) {
  WdfWaitLockAcquire(GetDeviceContext(Timer)->WaitLock, NULL); } // found-warning {{WDF wait lock 'GetDeviceContext(Timer)->WaitLock' is still held at the end of callback 'WaitLockHeldAtBrace'}}

//===----------------------------------------------------------------------===//
// kmdf.Spinlock
//===----------------------------------------------------------------------===//

EVT_WDF_TIMER KeLockAcquiredTwice;
VOID KeLockAcquiredTwice(WDFTIMER Timer) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Timer);
  KIRQL OldIrql;
  KeAcquireSpinLock(&Ctx->KeLock, &OldIrql);
  STMT KeAcquireSpinLockAtDpcLevel(&Ctx->KeLock); // found-warning {{Kernel spin lock 'Ctx->KeLock' acquired while already held}}
  KeReleaseSpinLock(&Ctx->KeLock, OldIrql);
}

EVT_WDF_TIMER KeLockReleasedUnheld;
VOID KeLockReleasedUnheld(WDFTIMER Timer) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Timer);
  STMT KeReleaseSpinLock(&Ctx->KeLock, 0); // found-warning {{Kernel spin lock 'Ctx->KeLock' released without being held}}
}

EVT_WDF_TIMER KeLockHeldAtReturn;
VOID KeLockHeldAtReturn(WDFTIMER Timer) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(Timer);
  KIRQL OldIrql;
  KeAcquireSpinLock(&Ctx->KeLock, &OldIrql);
  STMT return; // found-warning {{Kernel spin lock 'Ctx->KeLock' is still held at the end of callback 'KeLockHeldAtReturn'}}
}

EVT_WDF_TIMER KeLockHeldAtBrace;
DECL VOID KeLockHeldAtBrace(WDFTIMER Timer) {
  KeAcquireSpinLockAtDpcLevel(&GetDeviceContext(Timer)->KeLock); } // found-warning {{Kernel spin lock 'GetDeviceContext(Timer)->KeLock' is still held at the end of callback 'KeLockHeldAtBrace'}}

//===----------------------------------------------------------------------===//
// kmdf.ReqSendWhileSpinlock
//===----------------------------------------------------------------------===//

EVT_WDF_IO_QUEUE_IO_READ SendWhileSpinLockHeld;
VOID SendWhileSpinLockHeld(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  WdfSpinLockAcquire(Ctx->SpinLock);
  STMT WdfRequestSend(Request, Ctx->IoTarget, NULL); // found-warning {{Request sent by WdfRequestSend while WDF spin lock 'Ctx->SpinLock' is held}}
  WdfSpinLockRelease(Ctx->SpinLock);
}

EVT_WDF_IO_QUEUE_IO_READ SendWhileKeLockHeld;
VOID SendWhileKeLockHeld(WDFQUEUE Queue, WDFREQUEST Request, size_t Length) {
  PDEVICE_CONTEXT Ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
  KIRQL OldIrql;
  KeAcquireSpinLock(&Ctx->KeLock, &OldIrql);
  STMT WdfRequestSend(Request, Ctx->IoTarget, NULL); // found-warning {{Request sent by WdfRequestSend while Kernel spin lock 'Ctx->KeLock' is held}}
  KeReleaseSpinLock(&Ctx->KeLock, OldIrql);
}
