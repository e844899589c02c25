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
class Type;
class VarDecl;
} // namespace clang

namespace kmdf::tool {

/// What one piece of code refers to.
struct References {
  /// Called by name, or implicitly (constructors, destructors, operators,
  /// overriders of a method called).
  std::vector<const clang::FunctionDecl *> Called;
  /// Named without being called, an address taken, and used with the
  /// function's own type.
  std::vector<const clang::FunctionDecl *> AddressTaken;
  /// An address taken and converted to another type.
  std::vector<const clang::FunctionDecl *> AddressConverted;
  /// The function types (canonical) it calls through pointers the analysis
  /// may know.
  std::vector<const clang::Type *> PointerCallTypes;
  /// Whether it calls through a pointer converted from another type, or
  /// through a pointer to member.
  bool CallsThroughAnyPointer = false;
};

class Dependencies {
public:
  explicit Dependencies(clang::ASTContext &Ctx);

  /// The functions the analysis of \p Root may enter, \p Root first: each
  /// as its declaration with a body, or its canonical one when it has none.
  /// They are those it calls, and so on through their bodies; every
  /// function named outside any function body (a table of callbacks in a
  /// constant the analyzer may read); and, once one of them calls through a
  /// pointer of its type, every function whose address one of them takes.
  std::vector<const clang::FunctionDecl *>
  closure(const clang::FunctionDecl *Root);

  /// The declaration of \p FD that has its body, or null.
  static const clang::FunctionDecl *bodyOf(const clang::FunctionDecl *FD);

  /// Global tables of function pointers that the analysis can only read as
  /// unknown values: no initializer, and named only to call through one of
  /// their elements (the WDK's WdfFunctions).
  using TableSet = llvm::SmallPtrSet<const clang::VarDecl *, 4>;

private:
  /// What \p FD's body refers to, directly or implicitly (canonical
  /// declarations).
  const References &direct(const clang::FunctionDecl *Canonical);

  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::FunctionDecl *, References> Direct;
  TableSet OpaqueTables;
  llvm::DenseMap<const clang::CXXMethodDecl *,
                 std::vector<const clang::CXXMethodDecl *>>
      Overriders;
  std::vector<const clang::FunctionDecl *> Global;
};

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_DEPENDENCIES_H
