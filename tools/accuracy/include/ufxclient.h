/*===- ufxclient.h - tools/accuracy: the UfxClient DDIs drivers use -------===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Written for kmdf-check's accuracy harness from Microsoft's public
 * documentation of the USB function class extension ("ufxclient.h",
 * "usbfnbase.h"): declarations only, so that USB function controller drivers
 * parse on Linux. IOCTL values are placeholders (distinct, not Windows' own).
 *
 *===----------------------------------------------------------------------===*/

#ifndef KMDFACC_UFXCLIENT_H
#define KMDFACC_UFXCLIENT_H

#include <ntddk.h>
#include <wdf.h>
#include <usbspec.h>
#include "usbfnioctl.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ufxclient.h */
DECLARE_HANDLE(UFXDEVICE);
DECLARE_HANDLE(UFXENDPOINT);
typedef struct _UFXENDPOINT_INIT *PUFXENDPOINT_INIT;

typedef VOID EVT_UFX_DEVICE_HOST_CONNECT(UFXDEVICE Device);
typedef EVT_UFX_DEVICE_HOST_CONNECT *PFN_UFX_DEVICE_HOST_CONNECT;
typedef VOID EVT_UFX_DEVICE_HOST_DISCONNECT(UFXDEVICE Device);
typedef EVT_UFX_DEVICE_HOST_DISCONNECT *PFN_UFX_DEVICE_HOST_DISCONNECT;
typedef VOID EVT_UFX_DEVICE_ADDRESSED(UFXDEVICE Device, USHORT DeviceAddress);
typedef EVT_UFX_DEVICE_ADDRESSED *PFN_UFX_DEVICE_ADDRESSED;
typedef NTSTATUS EVT_UFX_DEVICE_ENDPOINT_ADD(UFXDEVICE Device,
                                             const PUSB_ENDPOINT_DESCRIPTOR EndpointDescriptor,
                                             PUFXENDPOINT_INIT EndpointInit);
typedef EVT_UFX_DEVICE_ENDPOINT_ADD *PFN_UFX_DEVICE_ENDPOINT_ADD;
typedef VOID EVT_UFX_DEVICE_DEFAULT_ENDPOINT_ADD(UFXDEVICE Device, USHORT MaxPacketSize,
                                                     PUFXENDPOINT_INIT EndpointInit);
typedef EVT_UFX_DEVICE_DEFAULT_ENDPOINT_ADD *PFN_UFX_DEVICE_DEFAULT_ENDPOINT_ADD;
typedef VOID EVT_UFX_DEVICE_USB_STATE_CHANGE(UFXDEVICE Device, USBFN_DEVICE_STATE NewState);
typedef EVT_UFX_DEVICE_USB_STATE_CHANGE *PFN_UFX_DEVICE_USB_STATE_CHANGE;
typedef VOID EVT_UFX_DEVICE_PORT_CHANGE(UFXDEVICE Device, USBFN_PORT_TYPE NewPort);
typedef EVT_UFX_DEVICE_PORT_CHANGE *PFN_UFX_DEVICE_PORT_CHANGE;
typedef VOID EVT_UFX_DEVICE_PORT_DETECT(UFXDEVICE Device);
typedef EVT_UFX_DEVICE_PORT_DETECT *PFN_UFX_DEVICE_PORT_DETECT;
typedef VOID EVT_UFX_DEVICE_REMOTE_WAKEUP_SIGNAL(UFXDEVICE Device);
typedef EVT_UFX_DEVICE_REMOTE_WAKEUP_SIGNAL *PFN_UFX_DEVICE_REMOTE_WAKEUP_SIGNAL;
typedef VOID EVT_UFX_DEVICE_TEST_MODE_SET(UFXDEVICE Device, ULONG TestMode);
typedef EVT_UFX_DEVICE_TEST_MODE_SET *PFN_UFX_DEVICE_TEST_MODE_SET;
typedef VOID EVT_UFX_DEVICE_SUPER_SPEED_POWER_FEATURE(UFXDEVICE Device, USHORT Feature,
                                                      BOOLEAN Set);
typedef EVT_UFX_DEVICE_SUPER_SPEED_POWER_FEATURE *PFN_UFX_DEVICE_SUPER_SPEED_POWER_FEATURE;

typedef struct _UFX_DEVICE_CALLBACKS {
  ULONG Size;
  PFN_UFX_DEVICE_HOST_CONNECT EvtDeviceHostConnect;
  PFN_UFX_DEVICE_HOST_DISCONNECT EvtDeviceHostDisconnect;
  PFN_UFX_DEVICE_ADDRESSED EvtDeviceAddressed;
  PFN_UFX_DEVICE_ENDPOINT_ADD EvtDeviceEndpointAdd;
  PFN_UFX_DEVICE_DEFAULT_ENDPOINT_ADD EvtDeviceDefaultEndpointAdd;
  PFN_UFX_DEVICE_USB_STATE_CHANGE EvtDeviceUsbStateChange;
  PFN_UFX_DEVICE_PORT_CHANGE EvtDevicePortChange;
  PFN_UFX_DEVICE_PORT_DETECT EvtDevicePortDetect;
  PFN_UFX_DEVICE_REMOTE_WAKEUP_SIGNAL EvtDeviceRemoteWakeupSignal;
  PFN_UFX_DEVICE_TEST_MODE_SET EvtDeviceTestModeSet;
  PFN_UFX_DEVICE_SUPER_SPEED_POWER_FEATURE EvtDeviceSuperSpeedPowerFeature;
} UFX_DEVICE_CALLBACKS, *PUFX_DEVICE_CALLBACKS;

