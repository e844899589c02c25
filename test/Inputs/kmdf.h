/*===- kmdf.h - A small KMDF-shaped header for kmdf-check's tests ---------===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Written for kmdf-check from the public KMDF documentation; it declares only
 * what the tests and examples use. Two shapes:
 *
 *  - default: the WDF methods are plain prototypes;
 *  - KMDF_TEST_WDK_SHAPE: as in the WDK, each method is a FORCEINLINE function
 *    whose body calls through the framework's function table, so the analyzer
 *    sees bodies it could inline.
 *
 * In both shapes callbacks are declared with role types (EVT_WDF_...), and the
 * context accessor made by WDF_DECLARE_CONTEXT_TYPE_WITH_NAME is an inline
 * function over WdfObjectGetTypedContextWorker, as in the WDK.
 *
 *===----------------------------------------------------------------------===*/

#ifndef KMDF_CHECK_TEST_KMDF_H
#define KMDF_CHECK_TEST_KMDF_H

#ifdef __cplusplus
#define KMDF_EXTERN_C extern "C"
#define KMDF_BEGIN_DECLS extern "C" {
#define KMDF_END_DECLS }
#else
#define KMDF_EXTERN_C
#define KMDF_BEGIN_DECLS
#define KMDF_END_DECLS
#endif

#define FORCEINLINE __inline __attribute__((__always_inline__))
#define _In_
#define _Out_
#define _Inout_
#define _In_opt_
#define _Function_class_(x)
#define _IRQL_requires_max_(x)
#define _Must_inspect_result_

KMDF_BEGIN_DECLS

/* Basic types. */
typedef void VOID;
typedef void *PVOID;
typedef unsigned char UCHAR;
typedef UCHAR BOOLEAN;
typedef unsigned long ULONG;
typedef long LONG;
typedef long NTSTATUS;
typedef long long LONGLONG;
typedef LONGLONG *PLONGLONG;
typedef __SIZE_TYPE__ size_t;
typedef unsigned long long ULONG_PTR;
#define TRUE 1
#define FALSE 0
#ifndef NULL
#ifdef __cplusplus
#define NULL 0
#else
#define NULL ((void *)0)
#endif
#endif
#define STATUS_SUCCESS ((NTSTATUS)0x00000000L)
#define STATUS_TIMEOUT ((NTSTATUS)0x00000102L)
#define STATUS_UNSUCCESSFUL ((NTSTATUS)0xC0000001L)
#define STATUS_INVALID_DEVICE_REQUEST ((NTSTATUS)0xC0000010L)
#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)

typedef struct _UNICODE_STRING {
  unsigned short Length;
  unsigned short MaximumLength;
  unsigned short *Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef struct _DRIVER_OBJECT {
  PVOID DriverExtension;
} DRIVER_OBJECT, *PDRIVER_OBJECT;

/* Handles: distinct opaque pointer types, as DECLARE_HANDLE makes them. */
#define WDF_DECLARE_HANDLE(h)                                                  \
  struct h##__ {                                                               \
    int unused;                                                                \
  };                                                                           \
  typedef struct h##__ *h
typedef PVOID WDFOBJECT;
typedef PVOID WDFCONTEXT;
WDF_DECLARE_HANDLE(WDFDRIVER);
WDF_DECLARE_HANDLE(WDFDEVICE);
WDF_DECLARE_HANDLE(WDFINTERRUPT);
WDF_DECLARE_HANDLE(WDFQUEUE);
WDF_DECLARE_HANDLE(WDFREQUEST);
WDF_DECLARE_HANDLE(WDFDPC);
WDF_DECLARE_HANDLE(WDFTIMER);
WDF_DECLARE_HANDLE(WDFWORKITEM);
WDF_DECLARE_HANDLE(WDFCMRESLIST);
WDF_DECLARE_HANDLE(WDFSPINLOCK);
WDF_DECLARE_HANDLE(WDFWAITLOCK);
WDF_DECLARE_HANDLE(WDFIOTARGET);
typedef struct WDFDEVICE_INIT *PWDFDEVICE_INIT;
#define WDF_NO_HANDLE NULL
#define WDF_NO_OBJECT_ATTRIBUTES NULL

