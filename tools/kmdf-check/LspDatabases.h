//===- LspDatabases.h - Compilation databases of an editor session -*- C++ -*-//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The language server gets files, not a build folder: like clangd, it looks
// for the compile_commands.json that covers each file.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_LSPDATABASES_H
#define KMDF_CHECK_TOOL_LSPDATABASES_H

#include "LspLog.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Chrono.h"

#include <memory>
#include <string>
#include <vector>

namespace kmdf::tool::lsp {

/// Finds the database for a file: the one -p names; else the nearest
/// compile_commands.json in the file's folder or above it, or in a build/
/// subfolder of one of those; else the workspace root's (or its build/'s).
/// The command line finds and loads them alike (Databases.h). A database
/// also gives commands for files it does not list, taken from the listed
/// file that is most alike (clang's interpolation, as in clangd). Databases
/// are loaded once and again when their file changes.
/// Not thread-safe: the analysis thread alone uses it.
class DatabaseFinder {
public:
  DatabaseFinder(std::string BuildPath, Logger &Log)
      : BuildPath(std::move(BuildPath)), Log(Log) {}

  /// Set from initialize, before any file is analyzed.
  void setWorkspaceRoot(std::string Root) { WorkspaceRoot = std::move(Root); }

  /// The database with a command for \p File; null, with \p Why set, when
  /// there is none. \p Json, when given, is set to its file.
  std::shared_ptr<const clang::tooling::CompilationDatabase>
  find(llvm::StringRef File, std::string &Why, std::string *Json = nullptr);

private:
  struct Loaded {
    llvm::sys::TimePoint<> Modified;
    std::shared_ptr<const clang::tooling::CompilationDatabase> Database;
  };

  /// The database \p Json when it has a command for \p File.
  std::shared_ptr<const clang::tooling::CompilationDatabase>
  withCommand(llvm::StringRef File, llvm::StringRef Json, std::string &Why);
  std::shared_ptr<const clang::tooling::CompilationDatabase>
  load(llvm::StringRef Json, std::string &Why);

  std::string BuildPath;
  std::string WorkspaceRoot;
  Logger &Log;
  llvm::StringMap<Loaded> Cache;
};

} // namespace kmdf::tool::lsp

#endif // KMDF_CHECK_TOOL_LSPDATABASES_H
