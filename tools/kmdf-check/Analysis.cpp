//===- Analysis.cpp - Running the analyzer on one translation unit --------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Analysis.h"
#include "Ctu.h"

#include "kmdf-check/Registration.h"
#include "kmdf-check/ToolCompat.h"

#include "clang/AST/Decl.h"
#include "clang/Analysis/PathDiagnostic.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Serialization/PCHContainerOperations.h"
#include "clang/StaticAnalyzer/Frontend/AnalysisConsumer.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <atomic>
#include <csignal>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>

using namespace clang;
using namespace clang::ento;

namespace kmdf::tool {

bool operator<(const Finding &A, const Finding &B) {
  return std::tie(A.Position, A.CheckName, A.Message, A.TopFunction) <
         std::tie(B.Position, B.CheckName, B.Message, B.TopFunction);
}

bool operator==(const Finding &A, const Finding &B) {
  return A.Position == B.Position && A.CheckName == B.CheckName &&
         A.Message == B.Message && A.TopFunction == B.TopFunction;
}

std::string contentDigest(llvm::StringRef Text) {
  std::array<uint8_t, 32> Hash = llvm::SHA256::hash(llvm::ArrayRef(
      reinterpret_cast<const uint8_t *>(Text.data()), Text.size()));
  return llvm::toHex(Hash, /*LowerCase=*/true);
}

std::string withoutWhiteSpace(llvm::StringRef Text) {
  std::string Result;
  for (char C : Text)
    if (!llvm::isSpace(C))
      Result += C;
  return Result;
}

void normalizeFindings(std::vector<Finding> &Findings) {
  // A total order: equal findings (several compile commands, or one report
  // reached on two paths) keep the same one whatever order they came in.
  auto Notes = [](const Finding &F) {
    std::vector<std::tuple<const SourcePosition &, const std::string &>> N;
    for (const PathNote &Note : F.Path)
      N.emplace_back(Note.Position, Note.Message);
    return N;
  };
  llvm::sort(Findings, [&](const Finding &A, const Finding &B) {
    if (A < B || B < A)
      return A < B;
    return std::tie(A.Function, A.LineText) <
               std::tie(B.Function, B.LineText) ||
           (std::tie(A.Function, A.LineText) ==
                std::tie(B.Function, B.LineText) &&
            Notes(A) < Notes(B));
  });
  Findings.erase(std::unique(Findings.begin(), Findings.end()), Findings.end());
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

} // namespace

SourcePosition toPosition(const SourceManager &SM, SourceLocation Loc,
                          std::string *LineText) {
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

namespace {

/// The function analyzed as the top of \p D's path. The pieces at the path's
/// top level happen in it, and a call it made into the function where the
/// report lies is a call piece among them; with no call piece, the report
/// lies in the top function itself.
const Decl *topFunction(const PathDiagnostic &D) {
  for (const PathDiagnosticPieceRef &Piece : D.path)
    if (const auto *Call = dyn_cast<PathDiagnosticCallPiece>(Piece.get()))
      if (const Decl *Caller = Call->getCaller())
        return Caller;
  return D.getDeclWithIssue();
}

std::string qualifiedName(const Decl *D) {
  if (const auto *ND = dyn_cast_or_null<NamedDecl>(D))
    return ND->getQualifiedNameAsString();
  return "";
}

} // namespace

Finding toFinding(const PathDiagnostic &D) {
  Finding F;
  F.CheckName = D.getCheckerName().str();
  F.Message = D.getVerboseDescription().str();
  FullSourceLoc Loc = D.getLocation().asLocation();
  F.Position = toPosition(Loc.getManager(), Loc, &F.LineText);
  F.Function = qualifiedName(D.getDeclWithIssue());
  F.TopFunction = qualifiedName(topFunction(D));
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

namespace {

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
  std::vector<Finding> &Out;
};

/// Keeps clang's errors, and the checkers' remarks about calls a cross-file
/// analysis did not follow; warnings do not stop the analysis and are not
/// the tool's business.
class ErrorCollector : public DiagnosticConsumer {
public:
  ErrorCollector(std::vector<AnalysisError> &Out,
                 std::vector<AnalysisError> *Notes)
      : Out(Out), Notes(Notes) {}

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level >= DiagnosticsEngine::Error)
      Out.push_back(toError(Info));
    else if (Notes && isCtuNotFollowed(Level, Info))
      Notes->push_back(toError(Info, /*DropPrefix=*/"kmdf-check: "));
  }

private:
  static AnalysisError toError(const Diagnostic &Info,
                               llvm::StringRef DropPrefix = "") {
    AnalysisError E;
    llvm::SmallString<256> Message;
    Info.FormatDiagnostic(Message);
    llvm::StringRef Text = Message;
    Text.consume_front(DropPrefix);
    E.Message = Text.str();
    if (Info.hasSourceManager() && Info.getLocation().isValid())
      E.Position = toPosition(Info.getSourceManager(), Info.getLocation());
    return E;
  }
  /// The checkers' custom remark is known by its format.
  static bool isCtuNotFollowed(DiagnosticsEngine::Level Level,
                               const Diagnostic &Info) {
    return Level == DiagnosticsEngine::Remark &&
           Info.getDiags()->getDiagnosticIDs()->getDescription(Info.getID()) ==
               kmdf::CtuNotFollowedRemark;
  }

  std::vector<AnalysisError> &Out;
  std::vector<AnalysisError> *Notes;
};

/// Remembers the files the preprocessor enters.
class EnteredFiles : public PPCallbacks {
public:
  EnteredFiles(const SourceManager &SM, llvm::DenseSet<const FileEntry *> &Out)
      : SM(SM), Out(Out) {}

