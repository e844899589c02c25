//===- SarifInput.h - Reading kmdf-check's SARIF logs back ------*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// SARIF logs that kmdf-check wrote, read back: a baseline of known findings
// (--baseline), and the logs of the shards of one run merged into the log
// of that run (--merge-sarif).
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_SARIFINPUT_H
#define KMDF_CHECK_TOOL_SARIFINPUT_H

#include "Analysis.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace kmdf::tool {

/// A SARIF log that kmdf-check wrote.
struct SarifLog {
  std::string Path; ///< Where it was read from.
  /// The log, checked to be one kmdf-check writes (see readSarifLog).
  llvm::json::Value Log = nullptr;
  /// The source root its relative URIs are relative to (absolute); empty
  /// when it names none.
  std::string SourceRoot;

  llvm::json::Object &run();
  llvm::json::Array &results();
  llvm::json::Array &notifications();
};

/// Reads \p Path. The error says why it is not a log kmdf-check wrote: it
/// cannot be read, is not JSON, is not a SARIF 2.1.0 log with one run, was
/// written by another tool, or a result lacks its rule, location, message
/// or kmdfCheck/v1 fingerprint.
llvm::Expected<SarifLog> readSarifLog(llvm::StringRef Path);

/// What a finding is matched by: its rule, its file (relative to the
/// source root when below it, else absolute) and its fingerprint.
struct FindingKey {
  std::string Rule;
  std::string File;
  std::string Fingerprint;

  friend bool operator<(const FindingKey &A, const FindingKey &B) {
    return std::tie(A.Rule, A.File, A.Fingerprint) <
           std::tie(B.Rule, B.File, B.Fingerprint);
  }
};

/// The findings of an earlier run, from its SARIF log (--baseline).
class Baseline {
public:
  static llvm::Expected<Baseline> load(llvm::StringRef Path);

  /// Removes from \p Findings those the baseline holds, each baseline
  /// finding matching one finding at most; returns how many it removed.
  /// \p SourceRoot is the run's (--source-root).
  size_t removeKnown(std::vector<Finding> &Findings,
                     llvm::StringRef SourceRoot) const;

  size_t size() const { return Size; }

private:
  std::map<FindingKey, unsigned> Known;
  size_t Size = 0;
};

/// The log of one run made of the logs of its shards (--merge-sarif): the
/// results of all, in the order a run writes them, a result found in
/// several (a header's) once; the notifications of all, in the order of
/// their files; the tool, the rules and the source root of the first. The
/// logs must come from one kmdf-check with the same checks.
llvm::Expected<llvm::json::Value> mergeSarifLogs(std::vector<SarifLog> Logs);

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_SARIFINPUT_H
