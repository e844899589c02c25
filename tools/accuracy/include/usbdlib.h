/*===- usbdlib.h - tools/accuracy: USBD client contract versions ----------===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Includes mingw-w64's usbdlib.h and adds the documented client contract
 * version that WdfUsbTargetDeviceCreateWithParameters callers pass.
 *
 *===----------------------------------------------------------------------===*/

#include_next <usbdlib.h>

#ifndef USBD_CLIENT_CONTRACT_VERSION_602
#define USBD_CLIENT_CONTRACT_VERSION_602 0x602
#endif
