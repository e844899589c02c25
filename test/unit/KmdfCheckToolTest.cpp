//===- KmdfCheckToolTest.cpp - The analysis library of kmdf-check --------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The pieces of kmdf-check that other front ends (the language server) reuse:
// analyzing a buffer that is not on disk, the --checks language, paths and
// fingerprints.
//
//===----------------------------------------------------------------------===//

#include "Analysis.h"
#include "CheckCatalog.h"
#include "Output.h"

#include "kmdf-check/ApiModel.h"
#include "kmdf-check/Registration.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace kmdf::tool;

namespace {

const char *const Prelude = R"(typedef struct WDFINTERRUPT__ *WDFINTERRUPT;
typedef void *WDFOBJECT;
typedef void EVT_WDF_INTERRUPT_DPC(WDFINTERRUPT Interrupt, WDFOBJECT Obj);
void WdfInterruptAcquireLock(WDFINTERRUPT Interrupt);
void WdfInterruptReleaseLock(WDFINTERRUPT Interrupt);
EVT_WDF_INTERRUPT_DPC Dpc;
)";

/// The callback Dpc with \p Body; after the prelude, its body starts on
/// line 8 of the buffer.
std::string dpc(const std::string &Body) {
  return "void Dpc(WDFINTERRUPT I, WDFOBJECT O) {\n" + Body + "}\n";
}

/// A folder with dpc.c on disk, a clean file; tests analyze other contents
/// for it from memory, the way an editor's unsaved buffer is analyzed.
class EditorFolder {
public:
  EditorFolder() {
    llvm::SmallString<128> Dir;
    if (!llvm::sys::fs::createUniqueDirectory("kmdf-check-editor", Dir))
      Path = std::string(Dir);
    std::error_code EC;
    llvm::raw_fd_ostream OS(file(), EC);
    OS << Prelude << "void Dpc(WDFINTERRUPT I, WDFOBJECT O) {}\n";
  }
  ~EditorFolder() {
    llvm::sys::fs::remove(file());
    llvm::sys::fs::remove(Path);
  }
  std::string file() const { return Path + "/dpc.c"; }

  std::string Path;
};

FileResult
analyzeBuffer(const std::string &Code,
              std::vector<std::pair<std::string, std::string>> Config = {}) {
  EditorFolder Folder;
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Memory->addFile(Folder.file(), 0,
                  llvm::MemoryBuffer::getMemBufferCopy(Prelude + Code));
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::createPhysicalFileSystem());
  FS->pushOverlay(Memory);
  clang::tooling::FixedCompilationDatabase Database(
      Folder.Path, std::vector<std::string>{"-std=c11"});
  AnalysisOptions Options;
  Options.Checkers = {"kmdf.WdfInterruptLock"};
  Options.Config = std::move(Config);
  FileResult R = analyzeFile(Database, Folder.file(), Options, FS);
  // Tests compare positions without the folder, which differs each time.
  auto Strip = [&Folder](std::string &File) {
    if (llvm::StringRef(File).starts_with(Folder.Path))
      File = "<dir>" + File.substr(Folder.Path.size());
  };
  for (Finding &F : R.Findings) {
    Strip(F.Position.File);
    for (PathNote &N : F.Path)
      Strip(N.Position.File);
  }
  for (AnalysisError &E : R.Errors)
    Strip(E.Position.File);
  return R;
}

TEST(AnalyzeFileTest, FindsBugInUnsavedBuffer) {
  FileResult R =
      analyzeBuffer(dpc("  WdfInterruptAcquireLock(I);\n"
                        "  /* \xC3\xA9 */ WdfInterruptAcquireLock(I);\n"));
  ASSERT_FALSE(R.failed());
  ASSERT_EQ(R.Findings.size(), 1u);
  const Finding &F = R.Findings[0];
  EXPECT_EQ(F.CheckName, "kmdf.WdfInterruptLock");
  EXPECT_EQ(F.Message, "Interrupt lock of 'I' acquired while already held");
  EXPECT_EQ(F.Position.File, "<dir>/dpc.c");
  EXPECT_EQ(F.Position.Line, 9u);
  // "/* é */ " is 9 bytes but 8 UTF-16 code units.
  EXPECT_EQ(F.Position.Column, 12u);
  EXPECT_EQ(F.Position.Utf16Column, 11u);
  EXPECT_EQ(F.Function, "Dpc");
  EXPECT_EQ(F.LineText, "  /* \xC3\xA9 */ WdfInterruptAcquireLock(I);");
  ASSERT_EQ(F.Path.size(), 2u);
  EXPECT_EQ(F.Path[0].Message, "Interrupt lock of 'I' acquired here");
  EXPECT_EQ(F.Path[0].Position.Line, 8u);
  EXPECT_EQ(F.Path[0].Position.Column, 3u);
  EXPECT_EQ(F.Path[1].Message, F.Message);
}

