//===- Analysis.cpp - Running the analyzer on one translation unit --------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Analysis.h"

#include "kmdf-check/Registration.h"
#include "kmdf-check/ToolCompat.h"

#include "clang/AST/Decl.h"
#include "clang/Analysis/PathDiagnostic.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/StaticAnalyzer/Frontend/AnalysisConsumer.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <csignal>
#include <cstring>

using namespace clang;
using namespace clang::ento;

namespace kmdf::tool {

bool operator<(const Finding &A, const Finding &B) {
  return std::tie(A.Position, A.CheckName, A.Message) <
         std::tie(B.Position, B.CheckName, B.Message);
}

bool operator==(const Finding &A, const Finding &B) {
  return A.Position == B.Position && A.CheckName == B.CheckName &&
         A.Message == B.Message;
}

namespace {

/// The number of UTF-16 code units in \p Text, which is UTF-8. Invalid
/// bytes count one each, as editors show them.
unsigned utf16Length(llvm::StringRef Text) {
  unsigned Units = 0;
  for (size_t I = 0; I < Text.size();) {
    unsigned Len = llvm::getNumBytesForUTF8(Text[I]);
    if (Len == 0 || I + Len > Text.size())
      Len = 1;
    Units += Len == 4 ? 2 : 1;
    I += Len;
  }
  return Units;
}

/// Where \p Loc is in the file as written: macro expansions count at the
/// place of the macro's use, as clang reports them.
SourcePosition toPosition(const SourceManager &SM, SourceLocation Loc,
                          std::string *LineText = nullptr) {
  SourcePosition Pos;
  if (Loc.isInvalid())
    return Pos;
  SourceLocation Expansion = SM.getExpansionLoc(Loc);
  auto [FID, Offset] = SM.getDecomposedLoc(Expansion);
  llvm::SmallString<256> Path(SM.getFilename(Expansion));
  if (!Path.empty()) {
    SM.getFileManager().makeAbsolutePath(Path);
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  }
  Pos.File = std::string(Path);
  Pos.Line = SM.getLineNumber(FID, Offset);
  Pos.Column = SM.getColumnNumber(FID, Offset);

  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(FID, &Invalid);
  if (Invalid || Pos.Column == 0 || Offset < Pos.Column - 1) {
    Pos.Utf16Column = Pos.Column;
    return Pos;
  }
  size_t LineStart = Offset - (Pos.Column - 1);
  llvm::StringRef Line = Buffer.substr(LineStart);
  Line = Line.take_until([](char C) { return C == '\n' || C == '\r'; });
  Pos.Utf16Column = utf16Length(Line.take_front(Pos.Column - 1)) + 1;
  if (LineText)
    *LineText = std::string(Line);
  return Pos;
}

/// Turns the analyzer's path diagnostics into findings.
class FindingCollector : public PathDiagnosticConsumer {
public:
  explicit FindingCollector(std::vector<Finding> &Out) : Out(Out) {}

  void FlushDiagnosticsImpl(std::vector<const PathDiagnostic *> &Diags,
                            FilesMade *) override {
    for (const PathDiagnostic *D : Diags)
      Out.push_back(toFinding(*D));
  }

  StringRef getName() const override { return "kmdf-check"; }
  // The same path notes as clang's -analyzer-output=text.
  PathGenerationScheme getGenerationScheme() const override { return Minimal; }
  // Without this the analyzer drops reports whose path enters a header.
  bool supportsCrossFileDiagnostics() const override { return true; }

private:
  static Finding toFinding(const PathDiagnostic &D) {
    Finding F;
    F.CheckName = D.getCheckerName().str();
    F.Message = D.getVerboseDescription().str();
    FullSourceLoc Loc = D.getLocation().asLocation();
    F.Position = toPosition(Loc.getManager(), Loc, &F.LineText);
    if (const auto *ND = dyn_cast_or_null<NamedDecl>(D.getDeclWithIssue()))
      F.Function = ND->getQualifiedNameAsString();
    for (const auto &Piece : D.path.flatten(/*ShouldFlattenMacros=*/true)) {
      if (Piece->getString().empty())
        continue;
      FullSourceLoc PieceLoc = Piece->getLocation().asLocation();
      SourcePosition Pos;
      if (PieceLoc.hasManager())
        Pos = toPosition(PieceLoc.getManager(), PieceLoc);
      F.Path.push_back({std::move(Pos), Piece->getString().str()});
    }
    return F;
  }

