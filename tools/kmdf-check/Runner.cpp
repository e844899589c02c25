//===- Runner.cpp - Analyzing many files in parallel ----------------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Runner.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/STLExtras.h"

#include <atomic>
#include <mutex>
#include <thread>

namespace kmdf::tool {
namespace {

/// Serializes lookups: the databases make no promise about concurrent use.
class LockedDatabase : public clang::tooling::CompilationDatabase {
public:
  explicit LockedDatabase(const CompilationDatabase &Base) : Base(Base) {}

  std::vector<clang::tooling::CompileCommand>
  getCompileCommands(llvm::StringRef File) const override {
    std::lock_guard<std::mutex> Lock(Mutex);
    return Base.getCompileCommands(File);
  }

private:
  const CompilationDatabase &Base;
  mutable std::mutex Mutex;
};

} // namespace

std::vector<FileResult>
analyzeFiles(const clang::tooling::CompilationDatabase &Database,
             llvm::ArrayRef<std::string> Files, const AnalysisOptions &Options,
             unsigned Jobs, const ProgressFn &Progress) {
  LockedDatabase Locked(Database);
  std::vector<FileResult> Results(Files.size());
  std::atomic<size_t> Next{0};
  std::mutex ProgressMutex;
  unsigned Started = 0;
  auto Work = [&] {
    for (size_t I = Next++; I < Files.size(); I = Next++) {
      if (Progress) {
        std::lock_guard<std::mutex> Lock(ProgressMutex);
        Progress(++Started, Files.size(), Files[I]);
      }
      Results[I] = analyzeFile(Locked, Files[I], Options);
    }
  };
  unsigned Threads = std::max(1u, std::min<unsigned>(Jobs, Files.size()));
  std::vector<std::thread> Pool;
  for (unsigned T = 1; T < Threads; ++T)
    Pool.emplace_back(Work);
  Work();
  for (std::thread &Thread : Pool)
    Thread.join();
  return Results;
}

std::vector<Finding> mergeFindings(llvm::ArrayRef<FileResult> Results) {
  std::vector<Finding> All;
  for (const FileResult &R : Results)
    llvm::append_range(All, R.Findings);
  llvm::sort(All);
  All.erase(std::unique(All.begin(), All.end()), All.end());
  return All;
}

} // namespace kmdf::tool