// Findings alike in everything their fingerprint hashes but the line number
// are numbered in position order, by the analysis of their file.
TEST(AnalyzeFileTest, NumbersAlikeFindings) {
  FileResult R = analyzeBuffer(dpc("  if (O) {\n"
                                   "    WdfInterruptReleaseLock(I);\n"
                                   "  } else {\n"
                                   "    WdfInterruptReleaseLock(I);\n"
                                   "  }\n"
                                   "  WdfInterruptAcquireLock(I);\n"
                                   "  WdfInterruptReleaseLock(I);\n"));
  ASSERT_FALSE(R.failed());
  ASSERT_EQ(R.Findings.size(), 2u);
  EXPECT_EQ(R.Findings[0].Position.Line, 9u);
  EXPECT_EQ(R.Findings[0].Ordinal, 0u);
  EXPECT_EQ(R.Findings[1].Position.Line, 11u);
  EXPECT_EQ(R.Findings[1].Ordinal, 1u);
  EXPECT_NE(fingerprint(R.Findings[0], "<dir>"),
            fingerprint(R.Findings[1], "<dir>"));
}

TEST(AnalyzeFileTest, CleanBufferHasNoFindings) {
  FileResult R = analyzeBuffer(dpc("  WdfInterruptAcquireLock(I);\n"
                                   "  WdfInterruptReleaseLock(I);\n"));
  EXPECT_FALSE(R.failed());
  EXPECT_TRUE(R.Findings.empty());
}

TEST(AnalyzeFileTest, ReportsCompileErrorWithPosition) {
  FileResult R = analyzeBuffer(dpc("  WdfInterruptAcquireLock(I)\n"));
  ASSERT_EQ(R.Errors.size(), 1u);
  EXPECT_EQ(R.Errors[0].Message, "expected ';' after expression");
  EXPECT_EQ(R.Errors[0].Position.File, "<dir>/dpc.c");
  EXPECT_EQ(R.Errors[0].Position.Line, 8u);
  EXPECT_EQ(R.Errors[0].Position.Column, 29u);
  EXPECT_TRUE(R.Findings.empty());
}

