/*===- gpio.h - tools/accuracy: the GPIO IOCTLs newer than mingw-w64's ----===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Includes mingw-w64's gpio.h and adds the function-config IOCTL of newer
 * WDKs (documented: IOCTL_GPIO_COMMIT_FUNCTION_CONFIG_PINS). The function
 * number is a placeholder.
 *
 *===----------------------------------------------------------------------===*/

#ifndef FILE_DEVICE_GPIO
#define FILE_DEVICE_GPIO 0x00000040 /* placeholder */
#endif
#include_next <gpio.h>

#ifndef IOCTL_GPIO_COMMIT_FUNCTION_CONFIG_PINS
#define IOCTL_GPIO_COMMIT_FUNCTION_CONFIG_PINS                                            \
  CTL_CODE(FILE_DEVICE_GPIO, 0x10, METHOD_BUFFERED, FILE_ANY_ACCESS)
#endif
