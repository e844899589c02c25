/*===- usbfnioctl.h - tools/accuracy: USB function types and IOCTLs ------===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Written for kmdf-check's accuracy harness from Microsoft's public
 * documentation of "usbfnbase.h" and "usbfnioctl.h": the USB function device
 * state and port types and the internal transfer IOCTLs (their values here
 * are placeholders, distinct, not Windows' own).
 *
 *===----------------------------------------------------------------------===*/

#ifndef KMDFACC_USBFNIOCTL_H
#define KMDFACC_USBFNIOCTL_H

typedef enum _USBFN_DEVICE_STATE {
  UsbfnDeviceStateMinimum = 0,
  UsbfnDeviceStateAttached,
  UsbfnDeviceStateDefault,
  UsbfnDeviceStateDetached,
  UsbfnDeviceStateAddressed,
  UsbfnDeviceStateConfigured,
  UsbfnDeviceStateSuspended,
  UsbfnDeviceStateStateMaximum
} USBFN_DEVICE_STATE, *PUSBFN_DEVICE_STATE;

typedef enum _USBFN_PORT_TYPE {
  UsbfnUnknownPort = 0,
  UsbfnStandardDownstreamPort,
  UsbfnChargingDownstreamPort,
  UsbfnDedicatedChargingPort,
  UsbfnInvalidDedicatedChargingPort,
  UsbfnProprietaryDedicatedChargingPort,
  UsbfnPortTypeMaximum
} USBFN_PORT_TYPE, *PUSBFN_PORT_TYPE;

#ifndef FILE_DEVICE_USB
#define FILE_DEVICE_USB FILE_DEVICE_UNKNOWN
#endif
#define KMDFACC_USBFN_IOCTL(n) CTL_CODE(FILE_DEVICE_USB, 0xb00 + (n), METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_INTERNAL_USBFN_TRANSFER_IN KMDFACC_USBFN_IOCTL(1)
#define IOCTL_INTERNAL_USBFN_TRANSFER_IN_APPEND_ZERO_PKT KMDFACC_USBFN_IOCTL(2)
#define IOCTL_INTERNAL_USBFN_TRANSFER_OUT KMDFACC_USBFN_IOCTL(3)
#define IOCTL_INTERNAL_USBFN_CONTROL_STATUS_HANDSHAKE_IN KMDFACC_USBFN_IOCTL(4)
#define IOCTL_INTERNAL_USBFN_CONTROL_STATUS_HANDSHAKE_OUT KMDFACC_USBFN_IOCTL(5)
#define IOCTL_INTERNAL_USBFN_GET_PIPE_STATE KMDFACC_USBFN_IOCTL(6)
#define IOCTL_INTERNAL_USBFN_SET_PIPE_STATE KMDFACC_USBFN_IOCTL(7)
#define IOCTL_INTERNAL_USBFN_DESCRIPTOR_UPDATE KMDFACC_USBFN_IOCTL(8)

#endif /* KMDFACC_USBFNIOCTL_H */
