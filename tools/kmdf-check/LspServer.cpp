//===- LspServer.cpp - kmdf-check as a language server --------------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LspServer.h"
#include "Ctu.h"
#include "LspClangd.h"
#include "LspProtocol.h"
#include "LspTransport.h"

#include "kmdf-check/Version.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <cstdio>

#ifndef _WIN32
#include <csignal>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace kmdf::tool::lsp {

namespace json = llvm::json;

namespace {

constexpr int MessageTypeWarning = 2;
constexpr int TextDocumentSyncFull = 1;

/// Whether the server analyzes a document: C or C++ by the editor's
/// language id ("c++" is Emacs's), or by its extension when the id is one
/// the server does not know.
bool isCOrCxx(llvm::StringRef LanguageId, llvm::StringRef File) {
  if (LanguageId == "c" || LanguageId == "cpp" || LanguageId == "c++")
    return true;
  if (!LanguageId.empty() && LanguageId != "plaintext")
    return false;
  llvm::StringRef Ext = llvm::sys::path::extension(File).lower();
  return llvm::is_contained(
      {".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx", ".inl"}, Ext);
}

bool isValidId(const json::Value &Id) {
  return Id.kind() == json::Value::Number || Id.kind() == json::Value::String ||
         Id.kind() == json::Value::Null;
}

/// The folder the client opened: rootUri, else rootPath, else the first
/// workspace folder.
std::string workspaceRoot(const json::Object &Params) {
  if (std::optional<llvm::StringRef> Uri = Params.getString("rootUri"))
    if (std::optional<std::string> Path = uriToPath(*Uri))
      return *Path;
  if (std::optional<llvm::StringRef> Path = Params.getString("rootPath"))
    if (llvm::sys::path::is_absolute(*Path))
      return Path->str();
  if (const json::Array *Folders = Params.getArray("workspaceFolders"))
    for (const json::Value &Folder : *Folders)
      if (const json::Object *Obj = Folder.getAsObject())
        if (std::optional<llvm::StringRef> Uri = Obj->getString("uri"))
          if (std::optional<std::string> Path = uriToPath(*Uri))
            return *Path;
  return "";
}

/// The file a textDocument parameter names, and its URI as the client wrote
/// it; nothing (and a log line) for a missing or non-file URI.
std::optional<std::string> documentFile(const json::Object &Params,
                                        std::string &Uri, Logger &Log) {
  const json::Object *Doc = Params.getObject("textDocument");
  std::optional<llvm::StringRef> UriField =
      Doc ? Doc->getString("uri") : std::nullopt;
  if (!UriField) {
    Log.error("ignored a notification without textDocument.uri");
    return std::nullopt;
  }
  Uri = UriField->str();
  std::optional<std::string> File = uriToPath(Uri);
  if (!File)
    Log.verbose("ignored '" + Uri + "': not a local file");
  return File;
}

} // namespace

//===----------------------------------------------------------------------===//
// Server: messages
//===----------------------------------------------------------------------===//

Server::Server(ServerOptions Opts, SendFn Send, Logger &Log,
               AnalyzeFn AnalyzeOverride, PublishFn PublishOverride,
               bool Observer)
    : Options(std::move(Opts)), Send(std::move(Send)), Log(Log),
      Analyze(std::move(AnalyzeOverride)), Publish(std::move(PublishOverride)),
      Observer(Observer), Databases(Options.BuildPath, Log),
      Queue([this](const std::string &File, const Cancellation &Cancel) {
        analyze(File, Cancel);
      }) {
  if (!Analyze)
    Analyze = [this](llvm::StringRef File,
                     llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                     const Cancellation &Cancel,
                     const AnalysisProgressFn &Progress) {
      return analyzeWithDatabase(File, std::move(FS), Cancel, Progress);
    };
  if (!Publish)
    Publish = [this](const std::string &, json::Object Params) {
      this->Send(json::Object{{"jsonrpc", "2.0"},
                              {"method", "textDocument/publishDiagnostics"},
                              {"params", std::move(Params)}});
    };
}

