//===- Analysis.h - Running the analyzer on one translation unit -*- C++
//-*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The analysis library behind kmdf-check: it runs the Static Analyzer with
// the kmdf checkers linked in over one translation unit and returns its
// findings as plain data. It prints nothing, so the command-line tool, the
// language server and the tests can each present the results their own way.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_ANALYSIS_H
#define KMDF_CHECK_TOOL_ANALYSIS_H

#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace clang {
class ASTConsumer;
class CompilerInstance;
class FrontendAction;
class PCHContainerOperations;
class SourceLocation;
class SourceManager;
namespace ento {
class AnalysisASTConsumer;
class PathDiagnostic;
} // namespace ento
namespace tooling {
class CompilationDatabase;
struct CompileCommand;
} // namespace tooling
} // namespace clang

namespace llvm::vfs {
class FileSystem;
} // namespace llvm::vfs

namespace kmdf::tool {

struct CtuIndex;

/// A place in a source file. File is absolute and free of "." and "..".
struct SourcePosition {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;      ///< 1-based, in bytes (clang's columns).
  unsigned Utf16Column = 0; ///< 1-based, in UTF-16 code units (SARIF's).

  friend bool operator<(const SourcePosition &A, const SourcePosition &B) {
    return std::tie(A.File, A.Line, A.Column) <
           std::tie(B.File, B.Line, B.Column);
  }
  friend bool operator==(const SourcePosition &A, const SourcePosition &B) {
    return A.File == B.File && A.Line == B.Line && A.Column == B.Column;
  }
};

/// One step of the path that leads to a finding ("acquired here").
struct PathNote {
  SourcePosition Position;
  std::string Message;
};

/// One report of a checker.
struct Finding {
  std::string CheckName; ///< e.g. "kmdf.WdfInterruptLock"
  std::string Message;
  SourcePosition Position;
  /// The function the finding is about, qualified ("Dpc", "ns::C::f").
  std::string Function;
  /// The function whose analysis found it, where its path starts: for the
  /// kmdf checks, the callback. It differs from Function when the finding
  /// lies in a helper the path entered; one helper reached from two
  /// callbacks gives two findings.
  std::string TopFunction;
  /// The text of the source line of Position, as written.
  std::string LineText;
  /// The path notes in path order; the last one usually restates Message.
  std::vector<PathNote> Path;
  /// Tells apart the findings of one translation unit that agree in check,
  /// file, function, line text (white space aside) and message, the parts
  /// of their fingerprint: 0, 1, ... in position order. Set by analyzeFile,
  /// before any finding is left out of a report, so that a finding's
  /// fingerprint does not depend on which other findings a log holds (a
  /// shard's, or one filtered by a baseline).
  unsigned Ordinal = 0;
};

/// \p Text without its white space: a line's text as fingerprints see it.
std::string withoutWhiteSpace(llvm::StringRef Text);

/// Orders findings by position, then check, message and top function.
bool operator<(const Finding &A, const Finding &B);
bool operator==(const Finding &A, const Finding &B);

/// Sorts \p Findings and keeps one of each group of equal findings: the one
/// whose path comes first, so that the result does not depend on the order
/// the findings came in.
void normalizeFindings(std::vector<Finding> &Findings);

/// What to run and how.
struct AnalysisOptions {
  /// Full names of the checkers to enable and report; all others stay off.
  std::vector<std::string> Checkers;
  /// Checkers and packages that also run, for the paths they end (a null
  /// dereference, a call that does not return), as under clang --analyze.
  std::vector<std::string> Modeling;
  /// Checkers that run but whose reports are dropped (those of Modeling
  /// that Checkers does not name).
  std::vector<std::string> Silenced;
  /// Checker options: {"kmdf:Strict", "true"}. Unknown
  /// names and ill-typed values are errors, never ignored.
  std::vector<std::pair<std::string, std::string>> Config;
  /// Compiler arguments added after / before each command's own.
  std::vector<std::string> ExtraArgs;
  std::vector<std::string> ExtraArgsBefore;
  /// When set, the analyzer also writes its HTML reports into this folder.
  std::string HtmlDir;
  /// When set, calls into functions defined in other files of the database
  /// are followed (Ctu.h). A file whose cross-file analysis fails is
  /// analyzed again without it, and FileResult::Warnings says so.
  std::shared_ptr<const CtuIndex> Ctu;
};

/// An error that kept a file from being analyzed: clang's diagnostic, or
/// the tool's own when there is no compile command. Position.File is empty
/// for errors without a place (bad options, a driver error).
struct AnalysisError {
  SourcePosition Position;
  std::string Message;
};

/// A file an analysis read, and what it read: the hex SHA-256 of its
/// contents (contentDigest).
struct InputFile {
  std::string Path; ///< Absolute.
  std::string Digest;

