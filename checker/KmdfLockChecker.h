//===- KmdfLockChecker.h - Registration of the lock checker -----*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_KMDFLOCKCHECKER_H
#define KMDF_CHECK_KMDFLOCKCHECKER_H

namespace clang::ento {
class CheckerManager;
} // namespace clang::ento

namespace kmdf {

/// Registers kmdf.WdfInterruptLock and reads its options.
void registerInterruptLockChecker(clang::ento::CheckerManager &Mgr);
bool shouldRegisterInterruptLockChecker(const clang::ento::CheckerManager &Mgr);

} // namespace kmdf

#endif // KMDF_CHECK_KMDFLOCKCHECKER_H
