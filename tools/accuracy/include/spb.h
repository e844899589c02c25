/*===- spb.h - tools/accuracy: the SPB I/O definitions drivers use --------===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Written for kmdf-check's accuracy harness from Microsoft's public
 * documentation of "spb.h" (the SPB I/O request interface): declarations
 * only. IOCTL values are placeholders (distinct, not Windows' own).
 *
 *===----------------------------------------------------------------------===*/

#ifndef KMDFACC_SPB_H
#define KMDFACC_SPB_H

/* The SPB IOCTLs are the constants of the SpbIoctl enumeration. */
#define KMDFACC_SPB_IOCTL(n) CTL_CODE(FILE_DEVICE_BUS_EXTENDER, 0xa00 + (n), METHOD_BUFFERED, FILE_ANY_ACCESS)
typedef enum SpbIoctl {
  IOCTL_SPB_LOCK_CONTROLLER = KMDFACC_SPB_IOCTL(1),
  IOCTL_SPB_UNLOCK_CONTROLLER = KMDFACC_SPB_IOCTL(2),
  IOCTL_SPB_EXECUTE_SEQUENCE = KMDFACC_SPB_IOCTL(3),
  IOCTL_SPB_LOCK_CONNECTION = KMDFACC_SPB_IOCTL(4),
  IOCTL_SPB_UNLOCK_CONNECTION = KMDFACC_SPB_IOCTL(5),
  IOCTL_SPB_FULL_DUPLEX = KMDFACC_SPB_IOCTL(6)
} SpbIoctl;

typedef enum _SPB_TRANSFER_DIRECTION {
  SpbTransferDirectionNone,
  SpbTransferDirectionFromDevice,
  SpbTransferDirectionToDevice,
  SpbTransferDirectionMax
} SPB_TRANSFER_DIRECTION;

typedef enum _SPB_TRANSFER_BUFFER_FORMAT {
  SpbTransferBufferFormatInvalid,
  SpbTransferBufferFormatSimple,
  SpbTransferBufferFormatList,
  SpbTransferBufferFormatSimpleNonPaged,
  SpbTransferBufferFormatMdl,
  SpbTransferBufferFormatMax
} SPB_TRANSFER_BUFFER_FORMAT;

typedef struct _SPB_TRANSFER_BUFFER_LIST_ENTRY {
  PVOID Buffer;
  ULONG BufferCb;
} SPB_TRANSFER_BUFFER_LIST_ENTRY, *PSPB_TRANSFER_BUFFER_LIST_ENTRY;

typedef struct _SPB_TRANSFER_BUFFER {
  SPB_TRANSFER_BUFFER_FORMAT Format;
  union {
    struct {
      PVOID Buffer;
      ULONG BufferCb;
    } Simple;
    struct {
      SPB_TRANSFER_BUFFER_LIST_ENTRY *List;
      ULONG ListCe;
    } BufferList;
    PMDL Mdl;
  };
} SPB_TRANSFER_BUFFER, *PSPB_TRANSFER_BUFFER;

typedef struct _SPB_TRANSFER_LIST_ENTRY {
  SPB_TRANSFER_DIRECTION Direction;
  ULONG DelayInUs;
  SPB_TRANSFER_BUFFER Buffer;
} SPB_TRANSFER_LIST_ENTRY, *PSPB_TRANSFER_LIST_ENTRY;

typedef struct _SPB_TRANSFER_LIST {
  ULONG Size;
  ULONG Reserved;
  ULONG TransferCount;
  SPB_TRANSFER_LIST_ENTRY Transfers[1];
} SPB_TRANSFER_LIST, *PSPB_TRANSFER_LIST;

#endif /* KMDFACC_SPB_H */
