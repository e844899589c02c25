/*===- batclass.h - tools/accuracy: battery class version 1.1 -------------===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Includes mingw-w64's batclass.h and declares the version 1.1 miniport
 * information (documented: BATTERY_MINIPORT_INFO_V1_1, which adds the FDO).
 *
 *===----------------------------------------------------------------------===*/

#include_next <batclass.h>

#ifndef KMDFACC_BATCLASS_H
#define KMDFACC_BATCLASS_H
#ifndef BATTERY_CLASS_MINOR_VERSION_1
#define BATTERY_CLASS_MINOR_VERSION_1 0x0001
#endif
typedef struct {
  USHORT MajorVersion;
  USHORT MinorVersion;
  PVOID Context;
  BCLASS_QUERY_TAG QueryTag;
  BCLASS_QUERY_INFORMATION QueryInformation;
  BCLASS_SET_INFORMATION SetInformation;
  BCLASS_QUERY_STATUS QueryStatus;
  BCLASS_SET_STATUS_NOTIFY SetStatusNotify;
  BCLASS_DISABLE_STATUS_NOTIFY DisableStatusNotify;
  PDEVICE_OBJECT Pdo;
  PUNICODE_STRING DeviceName;
  PDEVICE_OBJECT Fdo;
} BATTERY_MINIPORT_INFO_V1_1, *PBATTERY_MINIPORT_INFO_V1_1;
#endif
