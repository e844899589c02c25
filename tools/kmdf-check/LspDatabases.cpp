//===- LspDatabases.cpp - Compilation databases of an editor session ------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LspDatabases.h"
#include "Databases.h"

#include "llvm/Support/FileSystem.h"

namespace kmdf::tool::lsp {

namespace fs = llvm::sys::fs;
using clang::tooling::CompilationDatabase;

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
  llvm::Expected<std::unique_ptr<CompilationDatabase>> Database =
      loadDatabase(Json);
  if (!Database) {
    Why =
        ("cannot load '" + Json + "': " + toString(Database.takeError())).str();
    Log.error(Why);
    Cache.erase(Json);
    return nullptr;
  }
  Log.info("loaded the compilation database " + Json);
  Entry = {Status.getLastModificationTime(), std::move(*Database)};
  return Entry.Database;
}

std::shared_ptr<const CompilationDatabase>
DatabaseFinder::withCommand(llvm::StringRef File, llvm::StringRef Json,
                            std::string &Why) {
  std::shared_ptr<const CompilationDatabase> Database = load(Json, Why);
  if (!Database)
    return nullptr;
  if (!Database->getCompileCommands(File).empty())
    return Database;
  Why = ("no compile command for it in " + Json).str();
  return nullptr;
}

std::shared_ptr<const CompilationDatabase>
DatabaseFinder::find(llvm::StringRef File, std::string &Why,
                     std::string *JsonOut) {
  if (!BuildPath.empty()) {
    llvm::Expected<std::string> Json = databaseFileOf(BuildPath);
    if (!Json) {
      Why = "-p '" + BuildPath + "': " + toString(Json.takeError());
      return nullptr;
    }
    if (JsonOut)
      *JsonOut = *Json;
    return withCommand(File, *Json, Why);
  }
  for (const std::string &Json : databaseCandidates(File, WorkspaceRoot))
    if (fs::exists(Json)) {
      if (JsonOut)
        *JsonOut = Json;
      return withCommand(File, Json, Why);
    }
  Why = "no compile_commands.json in its folder, the folders above it, their "
        "build/ subfolders or the workspace root";
  return nullptr;
}

} // namespace kmdf::tool::lsp
