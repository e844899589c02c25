//===- Ctu.h - Whole-driver (cross-translation-unit) analysis ---*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// kmdf-check --ctu: the analyzer follows a call into a function defined in
// another file of the compilation database by loading that file's AST and
// importing the function's body (clang's CrossTU library). It needs an index
// of the external definitions and, for each file, its AST serialized (an AST
// dump, as `clang -emit-ast` writes it); this unit writes both from the
// database, in a cache folder it owns, in one parse of each file, and
// configures an analysis to use them. Loading a dump is far cheaper than
// parsing the file again, which is what the analyzer does otherwise, once
// for every file that calls into it.
//
// The index is kept per language dialect (C; each C++ standard; per target):
// the importer must never be asked to bring C++ into C or one C++ dialect
// into another. Everything written is checked with the very readers the
// analyzer uses, so that a mistake is an error here and never a silently
// disabled cross-file analysis.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_CTU_H
#define KMDF_CHECK_TOOL_CTU_H

#include "Analysis.h"
#include "Runner.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace clang {
class CompilerInstance;
class PCHContainerOperations;
namespace tooling {
class CompilationDatabase;
} // namespace tooling
} // namespace clang

namespace kmdf::tool {

/// The index of one language dialect: what the analyzer's ctu-* options
/// point at. All paths are absolute.
struct CtuDialectIndex {
  /// Which translation units may import from each other, e.g.
  /// "c x86_64-pc-linux-gnu" or "c++17 x86_64-pc-linux-gnu".
  std::string Dialect;
  std::string Dir; ///< ctu-dir
  /// ctu-index-name: "<USR length>:<USR> <AST dump>", every dump an
  /// absolute path ending in ".ast", which the analyzer loads as a dump
  /// (any other path it would parse on demand, with an invocation list).
  std::string IndexFile;
  unsigned Files = 0; ///< Source files with definitions in it.
  unsigned Definitions = 0;
};

/// A file as a parse read it, or as kmdf-check wrote it.
struct CtuFileStamp {
  std::string Path;
  uint64_t Size = 0;
  int64_t Modified = 0; ///< Nanoseconds since the epoch.
};

/// An AST dump the index points at, as it was written.
struct CtuDump {
  std::string Source; ///< The file it is the AST of.
  std::string Dialect;
  uint64_t Size = 0;
  uint64_t Hash = 0; ///< Of its bytes, read in pieces (Ctu.cpp).
  /// The files its parse read: clang refuses a dump one of them changed.
  std::vector<CtuFileStamp> Inputs;
};

/// A ready index for a compilation database: every dialect's files exist
/// and were read back with the analyzer's own parsers.
struct CtuIndex {
  std::string CacheDir;
  std::vector<CtuDialectIndex> Dialects;
  /// Every dump of every dialect's index, by absolute path.
  std::map<std::string, CtuDump> Dumps;
  /// Set when CacheDir is a temporary folder of this index alone: it is
  /// removed with the index.
  bool Temporary = false;

  CtuIndex() = default;
  CtuIndex(const CtuIndex &) = delete;
  CtuIndex &operator=(const CtuIndex &) = delete;
  ~CtuIndex();

