//===- Databases.h - Finding and loading compilation databases --*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one loader of compilation databases: the command line (-p, or the
// database found beside the files) and the language server accept the same
// files, found the same way, and load them the same way.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_DATABASES_H
#define KMDF_CHECK_TOOL_DATABASES_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace kmdf::tool {

/// The name of the database file that is looked for in folders.
constexpr llvm::StringLiteral DatabaseFileName = "compile_commands.json";

/// The database file -p names: \p Path itself when it is a file (of any
/// name), \p Path/compile_commands.json when it is a folder. Nothing is
/// looked for above \p Path: a mistyped -p is an error, not another
/// project's database.
llvm::Expected<std::string> databaseFileOf(llvm::StringRef Path);

/// Loads the JSON compilation database \p File the way clang's tools load
/// one from a folder: commands for files it does not list (headers, new
/// files) are inferred from the listed file most alike, @response files are
/// expanded, and the target and driver mode come from the compiler's name.
llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
loadDatabase(llvm::StringRef File);

/// The database files that may hold \p File's command, nearest first: in
/// \p File's folder and in each folder above it, then in \p Root (when not
/// empty), each followed by the one in its build/ subfolder. \p File is
/// absolute. Only some of them exist.
std::vector<std::string> databaseCandidates(llvm::StringRef File,
                                            llvm::StringRef Root = "");

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_DATABASES_H
