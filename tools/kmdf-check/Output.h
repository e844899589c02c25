//===- Output.h - Writing kmdf-check's findings ------------------*- C++
//-*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The text and SARIF forms of a run's findings. Both depend only on their
// input, so the same findings always give the same bytes.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_OUTPUT_H
#define KMDF_CHECK_TOOL_OUTPUT_H

#include "Analysis.h"
#include "CheckCatalog.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <string>
#include <tuple>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace kmdf::tool {

/// \p File relative to \p Base when it lies below it, else \p File.
std::string displayPath(llvm::StringRef File, llvm::StringRef Base);

/// Writes clang's diagnostic format, one finding after the other:
///   file:line:col: warning: message [check]
///   file:line:col: note: path note
/// The last note is left out when it only repeats the warning. Paths are
/// shown relative to \p Base where they lie below it.
void writeText(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings,
               llvm::StringRef Base);

/// What a SARIF log is made of.
struct SarifRun {
  llvm::ArrayRef<Finding> Findings;
  /// The checks there are, for the rules' metadata.
  llvm::ArrayRef<CheckInfo> Checks;
  /// The checks that ran. The log describes these and the check of every
  /// finding (the same, unless a check reports under another name), sorted
  /// by name; a check missing from Checks is described by its name alone.
  llvm::ArrayRef<std::string> EnabledChecks;
  /// Every file analyzed; the ones with errors become notifications.
  llvm::ArrayRef<FileResult> Files;
  /// Absolute; artifact URIs are relative to it where they lie below it.
  std::string SourceRoot;
};

/// A path note as a SARIF log has it: its file relative to the source root
/// when below it (else absolute), line, UTF-16 column and message.
using PathStep = std::tuple<std::string, unsigned, unsigned, std::string>;

/// The path notes of \p F as PathSteps: what tells apart equal findings
/// found from several files (mergeFindings and --merge-sarif keep the least).
std::vector<PathStep> pathSteps(const Finding &F, llvm::StringRef SourceRoot);

/// The base id that relative artifact URIs are resolved against.
constexpr llvm::StringLiteral SourceRootId = "%SRCROOT%";
/// The key of the fingerprint in partialFingerprints. Versioned, so that a
/// change of the recipe can use a new key.
constexpr llvm::StringLiteral FingerprintKey = "kmdfCheck/v1";
/// The property of a tool notification that names the file that could not
/// be analyzed (an artifact location), whatever the error's own location.
constexpr llvm::StringLiteral AnalyzedFileProperty = "analyzedFile";

/// Writes one SARIF 2.1.0 log with one run.
void writeSarif(llvm::raw_ostream &OS, const SarifRun &Run);

/// Prints a SARIF log as writeSarif does: keys sorted, two spaces indent.
void printSarif(llvm::raw_ostream &OS, llvm::json::Value Log);

/// The finding's fingerprint: a hash of its check, its file relative to
/// \p SourceRoot, its function, the text of its line without white space,
/// its message, its Ordinal and, for a finding in a helper, the function
/// analyzed (the callback), so that it survives edits elsewhere in the file
/// and does not depend on the other findings of the log.
std::string fingerprint(const Finding &F, llvm::StringRef SourceRoot);

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_OUTPUT_H
