//===- KmdfCheck.cpp - The kmdf-check command-line tool -------------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// kmdf-check runs the Static Analyzer with the kmdf checkers linked in over
// the files of a compilation database, like clang-check --analyze but with no
// plugin to load. Exit status: 0 no findings, 1 findings, 2 the tool could
// not do its job (bad arguments, no database, a file that does not compile).
//
//===----------------------------------------------------------------------===//

#include "Analysis.h"
#include "CheckCatalog.h"
#include "CompilerJob.h"
#include "Ctu.h"
#include "Databases.h"
#include "LspServer.h"
#include "Output.h"
#include "ResultCache.h"
#include "Runner.h"
#include "SarifInput.h"

#include "kmdf-check/Version.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

using namespace kmdf::tool;
using clang::tooling::CompilationDatabase;
namespace cl = llvm::cl;
namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {

enum ExitCode { NoFindings = 0, FoundBugs = 1, ToolError = 2 };
enum class Format { Text, Sarif, Html };

cl::OptionCategory Category("kmdf-check options");

// -p, --extra-arg, --extra-arg-before and "-- <flags>" mean what they mean
// to clang-check and clang-tidy, and are read with the same pieces of
// libTooling (FixedCompilationDatabase::loadFromCommandLine, the JSON
// database with inferred commands, argument adjusters), but not through
// clang::tooling::CommonOptionsParser, which cannot keep four behaviours
// kmdf-check promises and tests (checked against LLVM 19 and 22):
// - with no files named it loads no database and keeps -p to itself, so
//   `kmdf-check -p build`, every file of the database (most of test/tool/),
//   would have nothing to analyze;
// - when it finds no database it prints a note and analyzes every file with
//   no flags at all, where kmdf-check must fail with exit status 2
//   (test/tool/errors.test, NO-DB-FOUND);
// - it looks for -p's database in the folders above -p as well, so a
//   mistyped -p, or one naming a broken file, silently uses whatever
//   database lies above it (errors.test, NO-DB-BELOW and BAD-JSON-FILES);
// - it ignores -p when "--" is given (errors.test, BOTH).

cl::opt<std::string>
    BuildPath("p",
              cl::desc("Build folder with compile_commands.json, or that file"),
              cl::value_desc("build-dir"), cl::cat(Category));
cl::list<std::string> SourceFiles(cl::Positional, cl::desc("[<file> ...]"),
                                  cl::cat(Category));
cl::list<std::string>
    ExtraArgs("extra-arg",
              cl::desc("Add this compiler argument after the command's own"),
              cl::cat(Category));
cl::list<std::string> ExtraArgsBefore(
    "extra-arg-before",
    cl::desc("Add this compiler argument before the command's own"),
    cl::cat(Category));
cl::opt<std::string>
    Checks("checks",
           cl::desc("Checks to run, comma-separated globs applied in order "
                    "after the default 'kmdf.*'; '-' removes "
                    "(e.g. 'core.*,-core.NullDereference')"),
           cl::cat(Category));
cl::opt<bool> ListChecks("list-checks",
                         cl::desc("List the enabled checks and their options"),
                         cl::cat(Category));
cl::list<std::string> Config("config",
                             cl::desc("Set a check option (repeatable)"),
                             cl::value_desc("CHECK:OPTION=VALUE"),
                             cl::cat(Category));
cl::opt<unsigned> Jobs("j",
                       cl::desc("Files analyzed in parallel "
                                "(default: the number of cores)"),
                       cl::init(0), cl::Prefix, cl::cat(Category));
cl::opt<bool> Progress(
    "progress",
    cl::desc("Show '[n/total] file' on stderr even when it is not a terminal"),
    cl::cat(Category));
cl::opt<Format> OutputFormat(
    "format", cl::desc("Output format"), cl::init(Format::Text),
    cl::values(clEnumValN(Format::Text, "text",
                          "file:line:col: warning: ... with note: lines"),
               clEnumValN(Format::Sarif, "sarif", "one SARIF 2.1.0 log"),
               clEnumValN(Format::Html, "html",
                          "the analyzer's HTML reports, in the -o folder")),
    cl::cat(Category));
cl::opt<std::string>
    OutputPath("o",
               cl::desc("Write to this file (text, sarif) or folder (html)"),
               cl::value_desc("path"), cl::cat(Category));
cl::opt<std::string>
    SourceRoot("source-root",
               cl::desc("SARIF locations are relative to this folder "
                        "(default: the current folder)"),
               cl::value_desc("dir"), cl::cat(Category));

cl::opt<std::string> BaselinePath(
    "baseline",
    cl::desc("Leave out the findings of this SARIF log of an earlier run "
             "(--format=sarif): only new findings are reported and fail the "
             "run"),
    cl::value_desc("file.sarif"), cl::cat(Category));
cl::opt<std::string>
    Shard("shard",
          cl::desc("Analyze only part K of N of the files, parts balanced by "
                   "file size (one job of a CI matrix each; --merge-sarif "
                   "joins their logs)"),
          cl::value_desc("K/N"), cl::cat(Category));
cl::opt<std::string> CacheDir(
    "cache-dir",
    cl::desc("Keep each file's result in this folder, and reuse it while "
             "nothing that decides it changed (see docs/kmdf-check.md)"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<bool> MergeSarif(
    "merge-sarif",
    cl::desc("Merge the SARIF logs named as files, the shards of one run, "
             "into the log of that run (to -o or stdout)"),
    cl::cat(Category));

cl::opt<bool> PrintPluginPath(
    "print-plugin-path",
    cl::desc("Print the path of the analyzer plugin for clang-" +
             std::to_string(LLVM_VERSION_MAJOR) +
             " (clang -fplugin=, scan-build -load-plugin) and exit"),
    cl::cat(Category));

cl::opt<bool> Ctu("ctu",
                  cl::desc("Whole-driver analysis: follow calls into functions "
                           "defined in other files of the compilation "
                           "database (see docs/kmdf-check.md); with --lsp "
                           "the default once an index exists, --ctu=false "
                           "turns it off"),
                  cl::cat(Category));
cl::opt<std::string>
    CtuDir("ctu-dir",
           cl::desc("With --ctu: the folder of its index (default: "
                    ".kmdf-check-ctu beside compile_commands.json)"),
           cl::value_desc("dir"), cl::cat(Category));

cl::opt<bool> Lsp("lsp",
                  cl::desc("Run as a language server on stdin/stdout, beside "
                           "clangd (see docs/ide.md)"),
                  cl::cat(Category));
cl::opt<bool> LspIncremental(
    "incremental",
    cl::desc("With --lsp: on a save, analyze again only the functions the "
             "edit changed (default; --incremental=false: the whole file)"),
    cl::init(true), cl::cat(Category));
cl::opt<std::string> LspClangd(
    "clangd", cl::ValueOptional, cl::value_desc("path"),
    cl::desc("With --lsp: run clangd (or this clangd) behind kmdf-check and "
             "add kmdf-check's findings to its diagnostics: one server for "
             "editors that take one per language"),
    cl::cat(Category));
cl::list<std::string>
    LspClangdArgs("clangd-arg",
                  cl::desc("With --lsp --clangd: an argument for clangd "
                           "(repeatable)"),
                  cl::cat(Category));
cl::opt<kmdf::tool::lsp::LogLevel> LspLog(
    "log", cl::desc("With --lsp: what to log on stderr"),
    cl::init(kmdf::tool::lsp::LogLevel::Info),
    cl::values(clEnumValN(kmdf::tool::lsp::LogLevel::Error, "error", "errors"),
               clEnumValN(kmdf::tool::lsp::LogLevel::Info, "info",
                          "errors and each analysis"),
               clEnumValN(kmdf::tool::lsp::LogLevel::Verbose, "verbose",
                          "everything, with each message")),
    cl::cat(Category));

llvm::raw_ostream &error() {
  return llvm::WithColor::error(llvm::errs(), "kmdf-check");
}

void printVersion(llvm::raw_ostream &OS) {
  OS << "kmdf-check " KMDF_CHECK_VERSION "\n"
     << "  built with LLVM " KMDF_CHECK_LLVM_VERSION "\n";
}

std::string currentDirectory() {
  llvm::SmallString<256> Cwd;
  if (fs::current_path(Cwd))
    return "";
  return std::string(Cwd);
}

std::string absolutePath(llvm::StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  fs::make_absolute(Abs);
  path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

/// --shard K/N, parsed.
struct ShardSpec {
  unsigned K = 1;
  unsigned N = 1;
};
std::optional<ShardSpec> ShardToRun;

/// The SARIF log of --baseline, loaded.
std::optional<Baseline> KnownFindings;

/// The folder of --cache-dir, ready.
std::optional<ResultCache> Cache;

/// Parses --shard; false (with an error) if it is malformed.
bool parseShard() {
  if (Shard.getNumOccurrences() == 0)
    return true;
  auto [K, N] = llvm::StringRef(Shard).split('/');
  ShardSpec Spec;
  if (K.getAsInteger(10, Spec.K) || N.getAsInteger(10, Spec.N) || Spec.K < 1 ||
      Spec.K > Spec.N) {
    error() << "--shard '" << Shard
            << "': expected K/N, part K of N with 1 <= K <= N (e.g. 2/4)\n";
    return false;
  }
  ShardToRun = Spec;
  return true;
}

/// Parses --config values into the analyzer's "CHECK:OPTION" keys.
std::optional<std::vector<std::pair<std::string, std::string>>> parseConfig() {
  std::vector<std::pair<std::string, std::string>> Result;
  for (llvm::StringRef Item : Config) {
    auto [Key, Value] = Item.split('=');
    auto [Check, Option] = Key.split(':');
    if (!Item.contains('=') || Check.empty() || Option.empty()) {
      error() << "--config '" << Item << "': expected CHECK:OPTION=VALUE\n";
      return std::nullopt;
    }
    Result.emplace_back(Key.str(), Value.str());
  }
  return Result;
}

/// Loads the database \p Json, naming \p Given (what -p said, or the file
/// found) in the error.
std::unique_ptr<CompilationDatabase>
loadOrComplain(llvm::Expected<std::string> Json, llvm::StringRef Given) {
  llvm::Expected<std::unique_ptr<CompilationDatabase>> DB =
      Json ? loadDatabase(*Json) : Json.takeError();
  if (DB)
    return std::move(*DB);
  error() << "cannot load the compilation database '" << Given
          << "': " << llvm::toString(DB.takeError()) << "\n";
  return nullptr;
}

/// The database the command line names: "-- <flags>", -p, or the one found
/// beside the first file.
std::unique_ptr<CompilationDatabase>
commandLineDatabase(std::unique_ptr<CompilationDatabase> Fixed) {
  if (Fixed) {
    if (!BuildPath.empty()) {
      error() << "give either -p or '-- <flags>', not both\n";
      return nullptr;
    }
    return Fixed;
  }
  if (!BuildPath.empty())
    return loadOrComplain(databaseFileOf(BuildPath), BuildPath);
  if (SourceFiles.empty()) {
    error() << "nothing to analyze: give -p <build-dir>, or files and "
               "'-- <compiler flags>' (see --help)\n";
    return nullptr;
  }
  // The database the language server would use for the first file.
  for (const std::string &Json :
       databaseCandidates(absolutePath(SourceFiles.front())))
    if (fs::exists(Json))
      return loadOrComplain(Json, Json);
  error() << "no compilation database found for '" << SourceFiles.front()
          << "' (no " << DatabaseFileName
          << " in its folder, the folders above it or their build/ "
             "subfolders): give -p <build-dir>, or '-- <compiler flags>' "
             "after the files\n";
  return nullptr;
}

/// The files to analyze, absolute and sorted; empty on error.
std::vector<std::string> inputFiles(const CompilationDatabase &DB) {
  std::vector<std::string> Files;
  for (const std::string &File : SourceFiles) {
    if (!fs::is_regular_file(File)) {
      error() << "'" << File << "': no such file\n";
      return {};
    }
    Files.push_back(absolutePath(File));
  }
  if (SourceFiles.empty())
    for (const std::string &File : DB.getAllFiles())
      Files.push_back(absolutePath(File));
  llvm::sort(Files);
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
  if (Files.empty())
    error() << "the compilation database lists no files\n";
  return Files;
}

void listChecks(llvm::ArrayRef<CheckInfo> All,
                llvm::ArrayRef<std::string> Enabled) {
  llvm::outs() << "Enabled checks:\n";
  for (const std::string &Name : Enabled) {
    const CheckInfo *Check = findCheck(All, Name);
    llvm::outs() << "  " << Name << "\n      " << Check->Description << "\n";
    for (const CheckOption &Option : Check->Options)
      llvm::outs() << "      --config " << Option.Scope << ":" << Option.Name
                   << "=<" << Option.Type << ">  (default: '" << Option.Default
                   << "') " << Option.Description << "\n";
  }
}

void printErrors(llvm::ArrayRef<FileResult> Results, llvm::StringRef Cwd) {
  for (const FileResult &R : Results)
    for (const AnalysisError &N : R.Notes)
      llvm::WithColor::note(llvm::errs(), "kmdf-check")
          << displayPath(N.Position.File, Cwd) << ':' << N.Position.Line << ':'
          << N.Position.Column << ": in the analysis of '"
          << displayPath(R.File, Cwd) << "', " << N.Message << "\n";
  for (const FileResult &R : Results)
    for (const AnalysisError &W : R.Warnings)
      llvm::WithColor::warning(llvm::errs(), "kmdf-check")
          << "'" << displayPath(R.File, Cwd) << "' was " << W.Message << "\n";
  for (const FileResult &R : Results) {
    if (!R.failed())
      continue;
    error() << "cannot analyze '" << displayPath(R.File, Cwd) << "':\n";
    for (const AnalysisError &E : R.Errors) {
      if (!E.Position.File.empty())
        llvm::errs() << displayPath(E.Position.File, Cwd) << ':'
                     << E.Position.Line << ':' << E.Position.Column << ": ";
      llvm::errs() << "error: " << E.Message << "\n";
    }
  }
}

const char *plural(size_t N, const char *One, const char *Many) {
  return N == 1 ? One : Many;
}

/// "kmdf-check: 3 findings in 40 files", and what else the run did.
void printSummary(llvm::ArrayRef<FileResult> Results, size_t NumFindings,
                  size_t Known) {
  size_t Failed = llvm::count_if(Results, std::mem_fn(&FileResult::failed));
  llvm::raw_ostream &OS = llvm::errs();
  OS << "kmdf-check: " << NumFindings << ' ';
  if (KnownFindings)
    OS << "new " << plural(NumFindings, "finding", "findings") << ", " << Known
       << " known";
  else
    OS << plural(NumFindings, "finding", "findings");
  OS << " in " << Results.size() << ' '
     << plural(Results.size(), "file", "files");
  std::vector<std::string> Notes;
  if (ShardToRun)
    Notes.push_back("shard " + std::to_string(ShardToRun->K) + "/" +
                    std::to_string(ShardToRun->N));
  if (Cache)
    Notes.push_back(std::to_string(llvm::count_if(
                        Results, std::mem_fn(&FileResult::FromCache))) +
                    " from the cache");
  if (!Notes.empty())
    OS << " (" << llvm::join(Notes, ", ") << ')';
  if (Failed)
    OS << "; " << Failed << ' ' << plural(Failed, "file", "files")
       << " could not be analyzed";
  size_t WithoutCtu = llvm::count_if(
      Results, [](const FileResult &R) { return !R.Warnings.empty(); });
  if (WithoutCtu)
    OS << "; " << WithoutCtu << ' ' << plural(WithoutCtu, "file", "files")
       << " analyzed without --ctu";
  OS << "\n";
}

/// Opens -o for text or SARIF before the analysis, so that a path that
/// cannot be written fails at once, not after a long run. Returns false on
/// error; leaves \p File empty for stdout.
bool openReport(std::optional<llvm::raw_fd_ostream> &File) {
  if (OutputPath.empty() || OutputFormat == Format::Html)
    return true;
  std::error_code EC;
  File.emplace(OutputPath, EC, fs::OF_Text);
  if (!EC)
    return true;
  error() << "cannot write '" << OutputPath << "': " << EC.message() << "\n";
  return false;
}

/// Writes text or SARIF to \p OS.
void writeReport(llvm::raw_ostream &OS, llvm::ArrayRef<CheckInfo> All,
                 llvm::ArrayRef<std::string> Enabled,
                 llvm::ArrayRef<FileResult> Results,
                 llvm::ArrayRef<Finding> Findings, llvm::StringRef Cwd,
                 llvm::StringRef Root) {
  if (OutputFormat == Format::Text)
    writeText(OS, Findings, Cwd);
  else
    writeSarif(OS, {Findings, All, Enabled, Results, Root.str()});
}

/// --ctu: finds or builds the index and points \p Options at it.
bool prepareCtu(const CompilationDatabase &DB,
                llvm::ArrayRef<std::string> Files, bool FixedFlags,
                AnalysisOptions &Options, llvm::StringRef Cwd,
                const ProgressFn &ShowProgress) {
  CtuIndexOptions IndexOptions;
  IndexOptions.Jobs = Jobs;
  IndexOptions.CacheDir = CtuDir;
  if (IndexOptions.CacheDir.empty() && !FixedFlags)
    IndexOptions.CacheDir = defaultCtuCacheDir(BuildPath, SourceFiles);
  if (ShowProgress)
    IndexOptions.Progress = [&](unsigned N, unsigned Total,
                                llvm::StringRef File, bool) {
      llvm::errs() << "[" << N << '/' << Total << "] indexing "
                   << displayPath(File, Cwd) << "\n";
    };
  CtuIndexReport Report;
  llvm::Expected<std::shared_ptr<const CtuIndex>> Index =
      buildCtuIndex(DB, Files, Options, IndexOptions, &Report);
  if (!Index) {
    error() << "--ctu: " << llvm::toString(Index.takeError())
            << " (choose another folder with --ctu-dir)\n";
    return false;
  }
  for (const std::string &Note : Report.Notes)
    llvm::WithColor::note(llvm::errs(), "kmdf-check")
        << "--ctu: " << Note << "\n";
  Options.Ctu = std::move(*Index);
  return true;
}

/// The analysis run after the options were checked.
int analyze(const CompilationDatabase &DB, bool FixedFlags,
            llvm::ArrayRef<CheckInfo> All, AnalysisOptions &Options) {
  std::vector<std::string> Files = inputFiles(DB);
  if (Files.empty())
    return ToolError;
  // A shard may have no files (more shards than files): not an error.
  if (ShardToRun)
    Files = shardFiles(Files, ShardToRun->K, ShardToRun->N);
  std::optional<llvm::raw_fd_ostream> File;
  if (!openReport(File))
    return ToolError;
  std::string Cwd = currentDirectory();
  ProgressFn ShowProgress;
  if (Files.size() > 1 && (Progress || llvm::errs().is_displayed()))
    ShowProgress = [&Cwd](unsigned N, unsigned Total, llvm::StringRef File,
                          bool FromCache) {
      llvm::errs() << '[' << N << '/' << Total << "] " << displayPath(File, Cwd)
                   << (FromCache ? " (from the cache)" : "") << "\n";
    };
  if (Ctu && !prepareCtu(DB, Files, FixedFlags, Options, Cwd, ShowProgress))
    return ToolError;
  // The analyzer's HTML writer of LLVM 22 was seen to corrupt the heap when
  // two files were analyzed at once (a double free in ~ASTContext, then a
  // hang): HTML reports are written one file at a time.
  unsigned FilesAtOnce = OutputFormat == Format::Html ? 1 : Jobs;
  std::vector<FileResult> Results =
      analyzeFiles(DB, Files, Options, FilesAtOnce, ShowProgress,
                   Cache ? &*Cache : nullptr);
  if (Cache)
    if (std::optional<std::string> Why = Cache->writeError())
      llvm::WithColor::warning(llvm::errs(), "kmdf-check")
          << "--cache-dir: " << *Why
          << "; results that could not be kept will be computed again\n";
  std::string Root = SourceRoot.empty() ? Cwd : absolutePath(SourceRoot);
  std::vector<Finding> Findings = mergeFindings(Results, Root);
  size_t Known = KnownFindings ? KnownFindings->removeKnown(Findings, Root) : 0;

  if (OutputFormat != Format::Html)
    writeReport(File ? *File : llvm::outs(), All, Options.Checkers, Results,
                Findings, Cwd, Root);
  // The findings, then what went wrong, when both streams go to one place.
  llvm::outs().flush();
  printErrors(Results, Cwd);
  printSummary(Results, Findings.size(), Known);
  if (llvm::any_of(Results, std::mem_fn(&FileResult::failed)))
    return ToolError;
  return Findings.empty() ? NoFindings : FoundBugs;
}

/// Checks the options that need no database; fills \p Options.
bool prepareOptions(llvm::ArrayRef<CheckInfo> All, AnalysisOptions &Options) {
  llvm::Expected<std::vector<std::string>> Enabled =
      selectChecks(All, "kmdf.*," + Checks);
  if (!Enabled) {
    error() << llvm::toString(Enabled.takeError()) << "\n";
    return false;
  }
  Options.Checkers = std::move(*Enabled);
  // core runs in every analysis, as it does under clang --analyze: a null
  // dereference or a call that does not return ends the path there. Only the
  // selected checks report.
  Options.Modeling = {"core"};
  for (const CheckInfo &Check : All)
    if (llvm::StringRef(Check.Name).starts_with("core.") &&
        !llvm::is_contained(Options.Checkers, Check.Name))
      Options.Silenced.push_back(Check.Name);
  std::optional<std::vector<std::pair<std::string, std::string>>> Parsed =
      parseConfig();
  if (!Parsed)
    return false;
  Options.Config = std::move(*Parsed);
  Options.ExtraArgs = ExtraArgs;
  Options.ExtraArgsBefore = ExtraArgsBefore;
  if (!SourceRoot.empty() && !fs::is_directory(SourceRoot)) {
    error() << "--source-root '" << SourceRoot << "': no such folder\n";
    return false;
  }
  if (!parseShard())
    return false;
  if (!BaselinePath.empty()) {
    if (OutputFormat == Format::Html) {
      error() << "--baseline works with --format=text and sarif: the "
                 "analyzer writes the HTML reports of every finding itself\n";
      return false;
    }
    llvm::Expected<Baseline> Loaded = Baseline::load(BaselinePath);
    if (!Loaded) {
      error() << "--baseline '" << BaselinePath
              << "': " << llvm::toString(Loaded.takeError()) << "\n";
      return false;
    }
    KnownFindings = std::move(*Loaded);
  }
  if (!CacheDir.empty()) {
    if (OutputFormat == Format::Html) {
      error() << "--cache-dir works with --format=text and sarif: the "
                 "analyzer writes HTML reports only when it analyzes\n";
      return false;
    }
    Cache.emplace(absolutePath(CacheDir));
    if (llvm::Error E = Cache->prepare()) {
      error() << "--cache-dir: " << llvm::toString(std::move(E)) << "\n";
      return false;
    }
  }
  if (OutputFormat == Format::Html) {
    if (OutputPath.empty()) {
      error() << "--format=html needs -o <folder> for the reports\n";
      return false;
    }
    Options.HtmlDir = absolutePath(OutputPath);
    // The analyzer writes nothing, and says nothing, into a folder it
    // cannot create.
    std::error_code EC = fs::create_directories(Options.HtmlDir);
    if (!EC && !fs::is_directory(Options.HtmlDir))
      EC = std::make_error_code(std::errc::not_a_directory);
    if (EC) {
      error() << "cannot create the report folder '" << OutputPath
              << "': " << EC.message() << "\n";
      return false;
    }
  }
  std::vector<AnalysisError> Errors = validateOptions(Options);
  for (const AnalysisError &E : Errors)
    error() << E.Message << "\n";
  return Errors.empty();
}

/// --print-plugin-path: the plugin beside this kmdf-check, installed
/// (cmake/Packaging.cmake) or in the build tree.
int printPluginPath(const char *Argv0) {
  static int Anchor;
  std::string Exe = llvm::sys::fs::getMainExecutable(Argv0, &Anchor);
  llvm::SmallString<256> Prefix(path::parent_path(path::parent_path(Exe)));
  std::vector<std::string> Places;
  for (llvm::StringRef Dir :
       {"lib/kmdf-check/llvm-" + std::to_string(LLVM_VERSION_MAJOR),
        std::string("lib")}) {
    llvm::SmallString<256> Plugin(Prefix);
    path::append(Plugin, Dir, "KmdfCheck.so");
    path::remove_dots(Plugin, /*remove_dot_dot=*/true);
    if (fs::is_regular_file(Plugin)) {
      llvm::outs() << Plugin << "\n";
      return NoFindings;
    }
    Places.push_back(std::string(Plugin));
  }
  error() << "no analyzer plugin beside '" << Exe << "' (looked for "
          << llvm::join(Places, " and ") << ")\n";
  return ToolError;
}

/// --merge-sarif: the logs of the shards of one run, merged.
int mergeLogs() {
  if (SourceFiles.empty()) {
    error() << "--merge-sarif: name the SARIF logs to merge\n";
    return ToolError;
  }
  std::vector<SarifLog> Logs;
  for (const std::string &Path : SourceFiles) {
    llvm::Expected<SarifLog> Log = readSarifLog(Path);
    if (!Log) {
      error() << "--merge-sarif: '" << Path
              << "': " << llvm::toString(Log.takeError()) << "\n";
      return ToolError;
    }
    Logs.push_back(std::move(*Log));
  }
  llvm::Expected<llvm::json::Value> Merged = mergeSarifLogs(std::move(Logs));
  if (!Merged) {
    error() << "--merge-sarif: " << llvm::toString(Merged.takeError()) << "\n";
    return ToolError;
  }
  std::optional<llvm::raw_fd_ostream> File;
  if (!openReport(File))
    return ToolError;
  const llvm::json::Object &Run =
      *Merged->getAsObject()->getArray("runs")->front().getAsObject();
  size_t Results = Run.getArray("results")->size();
  size_t Failures = Run.getArray("invocations")
                        ->front()
                        .getAsObject()
                        ->getArray("toolExecutionNotifications")
                        ->size();
  printSarif(File ? *File : llvm::outs(), std::move(*Merged));
  llvm::outs().flush();
  llvm::errs() << "kmdf-check: merged " << SourceFiles.size() << ' '
               << plural(SourceFiles.size(), "log", "logs") << ": " << Results
               << ' ' << plural(Results, "finding", "findings");
  if (Failures)
    llvm::errs() << "; " << Failures << ' '
                 << plural(Failures, "error", "errors")
                 << " of files that could not be analyzed";
  llvm::errs() << "\n";
  if (Failures)
    return ToolError;
  return Results ? FoundBugs : NoFindings;
}

/// --lsp: the editor names the files, the database is found per file.
int serveLsp(bool HasFixedFlags, std::vector<CheckInfo> All,
             AnalysisOptions Options) {
  if (!CtuDir.empty()) {
    error() << "--lsp takes no --ctu-dir: the server uses the index in "
               "the default folder beside each compile_commands.json\n";
    return ToolError;
  }
  if (HasFixedFlags || !SourceFiles.empty()) {
    error() << "--lsp takes no files and no '-- <flags>': the editor names "
               "the files, and their commands come from "
               "compile_commands.json\n";
    return ToolError;
  }
  if (KnownFindings || ShardToRun || Cache) {
    error() << "--lsp takes no --baseline, --shard or --cache-dir: an editor "
               "shows the findings of the file it analyzes, as it is now\n";
    return ToolError;
  }
  kmdf::tool::lsp::ServerOptions Server;
  Server.BuildPath = BuildPath.empty() ? "" : absolutePath(BuildPath);
  Server.Analysis = std::move(Options);
  Server.Checks = std::move(All);
  Server.Incremental = LspIncremental;
  // Without --ctu the server follows other files when a kmdf-check --ctu
  // run left their index; --ctu builds it, --ctu=false never uses one.
  if (Ctu.getNumOccurrences())
    Server.Ctu = Ctu ? kmdf::tool::lsp::CtuUse::Always
                     : kmdf::tool::lsp::CtuUse::Off;
  if (LspClangd.getNumOccurrences())
    Server.Clangd = LspClangd.empty() ? "clangd" : LspClangd.getValue();
  else if (!LspClangdArgs.empty()) {
    error() << "--clangd-arg needs --clangd\n";
    return ToolError;
  }
  Server.ClangdArgs = LspClangdArgs;
  return kmdf::tool::lsp::runLanguageServer(std::move(Server), LspLog);
}

} // namespace

int main(int Argc, const char **Argv) {
  // "kmdf-check -cc1 ...": one compiler job, as clang -cc1 with the plugin.
  if (Argc > 1 && llvm::StringRef(Argv[1]) == "-cc1")
    return runCompilerJob(llvm::ArrayRef(Argv + 2, Argv + Argc), Argv[0]);

  // "kmdf-check file.c -- <flags>": what follows "--" is a compile command.
  std::string FixedError;
  std::unique_ptr<CompilationDatabase> Fixed =
      clang::tooling::FixedCompilationDatabase::loadFromCommandLine(Argc, Argv,
                                                                    FixedError);
  if (!FixedError.empty()) {
    error() << FixedError << "\n";
    return ToolError;
  }
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(printVersion);
  std::string ParseErrors;
  llvm::raw_string_ostream ParseOS(ParseErrors);
  if (!cl::ParseCommandLineOptions(
          Argc, Argv,
          "kmdf-check: finds misuse of KMDF locks with the Clang Static "
          "Analyzer\n\n"
          "  kmdf-check -p <build-dir> [<file> ...]   files of a compilation "
          "database\n"
          "                                           (default: all of them)\n"
          "  kmdf-check <file> ... -- <compiler flags>\n"
          "  kmdf-check --lsp [-p <build-dir>]        a language server for "
          "editors\n"
          "  kmdf-check --lsp --clangd[=<path>]       the same, with clangd "
          "behind it\n\n"
          "Exit status: 0 no findings, 1 findings, 2 error.\n",
          &ParseOS)) {
    llvm::errs() << ParseOS.str();
    return ToolError;
  }

  if (Jobs.getNumOccurrences() && Jobs == 0) {
    error() << "-j 0: analyze at least one file at a time (leave -j out for "
               "one file per core)\n";
    return ToolError;
  }
  // A file that crashes clang is reported, with the stack for a bug report,
  // and is not the end of the run.
  llvm::sys::PrintStackTraceOnErrorSignal(Argv[0]);
  llvm::setBugReportMsg("The analyzer crashed. Please report this bug to "
                        "kmdf-check with the file named below and the stack "
                        "dump:\n");
  llvm::CrashRecoveryContext::Enable();

  if (PrintPluginPath)
    return printPluginPath(Argv[0]);
  if (MergeSarif) {
    bool OnlyLogs = !Fixed && BuildPath.empty() && !Lsp &&
                    OutputFormat.getNumOccurrences() == 0 &&
                    BaselinePath.empty() && Shard.getNumOccurrences() == 0 &&
                    CacheDir.empty();
    if (!OnlyLogs) {
      error() << "--merge-sarif takes the logs to merge and -o, nothing "
                 "else: the options of the analysis are those of the "
                 "shards\n";
      return ToolError;
    }
    return mergeLogs();
  }
  std::vector<CheckInfo> All = availableChecks();
  AnalysisOptions Options;
  if (!prepareOptions(All, Options))
    return ToolError;
  if (ListChecks) {
    listChecks(All, Options.Checkers);
    return NoFindings;
  }
  if (Lsp)
    return serveLsp(Fixed != nullptr, std::move(All), std::move(Options));
  bool FixedFlags = Fixed != nullptr;
  std::unique_ptr<CompilationDatabase> DB =
      commandLineDatabase(std::move(Fixed));
  if (!DB)
    return ToolError;
  return analyze(*DB, FixedFlags, All, Options);
}
