//===- CompilerJob.cpp - One clang -cc1 job with the checkers linked in ---===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "CompilerJob.h"
#include "Analysis.h"

#include "kmdf-check/Registration.h"

#include "kmdf-check/ToolCompat.h"

#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/TextDiagnosticBuffer.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Frontend/AnalysisConsumer.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include "clang/StaticAnalyzer/Frontend/FrontendActions.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace kmdf::tool {
namespace {

/// clang's analysis action, with the kmdf checkers registered.
class LinkedAnalysisAction : public ento::AnalysisAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    return createLinkedAnalysisConsumer(CI);
  }
};

/// clang -cc1 answers -analyzer-list-enabled-checkers and its kin in
/// ExecuteCompilerInvocation, from a registry that knows only plugins; ours
/// has the linked checkers too. Returns false when no list was asked for.
bool printCheckerLists(CompilerInstance &Clang) {
  AnalyzerOptions &Opts = Clang.getAnalyzerOpts();
  if (!Opts.ShowEnabledCheckerList && !Opts.ShowCheckerHelp &&
      !Opts.ShowCheckerHelpAlpha && !Opts.ShowCheckerHelpDeveloper)
    return false;
  // The manager supplies the language options that decide which checkers
  // may run; the registry with our checkers is a second one beside it. The
  // manager's own registry knows no kmdf checker: its complaints about the
  // selection are not the user's.
  compat::QuietDiagnostics Quiet;
  ento::CheckerManager Manager(Opts, Clang.getLangOpts(), Quiet.get(), {});
  ento::CheckerRegistryData Data;
  ento::CheckerRegistry Registry(
      Data, {}, Clang.getDiagnostics(), Opts,
      {[](ento::CheckerRegistry &R) { kmdf::registerCheckers(R); }});
  Registry.initializeRegistry(Manager);
  if (Opts.ShowEnabledCheckerList)
    Data.printEnabledCheckerList(llvm::outs());
  else
    Data.printCheckerWithDescList(Opts, llvm::outs());
  return true;
}

} // namespace

int runCompilerJob(llvm::ArrayRef<const char *> Args, const char *Argv0) {
  auto Clang = std::make_unique<CompilerInstance>();
  // Argument errors wait until the real diagnostics exist, as in clang.
  auto *ArgumentDiags = new TextDiagnosticBuffer();
  compat::QuietDiagnostics ParseDiags(ArgumentDiags);
  bool Parsed = CompilerInvocation::CreateFromArgs(Clang->getInvocation(), Args,
                                                   ParseDiags.get(), Argv0);
  HeaderSearchOptions &Search = Clang->getHeaderSearchOpts();
  if (Search.UseBuiltinIncludes && Search.ResourceDir.empty())
    Search.ResourceDir = KMDF_CLANG_RESOURCE_DIR;

  compat::createFileSystemAndDiagnostics(*Clang);
  ArgumentDiags->FlushDiagnostics(Clang->getDiagnostics());
  if (!Parsed)
    return 1;
  if (printCheckerLists(*Clang))
    return 0;
  if (Clang->getFrontendOpts().ProgramAction != frontend::RunAnalysis) {
    llvm::errs() << "kmdf-check: error: -cc1 runs analyzer jobs only (add "
                    "-analyze)\n";
    return 1;
  }
  LinkedAnalysisAction Action;
  return Clang->ExecuteAction(Action) ? 0 : 1;
}

} // namespace kmdf::tool
