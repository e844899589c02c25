/*===- spbcx.h - tools/accuracy: the SpbCx DDIs the measured drivers use ---===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Written for kmdf-check's accuracy harness from Microsoft's public
 * documentation of the simple peripheral bus framework extension
 * (learn.microsoft.com, "spbcx.h" and "spb.h"): declarations only, so that
 * SPB controller drivers parse on Linux. Debian's mingw-w64 has no SpbCx
 * header. Numeric values are placeholders where the documentation gives none.
 *
 *===----------------------------------------------------------------------===*/

#ifndef KMDFACC_SPBCX_H
#define KMDFACC_SPBCX_H

#include <wdf.h>
#include "spb.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef SPB_VERSION_MAJOR
#define SPB_VERSION_MAJOR 1
#define SPB_VERSION_MINOR 0
#endif

/* An SPB controller is its WDFDEVICE; an SPB request is a WDFREQUEST. */
typedef WDFDEVICE SPBCONTROLLER;
typedef WDFREQUEST SPBREQUEST;
DECLARE_HANDLE(SPBTARGET);

typedef enum _SPB_REQUEST_TYPE {
  SpbRequestTypeInvalid = 0,
  SpbRequestTypeRead,
  SpbRequestTypeWrite,
  SpbRequestTypeSequence,
  SpbRequestTypeLockController,
  SpbRequestTypeUnlockController,
  SpbRequestTypeLockConnection,
  SpbRequestTypeUnlockConnection,
  SpbRequestTypeOther,
  SpbRequestTypeMax
} SPB_REQUEST_TYPE;

typedef enum _SPB_REQUEST_SEQUENCE_POSITION {
  SpbRequestSequencePositionInvalid = 0,
  SpbRequestSequencePositionFirst,
  SpbRequestSequencePositionContinue,
  SpbRequestSequencePositionLast,
  SpbRequestSequencePositionSingle,
  SpbRequestSequencePositionMax
} SPB_REQUEST_SEQUENCE_POSITION;

typedef struct _SPB_TRANSFER_DESCRIPTOR {
  ULONG Size;
  SPB_TRANSFER_DIRECTION Direction;
  size_t TransferLength;
  ULONG DelayInUs;
} SPB_TRANSFER_DESCRIPTOR, *PSPB_TRANSFER_DESCRIPTOR;

FORCEINLINE VOID SPB_TRANSFER_DESCRIPTOR_INIT(PSPB_TRANSFER_DESCRIPTOR Descriptor) {
  RtlZeroMemory(Descriptor, sizeof(SPB_TRANSFER_DESCRIPTOR));
  Descriptor->Size = sizeof(SPB_TRANSFER_DESCRIPTOR);
}

typedef struct _SPB_REQUEST_PARAMETERS {
  ULONG Size;
  SPB_REQUEST_SEQUENCE_POSITION Position;
  SPB_REQUEST_TYPE Type;
  size_t Length;
  ULONG SequenceTransferCount;
} SPB_REQUEST_PARAMETERS, *PSPB_REQUEST_PARAMETERS;

FORCEINLINE VOID SPB_REQUEST_PARAMETERS_INIT(PSPB_REQUEST_PARAMETERS Parameters) {
  RtlZeroMemory(Parameters, sizeof(SPB_REQUEST_PARAMETERS));
  Parameters->Size = sizeof(SPB_REQUEST_PARAMETERS);
}

typedef struct _SPB_CONNECTION_PARAMETERS {
  ULONG Size;
  PCWSTR ConnectionTag;
  PVOID ConnectionParameters;
} SPB_CONNECTION_PARAMETERS, *PSPB_CONNECTION_PARAMETERS;

FORCEINLINE VOID SPB_CONNECTION_PARAMETERS_INIT(PSPB_CONNECTION_PARAMETERS Parameters) {
  RtlZeroMemory(Parameters, sizeof(SPB_CONNECTION_PARAMETERS));
  Parameters->Size = sizeof(SPB_CONNECTION_PARAMETERS);
}

/* Callback roles. */
typedef NTSTATUS EVT_SPB_TARGET_CONNECT(SPBCONTROLLER Controller, SPBTARGET Target);
typedef EVT_SPB_TARGET_CONNECT *PFN_SPB_TARGET_CONNECT;
typedef VOID EVT_SPB_TARGET_DISCONNECT(SPBCONTROLLER Controller, SPBTARGET Target);
typedef EVT_SPB_TARGET_DISCONNECT *PFN_SPB_TARGET_DISCONNECT;
typedef VOID EVT_SPB_CONTROLLER_LOCK(SPBCONTROLLER Controller, SPBTARGET Target,
                                     SPBREQUEST LockRequest);
typedef EVT_SPB_CONTROLLER_LOCK *PFN_SPB_CONTROLLER_LOCK;
typedef VOID EVT_SPB_CONTROLLER_UNLOCK(SPBCONTROLLER Controller, SPBTARGET Target,
                                       SPBREQUEST UnlockRequest);
