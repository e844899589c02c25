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
#include "LspServer.h"
#include "Output.h"
#include "Runner.h"

#include "kmdf-check/Version.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <thread>

using namespace kmdf::tool;
using clang::tooling::CompilationDatabase;
namespace cl = llvm::cl;
namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {

enum ExitCode { NoFindings = 0, FoundBugs = 1, ToolError = 2 };
enum class Format { Text, Sarif, Html };

cl::OptionCategory Category("kmdf-check options");

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

cl::opt<bool> Lsp("lsp",
                  cl::desc("Run as a language server on stdin/stdout, beside "
                           "clangd (see docs/ide.md)"),
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

/// Loads -p: a folder holding compile_commands.json, or a JSON file.
std::unique_ptr<CompilationDatabase> loadBuildPath(llvm::StringRef Path,
                                                   std::string &Error) {
  using namespace clang::tooling;
  if (!fs::exists(Path)) {
    Error = "no such file or folder";
    return nullptr;
  }
  if (fs::is_directory(Path)) {
    llvm::SmallString<256> Json(Path);
    path::append(Json, "compile_commands.json");
    if (!fs::exists(Json)) {
      Error = "the folder has no compile_commands.json";
      return nullptr;
    }
    return CompilationDatabase::loadFromDirectory(Path, Error);
  }
  std::unique_ptr<CompilationDatabase> Json =
      JSONCompilationDatabase::loadFromFile(Path, Error,
                                            JSONCommandLineSyntax::AutoDetect);
  if (!Json)
    return nullptr;
  // What loadFromDirectory does for a folder: guess commands for files the
  // database lacks (headers), expand @files, and find the target.
  return inferTargetAndDriverMode(inferMissingCompileCommands(
      expandResponseFiles(std::move(Json), llvm::vfs::getRealFileSystem())));
}

std::unique_ptr<CompilationDatabase>
loadDatabase(std::unique_ptr<CompilationDatabase> Fixed) {
  std::string Error;
  if (Fixed) {
    if (!BuildPath.empty()) {
      error() << "give either -p or '-- <flags>', not both\n";
      return nullptr;
    }
    return Fixed;
  }
  if (!BuildPath.empty()) {
    std::unique_ptr<CompilationDatabase> DB = loadBuildPath(BuildPath, Error);
    if (!DB)
      error() << "cannot load the compilation database '" << BuildPath
              << "': " << llvm::StringRef(Error).trim() << "\n";
    return DB;
  }
  if (SourceFiles.empty()) {
    error() << "nothing to analyze: give -p <build-dir>, or files and "
               "'-- <compiler flags>' (see --help)\n";
    return nullptr;
  }
  std::unique_ptr<CompilationDatabase> DB =
      CompilationDatabase::autoDetectFromSource(SourceFiles.front(), Error);
  if (!DB)
    error() << "no compilation database found for '" << SourceFiles.front()
            << "': give -p <build-dir>, or '-- <compiler flags>' after the "
               "files\n";
  return DB;
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
                   << "=<"
                   << Option.Type << ">  (default: '" << Option.Default << "') "
                   << Option.Description << "\n";
  }
}

void printErrors(llvm::ArrayRef<FileResult> Results, llvm::StringRef Cwd) {
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

void printSummary(llvm::ArrayRef<FileResult> Results, size_t NumFindings) {
  size_t Failed = llvm::count_if(Results, std::mem_fn(&FileResult::failed));
  llvm::errs() << "kmdf-check: " << NumFindings << ' '
               << plural(NumFindings, "finding", "findings") << " in "
               << Results.size() << ' '
               << plural(Results.size(), "file", "files");
  if (Failed)
    llvm::errs() << "; " << Failed << ' ' << plural(Failed, "file", "files")
                 << " could not be analyzed";
  llvm::errs() << "\n";
}

/// The rules a SARIF log describes: the enabled checks, and the checks of
/// the findings (the same, unless a check reports under another name).
std::vector<CheckInfo> sarifRules(llvm::ArrayRef<CheckInfo> All,
                                  llvm::ArrayRef<std::string> Enabled,
                                  llvm::ArrayRef<Finding> Findings) {
  std::vector<std::string> Names(Enabled.begin(), Enabled.end());
  for (const Finding &F : Findings)
    Names.push_back(F.CheckName);
  llvm::sort(Names);
  Names.erase(std::unique(Names.begin(), Names.end()), Names.end());
  std::vector<CheckInfo> Rules;
  for (const std::string &Name : Names) {
    if (const CheckInfo *Check = findCheck(All, Name)) {
      Rules.push_back(*Check);
      continue;
    }
    CheckInfo Unknown; // A check outside the catalog: a name is all we have.
    Unknown.Name = Unknown.Description = Unknown.FullDescription = Name;
    Unknown.HelpText = Unknown.HelpMarkdown = Name;
    Rules.push_back(std::move(Unknown));
  }
  return Rules;
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
                 llvm::ArrayRef<Finding> Findings, llvm::StringRef Cwd) {
  if (OutputFormat == Format::Text) {
    writeText(OS, Findings, Cwd);
    return;
  }
  std::vector<CheckInfo> Rules = sarifRules(All, Enabled, Findings);
  std::string Root = SourceRoot.empty() ? Cwd.str() : absolutePath(SourceRoot);
  writeSarif(OS, {Findings, Rules, Results, Root});
}

unsigned jobCount() {
  if (Jobs)
    return Jobs;
  return std::max(1u, std::thread::hardware_concurrency());
}

/// The analysis run after the options were checked.
int analyze(const CompilationDatabase &DB, llvm::ArrayRef<CheckInfo> All,
            AnalysisOptions &Options) {
  std::vector<std::string> Files = inputFiles(DB);
  if (Files.empty())
    return ToolError;
  std::optional<llvm::raw_fd_ostream> File;
  if (!openReport(File))
    return ToolError;
  std::string Cwd = currentDirectory();
  ProgressFn ShowProgress;
  if (Files.size() > 1 && (Progress || llvm::errs().is_displayed()))
    ShowProgress = [&Cwd](unsigned N, unsigned Total, llvm::StringRef File) {
      llvm::errs() << '[' << N << '/' << Total << "] " << displayPath(File, Cwd)
                   << "\n";
    };
  std::vector<FileResult> Results =
      analyzeFiles(DB, Files, Options, jobCount(), ShowProgress);
  std::vector<Finding> Findings = mergeFindings(Results);

  if (OutputFormat != Format::Html)
    writeReport(File ? *File : llvm::outs(), All, Options.Checkers, Results,
                Findings, Cwd);
  // The findings, then what went wrong, when both streams go to one place.
  llvm::outs().flush();
  printErrors(Results, Cwd);
  printSummary(Results, Findings.size());
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

/// --lsp: the editor names the files, the database is found per file.
int serveLsp(bool HasFixedFlags, std::vector<CheckInfo> All,
             AnalysisOptions Options) {
  if (HasFixedFlags || !SourceFiles.empty()) {
    error() << "--lsp takes no files and no '-- <flags>': the editor names "
               "the files, and their commands come from "
               "compile_commands.json\n";
    return ToolError;
  }
  return kmdf::tool::lsp::runLanguageServer(
      {BuildPath.empty() ? "" : absolutePath(BuildPath), std::move(Options),
       std::move(All)},
      LspLog);
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
          "editors\n\n"
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
  std::unique_ptr<CompilationDatabase> DB = loadDatabase(std::move(Fixed));
  if (!DB)
    return ToolError;
  return analyze(*DB, All, Options);
}