  std::vector<Finding> &Out;
};

/// Keeps clang's errors; warnings do not stop the analysis and are not the
/// tool's business.
class ErrorCollector : public DiagnosticConsumer {
public:
  explicit ErrorCollector(std::vector<AnalysisError> &Out) : Out(Out) {}

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error)
      return;
    AnalysisError E;
    llvm::SmallString<256> Message;
    Info.FormatDiagnostic(Message);
    E.Message = std::string(Message);
    if (Info.hasSourceManager() && Info.getLocation().isValid())
      E.Position = toPosition(Info.getSourceManager(), Info.getLocation());
    Out.push_back(std::move(E));
  }

private:
  std::vector<AnalysisError> &Out;
};

/// Parses the file and runs the analyzer on it with the options asked for.
class AnalyzeAction : public ASTFrontendAction {
public:
  AnalyzeAction(const AnalysisOptions &Options, std::vector<Finding> &Out)
      : Options(Options), Out(Out) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    AnalyzerOptions &Opts = CI.getAnalyzerOpts();
    Opts.CheckersAndPackages.clear();
    for (const std::string &Name : Options.Modeling)
      Opts.CheckersAndPackages.emplace_back(Name, true);
    for (const std::string &Name : Options.Checkers)
      Opts.CheckersAndPackages.emplace_back(Name, true);
    Opts.SilencedCheckersAndPackages = Options.Silenced;
    for (const auto &[Key, Value] : Options.Config)
      Opts.Config[Key] = Value;
    // Like clang -cc1, unlike the driver: a misspelled option is an error.
    Opts.ShouldEmitErrorsOnInvalidConfigValue = true;
    if (Options.HtmlDir.empty()) {
      Opts.AnalysisDiagOpt = PD_NONE;
    } else {
      Opts.AnalysisDiagOpt = PD_HTML;
      CI.getFrontendOpts().OutputFile = Options.HtmlDir;
    }
    std::unique_ptr<AnalysisASTConsumer> Consumer =
        createLinkedAnalysisConsumer(CI);
    compat::addDiagnosticConsumer(*Consumer,
                                  std::make_unique<FindingCollector>(Out));
    return Consumer;
  }

private:
  const AnalysisOptions &Options;
  std::vector<Finding> &Out;
};

/// The compile command, turned into a parse-only command with the extra
/// arguments and the builtin headers of the clang we link.
std::vector<std::string> analysisCommandLine(tooling::CompileCommand Command,
                                             const AnalysisOptions &Options) {
  using namespace tooling;
  ArgumentsAdjuster Adjust = combineAdjusters(
      getClangStripOutputAdjuster(), getClangStripDependencyFileAdjuster());
  Adjust = combineAdjusters(Adjust, getClangSyntaxOnlyAdjuster());
  Adjust = combineAdjusters(
      Adjust, getInsertArgumentAdjuster(Options.ExtraArgsBefore,
                                        ArgumentInsertPosition::BEGIN));
  // The settings the checkers are meant to run with go first, so that the
  // user's own -analyzer-config in the extra arguments wins.
  CommandLineArguments Recommended;
  for (llvm::StringRef Arg : recommendedAnalyzerArguments())
    Recommended.insert(Recommended.end(), {"-Xclang", Arg.str()});
  Adjust = combineAdjusters(
      Adjust,
      getInsertArgumentAdjuster(Recommended, ArgumentInsertPosition::BEGIN));
  Adjust = combineAdjusters(
      Adjust, getInsertArgumentAdjuster(Options.ExtraArgs,
                                        ArgumentInsertPosition::END));
  std::vector<std::string> Args = Adjust(Command.CommandLine, Command.Filename);
  // Compiler warnings are not findings; -w keeps -Werror from failing a file.
  // Without carets clang does not print "N errors generated" to stderr.
  Args.insert(Args.begin() + 1, {"-w", "-fno-caret-diagnostics"});
  bool HasResourceDir = llvm::any_of(
      Args, [](llvm::StringRef A) { return A.starts_with("-resource-dir"); });
  if (!HasResourceDir)
    Args.insert(Args.begin() + 1,
                std::string("-resource-dir=") + KMDF_CLANG_RESOURCE_DIR);
  return Args;
}

