//===- CheckerRegistrationTest.cpp - The checker, registered in-process --===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Runs the analyzer on small programs with the checkers registered the way
// kmdf-check registers them (no plugin), to test registration and options.
//
//===----------------------------------------------------------------------===//

#include "kmdf-check/Registration.h"
#include "kmdf-check/ToolCompat.h"

#include "clang/Analysis/PathDiagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/StaticAnalyzer/Frontend/AnalysisConsumer.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <string>
#include <utility>
#include <vector>

using namespace clang;
using namespace clang::ento;

namespace {

/// Collects each report as "message | note | note ...".
class CollectingConsumer : public PathDiagnosticConsumer {
public:
  explicit CollectingConsumer(std::vector<std::string> &Out) : Out(Out) {}
  void FlushDiagnosticsImpl(std::vector<const PathDiagnostic *> &Diags,
                            FilesMade *) override {
    for (const PathDiagnostic *D : Diags) {
      std::string Line = D->getShortDescription().str();
      for (const auto &Piece : D->path.flatten(/*ShouldFlattenMacros=*/true))
        if (Piece->getKind() == PathDiagnosticPiece::Event)
          Line += " | " + Piece->getString().str();
      Out.push_back(Line);
    }
  }
  StringRef getName() const override { return "CollectingConsumer"; }
  PathGenerationScheme getGenerationScheme() const override {
    return Extensive;
  }

private:
  std::vector<std::string> &Out;
};

class AnalyzeAction : public ASTFrontendAction {
public:
  AnalyzeAction(std::vector<std::string> &Reports,
                std::vector<std::pair<std::string, std::string>> Config)
      : Reports(Reports), Config(std::move(Config)) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    AnalyzerOptions &Opts = CI.getAnalyzerOpts();
    Opts.CheckersAndPackages = {{"kmdf.WdfInterruptLock", true}};
    Opts.AnalysisDiagOpt = PD_NONE;
    for (const auto &[Key, Value] : Config)
      Opts.Config[Key] = Value;
    std::unique_ptr<AnalysisASTConsumer> Consumer = CreateAnalysisConsumer(CI);
    kmdf::compat::addDiagnosticConsumer(
        *Consumer, std::make_unique<CollectingConsumer>(Reports));
    Consumer->AddCheckerRegistrationFn(
        [](CheckerRegistry &Registry) { kmdf::registerCheckers(Registry); });
    return Consumer;
  }

private:
  std::vector<std::string> &Reports;
  std::vector<std::pair<std::string, std::string>> Config;
};

const char *const Prelude = R"(
  typedef struct WDFINTERRUPT__ *WDFINTERRUPT;
  typedef void *WDFOBJECT;
  typedef void EVT_WDF_INTERRUPT_DPC(WDFINTERRUPT Interrupt, WDFOBJECT Obj);
  typedef void EVT_MYCX_CONTROLLER_LOCK(WDFOBJECT Controller, WDFINTERRUPT I);
  void WdfInterruptAcquireLock(WDFINTERRUPT Interrupt);
  void WdfInterruptReleaseLock(WDFINTERRUPT Interrupt);
  void DriverHelper(WDFINTERRUPT Interrupt);
)";

std::vector<std::string>
analyze(const std::string &Code,
        std::vector<std::pair<std::string, std::string>> Config = {},
        bool *Ok = nullptr) {
  std::vector<std::string> Reports;
  bool Ran = tooling::runToolOnCodeWithArgs(
      std::make_unique<AnalyzeAction>(Reports, std::move(Config)),
      std::string(Prelude) + Code, {"-std=c11"}, "input.c");
  if (Ok)
    *Ok = Ran;
  return Reports;
}

TEST(CheckerRegistrationTest, ReportsDoubleAcquireWithNote) {
  auto Reports = analyze(R"(
    EVT_WDF_INTERRUPT_DPC Dpc;
    void Dpc(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
      WdfInterruptAcquireLock(Interrupt);
      WdfInterruptAcquireLock(Interrupt);
    }
  )");
  ASSERT_EQ(Reports.size(), 1u);
  EXPECT_EQ(Reports[0],
            "Interrupt lock of 'Interrupt' acquired while already held"
            " | Interrupt lock of 'Interrupt' acquired here"
            " | Interrupt lock of 'Interrupt' acquired while already held");
}

TEST(CheckerRegistrationTest, StrictKeepsJudgingAfterOpaqueCall) {
  const char *Code = R"(
    EVT_WDF_INTERRUPT_DPC Dpc;
    void Dpc(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
      WdfInterruptAcquireLock(Interrupt);
      DriverHelper(Interrupt);
    }
  )";
  EXPECT_TRUE(analyze(Code).empty());
  auto Strict = analyze(Code, {{"kmdf:Strict", "true"}});
  ASSERT_EQ(Strict.size(), 1u);
  EXPECT_EQ(Strict[0].substr(0, Strict[0].find(" | ")),
            "Interrupt lock of 'Interrupt' is still held at the end of "
            "callback 'Dpc'");
}

TEST(CheckerRegistrationTest, RolePrefixOptionAddsCallbacks) {
  const char *Code = R"(
    EVT_MYCX_CONTROLLER_LOCK Lock;
    void Lock(WDFOBJECT Controller, WDFINTERRUPT I) {
      WdfInterruptReleaseLock(I);
    }
  )";
  EXPECT_TRUE(analyze(Code).empty()) << "not a callback by default";
  auto Reports = analyze(Code, {{"kmdf:CallbackRolePrefixes", "EVT_MYCX_"}});
  ASSERT_EQ(Reports.size(), 1u);
  EXPECT_EQ(Reports[0], "Interrupt lock of 'I' released without being held"
                        " | Interrupt lock of 'I' released without being held");
}

} // namespace
