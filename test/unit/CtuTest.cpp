//===- CtuTest.cpp - Whole-driver analysis in the kmdf-check library -----===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The CTU part of the library, as the language server uses it: building the
// index of a database, analyzing a file with it, and the fall-back when the
// file an index points at does not parse.
//
//===----------------------------------------------------------------------===//

#include "Ctu.h"
#include "Analysis.h"
#include "Output.h"
#include "Runner.h"
#include "kmdf-check/ToolCompat.h"

#include "clang/CrossTU/CrossTranslationUnit.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace kmdf::tool;
namespace fs = llvm::sys::fs;

namespace {

const char *const Header = R"(typedef struct WDFINTERRUPT__ *WDFINTERRUPT;
typedef void *WDFOBJECT;
typedef void EVT_WDF_INTERRUPT_DPC(WDFINTERRUPT Interrupt, WDFOBJECT Obj);
void WdfInterruptAcquireLock(WDFINTERRUPT Interrupt);
void WdfInterruptReleaseLock(WDFINTERRUPT Interrupt);
typedef struct { WDFINTERRUPT Interrupt; } CONTEXT;
void Lock(CONTEXT *C);
)";

const char *const Helper = R"(#include "drv.h"
void Lock(CONTEXT *C) { WdfInterruptAcquireLock(C->Interrupt); }
)";

/// DpcA and DpcB acquire twice through Lock (seen with CTU only); DpcC has
/// a defect of its own.
const char *const Callbacks = R"(#include "drv.h"
EVT_WDF_INTERRUPT_DPC DpcA;
EVT_WDF_INTERRUPT_DPC DpcB;
EVT_WDF_INTERRUPT_DPC DpcC;
void DpcA(WDFINTERRUPT I, WDFOBJECT O) {
  CONTEXT *C = (CONTEXT *)O;
  Lock(C);
  Lock(C);
}
void DpcB(WDFINTERRUPT I, WDFOBJECT O) {
  CONTEXT *C = (CONTEXT *)O;
  WdfInterruptAcquireLock(C->Interrupt);
  Lock(C);
  WdfInterruptReleaseLock(C->Interrupt);
}
void DpcC(WDFINTERRUPT I, WDFOBJECT O) {
  WdfInterruptReleaseLock(((CONTEXT *)O)->Interrupt);
}
)";

/// A driver in a temporary folder: its files and compile_commands.json.
class Driver {
public:
  Driver() {
    llvm::SmallString<128> Prefix, Dir;
    llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, Prefix);
    llvm::sys::path::append(Prefix, "kmdf-check-ctu-test");
    EXPECT_FALSE(fs::createUniqueDirectory(Prefix, Dir));
    Path = std::string(Dir);
  }
  ~Driver() { fs::remove_directories(Path); }

  std::string file(llvm::StringRef Name) const {
    return (Path + "/" + Name).str();
  }
  void write(llvm::StringRef Name, llvm::StringRef Text) const {
    std::error_code EC;
    llvm::raw_fd_ostream OS(file(Name), EC);
    ASSERT_FALSE(EC);
    OS << Text;
  }
  /// Writes the database: each source with its extra arguments.
  std::unique_ptr<clang::tooling::CompilationDatabase>
  database(std::vector<std::pair<std::string, std::string>> Sources) const {
    std::string Json = "[";
    for (const auto &[Name, Args] : Sources)
      Json += std::string(Json.size() > 1 ? "," : "") + "{\"directory\":\"" +
              Path + "\",\"file\":\"" + Name + "\",\"command\":\"clang " +
              Args + " -c " + Name + "\"}";
    write("compile_commands.json", Json + "]");
    std::string Error;
    auto DB = clang::tooling::JSONCompilationDatabase::loadFromFile(
        file("compile_commands.json"), Error,
        clang::tooling::JSONCommandLineSyntax::Gnu);
    EXPECT_TRUE(DB) << Error;
    return DB;
  }

  std::string Path;
};

