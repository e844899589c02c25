/*===- bthxddi.h - tools/accuracy: the Bluetooth extensible transport DDI -===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Written for kmdf-check's accuracy harness from Microsoft's public
 * documentation of "bthxddi.h" (Bluetooth transport drivers): declarations
 * only. IOCTL values are placeholders (distinct, not Windows' own).
 *
 *===----------------------------------------------------------------------===*/

#ifndef KMDFACC_BTHXDDI_H
#define KMDFACC_BTHXDDI_H

#define KMDFACC_BTHX_IOCTL(n) CTL_CODE(FILE_DEVICE_BLUETOOTH, 0x0c0 + (n), METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_BTHX_GET_VERSION KMDFACC_BTHX_IOCTL(0)
#define IOCTL_BTHX_SET_VERSION KMDFACC_BTHX_IOCTL(1)
#define IOCTL_BTHX_QUERY_CAPABILITIES KMDFACC_BTHX_IOCTL(2)
#define IOCTL_BTHX_WRITE_HCI KMDFACC_BTHX_IOCTL(3)
#define IOCTL_BTHX_READ_HCI KMDFACC_BTHX_IOCTL(4)

#ifndef FILE_DEVICE_BLUETOOTH
#define FILE_DEVICE_BLUETOOTH 0x00000041
#endif

typedef struct _BTHX_VERSION {
  ULONG Version;
} BTHX_VERSION, *PBTHX_VERSION;

/* The DDI version a transport reports (IOCTL_BTHX_GET_VERSION). */
static const BTHX_VERSION Microsoft_BTHX_DDI_Version = {0x00000001};


typedef struct _BTHX_CAPABILITIES {
  ULONG MaxAclTransferInSize;
  ULONG ScoSupport;
  ULONG MaxScoChannels;
  BOOLEAN IsDeviceIdleCapable;
  BOOLEAN IsDeviceWakeCapable;
} BTHX_CAPABILITIES, *PBTHX_CAPABILITIES;

typedef enum _BTHX_SCO_SUPPORT {
  ScoSupportNone = 0,
  ScoSupportHCIBypass,
  ScoSupportMaxValue
} BTHX_SCO_SUPPORT, *PBTHX_SCO_SUPPORT;

typedef enum _BTHX_HCI_PACKET_TYPE {
  HciPacketCommand = 0x01,
  HciPacketAclData = 0x02,
  HciPacketEvent = 0x04
} BTHX_HCI_PACKET_TYPE;

#include <pshpack1.h>
typedef struct _BTHX_HCI_READ_WRITE_CONTEXT {
  ULONG DataLen;
  UCHAR Type;
  UCHAR Data[1];
} BTHX_HCI_READ_WRITE_CONTEXT, *PBTHX_HCI_READ_WRITE_CONTEXT;
#include <poppack.h>

#endif /* KMDFACC_BTHXDDI_H */