void Server::stop() {
  {
    std::lock_guard<std::mutex> Lock(DocumentsMutex);
    Stopped = true;
  }
  Queue.stop();
}

void Server::handle(const json::Value &Message) {
  const json::Object *Obj = Message.getAsObject();
  if (!Obj)
    return replyError(nullptr, InvalidRequest,
                      "a message must be a JSON object");
  const json::Value *Id = Obj->get("id");
  if (Id && !isValidId(*Id))
    return replyError(nullptr, InvalidRequest,
                      "the id must be a number or a string");
  const json::Value NoId = nullptr;
  if (Obj->getString("jsonrpc") != llvm::StringRef("2.0"))
    return replyError(Id ? *Id : NoId, InvalidRequest,
                      "not a JSON-RPC 2.0 message (\"jsonrpc\": \"2.0\")");
  std::optional<llvm::StringRef> Method = Obj->getString("method");
  if (!Method) {
    if (Id && !Obj->get("method") && (Obj->get("result") || Obj->get("error")))
      return onResponse(*Id, Obj->get("error") != nullptr);
    return replyError(Id ? *Id : NoId, InvalidRequest,
                      "a request needs a method name (a string)");
  }
  if (Id)
    onRequest(*Method, *Id, Obj->get("params"));
  else
    onNotification(*Method, Obj->get("params"));
}

void Server::handleParseError(llvm::StringRef Error) {
  Log.error("a message that is not JSON: " + Error);
  replyError(nullptr, ParseError, "the message is not JSON: " + Error);
}

void Server::onRequest(llvm::StringRef Method, const json::Value &Id,
                       const json::Value *Params) {
  if (Method == "initialize")
    return onInitialize(Id, Params);
  if (!Initialized)
    return replyError(Id, ServerNotInitialized,
                      "'" + Method + "' before 'initialize'");
  if (ShutdownRequested)
    return replyError(Id, InvalidRequest, "'" + Method + "' after 'shutdown'");
  if (Method == "shutdown") {
    ShutdownRequested = true;
    {
      // Nothing is published after shutdown: what runs is of no use.
      std::lock_guard<std::mutex> Lock(DocumentsMutex);
      Stopped = true;
    }
    Queue.cancelAll();
    return reply(Id, nullptr);
  }
  replyError(Id, MethodNotFound, "method not found: '" + Method + "'");
}

void Server::onResponse(const json::Value &Id, bool Failed) {
  std::optional<llvm::StringRef> Key = Id.getAsString();
  std::shared_ptr<Progress> P;
  {
    std::lock_guard<std::mutex> Lock(ProgressMutex);
    auto It = Key ? ProgressCreating.find(Key->str()) : ProgressCreating.end();
    if (It == ProgressCreating.end())
      return Log.verbose("ignored a response to no request of the server");
    P = std::move(It->second);
    ProgressCreating.erase(It);
    if (Failed || P->Ended)
      return;
    // The token exists now: the progress begins, where it has got to.
    P->Begun = true;
    json::Object Begin{{"kind", "begin"},
                       {"title", "kmdf-check"},
                       {"message", P->Message},
                       {"percentage", P->Percent},
                       {"cancellable", false}};
    sendProgress(*P, std::move(Begin));
  }
}

void Server::onNotification(llvm::StringRef Method, const json::Value *Params) {
  if (Method == "exit") {
    ExitRequested = true;
    return;
  }
  // Before initialize and after shutdown, notifications other than exit are
  // dropped (the specification says so for the former).
  const json::Object *Obj = Params ? Params->getAsObject() : nullptr;
  bool Handled = Initialized && !ShutdownRequested && Obj;
  if (Handled && Method == "textDocument/didOpen")
    onDidOpen(*Obj);
  else if (Handled && Method == "textDocument/didChange")
    onDidChange(*Obj);
  else if (Handled && Method == "textDocument/didSave")
    onDidSave(*Obj);
  else if (Handled && Method == "textDocument/didClose")
    onDidClose(*Obj);
  else
    Log.verbose("ignored notification '" + Method + "'");
}

