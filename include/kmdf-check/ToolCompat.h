//===- ToolCompat.h - LLVM differences the tool meets -----------*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// kmdf-check builds against LLVM 19 and LLVM 22. Every API difference that
// the kmdf-check tool and the tests meet outside the checkers lives here;
// the checkers' own are in CheckerCompat.h.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOLCOMPAT_H
#define KMDF_CHECK_TOOLCOMPAT_H

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"
#include "clang/StaticAnalyzer/Frontend/AnalysisConsumer.h"

#include <memory>

#if CLANG_VERSION_MAJOR != 19 && CLANG_VERSION_MAJOR != 22
#error "kmdf-check supports LLVM 19 and LLVM 22"
#endif

namespace kmdf::compat {

/// LLVM 22's analyzer keeps its per-entry-point statistics in one registry
/// for the whole process (EntryPointStat), without a lock: the analysis
/// consumer's constructor writes it, each analyzed function appends to it,
/// and each ASTContext's end clears it. Two files analyzed at once in one
/// process corrupt the heap there.
constexpr bool AnalyzerStateIsProcessWide = CLANG_VERSION_MAJOR >= 22;

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

#endif // KMDF_CHECK_TOOLCOMPAT_H
