/*===- poclass.h - tools/accuracy: mingw-w64's complete poclass.h ---------===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Debian's mingw-w64 ships two poclass.h: include/ddk/ (first on the DDK
 * include path, without the battery and thermal declarations that the WDK's
 * has) and include/ (with them). Drivers and mingw's own batclass.h want the
 * latter: reach it past the ddk folder.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __POCLASS_H
#define __POCLASS_H /* mingw's include/ddk/poclass.h guard: never read it */
#endif
#include <../poclass.h> /* from include/ddk/: include/poclass.h */