void Server::onInitialize(const json::Value &Id, const json::Value *Params) {
  if (Initialized)
    return replyError(Id, InvalidRequest, "'initialize' was already received");
  const json::Object *Obj = Params ? Params->getAsObject() : nullptr;
  if (!Obj)
    return replyError(Id, InvalidParams, "'initialize' needs its parameters");
  Initialized = true;
  if (const json::Object *Caps = Obj->getObject("capabilities"))
    if (const json::Object *Window = Caps->getObject("window"))
      ClientTakesProgress =
          Window->getBoolean("workDoneProgress").value_or(false);
  std::string Root = workspaceRoot(*Obj);
  Log.info("workspace root: " + (Root.empty() ? "(none)" : Root) +
           (Options.BuildPath.empty()
                ? ""
                : "; compilation database: -p " + Options.BuildPath));
  Databases.setWorkspaceRoot(Root);
  json::Object Sync{{"openClose", true},
                    {"change", TextDocumentSyncFull},
                    {"save", json::Object{{"includeText", false}}}};
  reply(Id, json::Object{
                {"capabilities",
                 json::Object{{"textDocumentSync", std::move(Sync)}}},
                {"serverInfo", json::Object{{"name", "kmdf-check"},
                                            {"version", KMDF_CHECK_VERSION}}},
            });
}

void Server::reply(const json::Value &Id, json::Value Result) {
  if (Observer)
    return; // clangd answers.
  Send(json::Object{{"jsonrpc", "2.0"}, {"id", Id}, {"result", Result}});
}

void Server::replyError(const json::Value &Id, int Code,
                        const llvm::Twine &Message) {
  std::string Text = Message.str();
  Log.verbose("error " + llvm::Twine(Code) + ": " + Text);
  if (Observer)
    return; // clangd answers.
  Send(json::Object{
      {"jsonrpc", "2.0"},
      {"id", Id},
      {"error", json::Object{{"code", Code}, {"message", std::move(Text)}}}});
}

//===----------------------------------------------------------------------===//
// Server: documents
//===----------------------------------------------------------------------===//

void Server::onDidOpen(const json::Object &Params) {
  std::string Uri;
  std::optional<std::string> File = documentFile(Params, Uri, Log);
  if (!File)
    return;
  const json::Object *Doc = Params.getObject("textDocument");
  llvm::StringRef Language = Doc->getString("languageId").value_or("");
  std::optional<llvm::StringRef> Text = Doc->getString("text");
  if (!isCOrCxx(Language, *File) || !Text) {
    Log.verbose("not analyzing '" + *File + "' (language '" + Language + "')");
    return;
  }
  {
    std::lock_guard<std::mutex> Lock(DocumentsMutex);
    Document &D = Documents[*File];
    D.Uri = Uri;
    D.ClientVersion = Doc->get("version") ? *Doc->get("version") : nullptr;
    D.Text = Text->str();
    D.Generation = NextGeneration++;
    ++D.Requests;
  }
  Queue.schedule(*File);
}

void Server::onDidChange(const json::Object &Params) {
  std::string Uri;
  std::optional<std::string> File = documentFile(Params, Uri, Log);
  const json::Array *Changes = Params.getArray("contentChanges");
  if (!File || !Changes)
    return;
  std::lock_guard<std::mutex> Lock(DocumentsMutex);
  auto It = Documents.find(*File);
  if (It == Documents.end())
    return;
  Document &D = It->second;
  for (const json::Value &Change : *Changes) {
    const json::Object *Obj = Change.getAsObject();
    if (!D.Text)
      break;
    if (Obj && applyContentChange(*D.Text, *Obj))
      continue;
    // The disk is the best guess now.
    Log.error("cannot apply a change to '" + *File +
              "'; reading it from disk until it is reopened");
    D.Text.reset();
  }
  if (const json::Object *Doc = Params.getObject("textDocument"))
    if (const json::Value *Version = Doc->get("version"))
      D.ClientVersion = *Version;
  D.Generation = NextGeneration++;
  // The text being analyzed is gone: its result would never be published.
  if (D.Running)
    Queue.cancel(*File);
}