AnalysisOptions kmdfOptions() {
  AnalysisOptions Options;
  Options.Checkers = {"kmdf.WdfInterruptLock"};
  Options.Modeling = {"core"};
  return Options;
}

std::shared_ptr<const CtuIndex>
build(const Driver &D, const clang::tooling::CompilationDatabase &DB,
      CtuIndexReport *Report = nullptr) {
  CtuIndexOptions IndexOptions;
  IndexOptions.CacheDir = D.file("cache");
  llvm::Expected<std::shared_ptr<const CtuIndex>> Index =
      buildCtuIndex(DB, {}, kmdfOptions(), IndexOptions, Report);
  EXPECT_TRUE(static_cast<bool>(Index)) << llvm::toString(Index.takeError());
  return Index ? *Index : nullptr;
}

// configureCtu multiplies the analyzer's large-function budget only when
// the user left it at the analyzer's default: that default must be ours.
TEST(CtuIndexTest, DefaultLargeFunctionBudgetIsTheAnalyzers) {
  clang::CompilerInvocation Invocation;
  kmdf::compat::QuietDiagnostics Diags;
  const char *Args[] = {"-analyze", "-analyzer-checker=core", "x.c"};
  ASSERT_TRUE(
      clang::CompilerInvocation::CreateFromArgs(Invocation, Args, Diags.get()));
  EXPECT_EQ(Invocation.getAnalyzerOpts().MaxTimesInlineLarge,
            DefaultMaxTimesInlineLarge);
}

TEST(CtuIndexTest, OneReadableIndexPerDialect) {
  Driver D;
  D.write("drv.h", Header);
  D.write("hw.c", Helper);
  D.write("dpc.c", Callbacks);
  D.write("extra.cpp", "#include \"drv.h\"\nvoid Extra() {}\n");
  auto DB = D.database({{"hw.c", ""}, {"dpc.c", ""}, {"extra.cpp", ""}});
  CtuIndexReport Report;
  std::shared_ptr<const CtuIndex> Index = build(D, *DB, &Report);
  ASSERT_TRUE(Index);
  ASSERT_EQ(Index->Dialects.size(), 2u);
  EXPECT_EQ(Report.Parsed, 3u);
  ASSERT_EQ(Report.Notes.size(), 1u);
  EXPECT_NE(Report.Notes[0].find("indexed apart"), std::string::npos);

  const CtuDialectIndex *C = nullptr;
  for (const CtuDialectIndex &Dialect : Index->Dialects)
    if (llvm::StringRef(Dialect.Dialect).starts_with("c "))
      C = &Dialect;
  ASSERT_TRUE(C);
  EXPECT_EQ(C->Files, 2u);
  EXPECT_EQ(C->Definitions, 4u); // Lock, DpcA, DpcB, DpcC
  EXPECT_EQ(Index->find(C->Dialect), C);
  EXPECT_EQ(Index->find("c++98 nowhere"), nullptr);

  // What the analyzer will read: its own parsers accept both files.
  llvm::Expected<llvm::StringMap<std::string>> Map =
      clang::cross_tu::parseCrossTUIndex(C->IndexFile);
  ASSERT_TRUE(static_cast<bool>(Map)) << llvm::toString(Map.takeError());
  EXPECT_EQ(Map->lookup("c:@F@Lock"), D.file("hw.c"));
  auto List = llvm::MemoryBuffer::getFile(C->InvocationList);
  ASSERT_TRUE(static_cast<bool>(List));
  llvm::Expected<clang::cross_tu::InvocationListTy> Invocations =
      clang::cross_tu::parseInvocationList((*List)->getBuffer());
  ASSERT_TRUE(static_cast<bool>(Invocations))
      << llvm::toString(Invocations.takeError());
  ASSERT_EQ(Invocations->count(D.file("hw.c")), 1u);
  auto &HwArgs = (*Invocations)[D.file("hw.c")];
  EXPECT_TRUE(llvm::is_contained(HwArgs, D.file("hw.c")));
  EXPECT_TRUE(llvm::is_contained(HwArgs, "-working-directory=" + D.Path));
}

