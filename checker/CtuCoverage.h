//===- CtuCoverage.h - Calls whole-driver analysis did not follow -*- C++ -*-//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// With cross-translation-unit analysis (kmdf-check --ctu, or the analyzer's
// experimental-enable-naive-ctu-analysis), a call into a function defined in
// another file is followed by importing its definition. When that fails, the
// analyzer evaluates the call as one into unknown code and says nothing: the
// importer does not support some statements (`__try` blocks, among others),
// and the analysis of one file loads at most ctu-import-threshold other
// files. The lock a helper takes is then unseen, as in a one-file analysis,
// and the user should know it.
//
// After a call the engine did not inline, CtuCoverage asks the analyzer's
// cross-file context once per function why it has no definition, and gives
// a remark (kmdf::CtuNotFollowedRemark) for the reasons that mean a
// definition exists but could not be used. A function that no other file
// defines (the WDK's) is no news and gets none. The lock model then stops
// assuming that a callback's untouched locks are not held on that path: the
// function may have taken one (LockModeling.cpp, CtuCallNotFollowed).
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_CTU_COVERAGE_H
#define KMDF_CHECK_CTU_COVERAGE_H

#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "llvm/ADT/DenseMap.h"

namespace kmdf {

class CtuCoverage {
public:
  /// Whether \p Call, evaluated without being inlined, calls a function
  /// that another file defines but the analysis could not follow into. The
  /// first time for a function, a remark says so.
  bool notFollowed(const clang::ento::CallEvent &Call,
                   clang::ento::CheckerContext &C);

private:
  /// The answers so far, by canonical declaration: one question and one
  /// remark a function in a translation unit.
  llvm::DenseMap<const clang::FunctionDecl *, bool> Answers;
};

} // namespace kmdf

#endif // KMDF_CHECK_CTU_COVERAGE_H