void Server::onDidSave(const json::Object &Params) {
  std::string Uri;
  std::optional<std::string> File = documentFile(Params, Uri, Log);
  if (!File)
    return;
  {
    std::lock_guard<std::mutex> Lock(DocumentsMutex);
    auto It = Documents.find(*File);
    if (It == Documents.end())
      return Log.verbose("ignored saving '" + *File + "': it is not open");
    Document &D = It->second;
    if (std::optional<llvm::StringRef> Text = Params.getString("text")) {
      if (D.Text != Text->str())
        D.Generation = NextGeneration++;
      D.Text = Text->str();
    }
    if (D.Running == D.Generation)
      return Log.verbose("'" + *File + "' is being analyzed as saved");
    ++D.Requests;
    if (D.Running)
      Queue.cancel(*File); // An older text: its result would be dropped.
  }
  Queue.schedule(*File);
}

void Server::onDidClose(const json::Object &Params) {
  std::string Uri;
  std::optional<std::string> File = documentFile(Params, Uri, Log);
  if (!File)
    return;
  Queue.cancel(*File);
  {
    std::lock_guard<std::mutex> Lock(DocumentsMutex);
    auto It = Documents.find(*File);
    if (It == Documents.end())
      return;
    Document Closed = std::move(It->second);
    Documents.erase(It);
    Closed.ClientVersion = nullptr;
    publish(*File, Closed, json::Array());
  }
  // The analysis thread then forgets what it remembered of the file.
  Queue.schedule(*File);
}

/// Callers hold DocumentsMutex.
void Server::publish(const std::string &File, const Document &Doc,
                     json::Array Diagnostics) {
  json::Object Params{{"uri", Doc.Uri},
                      {"diagnostics", std::move(Diagnostics)}};
  if (Doc.ClientVersion.getAsInteger())
    Params["version"] = Doc.ClientVersion;
  Publish(File, std::move(Params));
}

//===----------------------------------------------------------------------===//
// Server: work done progress
//===----------------------------------------------------------------------===//

std::shared_ptr<Server::Progress> Server::beginProgress(llvm::StringRef File) {
  std::lock_guard<std::mutex> Lock(ProgressMutex);
  if (!ClientTakesProgress)
    return nullptr;
  auto P = std::make_shared<Progress>();
  unsigned N = NextProgress++;
  P->Token = (RequestIdPrefix + "progress/" + llvm::Twine(N)).str();
  P->Message = ("analyzing " + llvm::sys::path::filename(File)).str();
  std::string Id = (RequestIdPrefix + llvm::Twine(N)).str();
  ProgressCreating[Id] = P;
  Send(json::Object{{"jsonrpc", "2.0"},
                    {"id", Id},
                    {"method", "window/workDoneProgress/create"},
                    {"params", json::Object{{"token", P->Token}}}});
  return P;
}

void Server::reportProgress(Progress &P, unsigned Done, unsigned Total) {
  unsigned Percent = Total ? Done * 100 / Total : 0;
  std::lock_guard<std::mutex> Lock(ProgressMutex);
  // Every tenth of the way is enough for a progress bar.
  if (P.Ended || Percent < P.Percent + 10)
    return;
  P.Percent = Percent - Percent % 10;
  P.Message =
      (llvm::Twine(Done) + " of " + llvm::Twine(Total) + " functions").str();
  if (P.Begun)
    sendProgress(P, json::Object{{"kind", "report"},
                                 {"message", P.Message},
                                 {"percentage", P.Percent}});
}

void Server::endProgress(Progress &P, llvm::StringRef Message) {
  std::lock_guard<std::mutex> Lock(ProgressMutex);
  P.Ended = true;
  // A json::Value made from a StringRef borrows it; the message must own
  // its text, since the caller's string dies before the message is written.
  if (P.Begun)
    sendProgress(P, json::Object{{"kind", "end"}, {"message", Message.str()}});
}

