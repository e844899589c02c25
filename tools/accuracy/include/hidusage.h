/*===- hidusage.h - tools/accuracy: HID usages newer than mingw-w64's -----===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Includes mingw-w64's hidusage.h and adds the usages of the HID Usage
 * Tables that the measured drivers use and it lacks.
 *
 *===----------------------------------------------------------------------===*/

#include_next <hidusage.h>

#ifndef HID_USAGE_GENERIC_RESOLUTION_MULTIPLIER
#define HID_USAGE_GENERIC_RESOLUTION_MULTIPLIER ((USAGE)0x48)
#endif
#ifndef HID_USAGE_CONSUMER_AC_PAN
#define HID_USAGE_CONSUMER_AC_PAN ((USAGE)0x238)
#endif
