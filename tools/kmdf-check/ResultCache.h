//===- ResultCache.h - Results of unchanged files, kept ---------*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// --cache-dir: the result of analyzing a file is kept in a folder under a key
// that covers everything that decides it, so that a file whose key has not
// changed is not analyzed again.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_RESULTCACHE_H
#define KMDF_CHECK_TOOL_RESULTCACHE_H

#include "Analysis.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <mutex>
#include <optional>
#include <string>

namespace kmdf::tool {

/// A folder of analysis results, shared by the threads of a run and by runs
/// at the same time. An entry is written to a file of its own and renamed
/// into place, so a reader sees a whole entry or none; an entry that cannot
/// be read (cut short, edited, another format) is ignored and written again.
///
/// A result is keyed by what decides it (key()): the translation unit as the
/// preprocessor produces it from each compile command of the file, and the
/// exact contents of every file the preprocessor read; the compile commands
/// as analyzed; the checks, the modeling and silenced checkers and their
/// options; the LLVM build (clang's full version); and kmdf-check, by its
/// version and the digest of its sources. A result also depends on the files
/// the analysis itself imported code from (FileResult::ImportedFiles, with
/// cross-translation-unit analysis): the entry records them with their
/// digests, and lookup() takes it only while they are unchanged.
class ResultCache {
public:
  explicit ResultCache(std::string Dir) : Dir(std::move(Dir)) {}

  /// Creates the folder; an error says why it cannot be used.
  llvm::Error prepare() const;

  /// \p File's key for \p Options, computed by preprocessing each of its
  /// commands in \p Database; nothing when it has no command or one does not
  /// preprocess (the analysis then reports why, and is not cached).
  std::optional<std::string>
  key(const clang::tooling::CompilationDatabase &Database, llvm::StringRef File,
      const AnalysisOptions &Options) const;

  /// The result stored under \p Key for \p File, if there is one that can be
  /// read and the files it imported are as they were.
  std::optional<FileResult> lookup(llvm::StringRef Key,
                                   llvm::StringRef File) const;

  /// Stores \p Result under \p Key. A result with errors is not stored.
  /// Failing to write is not an error of the run: the first such failure is
  /// kept for writeError().
  void store(llvm::StringRef Key, const FileResult &Result);

  /// Why an entry could not be written, if one could not.
  std::optional<std::string> writeError() const;

  /// The file of the entry of \p Key.
  std::string entryPath(llvm::StringRef Key) const;

private:
  std::string Dir;
  mutable std::mutex Mutex;
  std::optional<std::string> FirstWriteError;
};

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_RESULTCACHE_H
