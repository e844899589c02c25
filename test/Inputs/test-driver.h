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
  /* The sibling locks, each family twice and in an array. */
  WDFSPINLOCK SpinLock;
  WDFSPINLOCK SecondSpinLock;
  WDFSPINLOCK SpinLocks[4];
  WDFWAITLOCK WaitLock;
  WDFWAITLOCK SecondWaitLock;
  KSPIN_LOCK KeLock;
  KSPIN_LOCK SecondKeLock;
  KSPIN_LOCK KeLocks[4];
  WDFIOTARGET IoTarget;
  BOOLEAN UseInterruptMode;
  BOOLEAN SecondMode;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, GetDeviceContext)

KMDF_BEGIN_DECLS
/* Driver functions whose bodies are in another translation unit. */
VOID DriverOpaqueUpdate(PDEVICE_CONTEXT Context);
VOID DriverOpaqueUseInterrupt(WDFINTERRUPT Interrupt);
VOID DriverOpaqueUpdateHandle(WDFINTERRUPT *Interrupt);
BOOLEAN DriverOpaqueCondition(VOID);
VOID DriverOpaqueUseSpinLock(WDFSPINLOCK SpinLock);
VOID DriverOpaqueUseKeLock(PKSPIN_LOCK SpinLock);
/* Driver helpers named like kernel components: the driver's, not the
 * kernel's, so they may take or release what they receive. */
VOID IoDriverReleaseHelper(WDFINTERRUPT Interrupt);
VOID HidDriverReleaseHelper(WDFSPINLOCK SpinLock);
KMDF_END_DECLS

#endif /* KMDF_CHECK_TEST_DRIVER_H */
