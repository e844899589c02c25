/*===- wdm.h - tools/accuracy: newer DDIs on top of mingw-w64's wdm.h ------===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Debian's mingw-w64 DDK is older than the WDK the measured drivers are built
 * with. The accuracy harness puts this folder before mingw's on the include
 * path: this file includes mingw's wdm.h and then declares the newer DDIs
 * those drivers call, written for kmdf-check from Microsoft's public
 * documentation (learn.microsoft.com, "wdm.h"). Only what the corpus needs.
 *
 *===----------------------------------------------------------------------===*/

#include_next <wdm.h>

#ifndef KMDFACC_WDM_EXTRAS_H
#define KMDFACC_WDM_EXTRAS_H

#ifdef __cplusplus
extern "C" {
#endif

/* ExAllocatePool2 (Windows 10 2004). */
typedef ULONG64 POOL_FLAGS;
#define POOL_FLAG_USE_QUOTA 0x0000000000000001ULL
#define POOL_FLAG_UNINITIALIZED 0x0000000000000002ULL
#define POOL_FLAG_SESSION 0x0000000000000004ULL
#define POOL_FLAG_CACHE_ALIGNED 0x0000000000000008ULL
#define POOL_FLAG_RAISE_ON_FAILURE 0x0000000000000020ULL
#define POOL_FLAG_NON_PAGED 0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE 0x0000000000000080ULL
#define POOL_FLAG_PAGED 0x0000000000000100ULL
PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag);

/* ExInitializeDriverRuntime (Windows 8): opts the driver in to NX pool. */
#define DrvRtPoolNxOptIn 0x00000001
VOID ExInitializeDriverRuntime(ULONG RuntimeFlags);

#ifdef __cplusplus
}
#endif

#endif /* KMDFACC_WDM_EXTRAS_H */