  void FileChanged(SourceLocation Loc, FileChangeReason Reason,
                   SrcMgr::CharacteristicKind, FileID) override {
    if (Reason != EnterFile)
      return;
    if (OptionalFileEntryRef File = SM.getFileEntryRefForID(SM.getFileID(Loc)))
      Out.insert(&File->getFileEntry());
  }

private:
  const SourceManager &SM;
  llvm::DenseSet<const FileEntry *> &Out;
};

/// Where the analyzer's state is process-wide
/// (compat::AnalyzerStateIsProcessWide), the analyses of files parsed in
/// parallel take turns: from the analysis consumer's construction, and from the
/// start of the analysis to the end of the file's ASTContext, one file at a
/// time. Parsing stays parallel.
class AnalyzerTurn {
public:
  static void take() {
    Turn.lock();
    Owner = std::this_thread::get_id();
  }
  static void give() {
    Owner = std::thread::id();
    Turn.unlock();
  }
  /// After a crash in the analysis, which skipped the end of the turn.
  static void giveIfTaken() {
    if (Owner == std::this_thread::get_id())
      give();
  }

private:
  static std::mutex Turn;
  static std::atomic<std::thread::id> Owner;
};

std::mutex AnalyzerTurn::Turn;
std::atomic<std::thread::id> AnalyzerTurn::Owner;

/// Takes the turn when the analysis starts (first of a MultiplexConsumer).
class TakeAnalyzerTurn : public ASTConsumer {
  void HandleTranslationUnit(ASTContext &) override { AnalyzerTurn::take(); }
};

/// Gives the turn back when the ASTContext ends, after the analyzer's own
/// clean-up of its registry, which the consumer's constructor scheduled
/// earlier (last of a MultiplexConsumer).
class GiveAnalyzerTurnAtEnd : public ASTConsumer {
  void HandleTranslationUnit(ASTContext &Ctx) override {
    Ctx.AddDeallocation([](void *) { AnalyzerTurn::give(); }, nullptr);
  }
};

/// Makes the consumer of \p Make, in turns where the analyzer needs them.
std::unique_ptr<ASTConsumer> makeTurnTakingConsumer(
    llvm::function_ref<std::unique_ptr<ASTConsumer>()> Make) {
  if (!compat::AnalyzerStateIsProcessWide)
    return Make();
  AnalyzerTurn::take();
  std::unique_ptr<ASTConsumer> Analysis = Make();
  AnalyzerTurn::give();
  std::vector<std::unique_ptr<ASTConsumer>> Consumers;
  Consumers.push_back(std::make_unique<TakeAnalyzerTurn>());
  Consumers.push_back(std::move(Analysis));
  Consumers.push_back(std::make_unique<GiveAnalyzerTurnAtEnd>());
  return std::make_unique<MultiplexConsumer>(std::move(Consumers));
}

/// Parses the file and runs the analyzer on it with the options asked for.
/// Its findings go to the result, and so do the files whose code the
/// analysis used without the preprocessor entering them: with cross-file
/// analysis, those of the definitions it imported.
class AnalyzeAction : public ASTFrontendAction {
public:
  AnalyzeAction(const AnalysisOptions &Options, const ConsumerFactory &Make,
                AnalysisJob Job, FileResult &Result)
      : Options(Options), Make(Make), Job(std::move(Job)), Result(Result) {}

