//===- LLVMCompat.h - The differences between supported LLVMs ---*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// kmdf-check builds against LLVM 19 and LLVM 22. Every API difference between
// the two lives here, so the checker, the tool and the tests read the same
// on both.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_LLVMCOMPAT_H
#define KMDF_CHECK_LLVMCOMPAT_H

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SValBuilder.h"
#include "clang/StaticAnalyzer/Frontend/AnalysisConsumer.h"

#include <memory>

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

/// Hands \p Consumer to \p Analysis, which owns it from then on (LLVM 19
/// takes a raw pointer and deletes it itself).
inline void addDiagnosticConsumer(
    clang::ento::AnalysisASTConsumer &Analysis,
    std::unique_ptr<clang::ento::PathDiagnosticConsumer> Consumer) {
#if CLANG_VERSION_MAJOR >= 22
  Analysis.AddDiagnosticConsumer(std::move(Consumer));
#else
  Analysis.AddDiagnosticConsumer(Consumer.release());
#endif
}

/// An AnalysisManager that reports to \p Consumer alone and owns it (LLVM 19
/// takes raw pointers and deletes them itself).
inline std::unique_ptr<clang::ento::AnalysisManager> makeAnalysisManager(
    clang::ASTContext &Ctx, clang::Preprocessor &PP,
    std::unique_ptr<clang::ento::PathDiagnosticConsumer> Consumer,
    clang::ento::StoreManagerCreator Store,
    clang::ento::ConstraintManagerCreator Constraints,
    clang::ento::CheckerManager &Checkers, clang::AnalyzerOptions &Opts) {
  clang::ento::PathDiagnosticConsumers Consumers;
#if CLANG_VERSION_MAJOR >= 22
  Consumers.push_back(std::move(Consumer));
  return std::make_unique<clang::ento::AnalysisManager>(
      Ctx, PP, std::move(Consumers), Store, Constraints, &Checkers, Opts);
#else
  Consumers.push_back(Consumer.release());
  return std::make_unique<clang::ento::AnalysisManager>(
      Ctx, PP, Consumers, Store, Constraints, &Checkers, Opts);
#endif
}

/// Registers the callbacks of a checker that reports nothing and has no
/// name, for the tool's own use (LLVM 22 names checkers as they are
/// enabled; LLVM 19 gives them the name being registered).
template <typename CHECKER>
CHECKER *registerUnnamedChecker(clang::ento::CheckerManager &Mgr) {
#if CLANG_VERSION_MAJOR >= 22
  return Mgr.getChecker<CHECKER>();
#else
  return Mgr.registerChecker<CHECKER>();
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

/// A diagnostics engine outside of a compilation, for reading the analyzer's
/// checker registry or parsing -cc1 arguments. By default it drops what it
/// is told; \p Client, when given, is owned by the engine. LLVM 19 shares the
/// DiagnosticOptions by reference count; LLVM 22 borrows them.
class QuietDiagnostics {
public:
#if CLANG_VERSION_MAJOR >= 22
  explicit QuietDiagnostics(
      clang::DiagnosticConsumer *Client = new clang::IgnoringDiagConsumer())
      : Engine(clang::DiagnosticIDs::create(), Opts, Client) {}
#else
  explicit QuietDiagnostics(
      clang::DiagnosticConsumer *Client = new clang::IgnoringDiagConsumer())
      : Engine(new clang::DiagnosticIDs(), new clang::DiagnosticOptions(),
               Client) {}
#endif
  clang::DiagnosticsEngine &get() { return Engine; }

private:
#if CLANG_VERSION_MAJOR >= 22
  clang::DiagnosticOptions Opts; // Outlives Engine, which refers to it.
#endif
  clang::DiagnosticsEngine Engine;
};

/// Gives \p CI the file system and diagnostics its invocation asks for, as
/// clang -cc1 does (LLVM 22 makes the file system a step of its own).
inline void createFileSystemAndDiagnostics(clang::CompilerInstance &CI) {
#if CLANG_VERSION_MAJOR >= 22
  CI.createVirtualFileSystem();
#endif
  CI.createDiagnostics();
}

} // namespace kmdf::compat

#endif // KMDF_CHECK_LLVMCOMPAT_H
