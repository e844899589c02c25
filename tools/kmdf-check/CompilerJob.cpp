//===- CompilerJob.cpp - One clang -cc1 job with the checkers linked in ---===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "CompilerJob.h"
#include "Analysis.h"

#include "kmdf-check/ToolCompat.h"

#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/TextDiagnosticBuffer.h"
#include "clang/StaticAnalyzer/Frontend/AnalysisConsumer.h"
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
  if (Clang->getFrontendOpts().ProgramAction != frontend::RunAnalysis) {
    llvm::errs() << "kmdf-check: error: -cc1 runs analyzer jobs only (add "
                    "-analyze)\n";
    return 1;
  }
  LinkedAnalysisAction Action;
  return Clang->ExecuteAction(Action) ? 0 : 1;
}

} // namespace kmdf::tool
