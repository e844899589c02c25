//===- Runner.h - Analyzing many files in parallel --------------*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_RUNNER_H
#define KMDF_CHECK_TOOL_RUNNER_H

#include "Analysis.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <string>
#include <vector>

namespace kmdf::tool {

class ResultCache;

/// Told when the analysis of a file starts: its number (from 1), how many
/// files there are, the file, and whether its result comes from the cache
/// instead. Never called by two threads at once.
using ProgressFn = std::function<void(unsigned Number, unsigned Total,
                                      llvm::StringRef File, bool FromCache)>;

/// Analyzes \p Files on \p Jobs threads (0: one per core the process may
/// run on). The results are in the order of \p Files, whatever order the
/// threads finish in; the files start in that order. With \p Cache, a file
/// whose result it has is not analyzed, and the others' results are stored
/// in it.
std::vector<FileResult>
analyzeFiles(const clang::tooling::CompilationDatabase &Database,
             llvm::ArrayRef<std::string> Files, const AnalysisOptions &Options,
             unsigned Jobs, const ProgressFn &Progress,
             ResultCache *Cache = nullptr);

/// The files of shard \p K of \p N (1 <= K <= N) of \p Files, in the order
/// of \p Files: the shards are balanced by file size (each file, the
/// largest first, goes to the shard with the fewest bytes so far, then the
/// fewest files, then the lowest number), so each file is in exactly one,
/// and the same files give the same shards.
std::vector<std::string> shardFiles(llvm::ArrayRef<std::string> Files,
                                    unsigned K, unsigned N);

/// The findings of all \p Results in one sorted list, each once: a finding
/// in a header shared by several files is reported by each of them, maybe
/// with other paths. Of such equal findings the one with the smallest
/// fingerprint, then path (pathSteps), relative to \p SourceRoot, is kept,
/// as --merge-sarif keeps it of the shards' logs.
std::vector<Finding> mergeFindings(llvm::ArrayRef<FileResult> Results,
                                   llvm::StringRef SourceRoot);

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_RUNNER_H
