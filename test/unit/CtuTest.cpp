//===- CtuTest.cpp - Whole-driver analysis in the kmdf-check library -----===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The CTU part of the library, as the language server uses it: building the
// index of a database and its AST dumps, analyzing a file with it, and the
// fall-back when a dump the index points at cannot be used.
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

#include <unistd.h>

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

  // What the analyzer will read: its own parser accepts the index, whose
  // entries are AST dumps (absolute, ending in .ast: loaded, never parsed
  // on demand), one a file.
  llvm::Expected<llvm::StringMap<std::string>> Map =
      clang::cross_tu::parseCrossTUIndex(C->IndexFile);
  ASSERT_TRUE(static_cast<bool>(Map)) << llvm::toString(Map.takeError());
  std::string Dump = Map->lookup("c:@F@Lock");
  EXPECT_TRUE(llvm::sys::path::is_absolute(Dump)) << Dump;
  EXPECT_TRUE(llvm::StringRef(Dump).ends_with(".ast")) << Dump;
  EXPECT_TRUE(llvm::StringRef(Dump).starts_with(C->Dir + "/ast/hw.c-")) << Dump;
  ASSERT_EQ(Index->Dumps.count(Dump), 1u);
  EXPECT_EQ(Index->Dumps.at(Dump).Source, D.file("hw.c"));
  EXPECT_EQ(Index->Dumps.at(Dump).Dialect, C->Dialect);
  EXPECT_EQ(Map->lookup("c:@F@DpcA"), Map->lookup("c:@F@DpcB"));
  EXPECT_NE(Map->lookup("c:@F@DpcA"), Dump);
  // A clang AST file, as -emit-ast writes it.
  auto Bytes = llvm::MemoryBuffer::getFile(Dump);
  ASSERT_TRUE(static_cast<bool>(Bytes));
  EXPECT_TRUE((*Bytes)->getBuffer().starts_with("CPCH"));
  EXPECT_EQ((*Bytes)->getBufferSize(), Index->Dumps.at(Dump).Size);
  // No invocation list: nothing is parsed on demand.
  EXPECT_FALSE(fs::exists(C->Dir + "/invocations.yaml"));
}

/// The dump of \p Source in \p Index.
std::string dumpOf(const CtuIndex &Index, llvm::StringRef Source) {
  for (const auto &[Path, Dump] : Index.Dumps)
    if (Dump.Source == Source)
      return Path;
  return "";
}

/// Cuts \p Path to \p Size bytes.
void truncate(llvm::StringRef Path, uint64_t Size) {
  int FD;
  ASSERT_FALSE(
      fs::openFileForReadWrite(Path, FD, fs::CD_OpenExisting, fs::OF_None));
  EXPECT_FALSE(fs::resize_file(FD, Size));
  ::close(FD);
}

/// Overwrites the middle of \p Path with as many other bytes, keeping its
/// size and modification time: a damage no stamp shows.
void damageKeepingStamp(llvm::StringRef Path) {
  fs::file_status Before;
  ASSERT_FALSE(fs::status(Path, Before));
  int FD;
  ASSERT_FALSE(
      fs::openFileForReadWrite(Path, FD, fs::CD_OpenExisting, fs::OF_None));
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/false);
    OS.seek(Before.getSize() / 2);
    OS << std::string(64, 'X');
  }
  ASSERT_FALSE(fs::setLastAccessAndModificationTime(
      FD, Before.getLastModificationTime()));
  ::close(FD);
}

