//===- LspClangd.cpp - kmdf-check --lsp --clangd --------------------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LspClangd.h"
#include "LspProtocol.h"

#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

#ifndef _WIN32
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
extern char **environ;
#endif

namespace kmdf::tool::lsp {

namespace json = llvm::json;

//===----------------------------------------------------------------------===//
// DiagnosticsMerger
//===----------------------------------------------------------------------===//

DiagnosticsMerger::Document &
DiagnosticsMerger::documentOf(const std::string &File) {
  auto It = Documents.find(File);
  if (It != Documents.end())
    return It->second;
  // The same file, spelled otherwise (a link): one document.
  for (auto &[Known, D] : Documents)
    if (samePath(Known, File))
      return D;
  return Documents[File];
}

void DiagnosticsMerger::fromClangd(const json::Object &Params) {
  std::optional<llvm::StringRef> Uri = Params.getString("uri");
  if (!Uri)
    return;
  std::optional<std::string> File = uriToPath(*Uri);
  std::lock_guard<std::mutex> Lock(Mutex);
  Document &D = documentOf(File ? *File : Uri->str());
  D.Clangd = Params;
  publish(D, /*OursChanged=*/false);
}

void DiagnosticsMerger::fromKmdfCheck(const std::string &File,
                                      json::Object Params) {
  std::lock_guard<std::mutex> Lock(Mutex);
  Document &D = documentOf(File);
  D.Ours = std::move(Params);
  publish(D, /*OursChanged=*/true);
}

/// Callers hold Mutex.
void DiagnosticsMerger::publish(const Document &D, bool OursChanged) {
  json::Object Params;
  json::Array All;
  if (D.Clangd) {
    Params = *D.Clangd;
    if (const json::Array *Theirs = D.Clangd->getArray("diagnostics"))
      All = *Theirs;
  } else {
    Params["uri"] = *D.Ours->get("uri");
  }
  if (D.Ours) {
    for (const json::Value &Ours : *D.Ours->getArray("diagnostics"))
      All.push_back(Ours);
    // A version both sides agree on, or that of the only side that knows.
    const json::Value *OurVersion = D.Ours->get("version");
    const json::Value *TheirVersion =
        D.Clangd ? D.Clangd->get("version") : nullptr;
    if (!D.Clangd && OurVersion)
      Params["version"] = *OurVersion;
    else if (D.Clangd && TheirVersion &&
             !(OurVersion && *OurVersion == *TheirVersion) &&
             (OursChanged || OurVersion))
      Params.erase("version");
  }
  Params["diagnostics"] = std::move(All);
  Send(json::Object{{"jsonrpc", "2.0"},
                    {"method", "textDocument/publishDiagnostics"},
                    {"params", std::move(Params)}});
}

//===----------------------------------------------------------------------===//
// The clangd process
//===----------------------------------------------------------------------===//

namespace {

bool isPublishDiagnostics(const json::Value &Message) {
  const json::Object *Obj = Message.getAsObject();
  return Obj && Obj->getString("method") ==
                    llvm::StringRef("textDocument/publishDiagnostics");
}

/// An answer to one of kmdf-check's own requests (their ids are strings
/// with Server::RequestIdPrefix).
bool isAnswerToUs(const json::Value &Message) {
  const json::Object *Obj = Message.getAsObject();
  if (!Obj || Obj->get("method"))
    return false;
  const json::Value *Id = Obj->get("id");
  std::optional<llvm::StringRef> Text = Id ? Id->getAsString() : std::nullopt;
  return Text && Text->starts_with(Server::RequestIdPrefix);
}

#ifndef _WIN32
/// clangd as a child process with pipes to its stdin and from its stdout;
/// its stderr is ours (the editor's log of this server).
class ClangdProcess {
public:
  ~ClangdProcess() {
    if (Input)
      std::fclose(Input);
  }

