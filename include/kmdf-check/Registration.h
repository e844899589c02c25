//===- Registration.h - Registering the kmdf checkers -----------*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_REGISTRATION_H
#define KMDF_CHECK_REGISTRATION_H

#include "llvm/ADT/ArrayRef.h"
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

/// The remark the checkers give, in a cross-file analysis, once for each
/// function of another file whose calls were evaluated without its
/// definition (%0 the function, %1 why); kmdf-check recognizes it by this
/// text and reports it as a note of the file.
inline constexpr char CtuNotFollowedRemark[] =
    "kmdf-check: calls to %0 were not followed into the file that defines "
    "it: %1";

/// The address of the documentation page of a rule.
std::string ruleDocsUri(const RuleInfo &Rule);

/// The analyzer settings the kmdf checkers are meant to run with, as
/// clang -cc1 arguments: every function also analyzed on its own, so that a
/// defect in a helper is found even where its callers' paths run out of the
/// analyzer's budget before reaching it (-analyzer-inlining-mode=all), and
/// the code after a loop with a long constant trip count reached
/// (widen-loops). kmdf-check runs with them; docs/user-guide.md gives them
/// for clang --analyze and scan-build.
llvm::ArrayRef<llvm::StringRef> recommendedAnalyzerArguments();

} // namespace kmdf

#endif // KMDF_CHECK_REGISTRATION_H
