/*===- hidpi.h - tools/accuracy: mingw-w64's hidpi.h with its types -------===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * mingw-w64's hidpi.h uses USAGE without including hidusage.h, which
 * declares it (the WDK's hidpi.h includes it): include it first.
 *
 *===----------------------------------------------------------------------===*/

#include <hidusage.h>
#include_next <hidpi.h>