typedef EVT_SPB_CONTROLLER_UNLOCK *PFN_SPB_CONTROLLER_UNLOCK;
typedef VOID EVT_SPB_CONTROLLER_READ(SPBCONTROLLER Controller, SPBTARGET Target,
                                     SPBREQUEST Request, size_t Length);
typedef EVT_SPB_CONTROLLER_READ *PFN_SPB_CONTROLLER_READ;
typedef VOID EVT_SPB_CONTROLLER_WRITE(SPBCONTROLLER Controller, SPBTARGET Target,
                                      SPBREQUEST Request, size_t Length);
typedef EVT_SPB_CONTROLLER_WRITE *PFN_SPB_CONTROLLER_WRITE;
typedef VOID EVT_SPB_CONTROLLER_SEQUENCE(SPBCONTROLLER Controller, SPBTARGET Target,
                                         SPBREQUEST Request, ULONG TransferCount);
typedef EVT_SPB_CONTROLLER_SEQUENCE *PFN_SPB_CONTROLLER_SEQUENCE;
typedef VOID EVT_SPB_CONTROLLER_OTHER(SPBCONTROLLER Controller, SPBTARGET Target,
                                      SPBREQUEST Request, size_t OutputBufferLength,
                                      size_t InputBufferLength, ULONG IoControlCode);
typedef EVT_SPB_CONTROLLER_OTHER *PFN_SPB_CONTROLLER_OTHER;

typedef struct _SPB_CONTROLLER_CONFIG {
  ULONG Size;
  WDF_IO_QUEUE_DISPATCH_TYPE ControllerDispatchType;
  BOOLEAN PowerManaged;
  PFN_SPB_TARGET_CONNECT EvtSpbTargetConnect;
  PFN_SPB_TARGET_DISCONNECT EvtSpbTargetDisconnect;
  PFN_SPB_CONTROLLER_LOCK EvtSpbControllerLock;
  PFN_SPB_CONTROLLER_UNLOCK EvtSpbControllerUnlock;
  PFN_SPB_CONTROLLER_READ EvtSpbIoRead;
  PFN_SPB_CONTROLLER_WRITE EvtSpbIoWrite;
  PFN_SPB_CONTROLLER_SEQUENCE EvtSpbIoSequence;
  PFN_SPB_CONTROLLER_LOCK EvtSpbConnectionLock;
  PFN_SPB_CONTROLLER_UNLOCK EvtSpbConnectionUnlock;
} SPB_CONTROLLER_CONFIG, *PSPB_CONTROLLER_CONFIG;

FORCEINLINE VOID SPB_CONTROLLER_CONFIG_INIT(PSPB_CONTROLLER_CONFIG Config) {
  RtlZeroMemory(Config, sizeof(SPB_CONTROLLER_CONFIG));
  Config->Size = sizeof(SPB_CONTROLLER_CONFIG);
  Config->ControllerDispatchType = WdfIoQueueDispatchSequential;
  Config->PowerManaged = WdfTrue;
}

/* Methods. */
NTSTATUS SpbDeviceInitConfig(PWDFDEVICE_INIT DeviceInit);
NTSTATUS SpbDeviceInitialize(WDFDEVICE FxDevice, PSPB_CONTROLLER_CONFIG Config);
VOID SpbControllerSetIoOtherCallback(SPBCONTROLLER Controller,
                                     PFN_SPB_CONTROLLER_OTHER EvtSpbIoOther,
                                     PFN_WDF_IO_IN_CALLER_CONTEXT EvtIoInCallerContext);
VOID SpbControllerSetTargetAttributes(SPBCONTROLLER Controller,
                                      PWDF_OBJECT_ATTRIBUTES TargetAttributes);
VOID SpbControllerSetRequestAttributes(SPBCONTROLLER Controller,
                                       PWDF_OBJECT_ATTRIBUTES RequestAttributes);
VOID SpbRequestComplete(SPBREQUEST Request, NTSTATUS CompletionStatus);
SPBCONTROLLER SpbRequestGetController(SPBREQUEST Request);
SPBTARGET SpbRequestGetTarget(SPBREQUEST Request);
VOID SpbRequestGetParameters(SPBREQUEST Request, PSPB_REQUEST_PARAMETERS Parameters);
VOID SpbRequestGetTransferParameters(SPBREQUEST Request, ULONG Index,
                                     PSPB_TRANSFER_DESCRIPTOR TransferDescriptor,
                                     PMDL *TransferBuffer);
NTSTATUS SpbRequestCaptureIoOtherTransferList(SPBREQUEST Request);
SPBCONTROLLER SpbTargetGetController(SPBTARGET Target);
VOID SpbTargetGetConnectionParameters(SPBTARGET Target,
                                      PSPB_CONNECTION_PARAMETERS ConnectionParameters);

#ifdef __cplusplus
}
#endif

#endif /* KMDFACC_SPBCX_H */
