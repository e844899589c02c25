//===- SarifInputTest.cpp - Baselines, shards and merged logs -------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What the lit tests of --baseline, --shard and --merge-sarif cannot set up
// from a real driver: the exact split of files of known sizes, a baseline
// finding matched once, and shard logs that describe different rules.
//
//===----------------------------------------------------------------------===//

#include "SarifInput.h"
#include "Output.h"
#include "Runner.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <set>

using namespace kmdf::tool;

namespace {

class TempDir {
public:
  TempDir() {
    llvm::SmallString<128> Dir;
    EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("kmdf-check-ci", Dir));
    Path = std::string(Dir);
  }
  ~TempDir() { llvm::sys::fs::remove_directories(Path); }

  std::string write(llvm::StringRef Name, llvm::StringRef Text) {
    std::string File = Path + "/" + Name.str();
    std::error_code EC;
    llvm::raw_fd_ostream OS(File, EC);
    OS << Text;
    return File;
  }

  std::string Path;
};

TEST(ShardTest, BalancedBySizeEachFileOnce) {
  TempDir Dir;
  std::vector<std::string> Files;
  for (auto [Name, Size] :
       std::vector<std::pair<const char *, size_t>>{{"a.c", 400},
                                                    {"b.c", 300},
                                                    {"c.c", 200},
                                                    {"d.c", 100},
                                                    {"e.c", 0},
                                                    {"f.c", 0},
                                                    {"g.c", 100}})
    Files.push_back(Dir.write(Name, std::string(Size, 'x')));
  auto Names = [&](const std::vector<std::string> &Shard) {
    std::string Result;
    for (const std::string &F : Shard)
      Result += llvm::sys::path::filename(F).str() + " ";
    return Result;
  };
  // The largest first, each to the shard with the fewest bytes, then files.
  EXPECT_EQ(Names(shardFiles(Files, 1, 3)), "a.c ");
  EXPECT_EQ(Names(shardFiles(Files, 2, 3)), "b.c g.c ");
  EXPECT_EQ(Names(shardFiles(Files, 3, 3)), "c.c d.c e.c f.c ");
  for (unsigned N = 1; N <= 8; ++N) {
    std::multiset<std::string> Seen;
    for (unsigned K = 1; K <= N; ++K)
      for (const std::string &F : shardFiles(Files, K, N))
        Seen.insert(F);
    EXPECT_EQ(Seen, std::multiset<std::string>(Files.begin(), Files.end()))
        << N << " shards";
  }
}

Finding finding(llvm::StringRef File, unsigned Line, llvm::StringRef Check) {
  Finding F;
  F.CheckName = Check.str();
  F.Message = "Interrupt lock of 'I' released without being held";
  F.Position = {File.str(), Line, 3, 3};
  F.Function = "Dpc";
  F.LineText = "  WdfInterruptReleaseLock(I);";
  return F;
}

std::string sarif(llvm::ArrayRef<Finding> Findings,
                  llvm::ArrayRef<CheckInfo> Checks,
                  llvm::ArrayRef<std::string> Enabled) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  writeSarif(OS, {Findings, Checks, Enabled, {}, "/src"});
  return Text;
}

TEST(BaselineTest, EachKnownFindingMatchesOnce) {
  TempDir Dir;
  Finding Known = finding("/src/drv/isr.c", 40, "kmdf.WdfInterruptLock");
  std::string Log =
      Dir.write("base.sarif", sarif({Known}, {}, {"kmdf.WdfInterruptLock"}));
  llvm::Expected<Baseline> B = Baseline::load(Log);
  ASSERT_TRUE(bool(B)) << llvm::toString(B.takeError());
  EXPECT_EQ(B->size(), 1u);

  // Moved, in a checkout elsewhere: known. Twice: once known, once new.
  Finding Moved = finding("/ci/work/drv/isr.c", 52, "kmdf.WdfInterruptLock");
  std::vector<Finding> Run = {Moved, Moved};
  EXPECT_EQ(B->removeKnown(Run, "/ci/work"), 1u);
  EXPECT_EQ(Run.size(), 1u);

  // Another file, another rule: new.
  Run = {finding("/src/drv/dpc.c", 40, "kmdf.WdfInterruptLock"),
         finding("/src/drv/isr.c", 40, "kmdf.WdfSpinlock")};
  EXPECT_EQ(B->removeKnown(Run, "/src"), 0u);
  EXPECT_EQ(Run.size(), 2u);
}

CheckInfo check(llvm::StringRef Name, llvm::StringRef Description) {
  CheckInfo C;
  C.Name = Name.str();
  C.Description = C.FullDescription = C.HelpText = C.HelpMarkdown =
      Description.str();
  return C;
}

TEST(MergeTest, RulesOfAllShardsOnceWithTheirIndexes) {
  TempDir Dir;
  std::vector<CheckInfo> Checks = {check("core.DivideZero", "Division"),
                                   check("kmdf.WdfInterruptLock", "Locks")};
  // Shard 1 found a core.DivideZero finding the other did not: its log
  // describes one more rule.
  std::vector<std::string> Enabled = {"kmdf.WdfInterruptLock"};
  Finding Div = finding("/src/a.c", 1, "core.DivideZero");
  Finding Lock = finding("/src/b.c", 2, "kmdf.WdfInterruptLock");
  std::vector<SarifLog> Logs;
  for (auto [Name, Text] :
       {std::pair("1.sarif", sarif({Div}, Checks, Enabled)),
        std::pair("2.sarif", sarif({Lock}, Checks, Enabled))}) {
    llvm::Expected<SarifLog> Log = readSarifLog(Dir.write(Name, Text));
    ASSERT_TRUE(bool(Log)) << llvm::toString(Log.takeError());
    Logs.push_back(std::move(*Log));
  }
  llvm::Expected<llvm::json::Value> Merged = mergeSarifLogs(std::move(Logs));
  ASSERT_TRUE(bool(Merged)) << llvm::toString(Merged.takeError());
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  printSarif(OS, std::move(*Merged));
  EXPECT_EQ(Text, sarif({Div, Lock}, Checks, Enabled));

  // One rule described two ways: not the same options.
  std::vector<CheckInfo> Other = {check("kmdf.WdfInterruptLock", "Other")};
  Logs.clear();
  for (auto [Name, Text] :
       {std::pair("3.sarif", sarif({Lock}, Checks, Enabled)),
        std::pair("4.sarif", sarif({}, Other, Enabled))}) {
    llvm::Expected<SarifLog> Log = readSarifLog(Dir.write(Name, Text));
    ASSERT_TRUE(bool(Log)) << llvm::toString(Log.takeError());
    Logs.push_back(std::move(*Log));
  }
  llvm::Expected<llvm::json::Value> Conflict = mergeSarifLogs(std::move(Logs));
  ASSERT_FALSE(bool(Conflict));
  EXPECT_EQ(llvm::toString(Conflict.takeError()),
            "'" + Dir.Path +
                "/4.sarif' and an earlier log describe rule "
                "'kmdf.WdfInterruptLock' differently: give the shards the "
                "same options");
}

} // namespace
