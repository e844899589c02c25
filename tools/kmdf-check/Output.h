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

#include <string>

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
  /// The rules to describe: every enabled check and every check with a
  /// finding.
  llvm::ArrayRef<CheckInfo> Rules;
  /// Every file analyzed; the ones with errors become notifications.
  llvm::ArrayRef<FileResult> Files;
  /// Absolute; artifact URIs are relative to it where they lie below it.
  std::string SourceRoot;
};

/// Writes one SARIF 2.1.0 log with one run.
void writeSarif(llvm::raw_ostream &OS, const SarifRun &Run);

/// The finding's fingerprint: a hash of its check, its file relative to
/// \p SourceRoot, its function, the text of its line without white space,
/// its message and, for a finding in a helper, the function analyzed (the
/// callback), so that it survives edits elsewhere in the file. \p Ordinal
/// tells apart findings that agree in all of these.
std::string fingerprint(const Finding &F, llvm::StringRef SourceRoot,
                        unsigned Ordinal);

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_OUTPUT_H
