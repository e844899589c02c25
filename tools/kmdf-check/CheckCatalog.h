//===- CheckCatalog.h - The checks kmdf-check can run ------------*- C++
//-*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The checks kmdf-check offers (its own and the Static Analyzer's), read
// from the analyzer's checker registry, and the --checks pattern language
// that picks some of them.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_CHECKCATALOG_H
#define KMDF_CHECK_TOOL_CHECKCATALOG_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace kmdf::tool {

/// An option of a check, set with --config SCOPE:NAME=VALUE.
struct CheckOption {
  std::string Name;
  std::string Type; ///< "bool", "int" or "string"
  std::string Default;
  std::string Description;
  /// The check's name, or the package's for an option all the checks of a
  /// package share ("kmdf:Strict").
  std::string Scope;
};

/// What a user and a SARIF log need to know about one check.
struct CheckInfo {
  std::string Name;        ///< "kmdf.WdfInterruptLock", "core.DivideZero"
  std::string Description; ///< One line.
  std::string FullDescription;
  std::string DocsUri; ///< The documentation page; may be empty.
  /// A longer explanation, as plain text and as Markdown; for the
  /// analyzer's own checks, the description and the docs link.
  std::string HelpText;
  std::string HelpMarkdown;
  std::vector<CheckOption> Options;
};

/// The checks users can enable, sorted by name: the kmdf checkers and the
/// analyzer's own, without its hidden modeling checkers and the debug.*
/// checkers (they dump analyzer internals instead of finding bugs).
std::vector<CheckInfo> availableChecks();

/// The check called \p Name in \p Checks, or null.
const CheckInfo *findCheck(llvm::ArrayRef<CheckInfo> Checks,
                           llvm::StringRef Name);

/// Applies \p Patterns, a comma-separated list of globs ("kmdf.*,core.*,
/// -core.DivideZero"), left to right: a glob adds the checks it matches, a
/// glob after '-' removes them. Returns the names enabled, sorted. A glob that
/// matches no check is an error, and so is enabling nothing.
llvm::Expected<std::vector<std::string>>
selectChecks(llvm::ArrayRef<CheckInfo> Checks, llvm::StringRef Patterns);

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_CHECKCATALOG_H
