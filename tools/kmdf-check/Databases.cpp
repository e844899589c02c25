//===- Databases.cpp - Finding and loading compilation databases ----------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Databases.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

namespace kmdf::tool {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;
using clang::tooling::CompilationDatabase;

namespace {

llvm::Error error(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

std::string join(llvm::StringRef A, llvm::StringRef B) {
  llvm::SmallString<256> Result(A);
  path::append(Result, B);
  return std::string(Result);
}

/// \p Folder's database and its build/ subfolder's.
void addFolder(llvm::StringRef Folder, std::vector<std::string> &Out) {
  Out.push_back(join(Folder, DatabaseFileName));
  Out.push_back(join(join(Folder, "build"), DatabaseFileName));
}

} // namespace

llvm::Expected<std::string> databaseFileOf(llvm::StringRef Path) {
  fs::file_status Status;
  if (fs::status(Path, Status) || !fs::exists(Status))
    return error("no such file or folder");
  if (!fs::is_directory(Status))
    return Path.str();
  std::string File = join(Path, DatabaseFileName);
  if (!fs::exists(File))
    return error("the folder has no " + DatabaseFileName);
  return File;
}

llvm::Expected<std::unique_ptr<CompilationDatabase>>
loadDatabase(llvm::StringRef File) {
  using namespace clang::tooling;
  std::string Error;
  std::unique_ptr<CompilationDatabase> Json =
      JSONCompilationDatabase::loadFromFile(File, Error,
                                            JSONCommandLineSyntax::AutoDetect);
  if (!Json)
    return error(llvm::StringRef(Error).trim());
  // What CompilationDatabase::loadFromDirectory adds to a folder's
  // compile_commands.json, for a file of any name.
  return inferTargetAndDriverMode(inferMissingCompileCommands(
      expandResponseFiles(std::move(Json), llvm::vfs::getRealFileSystem())));
}

std::vector<std::string> databaseCandidates(llvm::StringRef File,
                                            llvm::StringRef Root) {
  std::vector<std::string> Result;
  for (llvm::StringRef Folder = path::parent_path(File); !Folder.empty();
       Folder = path::parent_path(Folder))
    addFolder(Folder, Result);
  if (!Root.empty())
    addFolder(Root, Result);
  return Result;
}

} // namespace kmdf::tool
