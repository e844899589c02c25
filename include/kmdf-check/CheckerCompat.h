//===- CheckerCompat.h - LLVM differences the checkers meet -----*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// kmdf-check builds against LLVM 19 and LLVM 22. Every analyzer API
// difference that the checkers meet lives here; the tool's own differences
// (diagnostics engines, consumers) are in ToolCompat.h.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_CHECKERCOMPAT_H
#define KMDF_CHECK_CHECKERCOMPAT_H

#include "clang/Basic/Version.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ExprEngine.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SValBuilder.h"

#if CLANG_VERSION_MAJOR != 19 && CLANG_VERSION_MAJOR != 22
#error "kmdf-check supports LLVM 19 and LLVM 22"
#endif

namespace kmdf::compat {

/// A fresh symbol of type \p T for the value that \p Call returns.
inline clang::ento::DefinedOrUnknownSVal
conjureReturnValue(const clang::ento::CallEvent &Call,
                   clang::ento::CheckerContext &C, clang::QualType T,
                   const void *Tag) {
#if CLANG_VERSION_MAJOR >= 22
  return C.getSValBuilder().conjureSymbolVal(Call, T, C.blockCount(), Tag);
#else
  return C.getSValBuilder().conjureSymbolVal(
      Tag, Call.getOriginExpr(), C.getLocationContext(), T, C.blockCount());
#endif
}

/// The symbol for the value that region \p R held when analysis began.
inline clang::ento::SymbolRef
regionValueSymbol(clang::ento::SymbolManager &Syms,
                  const clang::ento::TypedValueRegion *R) {
#if CLANG_VERSION_MAJOR >= 22
  return Syms.acquire<clang::ento::SymbolRegionValue>(R);
#else
  return Syms.getRegionValueSymbol(R);
#endif
}

/// The tags of the two nodes by which the engine splits a path on a
/// comparison as soon as it evaluates it (eagerly-assume): true, false.
inline std::pair<const clang::ProgramPointTag *, const clang::ProgramPointTag *>
eagerlyAssumeTags() {
#if CLANG_VERSION_MAJOR >= 22
  return clang::ento::ExprEngine::getEagerlyAssumeBifurcationTags();
#else
  return clang::ento::ExprEngine::geteagerlyAssumeBinOpBifurcationTags();
#endif
}

/// check::Bind's callback, whose signature LLVM 22 extended: a checker
/// derives from BindCallback<Self> and implements
/// `void onBind(SVal Location, SVal Value, CheckerContext &C) const`.
template <typename Self> class BindCallback {
public:
#if CLANG_VERSION_MAJOR >= 22
  void checkBind(clang::ento::SVal Location, clang::ento::SVal Value,
                 const clang::Stmt *, bool /*AtDeclInit*/,
                 clang::ento::CheckerContext &C) const {
    static_cast<const Self *>(this)->onBind(Location, Value, C);
  }
#else
  void checkBind(clang::ento::SVal Location, clang::ento::SVal Value,
                 const clang::Stmt *, clang::ento::CheckerContext &C) const {
    static_cast<const Self *>(this)->onBind(Location, Value, C);
  }
#endif
};

} // namespace kmdf::compat

#endif // KMDF_CHECK_CHECKERCOMPAT_H
