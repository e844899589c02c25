//===- Registration.h - Registering the kmdf checkers -----------*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_REGISTRATION_H
#define KMDF_CHECK_REGISTRATION_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace clang::ento {
class CheckerRegistry;
} // namespace clang::ento

namespace kmdf {

struct RuleInfo;

/// The package all kmdf-check checkers live in.
inline constexpr llvm::StringLiteral CheckerPackage = "kmdf";

/// Adds every kmdf checker and its options to \p Registry. The plugin entry
/// point and the kmdf-check tool both call this.
void registerCheckers(clang::ento::CheckerRegistry &Registry);

/// The address of the documentation page of a rule.
std::string ruleDocsUri(const RuleInfo &Rule);

} // namespace kmdf

#endif // KMDF_CHECK_REGISTRATION_H