typedef enum _WDF_POWER_DEVICE_STATE {
  WdfPowerDeviceInvalid = 0,
  WdfPowerDeviceD0,
  WdfPowerDeviceD1,
  WdfPowerDeviceD2,
  WdfPowerDeviceD3,
} WDF_POWER_DEVICE_STATE;

typedef struct _WDF_OBJECT_ATTRIBUTES {
  ULONG Size;
  PVOID EvtCleanupCallback;
} WDF_OBJECT_ATTRIBUTES, *PWDF_OBJECT_ATTRIBUTES;

typedef struct _WDF_REQUEST_SEND_OPTIONS {
  ULONG Size;
  ULONG Flags;
  LONGLONG Timeout;
} WDF_REQUEST_SEND_OPTIONS, *PWDF_REQUEST_SEND_OPTIONS;

/* Kernel spin locks: a KSPIN_LOCK is memory, passed by address. */
typedef ULONG_PTR KSPIN_LOCK;
typedef KSPIN_LOCK *PKSPIN_LOCK;
typedef UCHAR KIRQL;
typedef KIRQL *PKIRQL;
typedef struct _KSPIN_LOCK_QUEUE {
  struct _KSPIN_LOCK_QUEUE *volatile Next;
  PKSPIN_LOCK volatile Lock;
} KSPIN_LOCK_QUEUE, *PKSPIN_LOCK_QUEUE;
typedef struct _KLOCK_QUEUE_HANDLE {
  KSPIN_LOCK_QUEUE LockQueue;
  KIRQL OldIrql;
} KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;

/* Callback role types. */
typedef NTSTATUS DRIVER_INITIALIZE(PDRIVER_OBJECT DriverObject,
                                   PUNICODE_STRING RegistryPath);
typedef VOID DRIVER_UNLOAD(PDRIVER_OBJECT DriverObject);
typedef NTSTATUS EVT_WDF_DRIVER_DEVICE_ADD(WDFDRIVER Driver,
                                           PWDFDEVICE_INIT DeviceInit);
typedef VOID EVT_WDF_DRIVER_UNLOAD(WDFDRIVER Driver);
typedef NTSTATUS EVT_WDF_DEVICE_PREPARE_HARDWARE(
    WDFDEVICE Device, WDFCMRESLIST ResourcesRaw,
    WDFCMRESLIST ResourcesTranslated);
typedef NTSTATUS EVT_WDF_DEVICE_D0_ENTRY(WDFDEVICE Device,
                                         WDF_POWER_DEVICE_STATE PreviousState);
typedef NTSTATUS EVT_WDF_DEVICE_D0_EXIT(WDFDEVICE Device,
                                        WDF_POWER_DEVICE_STATE TargetState);
typedef BOOLEAN EVT_WDF_INTERRUPT_ISR(WDFINTERRUPT Interrupt, ULONG MessageID);
typedef BOOLEAN EVT_WDF_INTERRUPT_SYNCHRONIZE(WDFINTERRUPT Interrupt,
                                              WDFCONTEXT Context);
typedef VOID EVT_WDF_INTERRUPT_DPC(WDFINTERRUPT Interrupt,
                                   WDFOBJECT AssociatedObject);
typedef VOID EVT_WDF_INTERRUPT_WORKITEM(WDFINTERRUPT Interrupt,
                                        WDFOBJECT AssociatedObject);
typedef NTSTATUS EVT_WDF_INTERRUPT_ENABLE(WDFINTERRUPT Interrupt,
                                          WDFDEVICE AssociatedDevice);
typedef NTSTATUS EVT_WDF_INTERRUPT_DISABLE(WDFINTERRUPT Interrupt,
                                           WDFDEVICE AssociatedDevice);
typedef VOID EVT_WDF_IO_QUEUE_IO_READ(WDFQUEUE Queue, WDFREQUEST Request,
                                      size_t Length);
