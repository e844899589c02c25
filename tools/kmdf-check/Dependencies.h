//===- Dependencies.h - The functions an analysis may enter ----*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The analyzer may inline, into the analysis of a top-level function, every
// function whose body it can reach from there. Their texts decide the
// analysis as much as the function's own, and so does what earlier analyses
// recorded about them (the analyzer's function summaries). This computes
// that set, generously: whatever a function names or calls implicitly, and
// so on through their bodies.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_DEPENDENCIES_H
#define KMDF_CHECK_TOOL_DEPENDENCIES_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <vector>

namespace clang {
class ASTContext;
class CXXMethodDecl;
class FunctionDecl;
} // namespace clang

namespace kmdf::tool {

class Dependencies {
public:
  explicit Dependencies(clang::ASTContext &Ctx);

  /// The functions the analysis of \p Root may enter, \p Root first: each
  /// as its declaration with a body, or its canonical one when it has none.
  /// They include every function named outside any function body (a
  /// table of callbacks in a constant the analyzer may read).
  std::vector<const clang::FunctionDecl *>
  closure(const clang::FunctionDecl *Root);

  /// The declaration of \p FD that has its body, or null.
  static const clang::FunctionDecl *bodyOf(const clang::FunctionDecl *FD);

private:
  using DeclSet = llvm::SmallPtrSet<const clang::FunctionDecl *, 8>;
  /// Canonical declarations that \p FD's body refers to, directly or
  /// implicitly.
  const std::vector<const clang::FunctionDecl *> &
  direct(const clang::FunctionDecl *Canonical);

  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::vector<const clang::FunctionDecl *>>
      Direct;
  llvm::DenseMap<const clang::CXXMethodDecl *,
                 std::vector<const clang::CXXMethodDecl *>>
      Overriders;
  std::vector<const clang::FunctionDecl *> Global;
};

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_DEPENDENCIES_H