/// What a crash recovery return code says: signal N arrives as 128 + N.
std::string crashDescription(int RetCode) {
  if (RetCode > 128 && RetCode < 128 + NSIG)
    return "signal " + std::to_string(RetCode - 128) + ", " +
           strsignal(RetCode - 128);
  return "exit code " + std::to_string(RetCode);
}

/// Runs one compile command; returns false if clang could not parse it.
bool runCommand(const tooling::CompileCommand &Command,
                const AnalysisOptions &Options,
                llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> BaseFS,
                std::vector<Finding> &Findings,
                std::vector<AnalysisError> &Errors) {
  // By default each run gets a file system with its own working directory:
  // the real file system's would be the process's, shared between threads.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS =
      BaseFS ? BaseFS : llvm::vfs::createPhysicalFileSystem();
  if (std::error_code EC = FS->setCurrentWorkingDirectory(Command.Directory)) {
    Errors.push_back({{},
                      "cannot enter the compile command's directory '" +
                          Command.Directory + "': " + EC.message()});
    return false;
  }
  auto Files = llvm::makeIntrusiveRefCnt<FileManager>(FileSystemOptions(), FS);
  ErrorCollector Diags(Errors);
  size_t ErrorsBefore = Errors.size();
  tooling::ToolInvocation Invocation(
      analysisCommandLine(Command, Options),
      std::make_unique<AnalyzeAction>(Options, Findings), Files.get());
  Invocation.setDiagnosticConsumer(&Diags);
  // A crash in clang or a checker costs this file, not the whole run (once
  // main() has enabled crash recovery).
  bool Ok = false;
  llvm::CrashRecoveryContext Recovery;
  // With main()'s stack trace handler, a crash prints its stack first.
  Recovery.DumpStackAndCleanupOnFailure = true;
  if (!Recovery.RunSafely([&] { Ok = Invocation.run(); })) {
    Errors.push_back({{},
                      "the analyzer crashed on it (" +
                          crashDescription(Recovery.RetCode) +
                          "); please report this bug with the file"});
    return false;
  }
  if (!Ok && Errors.size() == ErrorsBefore)
    Errors.push_back({{}, "clang could not process the compile command"});
  return Ok && Errors.size() == ErrorsBefore;
}

} // namespace

std::unique_ptr<AnalysisASTConsumer>
createLinkedAnalysisConsumer(CompilerInstance &CI) {
  std::unique_ptr<AnalysisASTConsumer> Consumer = CreateAnalysisConsumer(CI);
  Consumer->AddCheckerRegistrationFn(
      [](CheckerRegistry &Registry) { kmdf::registerCheckers(Registry); });
  return Consumer;
}

FileResult analyzeFile(const tooling::CompilationDatabase &Database,
                       llvm::StringRef File, const AnalysisOptions &Options,
                       llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  FileResult Result;
  Result.File = File.str();
  std::vector<tooling::CompileCommand> Commands =
      Database.getCompileCommands(File);
  if (Commands.empty()) {
    Result.Errors.push_back(
        {{}, "no compile command for it in the compilation database"});
    return Result;
  }
  for (const tooling::CompileCommand &Command : Commands)
    runCommand(Command, Options, FS, Result.Findings, Result.Errors);
  // Several commands for one file find the same things again.
  llvm::sort(Result.Findings);
  Result.Findings.erase(
      std::unique(Result.Findings.begin(), Result.Findings.end()),
      Result.Findings.end());
  return Result;
}

std::vector<AnalysisError> validateOptions(const AnalysisOptions &Options) {
  // Any file would do: the analyzer checks checkers and options when it
  // starts, before it looks at the code.
  const char *Path = "/kmdf-check/options-check.c";
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Memory->addFile(Path, 0,
                  llvm::MemoryBuffer::getMemBuffer("typedef int Unused;\n"));
  tooling::FixedCompilationDatabase Database("/kmdf-check",
                                             std::vector<std::string>());
  AnalysisOptions Checked;
  Checked.Checkers = Options.Checkers;
  Checked.Config = Options.Config;
  return analyzeFile(Database, Path, Checked, Memory).Errors;
}

} // namespace kmdf::tool