typedef VOID EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL(WDFQUEUE Queue,
                                                WDFREQUEST Request,
                                                size_t OutputBufferLength,
                                                size_t InputBufferLength,
                                                ULONG IoControlCode);
typedef VOID EVT_WDF_DPC(WDFDPC Dpc);
typedef VOID EVT_WDF_TIMER(WDFTIMER Timer);
typedef VOID EVT_WDF_WORKITEM(WDFWORKITEM WorkItem);
typedef VOID EVT_WDF_OBJECT_CONTEXT_CLEANUP(WDFOBJECT Object);
typedef EVT_WDF_OBJECT_CONTEXT_CLEANUP EVT_WDF_DEVICE_CONTEXT_CLEANUP;
typedef EVT_WDF_INTERRUPT_SYNCHRONIZE *PFN_WDF_INTERRUPT_SYNCHRONIZE;

/* Object contexts. */
typedef struct _WDF_OBJECT_CONTEXT_TYPE_INFO {
  ULONG Size;
  const char *ContextName;
  size_t ContextSize;
  const struct _WDF_OBJECT_CONTEXT_TYPE_INFO *UniqueType;
  PVOID EvtDriverGetUniqueContextType;
} WDF_OBJECT_CONTEXT_TYPE_INFO;
typedef const WDF_OBJECT_CONTEXT_TYPE_INFO *PCWDF_OBJECT_CONTEXT_TYPE_INFO;

#ifdef KMDF_TEST_WDK_SHAPE

/* The framework's function table and the index of each method in it. */
typedef VOID (*WDFFUNC)(VOID);
typedef struct _WDF_DRIVER_GLOBALS {
  WDFDRIVER Driver;
  ULONG DriverFlags;
} WDF_DRIVER_GLOBALS, *PWDF_DRIVER_GLOBALS;
typedef enum _WDFFUNCENUM {
  WdfDeviceSetFailedTableIndex,
  WdfInterruptAcquireLockTableIndex,
  WdfInterruptReleaseLockTableIndex,
  WdfInterruptTryToAcquireLockTableIndex,
  WdfInterruptSynchronizeTableIndex,
  WdfInterruptGetDeviceTableIndex,
  WdfInterruptQueueDpcForIsrTableIndex,
  WdfIoQueueGetDeviceTableIndex,
  WdfObjectGetTypedContextWorkerTableIndex,
  WdfRequestCompleteTableIndex,
  WdfSpinLockAcquireTableIndex,
  WdfSpinLockReleaseTableIndex,
  WdfWaitLockAcquireTableIndex,
  WdfWaitLockReleaseTableIndex,
  WdfRequestSendTableIndex,
  WdfFunctionTableNumEntries
} WDFFUNCENUM;
extern WDFFUNC WdfFunctions_01033[WdfFunctionTableNumEntries];
extern PWDF_DRIVER_GLOBALS WdfDriverGlobals;
#define WdfFunctions WdfFunctions_01033

typedef VOID (*PFN_WDFINTERRUPTACQUIRELOCK)(PWDF_DRIVER_GLOBALS DriverGlobals,
                                            WDFINTERRUPT Interrupt);
FORCEINLINE VOID WdfInterruptAcquireLock(_In_ WDFINTERRUPT Interrupt) {
  ((PFN_WDFINTERRUPTACQUIRELOCK)
       WdfFunctions[WdfInterruptAcquireLockTableIndex])(WdfDriverGlobals,
                                                        Interrupt);
}

typedef VOID (*PFN_WDFINTERRUPTRELEASELOCK)(PWDF_DRIVER_GLOBALS DriverGlobals,
                                            WDFINTERRUPT Interrupt);
FORCEINLINE VOID WdfInterruptReleaseLock(_In_ WDFINTERRUPT Interrupt) {
  ((PFN_WDFINTERRUPTRELEASELOCK)
       WdfFunctions[WdfInterruptReleaseLockTableIndex])(WdfDriverGlobals,
                                                        Interrupt);
}

