/*===- ntstrsafe.h - tools/accuracy: UNICODE_STRING functions on top ------===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Includes mingw-w64's ntstrsafe.h, which has no UNICODE_STRING functions,
 * and declares those the measured drivers call, from Microsoft's public
 * documentation of "ntstrsafe.h". Declarations only.
 *
 *===----------------------------------------------------------------------===*/

#include_next <ntstrsafe.h>

#ifndef KMDFACC_NTSTRSAFE_H
#define KMDFACC_NTSTRSAFE_H

#ifdef __cplusplus
extern "C" {
#endif

NTSTATUS RtlUnicodeStringInit(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc);
NTSTATUS RtlUnicodeStringInitEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
                                ULONG dwFlags);
NTSTATUS RtlUnicodeStringValidate(PCUNICODE_STRING SourceString);
NTSTATUS RtlUnicodeStringCopy(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString);
NTSTATUS RtlUnicodeStringCopyString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc);
NTSTATUS RtlUnicodeStringCat(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString);
NTSTATUS RtlUnicodeStringCatString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc);
NTSTATUS RtlUnicodeStringPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat,
                                ...);
NTSTATUS RtlUnicodeStringCbCopyStringN(PUNICODE_STRING DestinationString,
                                       NTSTRSAFE_PCWSTR pszSrc, size_t cbToCopy);
NTSTATUS RtlUnicodeStringCchCopyStringN(PUNICODE_STRING DestinationString,
                                        NTSTRSAFE_PCWSTR pszSrc, size_t cchToCopy);

#ifdef __cplusplus
}
#endif

#endif /* KMDFACC_NTSTRSAFE_H */
