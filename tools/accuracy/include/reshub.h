/*===- reshub.h - tools/accuracy: resource hub connection paths ------------===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Written for kmdf-check's accuracy harness from Microsoft's public
 * documentation of "reshub.h" (connection IDs to resource hub paths):
 * declarations only; the sizes and the IOCTL value are placeholders.
 *
 *===----------------------------------------------------------------------===*/

#ifndef KMDFACC_RESHUB_H
#define KMDFACC_RESHUB_H

#include <ntstrsafe.h>

#define RESOURCE_HUB_DEVICE_NAME L"\\Device\\RESOURCE_HUB"
#define RESOURCE_HUB_CONNECTION_FILE_CHARS 17
#define RESOURCE_HUB_CONNECTION_FILE_SIZE (RESOURCE_HUB_CONNECTION_FILE_CHARS * sizeof(WCHAR))
#define RESOURCE_HUB_PATH_CHARS (20 + RESOURCE_HUB_CONNECTION_FILE_CHARS)
#define RESOURCE_HUB_PATH_SIZE (RESOURCE_HUB_PATH_CHARS * sizeof(WCHAR))

/* Format a connection ID into a WCHAR buffer (file name) or a UNICODE_STRING
   (device path); both return NTSTATUS. */
#define RESOURCE_HUB_ID_TO_FILE_NAME(IdLowPart, IdHighPart, pFileName)                    \
  RtlStringCchPrintfW((pFileName), RESOURCE_HUB_CONNECTION_FILE_CHARS, L"%08x%08x",         \
                      (IdHighPart), (IdLowPart))
#define RESOURCE_HUB_CREATE_PATH_FROM_ID(pString, IdLowPart, IdHighPart)                  \
  RtlUnicodeStringPrintf((pString), L"\\Device\\RESOURCE_HUB\\%08x%08x", (IdHighPart),     \
                         (IdLowPart))

#define IOCTL_RH_QUERY_CONNECTION_PROPERTIES                                              \
  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x7d0, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define RH_QUERY_CONNECTION_PROPERTIES_INPUT_VERSION 1

typedef enum _RH_QUERY_CONNECTION_PROPERTIES_QUERY_TYPE {
  ConnectionIdType = 0
} RH_QUERY_CONNECTION_PROPERTIES_QUERY_TYPE;

typedef struct _RH_QUERY_CONNECTION_PROPERTIES_INPUT_BUFFER {
  ULONG Version;
  RH_QUERY_CONNECTION_PROPERTIES_QUERY_TYPE QueryType;
  union {
    LARGE_INTEGER ConnectionId;
  } u;
} RH_QUERY_CONNECTION_PROPERTIES_INPUT_BUFFER, *PRH_QUERY_CONNECTION_PROPERTIES_INPUT_BUFFER;

typedef struct _RH_QUERY_CONNECTION_PROPERTIES_OUTPUT_BUFFER {
  ULONG PropertiesLength;
  UCHAR ConnectionProperties[1];
} RH_QUERY_CONNECTION_PROPERTIES_OUTPUT_BUFFER, *PRH_QUERY_CONNECTION_PROPERTIES_OUTPUT_BUFFER;

/* The ACPI serial bus connection descriptor's common header (I2C, SPI and
   UART descriptors start with it). */
#include <pshpack1.h>
typedef struct _PNP_SERIAL_BUS_DESCRIPTOR {
  UCHAR Tag;
  USHORT Length;
  UCHAR RevisionId;
  UCHAR ResourceSourceIndex;
  UCHAR SerialBusType;
  UCHAR GeneralFlags;
  USHORT TypeSpecificFlags;
  UCHAR TypeSpecificRevisionId;
  USHORT TypeDataLength;
} PNP_SERIAL_BUS_DESCRIPTOR, *PPNP_SERIAL_BUS_DESCRIPTOR;
#include <poppack.h>

#define I2C_SERIAL_BUS_TYPE 0x01
#define SPI_SERIAL_BUS_TYPE 0x02
#define UART_SERIAL_BUS_TYPE 0x03
#define I2C_SERIAL_BUS_SPECIFIC_FLAG_10BIT_ADDRESS 0x0001
#define SPI_SERIAL_BUS_SPECIFIC_FLAG_3WIRE 0x0001
#define SPI_SERIAL_BUS_SPECIFIC_FLAG_DEVICE_POLARITY 0x0002

#endif /* KMDFACC_RESHUB_H */