  /// The index of \p Dialect, or null when no file of that dialect defines
  /// anything another could import.
  const CtuDialectIndex *find(llvm::StringRef Dialect) const;
};

/// How to build the index.
struct CtuIndexOptions {
  /// The cache folder (created if missing). Its contents are kmdf-check's:
  /// a manifest of what each file defines and which files it read, the AST
  /// dump of each file, and the generated index of each dialect. Empty: a
  /// temporary folder, removed with the index (nothing is reused).
  std::string CacheDir;
  /// Files parsed in parallel (0: one per core the process may use).
  unsigned Jobs = 1;
  /// Told as each file that must be (re)parsed starts.
  ProgressFn Progress;
};

/// What building the index found, for the user.
struct CtuIndexReport {
  unsigned Parsed = 0; ///< Files parsed in this run (new or changed).
  unsigned Reused = 0; ///< Files whose entries were up to date.
  /// Things the user should know: a function defined in several files of one
  /// dialect (not followed), files that could not be parsed (not indexed),
  /// dialects that cannot import from each other.
  std::vector<std::string> Notes;
};

/// Finds or builds the index of every file of \p Database plus \p Files
/// (files named on the command line that the database may not list), with
/// the compile commands and extra arguments of \p Options. Files and headers
/// unchanged since the last run (same size and modification time, same
/// command, same clang), whose AST dump is as it was written, are not parsed
/// again. Returns an error when the cache folder
/// cannot be written or what was written cannot be read back.
llvm::Expected<std::shared_ptr<const CtuIndex>>
buildCtuIndex(const clang::tooling::CompilationDatabase &Database,
              llvm::ArrayRef<std::string> Files, const AnalysisOptions &Options,
              const CtuIndexOptions &IndexOptions,
              CtuIndexReport *Report = nullptr);

/// The default cache folder for the database in folder \p DatabaseDir.
std::string defaultCtuCacheDir(llvm::StringRef DatabaseDir);

/// The default cache folder for kmdf-check's database: the one of -p
/// \p BuildPath (a folder or a compile_commands.json), else of the database
/// found from the first of \p Sources as clang's tools find it (in its
/// folder or above); empty when there is none.
std::string defaultCtuCacheDir(llvm::StringRef BuildPath,
                               llvm::ArrayRef<std::string> Sources);

/// For front ends that analyze files of one database again and again, such
/// as the language server: finds or builds the index of \p Database in the
/// default folder beside its compile_commands.json (in \p DatabaseDir), and
/// points \p Options at it. Cheap when nothing changed (one stat of each
/// file the index depends on), so call it again after a file is saved: only
/// the changed files are parsed again. Analyses that already hold the old
/// index may go on; the next ones use the new one.
llvm::Error useCtuIndex(const clang::tooling::CompilationDatabase &Database,
                        llvm::StringRef DatabaseDir, AnalysisOptions &Options,
                        CtuIndexReport *Report = nullptr, unsigned Jobs = 1);

/// Checks the AST dumps that one analysis with \p Index loads. The analyzer
/// takes a dump that does not load (damaged, removed, or made from a file
/// that changed since) without a word, and follows no call into it: a
/// silent loss of findings. With this check such a dump is a failure of the
/// cross-file analysis, which kmdf-check then repeats without --ctu, saying
/// why. A dump found damaged is not read at all.
class CtuDumpCheck {
public:
  explicit CtuDumpCheck(const CtuIndex &Index);

  /// For the analysis' CompilerInstance: the analyzer reads dumps through
  /// its raw PCH container reader, which here checks each dump of the index
  /// against what was written, as it is read.
  std::shared_ptr<clang::PCHContainerOperations> containerOperations() const {
    return Operations;
  }

  /// After the analysis: why the dumps it needed could not be trusted (a
  /// sentence), or an empty string.
  std::string problem() const;

  struct State;

private:
  const CtuIndex &Index;
  std::shared_ptr<State> Seen;
  std::shared_ptr<clang::PCHContainerOperations> Operations;
};

/// The dialect of the translation unit \p CI is about to parse (language,
/// C++ standard, target): two units import from each other only when these
/// are equal.
std::string ctuDialect(const clang::CompilerInstance &CI);

/// The analyzer's own max-times-inline-large (AnalyzerOptions.def): how
/// many times one translation unit's analysis inlines a large function.
constexpr unsigned DefaultMaxTimesInlineLarge = 32;

/// Points \p CI's analyzer at \p Index, for the analysis consumer created
/// next (the CTU storage reads these options when it is constructed), and
/// multiplies max-times-inline-large, if left at its default, by the number
/// of files of the index. Does nothing when no other file shares \p CI's
/// dialect. The strings stay owned by \p Index, which must outlive the
/// analysis.
void configureCtu(clang::CompilerInstance &CI, const CtuIndex &Index);

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_CTU_H
