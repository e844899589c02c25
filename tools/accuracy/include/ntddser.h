/*===- ntddser.h - tools/accuracy: the serial port name property ----------===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Includes mingw-w64's ntddser.h and declares the device interface property
 * that newer WDKs declare in it (documented: DEVPKEY_DeviceInterface_Serial_
 * PortName) and serial IOCTLs newer than mingw's. The key's GUID and the
 * IOCTL function numbers here are placeholders.
 *
 *===----------------------------------------------------------------------===*/

#include_next <ntddser.h>

#ifndef KMDFACC_NTDDSER_H
#define KMDFACC_NTDDSER_H
#include <devpropdef.h>
DEFINE_DEVPROPKEY(DEVPKEY_DeviceInterface_Serial_PortName, 0x4c6bf15c, 0x4c03, 0x4aac, 0x91,
                  0xf5, 0x64, 0xc0, 0xf8, 0x52, 0xbc, 0xf4, 4);
#define KMDFACC_SERIAL_IOCTL(n) CTL_CODE(FILE_DEVICE_SERIAL_PORT, (n), METHOD_BUFFERED, FILE_ANY_ACCESS)
#ifndef IOCTL_SERIAL_GET_COMMCONFIG
#define IOCTL_SERIAL_GET_COMMCONFIG KMDFACC_SERIAL_IOCTL(0x7e0)
#endif
#ifndef IOCTL_SERIAL_SET_COMMCONFIG
#define IOCTL_SERIAL_SET_COMMCONFIG KMDFACC_SERIAL_IOCTL(0x7e1)
#endif
#ifndef IOCTL_SERIAL_APPLY_DEFAULT_CONFIGURATION
#define IOCTL_SERIAL_APPLY_DEFAULT_CONFIGURATION KMDFACC_SERIAL_IOCTL(0x7e2)
#endif
#endif