/// Callers hold ProgressMutex, which keeps begin before report before end.
void Server::sendProgress(const Progress &P, json::Object Value) {
  Send(json::Object{{"jsonrpc", "2.0"},
                    {"method", "$/progress"},
                    {"params", json::Object{{"token", P.Token},
                                            {"value", std::move(Value)}}}});
}

//===----------------------------------------------------------------------===//
// Server: analysis (on the queue's thread)
//===----------------------------------------------------------------------===//

/// Whether the editor's \p Text of \p Path is what the disk has (a saved
/// buffer). Such a file is read from the disk: an AST dump of another file
/// made from it (--ctu) is valid only for the file as the disk has it, and
/// clang compares the modification time, which a buffer does not have.
static bool sameAsOnDisk(const std::string &Path, llvm::StringRef Text) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Disk =
      llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  return Disk && (*Disk)->getBuffer() == Text;
}

std::optional<uint64_t>
Server::snapshot(const std::string &File,
                 llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> &FS) {
  auto Buffers = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  std::lock_guard<std::mutex> Lock(DocumentsMutex);
  auto It = Documents.find(File);
  if (It == Documents.end())
    return std::nullopt;
  for (const auto &[Path, Doc] : Documents)
    if (Doc.Text && !sameAsOnDisk(Path, *Doc.Text))
      Buffers->addFile(Path, 0,
                       llvm::MemoryBuffer::getMemBufferCopy(*Doc.Text, Path));
  auto Overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::createPhysicalFileSystem());
  Overlay->pushOverlay(Buffers);
  FS = Overlay;
  It->second.Running = It->second.Generation;
  It->second.RunningCovers = It->second.Requests;
  return It->second.Generation;
}

void Server::analyze(const std::string &File, const Cancellation &Cancel) {
  {
    std::lock_guard<std::mutex> Lock(DocumentsMutex);
    auto It = Documents.find(File);
    if (It != Documents.end() && It->second.Requests == It->second.Covered)
      return Log.verbose("not analyzing '" + File +
                         "' again: the findings published cover its last save");
  }
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS;
  std::optional<uint64_t> Generation = snapshot(File, FS);
  if (!Generation) {
    // Closed: nothing to analyze, nothing more to remember.
    Analyzers.erase(File);
    return;
  }
  Log.info("analyzing " + File);
  std::shared_ptr<Progress> P = beginProgress(File);
  AnalysisProgressFn OnProgress;
  if (P)
    OnProgress = [this, P](unsigned Done, unsigned Total) {
      reportProgress(*P, Done, Total);
    };
  AnalysisOutcome Outcome = Analyze(File, FS, Cancel, OnProgress);
  publishResult(File, *Generation, Outcome);
  if (P) {
    size_t N = Outcome.Result.Findings.size();
    endProgress(
        *P, Outcome.Cancelled
                ? "cancelled"
                : (llvm::Twine(N) + (N == 1 ? " finding" : " findings")).str());
  }
}

AnalysisOutcome Server::analyzeWithDatabase(
    llvm::StringRef File, llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
    const Cancellation &Cancel, const AnalysisProgressFn &Progress) {
  std::string Why, Json;
  std::shared_ptr<const clang::tooling::CompilationDatabase> Database =
      Databases.find(File, Why, &Json);
  AnalysisOutcome Outcome;
  if (!Database) {
    Outcome.Result.File = File.str();
    Outcome.NoCommand = Why;
    return Outcome;
  }
  AnalysisOptions WithCtu = Options.Analysis;
  if (useCtu(*Database, Json, WithCtu)) {
    Outcome.Result = analyzeFile(*Database, File, WithCtu, FS);
    Outcome.Detail = "whole file (--ctu)";
    return Outcome;
  }
  if (!Options.Incremental) {
    Outcome.Result = analyzeFile(*Database, File, Options.Analysis, FS);
    Outcome.Detail = "whole file (--incremental=false)";
    return Outcome;
  }
  IncrementalAnalyzer &Engine = Analyzers[File.str()];
  Outcome.Result =
      Engine.analyze(*Database, File, Options.Analysis, FS, &Cancel, Progress);
  const IncrementalStats &Stats = Engine.stats();
  Outcome.Cancelled = Stats.Cancelled;
  auto Functions = [](unsigned N) {
    return std::to_string(N) + (N == 1 ? " function" : " functions");
  };
  Outcome.Detail = Functions(Stats.Analyzed) + " analyzed";
  if (!Stats.WholeFileReason.empty())
    Outcome.Detail += " (whole file: " + Stats.WholeFileReason + ")";
  else
    Outcome.Detail += ", " + std::to_string(Stats.Reused) + " reused";
  // Analyses that cannot be replayed next time: the cost of every save.
  if (Stats.NotReusable)
    Outcome.Detail +=
        ", " + std::to_string(Stats.NotReusable) + " not remembered";
  return Outcome;
}

