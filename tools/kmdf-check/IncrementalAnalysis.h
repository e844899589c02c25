//===- IncrementalAnalysis.h - Re-analyzing what an edit changed -*- C++
//-*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The analyzer analyzes a file as a sequence of top-level functions, in the
// reverse post-order of the call graph. Each top-level analysis depends on
// the text of its function and of every function it may inline, on the
// declarations and macros around them, and on what the analyses before it
// left behind: the functions they inlined (which the analyzer then does not
// analyze again on their own) and the function summaries (a function that
// exhausted its block budget while inlined is not inlined again; a large
// function is inlined a bounded number of times).
//
// IncrementalAnalyzer runs that same sequence itself, on the analyzer's own
// engine, and remembers for each top-level analysis what decided it and
// what it did: its reports, the functions it inlined, its changes to the
// summaries. On the next run, an analysis whose inputs and starting
// summaries are unchanged is not run again: its reports and its effects on
// the rest of the sequence are replayed. The result is the analyzer's own
// whole-file result, reports deduplicated across analyses as the analyzer
// does; tests compare the two on sets of edits.
//
// A change to a header, to the compile command, to the checks or to the file
// outside its functions makes every analysis run again.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_INCREMENTALANALYSIS_H
#define KMDF_CHECK_TOOL_INCREMENTALANALYSIS_H

#include "Analysis.h"

#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <memory>
#include <string>

namespace kmdf::tool {

class Cancellation;

/// What the last run of an IncrementalAnalyzer did, for logs and tests.
struct IncrementalStats {
  /// Why every top-level function was analyzed afresh ("first analysis",
  /// "a header changed", ...); empty when earlier results were reused.
  std::string WholeFileReason;
  /// Top-level analyses run, and those replayed from the previous run.
  unsigned Analyzed = 0;
  unsigned Reused = 0;
  /// Analyses that could not be remembered (their reports lie outside every
  /// function, or they entered a function the dependency scan missed).
  unsigned NotReusable = 0;
  /// The run was cancelled; its result is incomplete.
  bool Cancelled = false;
};

/// Told as the top-level functions of a file are done (reused or
/// analyzed): how many, of how many.
using AnalysisProgressFn = std::function<void(unsigned Done, unsigned Total)>;

/// Analyzes one file again and again, reusing what did not change. Not
/// thread-safe: one analysis at a time.
class IncrementalAnalyzer {
public:
  IncrementalAnalyzer();
  ~IncrementalAnalyzer();
  IncrementalAnalyzer(IncrementalAnalyzer &&);
  IncrementalAnalyzer &operator=(IncrementalAnalyzer &&);

  /// What analyzeFile(Database, File, Options, FS) returns. When \p Cancel
  /// is set midway the result is incomplete (stats().Cancelled); what was
  /// analyzed until then is still remembered.
  FileResult analyze(const clang::tooling::CompilationDatabase &Database,
                     llvm::StringRef File, const AnalysisOptions &Options,
                     llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                     const Cancellation *Cancel = nullptr,
                     const AnalysisProgressFn &Progress = nullptr);

  const IncrementalStats &stats() const;

  /// Forgets every earlier result.
  void reset();

private:
  struct Memory;
  std::unique_ptr<Memory> M;
};

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_INCREMENTALANALYSIS_H
