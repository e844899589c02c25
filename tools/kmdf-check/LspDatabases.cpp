//===- LspDatabases.cpp - Compilation databases of an editor session ------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LspDatabases.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace kmdf::tool::lsp {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;
using clang::tooling::CompilationDatabase;

namespace {

constexpr llvm::StringLiteral DatabaseName = "compile_commands.json";

std::string join(llvm::StringRef A, llvm::StringRef B) {
  llvm::SmallString<256> Result(A);
  path::append(Result, B);
  return std::string(Result);
}

/// \p Folder's database and its build/ subfolder's.
void addFolder(llvm::StringRef Folder, std::vector<std::string> &Out) {
  Out.push_back(join(Folder, DatabaseName));
  Out.push_back(join(join(Folder, "build"), DatabaseName));
}

} // namespace

std::vector<std::string>
DatabaseFinder::candidates(llvm::StringRef File) const {
  std::vector<std::string> Result;
  if (!BuildPath.empty()) {
    // -p names the build folder or its compile_commands.json.
    Result.push_back(fs::is_directory(BuildPath) ? join(BuildPath, DatabaseName)
                                                 : BuildPath);
    return Result;
  }
  for (llvm::StringRef Folder = path::parent_path(File); !Folder.empty();
       Folder = path::parent_path(Folder))
    addFolder(Folder, Result);
  if (!WorkspaceRoot.empty())
    addFolder(WorkspaceRoot, Result);
  return Result;
}

std::shared_ptr<const CompilationDatabase>
DatabaseFinder::load(llvm::StringRef Json, std::string &Why) {
  fs::file_status Status;
  if (fs::status(Json, Status) || !fs::is_regular_file(Status)) {
    Why = ("'" + Json + "' does not exist").str();
    return nullptr;
  }
  Loaded &Entry = Cache[Json];
  if (Entry.Database && Entry.Modified == Status.getLastModificationTime())
    return Entry.Database;
  if (path::filename(Json) != DatabaseName) {
    Why = ("-p names '" + Json + "'; give the build folder or its " +
           DatabaseName)
              .str();
    return nullptr;
  }
  std::string Error;
  // loadFromDirectory adds what clangd relies on too: commands inferred for
  // files the database does not list, @file expansion, the target.
  std::unique_ptr<CompilationDatabase> Database =
      CompilationDatabase::loadFromDirectory(path::parent_path(Json), Error);
  if (!Database) {
    Why =
        ("cannot load '" + Json + "': " + llvm::StringRef(Error).trim()).str();
    Log.error(Why);
    Cache.erase(Json);
    return nullptr;
  }
  Log.info("loaded the compilation database " + Json);
  Entry = {Status.getLastModificationTime(), std::move(Database)};
  return Entry.Database;
}

std::shared_ptr<const CompilationDatabase>
DatabaseFinder::find(llvm::StringRef File, std::string &Why) {
  for (const std::string &Json : candidates(File)) {
    if (BuildPath.empty() && !fs::exists(Json))
      continue;
    std::shared_ptr<const CompilationDatabase> Database = load(Json, Why);
    if (!Database)
      return nullptr;
    if (!Database->getCompileCommands(File).empty())
      return Database;
    Why = "no compile command for it in " + Json;
    return nullptr;
  }
  Why = "no compile_commands.json in its folder, the folders above it, their "
        "build/ subfolders or the workspace root";
  return nullptr;
}

} // namespace kmdf::tool::lsp