  bool BeginSourceFileAction(CompilerInstance &CI) override {
    Preprocessor &PP = CI.getPreprocessor();
    PP.addPPCallbacks(
        std::make_unique<EnteredFiles>(CI.getSourceManager(), Entered));
    return true;
  }

  void EndSourceFileAction() override {
    const SourceManager &SM = getCompilerInstance().getSourceManager();
    if (OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID()))
      Entered.insert(&Main->getFileEntry());
    for (unsigned I = 0, E = SM.local_sloc_entry_size(); I != E; ++I) {
      const SrcMgr::SLocEntry &Entry = SM.getLocalSLocEntry(I);
      if (!Entry.isFile())
        continue;
      OptionalFileEntryRef File = Entry.getFile().getContentCache().OrigEntry;
      if (!File || !Entered.insert(&File->getFileEntry()).second)
        continue;
      FileID ID = SM.translateFile(*File);
      std::optional<StringRef> Text = SM.getBufferDataOrNone(ID);
      llvm::SmallString<256> Path(File->getName());
      SM.getFileManager().makeAbsolutePath(Path);
      llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
      Result.ImportedFiles.push_back(
          {std::string(Path), Text ? contentDigest(*Text) : ""});
    }
  }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    configureAnalyzer(CI, Options);
    // The analysis consumer's CTU storage reads these options when it is
    // constructed: they must be set before, as fields (the config map was
    // parsed into the fields when the invocation was made).
    if (Options.Ctu)
      configureCtu(CI, *Options.Ctu);
    return makeTurnTakingConsumer(
        [&] { return Make(CI, Job, Result.Findings); });
  }

private:
  const AnalysisOptions &Options;
  const ConsumerFactory &Make;
  AnalysisJob Job;
  FileResult &Result;
  llvm::DenseSet<const FileEntry *> Entered;
};

} // namespace