  bool start(const std::string &Program, const std::vector<std::string> &Args,
             std::string &Error) {
    int ToChild[2], FromChild[2];
    if (pipe(ToChild) != 0 || pipe(FromChild) != 0) {
      Error = std::strerror(errno);
      return false;
    }
    // Only the child's ends survive exec; the editor's stdout (kept by
    // takeStdout) must not stay open in clangd.
    for (int FD : {ToChild[1], FromChild[0]})
      fcntl(FD, F_SETFD, FD_CLOEXEC);
    posix_spawn_file_actions_t Actions;
    posix_spawn_file_actions_init(&Actions);
    posix_spawn_file_actions_adddup2(&Actions, ToChild[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&Actions, FromChild[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&Actions, ToChild[0]);
    posix_spawn_file_actions_addclose(&Actions, FromChild[1]);
    std::vector<char *> Argv;
    Argv.push_back(const_cast<char *>(Program.c_str()));
    for (const std::string &Arg : Args)
      Argv.push_back(const_cast<char *>(Arg.c_str()));
    Argv.push_back(nullptr);
    int Status = posix_spawnp(&Pid, Program.c_str(), &Actions, nullptr,
                              Argv.data(), environ);
    posix_spawn_file_actions_destroy(&Actions);
    close(ToChild[0]);
    close(FromChild[1]);
    if (Status != 0) {
      close(ToChild[1]);
      close(FromChild[0]);
      Error = std::strerror(Status);
      return false;
    }
    Output.emplace(ToChild[1], /*shouldClose=*/true);
    Input = fdopen(FromChild[0], "rb");
    return Input != nullptr;
  }

  std::FILE *input() { return Input; }
  llvm::raw_fd_ostream &output() { return *Output; }

  /// Ends clangd's input, then waits for it; returns its exit status.
  int finish() {
    Output.reset();
    int Status = 0;
    while (waitpid(Pid, &Status, 0) < 0 && errno == EINTR)
      ;
    return WIFEXITED(Status) ? WEXITSTATUS(Status) : 128 + WTERMSIG(Status);
  }

private:
  pid_t Pid = 0;
  std::FILE *Input = nullptr;
  std::optional<llvm::raw_fd_ostream> Output;
};
#endif

} // namespace

int serveWithClangd(ServerOptions Options, Transport &Client, Logger &Log) {
#ifdef _WIN32
  Log.error("--clangd is not supported on this platform");
  return 1;
#else
  ClangdProcess Clangd;
  std::string Error;
  if (!Clangd.start(Options.Clangd, Options.ClangdArgs, Error)) {
    Log.error("cannot start clangd '" + Options.Clangd + "': " + Error);
    return 1;
  }
  Log.info("clangd runs behind kmdf-check: " + Options.Clangd);
  Transport ToClangd(Clangd.input(), Clangd.output(), Log, "clangd ");
  SendFn ToClient = [&Client](json::Value Message) { Client.send(Message); };
  DiagnosticsMerger Merger(ToClient);
  Server S(
      std::move(Options), ToClient, Log, nullptr,
      [&Merger](const std::string &File, json::Object Params) {
        Merger.fromKmdfCheck(File, std::move(Params));
      },
      /*Observer=*/true);

  // clangd's messages go to the editor as they come, its diagnostics with
  // kmdf-check's added.
  std::atomic<bool> Ending{false};
  std::thread FromClangd([&] {
    while (true) {
      Incoming In = ToClangd.read();
      if (In.K == Incoming::End)
        break;
      if (In.K == Incoming::Message && isPublishDiagnostics(In.Value)) {
        if (const json::Object *Params =
                In.Value.getAsObject()->getObject("params")) {
          Merger.fromClangd(*Params);
          continue;
        }
      }
      Client.sendRaw(In.Raw);
    }
    if (!Ending) {
      // Without clangd the editor has no C/C++ server left: end this one
      // too, and let the editor say so.
      Log.error("clangd exited unexpectedly; kmdf-check exits too");
      llvm::sys::Process::Exit(1, /*NoCleanup=*/true);
    }
  });

  while (!S.exitRequested()) {
    Incoming In = Client.read();
    if (In.K == Incoming::End) {
      Log.info("the input ended before 'exit'");
      break;
    }
    if (In.K == Incoming::Message) {
      S.handle(In.Value);
      if (isAnswerToUs(In.Value))
        continue;
    }
    if (S.exitRequested())
      Ending = true;
    ToClangd.sendRaw(In.Raw);
  }
  Ending = true;
  S.stop();
  int Status = Clangd.finish();
  FromClangd.join();
  if (Status != 0)
    Log.info("clangd exited with status " + llvm::Twine(Status));
  return S.exitCode();
#endif
}

} // namespace kmdf::tool::lsp