  friend bool operator<(const InputFile &A, const InputFile &B) {
    return std::tie(A.Path, A.Digest) < std::tie(B.Path, B.Digest);
  }
  friend bool operator==(const InputFile &A, const InputFile &B) {
    return A.Path == B.Path && A.Digest == B.Digest;
  }
};

/// The hex SHA-256 of \p Text.
std::string contentDigest(llvm::StringRef Text);

/// The result of analyzing one source file (under each compile command the
/// database has for it).
struct FileResult {
  std::string File; ///< Absolute.
  std::vector<Finding> Findings;
  /// Set when the file could not be analyzed; its findings may then be
  /// incomplete.
  std::vector<AnalysisError> Errors;
  /// The files the findings also depend on that are not part of the
  /// translation unit: those whose code the analysis used although the
  /// preprocessor never entered them (with cross-translation-unit analysis,
  /// the files of the definitions it imported), sorted. The result cache
  /// keys a result by them too.
  std::vector<InputFile> ImportedFiles;
  /// Whether the result came from the cache (--cache-dir) rather than an
  /// analysis.
  bool FromCache = false;
  /// Set when the file was analyzed, but not as asked: its cross-file
  /// analysis failed (the reason is the message), so its findings are those
  /// of the analysis without --ctu.
  std::vector<AnalysisError> Warnings;
  /// With --ctu, the functions of other files whose calls the analysis
  /// could not follow (the importer cannot bring a definition over, or the
  /// analysis loaded as many files as it may), one each, where first
  /// called; those calls were evaluated as in the analysis without --ctu.
  std::vector<AnalysisError> Notes;

  bool failed() const { return !Errors.empty(); }
};

/// Analyzes \p File with the commands \p Database gives for it. \p FS, when
/// given, is the file system to read sources from (e.g. an overlay with
/// unsaved editor buffers over vfs::createPhysicalFileSystem()); by default
/// the real one. Its working directory is set to each command's directory,
/// so it must not be shared with another thread, nor be getRealFileSystem(),
/// whose working directory is the process's. Thread-safe otherwise: each
/// call has its own compiler state.
FileResult
analyzeFile(const clang::tooling::CompilationDatabase &Database,
            llvm::StringRef File, const AnalysisOptions &Options,
            llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS = nullptr);

/// The command line that parses \p Command for the analysis: its own
/// arguments without outputs and code generation, with the extra arguments
/// of \p Options and the builtin headers of the clang kmdf-check links.
std::vector<std::string>
analysisCommandLine(const clang::tooling::CompileCommand &Command,
                    const AnalysisOptions &Options);

/// Runs \p Action on \p Args (an analysisCommandLine) in \p Command's
/// directory, with \p FS as analyzeFile takes it. Clang's errors, or a crash
/// (with crash recovery enabled), are added to \p Errors; returns true when
/// there were none. After a crash, \p Crash (when given) says which signal.
/// \p PCHOperations, when given, are the CompilerInstance's PCH readers and
/// writers (CtuDumpCheck's). \p Notes, when given, receives the checkers'
/// remarks about calls a cross-file analysis did not follow.
bool runFrontendAction(
    const clang::tooling::CompileCommand &Command,
    std::vector<std::string> Args,
    std::unique_ptr<clang::FrontendAction> Action,
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
    std::vector<AnalysisError> &Errors, std::string *Crash = nullptr,
    std::shared_ptr<clang::PCHContainerOperations> PCHOperations = nullptr,
    std::vector<AnalysisError> *Notes = nullptr);

/// The analyzer's consumer for \p CI, with the kmdf checkers linked in: what
/// `-load KmdfCheck.so` gives clang, for the tool's own compiler jobs.
std::unique_ptr<clang::ento::AnalysisASTConsumer>
createLinkedAnalysisConsumer(clang::CompilerInstance &CI);

/// The analyzer's consumer for \p CI, with the kmdf checkers linked in, that
/// adds the findings to \p Findings: analyzeFile's.
std::unique_ptr<clang::ASTConsumer>
createFindingConsumer(clang::CompilerInstance &CI,
                      std::vector<Finding> &Findings);

/// Sets the analyzer options of \p CI from \p Options: the checkers, their
/// options, no output of the analyzer's own. Every consumer that analyzes for
/// kmdf-check starts from this, so all of them analyze alike.
void configureAnalyzer(clang::CompilerInstance &CI,
                       const AnalysisOptions &Options);

/// The finding that the analyzer's path diagnostic \p D describes.
Finding toFinding(const clang::ento::PathDiagnostic &D);

/// Where \p Loc is in the file as written (macro expansions count at the
/// place of the macro's use, as clang reports them); also the text of its
/// line in \p LineText when given.
SourcePosition toPosition(const clang::SourceManager &SM,
                          clang::SourceLocation Loc,
                          std::string *LineText = nullptr);

/// One compile command of a file, as analyzeFile runs it.
struct AnalysisJob {
  unsigned Index = 0; ///< Among the file's commands.
  std::string Directory;
  /// The driver command line, with the analysis's adjustments.
  std::vector<std::string> CommandLine;
};

/// Makes the AST consumer that analyzes \p Job, once \p CI is configured
/// (configureAnalyzer); it adds its findings to \p Findings.
using ConsumerFactory = std::function<std::unique_ptr<clang::ASTConsumer>(
    clang::CompilerInstance &CI, const AnalysisJob &Job,
    std::vector<Finding> &Findings)>;

/// analyzeFile with another consumer than the analyzer's own: the same
/// compile commands, file system, errors, crash recovery and --ctu.
FileResult analyzeFileWith(const clang::tooling::CompilationDatabase &Database,
                           llvm::StringRef File, const AnalysisOptions &Options,
                           llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                           const ConsumerFactory &MakeConsumer);

/// Checks \p Options once, before analyzing anything: enables the checkers
/// with their options on an empty translation unit and returns the errors
/// the analyzer reports (unknown checker or option, invalid value).
std::vector<AnalysisError> validateOptions(const AnalysisOptions &Options);

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_ANALYSIS_H
