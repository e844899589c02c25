//===- Runner.cpp - Analyzing many files in parallel ----------------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Runner.h"
#include "Output.h"
#include "ResultCache.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
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
             unsigned Jobs, const ProgressFn &Progress, ResultCache *Cache) {
  LockedDatabase Locked(Database);
  std::vector<FileResult> Results(Files.size());
  std::mutex ProgressMutex;
  unsigned Started = 0;
  // hardware_concurrency(0) is one thread per core this process may use
  // (its CPU affinity, as in a container), not per core of the machine.
  llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
  for (size_t I = 0; I < Files.size(); ++I)
    Pool.async([&, I] {
      std::optional<std::string> Key;
      std::optional<FileResult> Cached;
      if (Cache && (Key = Cache->key(Locked, Files[I], Options)))
        Cached = Cache->lookup(*Key, Files[I]);
      if (Progress) {
        std::lock_guard<std::mutex> Lock(ProgressMutex);
        Progress(++Started, Files.size(), Files[I], Cached.has_value());
      }
      if (Cached) {
        Results[I] = std::move(*Cached);
        return;
      }
      Results[I] = analyzeFile(Locked, Files[I], Options);
      if (Key)
        Cache->store(*Key, Results[I]);
    });
  Pool.wait();
  return Results;
}

std::vector<std::string> shardFiles(llvm::ArrayRef<std::string> Files,
                                    unsigned K, unsigned N) {
  std::vector<std::pair<uint64_t, size_t>> BySize; // (size, index in Files)
  for (size_t I = 0; I < Files.size(); ++I) {
    uint64_t Size = 0;
    if (llvm::sys::fs::file_size(Files[I], Size))
      Size = 0; // A missing file is analyzed, and fails, in some shard.
    BySize.emplace_back(Size, I);
  }
  llvm::stable_sort(
      BySize, [](const auto &A, const auto &B) { return A.first > B.first; });
  // Each shard's bytes, then files: files of one size spread out too.
  std::vector<std::pair<uint64_t, size_t>> Load(N);
  std::vector<bool> Mine(Files.size(), false);
  for (const auto &[Size, Index] : BySize) {
    size_t Lightest = std::min_element(Load.begin(), Load.end()) - Load.begin();
    Load[Lightest].first += Size;
    ++Load[Lightest].second;
    Mine[Index] = Lightest == K - 1;
  }
  std::vector<std::string> Result;
  for (size_t I = 0; I < Files.size(); ++I)
    if (Mine[I])
      Result.push_back(Files[I]);
  return Result;
}

std::vector<Finding> mergeFindings(llvm::ArrayRef<FileResult> Results,
                                   llvm::StringRef SourceRoot) {
  struct Candidate {
    Finding F;
    std::string Print;
    std::vector<PathStep> Steps;
  };
  std::vector<Candidate> All;
  for (const FileResult &R : Results)
    for (const Finding &F : R.Findings)
      All.push_back({F, fingerprint(F, SourceRoot), pathSteps(F, SourceRoot)});
  // What --merge-sarif does with the logs, which hold no more than this:
  // findings alike in place, check and message but not in fingerprint are
  // several (a helper's, reached from several callbacks), ordered by their
  // paths; of those with one fingerprint too (a header's, found from
  // several files) the one with the first path is kept.
  auto Place = [](const Finding &F) {
    return std::tie(F.Position, F.CheckName, F.Message);
  };
  llvm::stable_sort(All, [&](const Candidate &A, const Candidate &B) {
    if (Place(A.F) != Place(B.F))
      return Place(A.F) < Place(B.F);
    return std::tie(A.Print, A.Steps) < std::tie(B.Print, B.Steps);
  });
  All.erase(std::unique(All.begin(), All.end(),
                        [&](const Candidate &A, const Candidate &B) {
                          return Place(A.F) == Place(B.F) && A.Print == B.Print;
                        }),
            All.end());
  llvm::stable_sort(All, [&](const Candidate &A, const Candidate &B) {
    if (Place(A.F) != Place(B.F))
      return Place(A.F) < Place(B.F);
    return std::tie(A.Steps, A.Print) < std::tie(B.Steps, B.Print);
  });
  std::vector<Finding> Merged;
  for (Candidate &C : All)
    Merged.push_back(std::move(C.F));
  return Merged;
}

} // namespace kmdf::tool
