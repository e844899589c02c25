/*===- ws2def.h - tools/accuracy: ADDRESS_FAMILY for kernel code ----------===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * mingw-w64's ws2def.h is a stub; the WDK's declares ADDRESS_FAMILY (an
 * unsigned short) and the sockaddr basics that kernel socket code uses.
 *
 *===----------------------------------------------------------------------===*/

#include_next <ws2def.h>

#ifndef KMDFACC_WS2DEF_H
#define KMDFACC_WS2DEF_H
typedef USHORT ADDRESS_FAMILY;
#ifndef SOL_SOCKET
#define SOL_SOCKET 0xffff
#endif
#ifndef SO_TYPE
#define SO_TYPE 0x1008
#endif
/* Socket IOCTL codes. */
#ifndef IOCPARM_MASK
#define IOCPARM_MASK 0x7f
#define IOC_VOID 0x20000000
#define IOC_OUT 0x40000000
#define IOC_IN 0x80000000
#define IOC_INOUT (IOC_IN | IOC_OUT)
#define _IO(x, y) (IOC_VOID | ((x) << 8) | (y))
#define _IOR(x, y, t) (IOC_OUT | (((LONG)sizeof(t) & IOCPARM_MASK) << 16) | ((x) << 8) | (y))
#define _IOW(x, y, t) (IOC_IN | (((LONG)sizeof(t) & IOCPARM_MASK) << 16) | ((x) << 8) | (y))
#endif
#ifndef IOC_WS2
#define IOC_WS2 0x08000000
#define _WSAIO(x, y) (IOC_VOID | (x) | (y))
#define _WSAIOR(x, y) (IOC_OUT | (x) | (y))
#define _WSAIOW(x, y) (IOC_IN | (x) | (y))
#define _WSAIORW(x, y) (IOC_INOUT | (x) | (y))
#endif
#ifndef FIONREAD
#define FIONREAD _IOR('f', 127, ULONG)
#define FIONBIO _IOW('f', 126, ULONG)
#endif
#ifndef SIO_ADDRESS_LIST_QUERY
#define SIO_ADDRESS_LIST_QUERY _WSAIOR(IOC_WS2, 22)
#define SIO_ADDRESS_LIST_CHANGE _WSAIO(IOC_WS2, 23)
#endif
#ifndef SO_SNDTIMEO
#define SO_SNDTIMEO 0x1005
#define SO_RCVTIMEO 0x1006
#endif
#endif