/// Points \p Analysis at the cross-file index of \p Database (whose file
/// is \p DatabaseFile), brought up to date: only the files changed on disk
/// since it was built are parsed again, so a saved helper of another file
/// counts at the next analysis. Returns false to analyze without --ctu.
bool Server::useCtu(const clang::tooling::CompilationDatabase &Database,
                    llvm::StringRef DatabaseFile, AnalysisOptions &Analysis) {
  if (Options.Ctu == CtuUse::Off)
    return false;
  llvm::StringRef Dir = llvm::sys::path::parent_path(DatabaseFile);
  if (Options.Ctu == CtuUse::IfIndexExists &&
      !llvm::sys::fs::is_directory(defaultCtuCacheDir(Dir)))
    return false;
  CtuIndexReport Report;
  if (llvm::Error E = useCtuIndex(Database, Dir, Analysis, &Report)) {
    Log.error("--ctu: " + llvm::toString(std::move(E)) +
              "; analyzing without it");
    return false;
  }
  Log.info("--ctu: the index of " + DatabaseFile + ": " +
           llvm::Twine(Report.Parsed) + " file(s) parsed, " +
           llvm::Twine(Report.Reused) + " up to date");
  for (const std::string &Note : Report.Notes)
    Log.info("--ctu: " + Note);
  return true;
}

void Server::publishResult(const std::string &File, uint64_t Generation,
                           const AnalysisOutcome &Outcome) {
  std::lock_guard<std::mutex> Lock(DocumentsMutex);
  auto It = Documents.find(File);
  if (It != Documents.end() && It->second.Running == Generation)
    It->second.Running.reset();
  if (Stopped || Outcome.Cancelled || It == Documents.end() ||
      It->second.Generation != Generation) {
    Log.info((Outcome.Cancelled ? "cancelled the analysis of "
                                : "dropped the results for ") +
             File + ": the document changed or closed meanwhile");
    return;
  }
  if (Outcome.NoCommand)
    reportNoCommand(File, *Outcome.NoCommand);
  const FileResult &Result = Outcome.Result;
  Log.info(File + ": " + llvm::Twine(Result.Findings.size()) + " finding(s)" +
           (Result.failed() ? ", not analyzed: " + Result.Errors[0].Message
                            : std::string()) +
           (Outcome.Detail.empty() ? "" : "; " + Outcome.Detail));
  It->second.Covered = It->second.RunningCovers;
  publish(File, It->second, diagnostics(File, Result));
}