FORCEINLINE VOID UFX_DEVICE_CALLBACKS_INIT(PUFX_DEVICE_CALLBACKS Callbacks) {
  RtlZeroMemory(Callbacks, sizeof(UFX_DEVICE_CALLBACKS));
  Callbacks->Size = sizeof(UFX_DEVICE_CALLBACKS);
}

typedef struct _UFX_DEVICE_CAPABILITIES {
  ULONG Size;
  USB_DEVICE_SPEED MaxSpeed;
  ULONG RemoteWakeSignalDelay;
  USHORT InEndpointBitmap;
  USHORT OutEndpointBitmap;
  BOOLEAN SharesConnectors;
  ULONG GroupId;
} UFX_DEVICE_CAPABILITIES, *PUFX_DEVICE_CAPABILITIES;

FORCEINLINE VOID UFX_DEVICE_CAPABILITIES_INIT(PUFX_DEVICE_CAPABILITIES Capabilities) {
  RtlZeroMemory(Capabilities, sizeof(UFX_DEVICE_CAPABILITIES));
  Capabilities->Size = sizeof(UFX_DEVICE_CAPABILITIES);
}

typedef struct _UFX_ENDPOINT_CALLBACKS {
  ULONG Size;
} UFX_ENDPOINT_CALLBACKS, *PUFX_ENDPOINT_CALLBACKS;

FORCEINLINE VOID UFX_ENDPOINT_CALLBACKS_INIT(PUFX_ENDPOINT_CALLBACKS Callbacks) {
  RtlZeroMemory(Callbacks, sizeof(UFX_ENDPOINT_CALLBACKS));
  Callbacks->Size = sizeof(UFX_ENDPOINT_CALLBACKS);
}

typedef struct _UFX_HARDWARE_FAILURE_CONTEXT {
  ULONG Size;
  ULONG ExceptionCode;
  UCHAR Data[1];
} UFX_HARDWARE_FAILURE_CONTEXT, *PUFX_HARDWARE_FAILURE_CONTEXT;

NTSTATUS UfxFdoInit(WDFDRIVER WdfDriver, PWDFDEVICE_INIT DeviceInit,
                    PWDF_OBJECT_ATTRIBUTES FdoAttributes);
NTSTATUS UfxDeviceCreate(WDFDEVICE WdfDevice, PUFX_DEVICE_CALLBACKS Callbacks,
                         PUFX_DEVICE_CAPABILITIES DeviceCapabilities,
                         PWDF_OBJECT_ATTRIBUTES Attributes, UFXDEVICE *UfxDevice);
BOOLEAN UfxDeviceIoControl(UFXDEVICE UfxDevice, WDFREQUEST Request, size_t OutputBufferLength,
                           size_t InputBufferLength, ULONG IoControlCode);
BOOLEAN UfxDeviceIoInternalControl(UFXDEVICE UfxDevice, WDFREQUEST Request,
                                   size_t OutputBufferLength, size_t InputBufferLength,
                                   ULONG IoControlCode);
VOID UfxDeviceEventComplete(UFXDEVICE UfxDevice, NTSTATUS Status);
VOID UfxDeviceNotifyAttach(UFXDEVICE UfxDevice);
VOID UfxDeviceNotifyDetach(UFXDEVICE UfxDevice);
VOID UfxDeviceNotifyReset(UFXDEVICE UfxDevice, USB_DEVICE_SPEED DeviceSpeed);
VOID UfxDeviceNotifySuspend(UFXDEVICE UfxDevice);
VOID UfxDeviceNotifyResume(UFXDEVICE UfxDevice);
VOID UfxDeviceNotifyHardwareReady(UFXDEVICE UfxDevice);
VOID UfxDeviceNotifyHardwareFailure(UFXDEVICE UfxDevice,
                                    PUFX_HARDWARE_FAILURE_CONTEXT HardwareFailureContext);
VOID UfxDevicePortDetectComplete(UFXDEVICE UfxDevice, USBFN_PORT_TYPE PortType);
NTSTATUS UfxEndpointCreate(UFXDEVICE UfxDevice, PUFXENDPOINT_INIT EndpointInit,
                           PWDF_OBJECT_ATTRIBUTES Attributes,
                           PWDF_IO_QUEUE_CONFIG TransferQueueConfig,
                           PWDF_OBJECT_ATTRIBUTES TransferQueueAttributes,
                           PWDF_IO_QUEUE_CONFIG CommandQueueConfig,
                           PWDF_OBJECT_ATTRIBUTES CommandQueueAttributes, UFXENDPOINT *UfxEndpoint);
VOID UfxEndpointInitSetEventCallbacks(PUFXENDPOINT_INIT EndpointInit,
                                      PUFX_ENDPOINT_CALLBACKS Callbacks);
WDFQUEUE UfxEndpointGetTransferQueue(UFXENDPOINT UfxEndpoint);
WDFQUEUE UfxEndpointGetCommandQueue(UFXENDPOINT UfxEndpoint);
VOID UfxEndpointNotifySetup(UFXENDPOINT UfxEndpoint, PUSB_DEFAULT_PIPE_SETUP_PACKET SetupPacket);

#ifdef __cplusplus
}
#endif

#endif /* KMDFACC_UFXCLIENT_H */
