//===- DatabasesTest.cpp - Compilation databases and URIs -----------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The pieces the command line and the language server share: where a
// compilation database is looked for, which files -p accepts (the same for
// both), and how paths become URIs.
//
//===----------------------------------------------------------------------===//

#include "Databases.h"
#include "LspDatabases.h"
#include "Uri.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace kmdf::tool;

namespace {

/// A fresh folder with src/a.c, a database of another name that lists it,
/// and build/compile_commands.json listing it too.
class Tree {
public:
  Tree() {
    llvm::SmallString<128> Dir;
    EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("kmdf-check-db", Dir));
    Root = std::string(Dir);
    llvm::sys::fs::create_directories(Root + "/src");
    llvm::sys::fs::create_directories(Root + "/build");
    write("src/a.c", "int A;\n");
    std::string Db = "[{\"directory\": \"" + Root +
                     "/src\", \"file\": \"a.c\", \"command\": \"cc -DX -c "
                     "a.c\"}]\n";
    write("other-name.json", Db);
    write("build/compile_commands.json", Db);
  }
  ~Tree() { llvm::sys::fs::remove_directories(Root); }

  void write(llvm::StringRef Name, llvm::StringRef Text) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Root + "/" + Name.str(), EC);
    OS << Text;
  }

  std::string Root;
};

TEST(DatabasesTest, CandidatesAreNearestFirstWithBuildFolders) {
  EXPECT_EQ(
      databaseCandidates("/a/b/c.c", "/w"),
      (std::vector<std::string>{
          "/a/b/compile_commands.json", "/a/b/build/compile_commands.json",
          "/a/compile_commands.json", "/a/build/compile_commands.json",
          "/compile_commands.json", "/build/compile_commands.json",
          "/w/compile_commands.json", "/w/build/compile_commands.json"}));
  EXPECT_EQ(databaseCandidates("/c.c").size(), 2u);
}

TEST(DatabasesTest, DashPNamesAFolderOrAFileOfAnyName) {
  Tree T;
  llvm::Expected<std::string> Folder = databaseFileOf(T.Root + "/build");
  ASSERT_TRUE(bool(Folder));
  EXPECT_EQ(*Folder, T.Root + "/build/compile_commands.json");
  llvm::Expected<std::string> File =
      databaseFileOf(T.Root + "/other-name.json");
  ASSERT_TRUE(bool(File));
  EXPECT_EQ(*File, T.Root + "/other-name.json");

  // Nothing is looked for above -p.
  llvm::Expected<std::string> Below = databaseFileOf(T.Root + "/build/nosuch");
  ASSERT_FALSE(bool(Below));
  EXPECT_EQ(llvm::toString(Below.takeError()), "no such file or folder");
  llvm::Expected<std::string> Empty = databaseFileOf(T.Root + "/src");
  ASSERT_FALSE(bool(Empty));
  EXPECT_EQ(llvm::toString(Empty.takeError()),
            "the folder has no compile_commands.json");
}

TEST(DatabasesTest, LoadInfersCommandsForUnlistedFiles) {
  Tree T;
  auto DB = loadDatabase(T.Root + "/other-name.json");
  ASSERT_TRUE(bool(DB)) << llvm::toString(DB.takeError());
  std::vector<clang::tooling::CompileCommand> Header =
      (*DB)->getCompileCommands(T.Root + "/src/a.h");
  ASSERT_EQ(Header.size(), 1u);
  EXPECT_TRUE(llvm::is_contained(Header[0].CommandLine, "-DX"));

  T.write("broken.json", "{");
  auto Broken = loadDatabase(T.Root + "/broken.json");
  ASSERT_FALSE(bool(Broken));
  EXPECT_EQ(llvm::toString(Broken.takeError()), "Expected array.");
}

// The language server accepts the database files the command line accepts.
TEST(DatabasesTest, LanguageServerTakesTheSameFiles) {
  Tree T;
  std::string LogText;
  llvm::raw_string_ostream LogStream(LogText);
  lsp::Logger Log(lsp::LogLevel::Error, LogStream);
  std::string Why;
  lsp::DatabaseFinder ByName(T.Root + "/other-name.json", Log);
  EXPECT_NE(ByName.find(T.Root + "/src/a.c", Why), nullptr) << Why;

  // No -p: the build/ subfolder of a folder above the file.
  lsp::DatabaseFinder Nearest("", Log);
  EXPECT_NE(Nearest.find(T.Root + "/src/a.c", Why), nullptr) << Why;

  lsp::DatabaseFinder Missing(T.Root + "/nosuch", Log);
  EXPECT_EQ(Missing.find(T.Root + "/src/a.c", Why), nullptr);
  EXPECT_EQ(Why, "-p '" + T.Root + "/nosuch': no such file or folder");
}

TEST(UriTest, EncodesAndDecodesPaths) {
  EXPECT_EQ(encodeUriPath("drv/a b#%.c"), "drv/a%20b%23%25.c");
  EXPECT_EQ(decodeUriPath("drv/a%20b%23%25.c"), "drv/a b#%.c");
  EXPECT_EQ(decodeUriPath("a%2"), std::nullopt);
  EXPECT_EQ(decodeUriPath("a%zz"), std::nullopt);
  EXPECT_EQ(pathToUri("/\xC3\xA9.c"), "file:///%C3%A9.c");
  EXPECT_EQ(uriToPath(pathToUri("/x y/\xC3\xA9.c")), "/x y/\xC3\xA9.c");
}

} // namespace
