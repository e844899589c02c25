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
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

#include <mutex>

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
  std::mutex ProgressMutex;
  unsigned Started = 0;
  // hardware_concurrency(0) is one thread per core this process may use
  // (its CPU affinity, as in a container), not per core of the machine.
  llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
  for (size_t I = 0; I < Files.size(); ++I)
    Pool.async([&, I] {
      if (Progress) {
        std::lock_guard<std::mutex> Lock(ProgressMutex);
        Progress(++Started, Files.size(), Files[I]);
      }
      Results[I] = analyzeFile(Locked, Files[I], Options);
    });
  Pool.wait();
  return Results;
}

std::vector<Finding> mergeFindings(llvm::ArrayRef<FileResult> Results) {
  std::vector<Finding> All;
  for (const FileResult &R : Results)
    llvm::append_range(All, R.Findings);
  // Stable: of equal findings (a header's, from several files), the one of
  // the first file is kept.
  llvm::stable_sort(All);
  All.erase(std::unique(All.begin(), All.end()), All.end());
  return All;
}

} // namespace kmdf::tool