std::vector<std::string>
analysisCommandLine(const tooling::CompileCommand &Command,
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

namespace {

/// What a crash recovery return code says: signal N arrives as 128 + N.
std::string crashDescription(int RetCode) {
  if (RetCode > 128 && RetCode < 128 + NSIG)
    return "signal " + std::to_string(RetCode - 128) + ", " +
           strsignal(RetCode - 128);
  return "exit code " + std::to_string(RetCode);
}

/// Sets the Ordinal of each of \p Findings, which are sorted.
void numberAlikeFindings(std::vector<Finding> &Findings) {
  std::map<std::string, unsigned> Seen;
  for (Finding &F : Findings) {
    // Fields are separated by a byte none of them contains.
    std::string Key = F.CheckName + '\0' + F.Position.File + '\0' + F.Function +
                      '\0' + withoutWhiteSpace(F.LineText) + '\0' + F.Message;
    if (!F.TopFunction.empty() && F.TopFunction != F.Function)
      Key += '\0' + F.TopFunction;
    F.Ordinal = Seen[Key]++;
  }
}

/// Runs one compile command's analysis; returns false if clang could not
/// parse it or crashed.
bool runCommand(
    const tooling::CompileCommand &Command, unsigned Index,
    const AnalysisOptions &Options,
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
    const ConsumerFactory &Make, FileResult &Into,
    std::vector<AnalysisError> &Errors, std::string *Crash = nullptr,
    std::shared_ptr<PCHContainerOperations> PCHOperations = nullptr) {
  AnalysisJob Job{Index, Command.Directory,
                  analysisCommandLine(Command, Options)};
  std::vector<std::string> Args = Job.CommandLine;
  return runFrontendAction(
      Command, std::move(Args),
      std::make_unique<AnalyzeAction>(Options, Make, std::move(Job), Into),
      std::move(FS), Errors, Crash, std::move(PCHOperations), &Into.Notes);
}

/// Why a cross-file analysis failed, in a line: the crash, or its first
/// error.
std::string ctuFailure(llvm::ArrayRef<AnalysisError> Errors,
                       llvm::StringRef Crash) {
  if (!Crash.empty())
    return "the analyzer crashed while following calls into other files (" +
           Crash.str() + "); please report this bug with the stack above";
  const AnalysisError &E = Errors.front();
  std::string Where;
  if (!E.Position.File.empty())
    Where = E.Position.File + ":" + std::to_string(E.Position.Line) + ":" +
            std::to_string(E.Position.Column) + ": ";
  return "following calls into other files failed (" + Where + E.Message + ")";
}

/// Moves the HTML reports of a run from \p From into \p To, keeping a report
/// already there (the analyzer names a report by its issue hash, so a report
/// of that name is the same finding), then removes \p From.
void moveHtmlReports(llvm::StringRef From, llvm::StringRef To) {
  namespace fs = llvm::sys::fs;
  std::error_code EC;
  for (fs::directory_iterator It(From, EC), End; It != End && !EC;
       It.increment(EC)) {
    llvm::SmallString<256> Target(To);
    llvm::sys::path::append(Target, llvm::sys::path::filename(It->path()));
    if (!fs::exists(Target) && !fs::rename(It->path(), Target))
      continue;
    fs::remove(It->path());
  }
  fs::remove(From);
}

/// Analyzes one command with CTU; if that fails, without. A file's findings
/// are never lost to the cross-file analysis: the importer has known crashes
/// and another file may not parse.
void runCommandWithCtu(const tooling::CompileCommand &Command, unsigned Index,
                       const AnalysisOptions &Options,
                       llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                       const ConsumerFactory &Make, FileResult &Result) {
  // The HTML reports of a run that fails must not be kept: the run writes
  // them into a folder of its own, moved into the real one if it succeeds.
  AnalysisOptions WithCtu = Options;
  llvm::SmallString<256> HtmlStaging;
  if (!Options.HtmlDir.empty()) {
    llvm::SmallString<256> Model(Options.HtmlDir);
    llvm::sys::path::append(Model, ".kmdf-ctu"); // + "-XXXXXX"
    if (!llvm::sys::fs::createUniqueDirectory(Model, HtmlStaging))
      WithCtu.HtmlDir = std::string(HtmlStaging);
    else
      HtmlStaging.clear();
  }
  FileResult Attempt;
  std::vector<AnalysisError> CtuErrors;
  std::string Crash;
  CtuDumpCheck Dumps(*Options.Ctu);
  bool Ok = runCommand(Command, Index, WithCtu, FS, Make, Attempt, CtuErrors,
                       &Crash, Dumps.containerOperations());
  // A dump the analyzer could not load cost it the calls into that file,
  // without an error: as much a failure as an importer's.
  if (Ok) {
    std::string Problem = Dumps.problem();
    if (!Problem.empty()) {
      CtuErrors.push_back({{}, Problem});
      Ok = false;
    }
  }
  if (!HtmlStaging.empty()) {
    if (Ok)
      moveHtmlReports(HtmlStaging, Options.HtmlDir);
    else
      llvm::sys::fs::remove_directories(HtmlStaging);
  }
  if (Ok) {
    llvm::append_range(Result.Findings, Attempt.Findings);
    llvm::append_range(Result.ImportedFiles, Attempt.ImportedFiles);
    llvm::append_range(Result.Notes, Attempt.Notes);
    return;
  }
  AnalysisOptions Plain = Options;
  Plain.Ctu = nullptr;
  if (!runCommand(Command, Index, Plain, FS, Make, Result, Result.Errors))
    return; // The file's own errors, reported as they are without --ctu.
  Result.Warnings.push_back(
      {{}, "analyzed without --ctu: " + ctuFailure(CtuErrors, Crash)});
}

} // namespace

bool runFrontendAction(const tooling::CompileCommand &Command,
                       std::vector<std::string> Args,
                       std::unique_ptr<FrontendAction> Action,
                       llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> BaseFS,
                       std::vector<AnalysisError> &Errors, std::string *Crash,
                       std::shared_ptr<PCHContainerOperations> PCHOperations,
                       std::vector<AnalysisError> *Notes) {
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
  ErrorCollector Diags(Errors, Notes);
  size_t ErrorsBefore = Errors.size();
  if (!PCHOperations)
    PCHOperations = std::make_shared<PCHContainerOperations>();
  tooling::ToolInvocation Invocation(std::move(Args), std::move(Action),
                                     Files.get(), std::move(PCHOperations));
  Invocation.setDiagnosticConsumer(&Diags);
  // A crash in clang or a checker costs this file, not the whole run (once
  // main() has enabled crash recovery).
  bool Ok = false;
  llvm::CrashRecoveryContext Recovery;
  // With main()'s stack trace handler, a crash prints its stack first.
  Recovery.DumpStackAndCleanupOnFailure = true;
  if (!Recovery.RunSafely([&] { Ok = Invocation.run(); })) {
    AnalyzerTurn::giveIfTaken();
    if (Crash)
      *Crash = crashDescription(Recovery.RetCode);
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

std::unique_ptr<AnalysisASTConsumer>
createLinkedAnalysisConsumer(CompilerInstance &CI) {
  std::unique_ptr<AnalysisASTConsumer> Consumer = CreateAnalysisConsumer(CI);
  Consumer->AddCheckerRegistrationFn(
      [](CheckerRegistry &Registry) { kmdf::registerCheckers(Registry); });
  return Consumer;
}

std::unique_ptr<ASTConsumer>
createFindingConsumer(CompilerInstance &CI, std::vector<Finding> &Findings) {
  std::unique_ptr<AnalysisASTConsumer> Consumer =
      createLinkedAnalysisConsumer(CI);
  compat::addDiagnosticConsumer(*Consumer,
                                std::make_unique<FindingCollector>(Findings));
  return Consumer;
}

void configureAnalyzer(CompilerInstance &CI, const AnalysisOptions &Options) {
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
}

FileResult analyzeFileWith(const tooling::CompilationDatabase &Database,
                           llvm::StringRef File, const AnalysisOptions &Options,
                           llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                           const ConsumerFactory &Make) {
  FileResult Result;
  Result.File = File.str();
  std::vector<tooling::CompileCommand> Commands =
      Database.getCompileCommands(File);
  if (Commands.empty()) {
    Result.Errors.push_back(
        {{}, "no compile command for it in the compilation database"});
    return Result;
  }
  for (unsigned I = 0; I < Commands.size(); ++I) {
    if (Options.Ctu)
      runCommandWithCtu(Commands[I], I, Options, FS, Make, Result);
    else
      runCommand(Commands[I], I, Options, FS, Make, Result, Result.Errors);
  }
  llvm::sort(Result.ImportedFiles);
  Result.ImportedFiles.erase(
      std::unique(Result.ImportedFiles.begin(), Result.ImportedFiles.end()),
      Result.ImportedFiles.end());
  // Several commands for one file find the same things again.
  llvm::sort(Result.Notes, [](const AnalysisError &A, const AnalysisError &B) {
    return std::tie(A.Message, A.Position) < std::tie(B.Message, B.Position);
  });
  Result.Notes.erase(
      std::unique(Result.Notes.begin(), Result.Notes.end(),
                  [](const AnalysisError &A, const AnalysisError &B) {
                    return A.Message == B.Message;
                  }),
      Result.Notes.end());
  normalizeFindings(Result.Findings);
  numberAlikeFindings(Result.Findings);
  return Result;
}

FileResult analyzeFile(const tooling::CompilationDatabase &Database,
                       llvm::StringRef File, const AnalysisOptions &Options,
                       llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  return analyzeFileWith(Database, File, Options, std::move(FS),
                         [](CompilerInstance &CI, const AnalysisJob &,
                            std::vector<Finding> &Findings) {
                           return createFindingConsumer(CI, Findings);
                         });
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