typedef BOOLEAN (*PFN_WDFINTERRUPTTRYTOACQUIRELOCK)(
    PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);
_Must_inspect_result_ FORCEINLINE BOOLEAN
WdfInterruptTryToAcquireLock(_In_ WDFINTERRUPT Interrupt) {
  return ((PFN_WDFINTERRUPTTRYTOACQUIRELOCK)
              WdfFunctions[WdfInterruptTryToAcquireLockTableIndex])(
      WdfDriverGlobals, Interrupt);
}

typedef BOOLEAN (*PFN_WDFINTERRUPTSYNCHRONIZE)(
    PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt,
    PFN_WDF_INTERRUPT_SYNCHRONIZE Callback, WDFCONTEXT Context);
FORCEINLINE BOOLEAN
WdfInterruptSynchronize(_In_ WDFINTERRUPT Interrupt,
                        _In_ PFN_WDF_INTERRUPT_SYNCHRONIZE Callback,
                        _In_ WDFCONTEXT Context) {
  return ((PFN_WDFINTERRUPTSYNCHRONIZE)
              WdfFunctions[WdfInterruptSynchronizeTableIndex])(
      WdfDriverGlobals, Interrupt, Callback, Context);
}

typedef WDFDEVICE (*PFN_WDFINTERRUPTGETDEVICE)(
    PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);
FORCEINLINE WDFDEVICE WdfInterruptGetDevice(_In_ WDFINTERRUPT Interrupt) {
  return ((PFN_WDFINTERRUPTGETDEVICE)
              WdfFunctions[WdfInterruptGetDeviceTableIndex])(WdfDriverGlobals,
                                                             Interrupt);
}

typedef BOOLEAN (*PFN_WDFINTERRUPTQUEUEDPCFORISR)(
    PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);
FORCEINLINE BOOLEAN WdfInterruptQueueDpcForIsr(_In_ WDFINTERRUPT Interrupt) {
  return ((PFN_WDFINTERRUPTQUEUEDPCFORISR)
              WdfFunctions[WdfInterruptQueueDpcForIsrTableIndex])(
      WdfDriverGlobals, Interrupt);
}

typedef WDFDEVICE (*PFN_WDFIOQUEUEGETDEVICE)(PWDF_DRIVER_GLOBALS DriverGlobals,
                                             WDFQUEUE Queue);
FORCEINLINE WDFDEVICE WdfIoQueueGetDevice(_In_ WDFQUEUE Queue) {
  return ((PFN_WDFIOQUEUEGETDEVICE)WdfFunctions[WdfIoQueueGetDeviceTableIndex])(
      WdfDriverGlobals, Queue);
}

typedef VOID (*PFN_WDFDEVICESETFAILED)(PWDF_DRIVER_GLOBALS DriverGlobals,
                                       WDFDEVICE Device, int FailedAction);
FORCEINLINE VOID WdfDeviceSetFailed(_In_ WDFDEVICE Device,
                                    _In_ int FailedAction) {
  ((PFN_WDFDEVICESETFAILED)WdfFunctions[WdfDeviceSetFailedTableIndex])(
      WdfDriverGlobals, Device, FailedAction);
}

typedef VOID (*PFN_WDFREQUESTCOMPLETE)(PWDF_DRIVER_GLOBALS DriverGlobals,
                                       WDFREQUEST Request, NTSTATUS Status);
FORCEINLINE VOID WdfRequestComplete(_In_ WDFREQUEST Request,
                                    _In_ NTSTATUS Status) {
  ((PFN_WDFREQUESTCOMPLETE)WdfFunctions[WdfRequestCompleteTableIndex])(
      WdfDriverGlobals, Request, Status);
}

typedef PVOID (*PFN_WDFOBJECTGETTYPEDCONTEXTWORKER)(
    PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Handle,
    PCWDF_OBJECT_CONTEXT_TYPE_INFO TypeInfo);
