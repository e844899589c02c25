/*===- test-driver.h - Driver-side declarations shared by the tests -------===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*/

#ifndef KMDF_CHECK_TEST_DRIVER_H
#define KMDF_CHECK_TEST_DRIVER_H

#include "kmdf.h"

typedef struct _DEVICE_CONTEXT {
  WDFINTERRUPT Interrupt;
  WDFINTERRUPT SecondInterrupt;
  WDFINTERRUPT Interrupts[4];
  ULONG Flags;
  ULONG Count;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, GetDeviceContext)

KMDF_BEGIN_DECLS
/* Driver functions whose bodies are in another translation unit. */
VOID DriverOpaqueUpdate(PDEVICE_CONTEXT Context);
VOID DriverOpaqueUseInterrupt(WDFINTERRUPT Interrupt);
VOID DriverOpaqueUpdateHandle(WDFINTERRUPT *Interrupt);
BOOLEAN DriverOpaqueCondition(VOID);
KMDF_END_DECLS

#endif /* KMDF_CHECK_TEST_DRIVER_H */
