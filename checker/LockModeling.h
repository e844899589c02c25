//===- LockModeling.h - Registration of the lock model and rules -*- C++
//-*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_LOCKMODELING_H
#define KMDF_CHECK_LOCKMODELING_H

#include "llvm/ADT/StringRef.h"

namespace clang::ento {
class CheckerManager;
} // namespace clang::ento

namespace kmdf {

/// The hidden checker that owns the lock state; every rule depends on it.
inline constexpr llvm::StringLiteral ModelingCheckerName = "kmdf.LockModeling";

/// Registers kmdf.LockModeling and reads the kmdf package's options.
void registerLockModeling(clang::ento::CheckerManager &Mgr);
bool shouldRegisterLockModeling(const clang::ento::CheckerManager &Mgr);

/// Registers the rule whose checker is being registered (any of rules()).
void registerRule(clang::ento::CheckerManager &Mgr);
bool shouldRegisterRule(const clang::ento::CheckerManager &Mgr);

} // namespace kmdf

#endif // KMDF_CHECK_LOCKMODELING_H