FORCEINLINE PVOID
WdfObjectGetTypedContextWorker(_In_ WDFOBJECT Handle,
                               _In_ PCWDF_OBJECT_CONTEXT_TYPE_INFO TypeInfo) {
  return ((PFN_WDFOBJECTGETTYPEDCONTEXTWORKER)
              WdfFunctions[WdfObjectGetTypedContextWorkerTableIndex])(
      WdfDriverGlobals, Handle, TypeInfo);
}

typedef VOID (*PFN_WDFSPINLOCKACQUIRE)(PWDF_DRIVER_GLOBALS DriverGlobals,
                                       WDFSPINLOCK SpinLock);
FORCEINLINE VOID WdfSpinLockAcquire(_In_ WDFSPINLOCK SpinLock) {
  ((PFN_WDFSPINLOCKACQUIRE)WdfFunctions[WdfSpinLockAcquireTableIndex])(
      WdfDriverGlobals, SpinLock);
}

typedef VOID (*PFN_WDFSPINLOCKRELEASE)(PWDF_DRIVER_GLOBALS DriverGlobals,
                                       WDFSPINLOCK SpinLock);
FORCEINLINE VOID WdfSpinLockRelease(_In_ WDFSPINLOCK SpinLock) {
  ((PFN_WDFSPINLOCKRELEASE)WdfFunctions[WdfSpinLockReleaseTableIndex])(
      WdfDriverGlobals, SpinLock);
}

typedef NTSTATUS (*PFN_WDFWAITLOCKACQUIRE)(PWDF_DRIVER_GLOBALS DriverGlobals,
                                           WDFWAITLOCK Lock,
                                           PLONGLONG Timeout);
FORCEINLINE NTSTATUS WdfWaitLockAcquire(_In_ WDFWAITLOCK Lock,
                                        _In_opt_ PLONGLONG Timeout) {
  return ((PFN_WDFWAITLOCKACQUIRE)WdfFunctions[WdfWaitLockAcquireTableIndex])(
      WdfDriverGlobals, Lock, Timeout);
}

typedef VOID (*PFN_WDFWAITLOCKRELEASE)(PWDF_DRIVER_GLOBALS DriverGlobals,
                                       WDFWAITLOCK Lock);
FORCEINLINE VOID WdfWaitLockRelease(_In_ WDFWAITLOCK Lock) {
  ((PFN_WDFWAITLOCKRELEASE)WdfFunctions[WdfWaitLockReleaseTableIndex])(
      WdfDriverGlobals, Lock);
}

typedef BOOLEAN (*PFN_WDFREQUESTSEND)(PWDF_DRIVER_GLOBALS DriverGlobals,
                                      WDFREQUEST Request, WDFIOTARGET Target,
                                      PWDF_REQUEST_SEND_OPTIONS Options);
FORCEINLINE BOOLEAN WdfRequestSend(_In_ WDFREQUEST Request,
                                   _In_ WDFIOTARGET Target,
                                   _In_opt_ PWDF_REQUEST_SEND_OPTIONS Options) {
  return ((PFN_WDFREQUESTSEND)WdfFunctions[WdfRequestSendTableIndex])(
      WdfDriverGlobals, Request, Target, Options);
}