TEST(AnalyzeFileTest, FileWithoutCommandIsAnError) {
  std::string Error;
  auto Empty = clang::tooling::JSONCompilationDatabase::loadFromBuffer(
      "[]", Error, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  ASSERT_TRUE(Empty) << Error;
  FileResult R = analyzeFile(*Empty, "/nowhere/a.c", AnalysisOptions());
  ASSERT_EQ(R.Errors.size(), 1u);
  EXPECT_EQ(R.Errors[0].Message,
            "no compile command for it in the compilation database");
  EXPECT_TRUE(R.Errors[0].Position.File.empty());
}

TEST(ValidateOptionsTest, AcceptsKnownOptions) {
  AnalysisOptions Options;
  Options.Checkers = {"kmdf.WdfInterruptLock", "core.DivideZero"};
  Options.Config = {{"kmdf:Strict", "true"},
                    {"kmdf:CallbackRolePrefixes", "EVT_SPB_"}};
  EXPECT_TRUE(validateOptions(Options).empty());
}

TEST(ValidateOptionsTest, RejectsMisspelledOptionAndBadValue) {
  AnalysisOptions Options;
  Options.Checkers = {"kmdf.WdfInterruptLock"};
  Options.Config = {{"kmdf.WdfInterruptLock:Strickt", "true"}};
  std::vector<AnalysisError> Errors = validateOptions(Options);
  ASSERT_EQ(Errors.size(), 1u);
  EXPECT_EQ(Errors[0].Message,
            "checker 'kmdf.WdfInterruptLock' has no option called 'Strickt'");

  Options.Config = {{"kmdf:Strict", "1"}};
  Errors = validateOptions(Options);
  ASSERT_EQ(Errors.size(), 1u);
  EXPECT_EQ(Errors[0].Message,
            "invalid input for checker option 'kmdf:Strict', "
            "that expects a boolean value");
}

TEST(ValidateOptionsTest, StrictOptionReachesTheChecker) {
  std::string Code =
      "void Opaque(WDFINTERRUPT I);\n" + dpc("  WdfInterruptAcquireLock(I);\n"
                                             "  Opaque(I);\n");
  EXPECT_TRUE(analyzeBuffer(Code).Findings.empty());
  FileResult Strict = analyzeBuffer(Code, {{"kmdf:Strict", "true"}});
  ASSERT_EQ(Strict.Findings.size(), 1u);
  EXPECT_EQ(Strict.Findings[0].Message,
            "Interrupt lock of 'I' is still held at the end of callback 'Dpc'");
}

std::vector<std::string> select(llvm::StringRef Patterns) {
  llvm::Expected<std::vector<std::string>> Names =
      selectChecks(availableChecks(), Patterns);
  if (!Names)
    return {"error: " + llvm::toString(Names.takeError())};
  return *Names;
}

TEST(SelectChecksTest, GlobsApplyInOrder) {
  EXPECT_EQ(select("kmdf.*"),
            (std::vector<std::string>{"kmdf.ReqSendWhileSpinlock",
                                      "kmdf.Spinlock", "kmdf.WdfInterruptLock",
                                      "kmdf.WdfSpinlock", "kmdf.WdfWaitlock"}));
  EXPECT_EQ(select("kmdf.WdfSpinlock"),
            std::vector<std::string>{"kmdf.WdfSpinlock"});
  EXPECT_EQ(select("kmdf.*,-kmdf.*,core.DivideZero"),
            std::vector<std::string>{"core.DivideZero"});
  std::vector<std::string> Core = select("core.*,-core.DivideZero");
  EXPECT_TRUE(llvm::is_contained(Core, "core.NullDereference"));
  EXPECT_FALSE(llvm::is_contained(Core, "core.DivideZero"));
  EXPECT_TRUE(std::is_sorted(Core.begin(), Core.end()));
}

TEST(SelectChecksTest, RejectsUnknownAndEmptySelections) {
  EXPECT_EQ(select("kmdf.*,nosuch.*"),
            std::vector<std::string>{
                "error: unknown check 'nosuch.*': no check matches it "
                "(kmdf-check --checks='*' --list-checks lists them all)"});
  EXPECT_EQ(select("kmdf.*,-kmdf.*"),
            std::vector<std::string>{
                "error: no checks enabled by --checks='kmdf.*,-kmdf.*'"});
}

TEST(CheckCatalogTest, ListsUserChecksOnly) {
  std::vector<CheckInfo> Checks = availableChecks();
  EXPECT_NE(findCheck(Checks, "core.DivideZero"), nullptr);
  // Hidden modeling checkers and debug dumps are not checks.
  EXPECT_EQ(findCheck(Checks, "unix.DynamicMemoryModeling"), nullptr);
  EXPECT_EQ(findCheck(Checks, "debug.DumpCFG"), nullptr);
}

TEST(CheckCatalogTest, KmdfRuleMetadataComesFromTheModel) {
  std::vector<CheckInfo> Checks = availableChecks();
  const CheckInfo *Check = findCheck(Checks, "kmdf.WdfInterruptLock");
  ASSERT_NE(Check, nullptr);
  const kmdf::RuleInfo &Info = kmdf::ruleInfo(kmdf::Rule::WdfInterruptLock);
  EXPECT_EQ(Check->Description, Info.Description);
  EXPECT_EQ(Check->DocsUri, kmdf::ruleDocsUri(Info));
  for (const kmdf::LockFunction &F : kmdf::lockFunctions()) {
    bool OfTheRule = F.Family == kmdf::LockFamily::Interrupt;
    EXPECT_EQ(Check->HelpMarkdown.find("`" + F.Name.str() + "`") !=
                  std::string::npos,
              OfTheRule)
        << F.Name.str();
  }
  // The options are the kmdf package's, shared by every rule.
  ASSERT_EQ(Check->Options.size(), 2u);
  EXPECT_EQ(Check->Options[0].Scope, "kmdf");
  EXPECT_EQ(Check->Options[0].Name, "Strict");
  EXPECT_EQ(Check->Options[0].Type, "bool");
  EXPECT_EQ(Check->Options[1].Scope, "kmdf");
  EXPECT_EQ(Check->Options[1].Name, "CallbackRolePrefixes");
}

TEST(CheckCatalogTest, EveryRuleIsACheckAndTheModelIsHidden) {
  std::vector<CheckInfo> Checks = availableChecks();
  for (const kmdf::RuleInfo &Rule : kmdf::rules()) {
    const CheckInfo *Check = findCheck(Checks, Rule.CheckerName);
    ASSERT_NE(Check, nullptr) << Rule.CheckerName.str();
    EXPECT_EQ(Check->DocsUri, kmdf::ruleDocsUri(Rule));
    EXPECT_NE(Check->HelpText.find(Rule.RuleName.str()), std::string::npos);
  }
  EXPECT_EQ(findCheck(Checks, "kmdf.LockModeling"), nullptr);
  const CheckInfo *Send = findCheck(Checks, "kmdf.ReqSendWhileSpinlock");
  EXPECT_NE(Send->HelpMarkdown.find("`WdfRequestSend`"), std::string::npos);
  EXPECT_NE(Send->HelpMarkdown.find("`KSPIN_LOCK`"), std::string::npos);
  EXPECT_EQ(Send->HelpMarkdown.find("`WDFWAITLOCK`"), std::string::npos);
}

TEST(DisplayPathTest, RelativeOnlyBelowBase) {
  EXPECT_EQ(displayPath("/src/drv/isr.c", "/src"), "drv/isr.c");
  EXPECT_EQ(displayPath("/src/drv/isr.c", "/src/"), "drv/isr.c");
  EXPECT_EQ(displayPath("/srcx/isr.c", "/src"), "/srcx/isr.c");
  EXPECT_EQ(displayPath("/other/isr.c", "/src"), "/other/isr.c");
}

Finding sampleFinding() {
  Finding F;
  F.CheckName = "kmdf.WdfInterruptLock";
  F.Message = "Interrupt lock of 'I' released without being held";
  F.Position = {"/src/drv/isr.c", 40, 3, 3};
  F.Function = "Dpc";
  F.LineText = "  WdfInterruptReleaseLock(I);";
  return F;
}

TEST(FingerprintTest, IgnoresLineNumberIndentAndTreeLocation) {
  Finding F = sampleFinding();
  std::string Print = fingerprint(F, "/src");
  EXPECT_EQ(Print.size(), 32u);
  Finding Moved = F;
  Moved.Position = {"/home/ci/src/drv/isr.c", 52, 7, 7};
  Moved.LineText = "      WdfInterruptReleaseLock( I );";
  EXPECT_EQ(fingerprint(Moved, "/home/ci/src"), Print);
}

TEST(FingerprintTest, ChangesWithWhatTheFindingIs) {
  Finding F = sampleFinding();
  std::string Print = fingerprint(F, "/src");
  Finding Other = F;
  Other.Ordinal = 1;
  EXPECT_NE(fingerprint(Other, "/src"), Print);
  Other = F;
  Other.Message = "Interrupt lock of 'J' released without being held";
  EXPECT_NE(fingerprint(Other, "/src"), Print);
  Other = F;
  Other.Function = "OtherDpc";
  EXPECT_NE(fingerprint(Other, "/src"), Print);
  Other = F;
  Other.LineText = "  WdfInterruptReleaseLock(J);";
  EXPECT_NE(fingerprint(Other, "/src"), Print);
  Other = F;
  Other.Position.File = "/src/drv/dpc.c";
  EXPECT_NE(fingerprint(Other, "/src"), Print);
  Other = F;
  Other.CheckName = "kmdf.WdfSpinLock";
  EXPECT_NE(fingerprint(Other, "/src"), Print);
}

} // namespace
