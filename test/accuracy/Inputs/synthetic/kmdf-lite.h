/*===- kmdf-lite.h - The synthetic driver's own small KMDF-shaped header --===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Written for test/accuracy from the public KMDF and WDM documentation: the
 * lock APIs of every family the accuracy harness seeds, as prototypes, and
 * KeAcquireSpinLock as the x64 WDK's macro over KeAcquireSpinLockRaiseToDpc.
 * Self-contained on purpose: the harness's test must not change when
 * test/Inputs/kmdf.h does.
 *
 *===----------------------------------------------------------------------===*/

#ifndef KMDF_LITE_H
#define KMDF_LITE_H

typedef void VOID;
typedef void *PVOID;
typedef unsigned char UCHAR, BOOLEAN, KIRQL, *PKIRQL;
typedef unsigned long ULONG;
typedef long LONG, NTSTATUS;
typedef long long LONGLONG, *PLONGLONG;
typedef unsigned long long ULONG_PTR, KSPIN_LOCK, *PKSPIN_LOCK;
#define TRUE 1
#define FALSE 0
#define NULL ((void *)0)
#define STATUS_SUCCESS ((NTSTATUS)0)

#define DECLARE_HANDLE(n) typedef struct n##__ { int unused; } *n
typedef PVOID WDFOBJECT;
DECLARE_HANDLE(WDFINTERRUPT);
DECLARE_HANDLE(WDFSPINLOCK);
DECLARE_HANDLE(WDFWAITLOCK);
DECLARE_HANDLE(WDFQUEUE);
DECLARE_HANDLE(WDFREQUEST);
DECLARE_HANDLE(WDFTIMER);

typedef struct _KLOCK_QUEUE_HANDLE {
  PVOID LockQueue[2];
  KIRQL OldIrql;
} KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;

/* Callback role types: two of the framework, one of a class extension. */
typedef VOID EVT_WDF_INTERRUPT_DPC(WDFINTERRUPT Interrupt, WDFOBJECT AssociatedObject);
typedef VOID EVT_WDF_IO_QUEUE_IO_READ(WDFQUEUE Queue, WDFREQUEST Request, ULONG Length);
typedef VOID EVT_SERCX2_PIO_TRANSMIT_DRAIN_FIFO(PVOID PioTransmit);

VOID WdfInterruptAcquireLock(WDFINTERRUPT Interrupt);
VOID WdfInterruptReleaseLock(WDFINTERRUPT Interrupt);
BOOLEAN WdfInterruptTryToAcquireLock(WDFINTERRUPT Interrupt);
VOID WdfSpinLockAcquire(WDFSPINLOCK SpinLock);
VOID WdfSpinLockRelease(WDFSPINLOCK SpinLock);
NTSTATUS WdfWaitLockAcquire(WDFWAITLOCK Lock, PLONGLONG Timeout);
VOID WdfWaitLockRelease(WDFWAITLOCK Lock);
KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock);
VOID KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql);
#define KeAcquireSpinLock(SpinLock, OldIrql) *(OldIrql) = KeAcquireSpinLockRaiseToDpc(SpinLock)
VOID KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock);
VOID KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock);
VOID KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle);
VOID KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle);

PVOID WdfObjectGetTypedContextWorker(WDFOBJECT Handle, const char *TypeName);

#endif /* KMDF_LITE_H */