TEST(CtuIndexTest, ParsesOnlyWhatChanged) {
  Driver D;
  D.write("drv.h", Header);
  D.write("hw.c", Helper);
  D.write("dpc.c", Callbacks);
  auto DB = D.database({{"hw.c", ""}, {"dpc.c", ""}});
  CtuIndexReport First, Second, Third;
  build(D, *DB, &First);
  build(D, *DB, &Second);
  EXPECT_EQ(First.Parsed, 2u);
  EXPECT_EQ(Second.Parsed, 0u);
  EXPECT_EQ(Second.Reused, 2u);
  // Another -D is another command: parsed again.
  auto Changed = D.database({{"hw.c", "-DOTHER"}, {"dpc.c", ""}});
  build(D, *Changed, &Third);
  EXPECT_EQ(Third.Parsed, 1u);
  EXPECT_EQ(Third.Reused, 1u);
}

TEST(CtuIndexTest, LeavesOutNamesDefinedTwice) {
  Driver D;
  D.write("drv.h", Header);
  D.write("hw.c", Helper);
  D.write("hw2.c", Helper);
  D.write("dpc.c", Callbacks);
  auto DB = D.database({{"hw.c", ""}, {"hw2.c", ""}, {"dpc.c", ""}});
  CtuIndexReport Report;
  std::shared_ptr<const CtuIndex> Index = build(D, *DB, &Report);
  ASSERT_TRUE(Index);
  ASSERT_EQ(Index->Dialects.size(), 1u);
  EXPECT_EQ(Index->Dialects[0].Definitions, 3u); // DpcA, DpcB, DpcC
  ASSERT_EQ(Report.Notes.size(), 1u);
  EXPECT_NE(Report.Notes[0].find("'Lock' is defined in 2 files"),
            std::string::npos);
}

TEST(CtuAnalysisTest, OneFindingPerCallbackThroughAHelper) {
  Driver D;
  D.write("drv.h", Header);
  D.write("hw.c", Helper);
  D.write("dpc.c", Callbacks);
  auto DB = D.database({{"hw.c", ""}, {"dpc.c", ""}});
  AnalysisOptions Options = kmdfOptions();
  FileResult OneFile = analyzeFile(*DB, D.file("dpc.c"), Options);
  ASSERT_EQ(OneFile.Findings.size(), 1u);
  EXPECT_EQ(OneFile.Findings[0].TopFunction, "DpcC");
  EXPECT_EQ(OneFile.Findings[0].Function, "DpcC");

  Options.Ctu = build(D, *DB);
  FileResult Result = analyzeFile(*DB, D.file("dpc.c"), Options);
  EXPECT_TRUE(Result.Errors.empty());
  EXPECT_TRUE(Result.Warnings.empty());
  // DpcA and DpcB acquire twice in Lock: one finding each (the checker
  // makes a report in a helper unique per call from its callback), after
  // DpcC's own.
  ASSERT_EQ(Result.Findings.size(), 3u);
  EXPECT_EQ(Result.Findings.front(), OneFile.Findings[0]); // dpc.c first
  EXPECT_EQ(Result.Findings[1].TopFunction, "DpcA");
  EXPECT_EQ(Result.Findings[2].TopFunction, "DpcB");
  const Finding &F = Result.Findings.back();
  EXPECT_EQ(F.Position.File, D.file("hw.c"));
  EXPECT_EQ(F.Position.Line, 2u);
  EXPECT_EQ(F.Function, "Lock");
  bool InCallbackFile = false, InHelperFile = false;
  for (const PathNote &Note : F.Path) {
    InCallbackFile |= Note.Position.File == D.file("dpc.c");
    InHelperFile |= Note.Position.File == D.file("hw.c");
  }
  EXPECT_TRUE(InCallbackFile && InHelperFile);
}

