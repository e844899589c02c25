//===- AstHelpers.h - Building small ASTs for unit tests --------*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TEST_ASTHELPERS_H
#define KMDF_CHECK_TEST_ASTHELPERS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include <memory>
#include <string>
#include <vector>

namespace kmdf::test {

enum class Lang { C, CXX };

inline std::unique_ptr<clang::ASTUnit> parse(const std::string &Code, Lang L) {
  std::vector<std::string> Args = {L == Lang::C ? "-std=c11" : "-std=c++17",
                                   "-fsyntax-only"};
  return clang::tooling::buildASTFromCodeWithArgs(
      Code, Args, L == Lang::C ? "input.c" : "input.cpp");
}

/// The definition of the function named \p Name (qualified names work).
inline const clang::FunctionDecl *findDefinition(clang::ASTUnit &AST,
                                                 const std::string &Name) {
  using namespace clang::ast_matchers;
  auto Matches = match(functionDecl(hasName(Name), isDefinition()).bind("f"),
                       AST.getASTContext());
  if (Matches.empty())
    return nullptr;
  return Matches.front().getNodeAs<clang::FunctionDecl>("f");
}

} // namespace kmdf::test

#endif // KMDF_CHECK_TEST_ASTHELPERS_H
