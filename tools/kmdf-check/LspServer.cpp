//===- LspServer.cpp - kmdf-check as a language server --------------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LspServer.h"
#include "LspProtocol.h"
#include "LspTransport.h"

#include "kmdf-check/Version.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <cstdio>

#ifndef _WIN32
#include <csignal>
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
// AnalysisQueue
//===----------------------------------------------------------------------===//

AnalysisQueue::AnalysisQueue(std::function<void(const std::string &)> Run)
    : Run(std::move(Run)), Thread([this] { loop(); }) {}

void AnalysisQueue::schedule(const std::string &File) {
  std::lock_guard<std::mutex> Lock(Mutex);
  if (Stopping || llvm::is_contained(Waiting, File))
    return;
  Waiting.push_back(File);
  Wakeup.notify_one();
}

void AnalysisQueue::cancel(const std::string &File) {
  std::lock_guard<std::mutex> Lock(Mutex);
  llvm::erase(Waiting, File);
}

void AnalysisQueue::stop() {
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Stopping = true;
    Waiting.clear();
    Wakeup.notify_one();
  }
  if (Thread.joinable())
    Thread.join();
}

void AnalysisQueue::loop() {
  while (true) {
    std::string File;
    {
      std::unique_lock<std::mutex> Lock(Mutex);
      Wakeup.wait(Lock, [this] { return Stopping || !Waiting.empty(); });
      if (Stopping)
        return;
      File = std::move(Waiting.front());
      Waiting.pop_front();
    }
    Run(File);
  }
}

//===----------------------------------------------------------------------===//
// Server: messages
//===----------------------------------------------------------------------===//

Server::Server(ServerOptions Opts, SendFn Send, Logger &Log,
               AnalyzeFn AnalyzeOverride)
    : Options(std::move(Opts)), Send(std::move(Send)), Log(Log),
      Analyze(std::move(AnalyzeOverride)), Databases(Options.BuildPath, Log),
      Queue([this](const std::string &File) { analyze(File); }) {
  if (!Analyze)
    Analyze = [this](llvm::StringRef File,
                     llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
      return analyzeWithDatabase(File, std::move(FS));
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
      return Log.verbose("ignored a response: the server sends no requests");
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
    return reply(Id, nullptr);
  }
  replyError(Id, MethodNotFound, "method not found: '" + Method + "'");
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
  Send(json::Object{{"jsonrpc", "2.0"}, {"id", Id}, {"result", Result}});
}

void Server::replyError(const json::Value &Id, int Code,
                        const llvm::Twine &Message) {
  std::string Text = Message.str();
  Log.verbose("error " + llvm::Twine(Code) + ": " + Text);
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
    std::optional<llvm::StringRef> Text =
        Obj ? Obj->getString("text") : std::nullopt;
    if (Text && !Obj->get("range")) {
      D.Text = Text->str();
      continue;
    }
    // The server asked for whole documents; the disk is the best guess now.
    Log.error("cannot apply a partial change to '" + *File +
              "'; reading it from disk until it is reopened");
    D.Text.reset();
  }
  if (const json::Object *Doc = Params.getObject("textDocument"))
    if (const json::Value *Version = Doc->get("version"))
      D.ClientVersion = *Version;
  D.Generation = NextGeneration++;
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
      D.Text = Text->str();
      D.Generation = NextGeneration++;
    }
    if (D.Running == D.Generation)
      return Log.verbose("'" + *File + "' is being analyzed as saved");
  }
  Queue.schedule(*File);
}

void Server::onDidClose(const json::Object &Params) {
  std::string Uri;
  std::optional<std::string> File = documentFile(Params, Uri, Log);
  if (!File)
    return;
  Queue.cancel(*File);
  std::lock_guard<std::mutex> Lock(DocumentsMutex);
  auto It = Documents.find(*File);
  if (It == Documents.end())
    return;
  Document Closed = std::move(It->second);
  Documents.erase(It);
  Closed.ClientVersion = nullptr;
  publish(Closed, json::Array());
}

/// Callers hold DocumentsMutex.
void Server::publish(const Document &Doc, json::Array Diagnostics) {
  json::Object Params{{"uri", Doc.Uri},
                      {"diagnostics", std::move(Diagnostics)}};
  if (Doc.ClientVersion.getAsInteger())
    Params["version"] = Doc.ClientVersion;
  Send(json::Object{{"jsonrpc", "2.0"},
                    {"method", "textDocument/publishDiagnostics"},
                    {"params", std::move(Params)}});
}

//===----------------------------------------------------------------------===//
// Server: analysis (on the queue's thread)
//===----------------------------------------------------------------------===//

std::optional<uint64_t>
Server::snapshot(const std::string &File,
                 llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> &FS) {
  auto Buffers = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  std::lock_guard<std::mutex> Lock(DocumentsMutex);
  auto It = Documents.find(File);
  if (It == Documents.end())
    return std::nullopt;
  for (const auto &[Path, Doc] : Documents)
    if (Doc.Text)
      Buffers->addFile(Path, 0,
                       llvm::MemoryBuffer::getMemBufferCopy(*Doc.Text, Path));
  auto Overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::createPhysicalFileSystem());
  Overlay->pushOverlay(Buffers);
  FS = Overlay;
  It->second.Running = It->second.Generation;
  return It->second.Generation;
}

void Server::analyze(const std::string &File) {
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS;
  std::optional<uint64_t> Generation = snapshot(File, FS);
  if (!Generation)
    return;
  Log.info("analyzing " + File);
  AnalysisOutcome Outcome = Analyze(File, FS);
  publishResult(File, *Generation, Outcome);
}

AnalysisOutcome Server::analyzeWithDatabase(
    llvm::StringRef File, llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  std::string Why;
  std::shared_ptr<const clang::tooling::CompilationDatabase> Database =
      Databases.find(File, Why);
  AnalysisOutcome Outcome;
  if (!Database) {
    Outcome.Result.File = File.str();
    Outcome.NoCommand = Why;
    return Outcome;
  }
  Outcome.Result = analyzeFile(*Database, File, Options.Analysis, FS);
  return Outcome;
}

void Server::publishResult(const std::string &File, uint64_t Generation,
                           const AnalysisOutcome &Outcome) {
  std::lock_guard<std::mutex> Lock(DocumentsMutex);
  auto It = Documents.find(File);
  if (It != Documents.end() && It->second.Running == Generation)
    It->second.Running.reset();
  if (Stopped || It == Documents.end() || It->second.Generation != Generation) {
    Log.info("dropped the results for " + File +
             ": the document changed or closed meanwhile");
    return;
  }
  if (Outcome.NoCommand)
    reportNoCommand(File, *Outcome.NoCommand);
  const FileResult &Result = Outcome.Result;
  Log.info(File + ": " + llvm::Twine(Result.Findings.size()) + " finding(s)" +
           (Result.failed() ? ", not analyzed: " + Result.Errors[0].Message
                            : std::string()));
  publish(It->second, diagnostics(File, Result));
}

json::Array Server::diagnostics(const std::string &File,
                                const FileResult &Result) const {
  UriMap Uris{File, Documents.at(File).Uri};
  json::Array Diagnostics;
  for (const Finding &F : Result.Findings) {
    // A finding in a header shows when that header is opened and analyzed.
    if (!samePath(F.Position.File, File)) {
      Log.verbose("left out a finding in " + F.Position.File);
      continue;
    }
    Diagnostics.push_back(findingDiagnostic(F, Uris, docsUri(F.CheckName)));
  }
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
  int Protocol = dup(STDOUT_FILENO);
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