TEST(CtuIndexTest, WritesAStaleOrDamagedDumpAgain) {
  Driver D;
  D.write("drv.h", Header);
  D.write("hw.c", Helper);
  D.write("dpc.c", Callbacks);
  auto DB = D.database({{"hw.c", ""}, {"dpc.c", ""}});
  std::shared_ptr<const CtuIndex> First = build(D, *DB);
  ASSERT_TRUE(First);
  std::string Dump = dumpOf(*First, D.file("hw.c"));
  ASSERT_FALSE(Dump.empty());
  uint64_t Hash = First->Dumps.at(Dump).Hash;

  // The source changed: parsed again, its dump written again in place.
  D.write("hw.c", std::string(Helper) + "void Other(void) {}\n");
  CtuIndexReport Changed;
  std::shared_ptr<const CtuIndex> Second = build(D, *DB, &Changed);
  ASSERT_TRUE(Second);
  EXPECT_EQ(Changed.Parsed, 1u);
  EXPECT_EQ(dumpOf(*Second, D.file("hw.c")), Dump);
  EXPECT_NE(Second->Dumps.at(Dump).Hash, Hash);

  // Truncated, or removed: written again.
  truncate(Dump, 100);
  CtuIndexReport Truncated;
  build(D, *DB, &Truncated);
  EXPECT_EQ(Truncated.Parsed, 1u);
  ASSERT_FALSE(fs::remove(Dump));
  CtuIndexReport Removed;
  std::shared_ptr<const CtuIndex> Third = build(D, *DB, &Removed);
  EXPECT_EQ(Removed.Parsed, 1u);
  EXPECT_TRUE(fs::exists(Dump));

  // A command that left the database leaves no dump behind.
  auto Fewer = D.database({{"dpc.c", ""}});
  std::string DpcDump = dumpOf(*Third, D.file("dpc.c"));
  build(D, *Fewer);
  EXPECT_FALSE(fs::exists(Dump));
  EXPECT_TRUE(fs::exists(DpcDump));
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

/// The analyzer loads a dump that cannot be used without a word, and
/// follows no call into it. Each way a dump the index points at goes bad
/// after the index was built is a failure of the cross-file analysis: the
/// file is analyzed again without --ctu, with a warning that says why.
class CtuDumpFallbackTest : public ::testing::Test {
protected:
  void SetUp() override {
    D.write("drv.h", Header);
    D.write("hw.c", Helper);
    D.write("dpc.c", Callbacks);
    DB = D.database({{"hw.c", ""}, {"dpc.c", ""}});
    Index = build(D, *DB);
    ASSERT_TRUE(Index);
    Dump = dumpOf(*Index, D.file("hw.c"));
    ASSERT_FALSE(Dump.empty());
    Expected = analyzeFile(*DB, D.file("dpc.c"), kmdfOptions());
  }

  /// Analyzes dpc.c with the index; expects the findings of the analysis
  /// without --ctu and one warning that contains \p Why.
  void expectFallBack(llvm::StringRef Why) {
    AnalysisOptions Options = kmdfOptions();
    Options.Ctu = Index;
    FileResult Result = analyzeFile(*DB, D.file("dpc.c"), Options);
    EXPECT_TRUE(Result.Errors.empty());
    ASSERT_EQ(Result.Warnings.size(), 1u);
    EXPECT_NE(Result.Warnings[0].Message.find(
                  "analyzed without --ctu: following calls into other files "
                  "failed (" +
                  Why.str()),
              std::string::npos)
        << Result.Warnings[0].Message;
    EXPECT_EQ(Result.Findings, Expected.Findings);
  }

  Driver D;
  std::unique_ptr<clang::tooling::CompilationDatabase> DB;
  std::shared_ptr<const CtuIndex> Index;
  std::string Dump;
  FileResult Expected;
};

TEST_F(CtuDumpFallbackTest, DamagedDump) {
  damageKeepingStamp(Dump);
  expectFallBack("the AST dump of '" + D.file("hw.c") + "' (" + Dump +
                 ") was damaged after it was written");
  // Marked stale: the next index build writes it again.
  CtuIndexReport Again;
  build(D, *DB, &Again);
  EXPECT_EQ(Again.Parsed, 1u);
}

TEST_F(CtuDumpFallbackTest, TruncatedDump) {
  truncate(Dump, 1000);
  expectFallBack("the AST dump of '" + D.file("hw.c") + "' (" + Dump +
                 ") was damaged after it was written");
}

TEST_F(CtuDumpFallbackTest, RemovedDump) {
  ASSERT_FALSE(fs::remove(Dump));
  expectFallBack("the AST dump of '" + D.file("hw.c") + "' (" + Dump +
                 ") was removed after the index was built");
}

TEST_F(CtuDumpFallbackTest, SourceChangedAfterTheDump) {
  // Clang refuses a dump whose files changed since it was written.
  D.write("drv.h", std::string(Header) + "/* edited */\n");
  expectFallBack("'" + D.file("drv.h") + "' changed after the AST dump of '" +
                 D.file("hw.c") + "' was written");
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