TEST(CtuAnalysisTest, UseCtuIndexForAnEditorSession) {
  Driver D;
  D.write("drv.h", Header);
  D.write("hw.c", Helper);
  D.write("dpc.c", Callbacks);
  auto DB = D.database({{"hw.c", ""}, {"dpc.c", ""}});
  AnalysisOptions Options = kmdfOptions();
  CtuIndexReport First, Again;
  llvm::Error E = useCtuIndex(*DB, D.Path, Options, &First);
  ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  ASSERT_TRUE(Options.Ctu);
  EXPECT_EQ(Options.Ctu->CacheDir, defaultCtuCacheDir(D.Path));
  EXPECT_EQ(First.Parsed, 2u);
  std::shared_ptr<const CtuIndex> Old = Options.Ctu;
  E = useCtuIndex(*DB, D.Path, Options, &Again);
  ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  EXPECT_EQ(Again.Parsed, 0u);
  EXPECT_NE(Options.Ctu, Old); // a new index object, the old one still valid
  EXPECT_GE(analyzeFile(*DB, D.file("dpc.c"), Options).Findings.size(), 2u);
}

TEST(CtuAnalysisTest, IndexPointingAtAFileThatFailsFallsBack) {
  Driver D;
  D.write("drv.h", Header);
  D.write("hw.c", Helper);
  D.write("dpc.c", Callbacks);
  D.write("broken.h", "int Broken = BROKEN;\n");
  auto DB = D.database({{"hw.c", ""}, {"dpc.c", ""}});
  std::shared_ptr<const CtuIndex> Index = build(D, *DB);
  ASSERT_TRUE(Index);
  ASSERT_EQ(Index->Dialects.size(), 1u);
  // The index points at hw.c, whose command now fails: an importer that
  // cannot parse the file it needs.
  D.write(llvm::StringRef(Index->Dialects[0].InvocationList)
              .drop_front(D.Path.size() + 1),
          "{\"" + D.file("hw.c") + "\": [\"clang\", \"-DBROKEN=(\", " +
              "\"-include\", \"" + D.file("broken.h") + "\", \"-c\", \"" +
              D.file("hw.c") + "\"]}\n");

  AnalysisOptions Plain = kmdfOptions();
  FileResult Expected = analyzeFile(*DB, D.file("dpc.c"), Plain);
  AnalysisOptions Options = kmdfOptions();
  Options.Ctu = Index;
  FileResult Result = analyzeFile(*DB, D.file("dpc.c"), Options);
  EXPECT_TRUE(Result.Errors.empty());
  ASSERT_EQ(Result.Warnings.size(), 1u);
  EXPECT_NE(Result.Warnings[0].Message.find(
                "analyzed without --ctu: following calls into other files "
                "failed (" +
                D.file("broken.h") + ":1:"),
            std::string::npos)
      << Result.Warnings[0].Message;
  EXPECT_EQ(Result.Findings, Expected.Findings);
}

TEST(CtuFindingTest, TopFunctionSeparatesFindingsAndFingerprints) {
  Finding A;
  A.CheckName = "kmdf.WdfInterruptLock";
  A.Message = "Interrupt lock of 'C->Interrupt' acquired while already held";
  A.Position = {"/src/hw.c", 2, 25, 25};
  A.Function = "Lock";
  A.TopFunction = "DpcA";
  Finding B = A;
  B.TopFunction = "DpcB";
  EXPECT_FALSE(A == B);
  FileResult One, Two;
  One.Findings = {A};
  Two.Findings = {B, A};
  EXPECT_EQ(mergeFindings({One, Two}, "/src").size(), 2u);
  EXPECT_NE(fingerprint(A, "/src"), fingerprint(B, "/src"));

  // A finding in the function analyzed keeps the fingerprint it had before
  // TopFunction existed: the same as with TopFunction unset.
  Finding Own = A;
  Own.Function = Own.TopFunction = "DpcA";
  Finding Old = Own;
  Old.TopFunction.clear();
  EXPECT_EQ(fingerprint(Own, "/src"), fingerprint(Old, "/src"));
}

} // namespace