/* The WDK reaches a context type's info through its UniqueType field. */
#define WDF_GET_CONTEXT_TYPE_INFO(_contexttype)                                \
  (_WDF_##_contexttype##_TYPE_INFO.UniqueType)

#else /* !KMDF_TEST_WDK_SHAPE */

VOID WdfInterruptAcquireLock(_In_ WDFINTERRUPT Interrupt);
VOID WdfInterruptReleaseLock(_In_ WDFINTERRUPT Interrupt);
_Must_inspect_result_ BOOLEAN
WdfInterruptTryToAcquireLock(_In_ WDFINTERRUPT Interrupt);
BOOLEAN WdfInterruptSynchronize(_In_ WDFINTERRUPT Interrupt,
                                _In_ PFN_WDF_INTERRUPT_SYNCHRONIZE Callback,
                                _In_ WDFCONTEXT Context);
WDFDEVICE WdfInterruptGetDevice(_In_ WDFINTERRUPT Interrupt);
BOOLEAN WdfInterruptQueueDpcForIsr(_In_ WDFINTERRUPT Interrupt);
WDFDEVICE WdfIoQueueGetDevice(_In_ WDFQUEUE Queue);
VOID WdfDeviceSetFailed(_In_ WDFDEVICE Device, _In_ int FailedAction);
VOID WdfRequestComplete(_In_ WDFREQUEST Request, _In_ NTSTATUS Status);
PVOID WdfObjectGetTypedContextWorker(_In_ WDFOBJECT Handle,
                                     _In_ PCWDF_OBJECT_CONTEXT_TYPE_INFO TypeInfo);
VOID WdfSpinLockAcquire(_In_ WDFSPINLOCK SpinLock);
VOID WdfSpinLockRelease(_In_ WDFSPINLOCK SpinLock);
NTSTATUS WdfWaitLockAcquire(_In_ WDFWAITLOCK Lock, _In_opt_ PLONGLONG Timeout);
VOID WdfWaitLockRelease(_In_ WDFWAITLOCK Lock);
BOOLEAN WdfRequestSend(_In_ WDFREQUEST Request, _In_ WDFIOTARGET Target,
                       _In_opt_ PWDF_REQUEST_SEND_OPTIONS Options);

#define WDF_GET_CONTEXT_TYPE_INFO(_contexttype)                                \
  (&_WDF_##_contexttype##_TYPE_INFO)

#endif /* KMDF_TEST_WDK_SHAPE */

/* Kernel routines the tests call; not lock functions. */
VOID KeStallExecutionProcessor(_In_ ULONG MicroSeconds);
LONG InterlockedIncrement(_Inout_ LONG volatile *Addend);

/* Kernel spin locks, as the x64 WDK declares them: imported routines (no
 * bodies in either shape), KeAcquireSpinLock a macro over
 * KeAcquireSpinLockRaiseToDpc. */
VOID KeInitializeSpinLock(_Out_ PKSPIN_LOCK SpinLock);
KIRQL KeAcquireSpinLockRaiseToDpc(_Inout_ PKSPIN_LOCK SpinLock);
#define KeAcquireSpinLock(SpinLock, OldIrql)                                   \
  *(OldIrql) = KeAcquireSpinLockRaiseToDpc(SpinLock)
VOID KeReleaseSpinLock(_Inout_ PKSPIN_LOCK SpinLock, _In_ KIRQL NewIrql);
VOID KeAcquireSpinLockAtDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);
VOID KeReleaseSpinLockFromDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);
BOOLEAN KeTryToAcquireSpinLockAtDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);
VOID KeAcquireInStackQueuedSpinLock(_Inout_ PKSPIN_LOCK SpinLock,
                                    _Out_ PKLOCK_QUEUE_HANDLE LockHandle);
VOID KeReleaseInStackQueuedSpinLock(_In_ PKLOCK_QUEUE_HANDLE LockHandle);

/* Declares a context type's info and its typed accessor, as the WDK does:
 * the accessor is an inline function over WdfObjectGetTypedContextWorker. */
#define WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(_contexttype, _castingfunction)      \
  KMDF_EXTERN_C __attribute__((weak)) const WDF_OBJECT_CONTEXT_TYPE_INFO       \
      _WDF_##_contexttype##_TYPE_INFO = {                                      \
          sizeof(WDF_OBJECT_CONTEXT_TYPE_INFO), #_contexttype,                 \
          sizeof(_contexttype), &_WDF_##_contexttype##_TYPE_INFO, NULL};       \
  KMDF_EXTERN_C FORCEINLINE _contexttype *_castingfunction(                    \
      _In_ WDFOBJECT Handle) {                                                 \
    return (_contexttype *)WdfObjectGetTypedContextWorker(                     \
        Handle, WDF_GET_CONTEXT_TYPE_INFO(_contexttype));                      \
  }

KMDF_END_DECLS

#endif /* KMDF_CHECK_TEST_KMDF_H */