json::Array Server::diagnostics(const std::string &File,
                                const FileResult &Result) const {
  UriMap Uris{File, Documents.at(File).Uri};
  json::Array Diagnostics;
  for (const Finding &F : Result.Findings) {
    if (samePath(F.Position.File, File)) {
      Diagnostics.push_back(findingDiagnostic(F, Uris, docsUri(F.CheckName)));
      continue;
    }
    // In a helper of another file that --ctu followed: shown at the last
    // step of the path in this file, the call that leads there.
    bool Imported = llvm::any_of(Result.ImportedFiles, [&](const InputFile &I) {
      return samePath(I.Path, F.Position.File);
    });
    auto Call = llvm::find_if(llvm::reverse(F.Path), [&](const PathNote &N) {
      return !N.Position.File.empty() && samePath(N.Position.File, File);
    });
    if (Imported && Call != F.Path.rend()) {
      Diagnostics.push_back(
          calledFindingDiagnostic(F, *Call, Uris, docsUri(F.CheckName)));
      continue;
    }
    // A finding in a header shows when that header is opened and analyzed.
    Log.verbose("left out a finding in " + F.Position.File);
  }
  for (const AnalysisError &N : Result.Notes)
    if (samePath(N.Position.File, File))
      Diagnostics.push_back(
          noteDiagnostic("kmdf-check: " + N.Message, N.Position));
  for (const AnalysisError &W : Result.Warnings)
    Diagnostics.push_back(noteDiagnostic(
        "kmdf-check: this file was " + W.Message, SourcePosition()));
  if (Result.failed())
    Diagnostics.push_back(failureDiagnostic(Result.Errors, Uris));
  return Diagnostics;
}

/// A file without a compile command is no error of the user's code: the
/// client shows one message for the first such file, the log names all.
void Server::reportNoCommand(const std::string &File, llvm::StringRef Why) {
  Log.info("no compile command for " + File + ": " + Why);
  if (NoCommandReported)
    return;
  NoCommandReported = true;
  std::string Message = "kmdf-check: no compile command for '" + File + "' (" +
                        Why.str() +
                        "), so it was not analyzed. kmdf-check analyzes files "
                        "with a command in compile_commands.json (or -p); "
                        "further files without one are only logged.";
  Send(json::Object{{"jsonrpc", "2.0"},
                    {"method", "window/showMessage"},
                    {"params", json::Object{{"type", MessageTypeWarning},
                                            {"message", std::move(Message)}}}});
}

llvm::StringRef Server::docsUri(llvm::StringRef Check) const {
  const CheckInfo *Info = findCheck(Options.Checks, Check);
  return Info ? llvm::StringRef(Info->DocsUri) : llvm::StringRef();
}

//===----------------------------------------------------------------------===//
// The process
//===----------------------------------------------------------------------===//

namespace {

/// The stream the protocol goes to: stdout, which from then on is the only
/// writer of file descriptor 1's original target. Anything else that writes to
/// stdout (a library's stray printf) lands on stderr instead of corrupting
/// the protocol.
std::unique_ptr<llvm::raw_fd_ostream> takeStdout() {
#ifndef _WIN32
  int Protocol = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 0);
  if (Protocol >= 0 && dup2(STDERR_FILENO, STDOUT_FILENO) >= 0) {
    // A client that goes away must not kill the server with SIGPIPE: the
    // write fails, and the read that follows sees the end of input.
    std::signal(SIGPIPE, SIG_IGN);
    return std::make_unique<llvm::raw_fd_ostream>(Protocol,
                                                  /*shouldClose=*/true);
  }
#endif
  return std::make_unique<llvm::raw_fd_ostream>(fileno(stdout),
                                                /*shouldClose=*/false);
}

} // namespace

int runLanguageServer(ServerOptions Options, LogLevel Level) {
  Logger Log(Level, llvm::errs());
  llvm::sys::ChangeStdinToBinary();
  std::unique_ptr<llvm::raw_fd_ostream> Out = takeStdout();
  Transport Channel(stdin, *Out, Log);
  Log.info("kmdf-check " KMDF_CHECK_VERSION " language server (LLVM " +
           llvm::Twine(KMDF_CHECK_LLVM_VERSION) + ")");
  if (!Options.Clangd.empty())
    return serveWithClangd(std::move(Options), Channel, Log);
  Server S(
      std::move(Options),
      [&Channel](json::Value Message) { Channel.send(Message); }, Log);
  while (!S.exitRequested()) {
    Incoming In = Channel.read();
    if (In.K == Incoming::End) {
      Log.info("the input ended before 'exit'");
      break;
    }
    if (In.K == Incoming::ParseError)
      S.handleParseError(In.Error);
    else
      S.handle(In.Value);
  }
  S.stop();
  return S.exitCode();
}

} // namespace kmdf::tool::lsp
