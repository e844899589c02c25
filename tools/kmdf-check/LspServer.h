//===- LspServer.h - kmdf-check as a language server ------------*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// `kmdf-check --lsp`: a language server that runs beside clangd and adds the
// kmdf findings to the editor. It analyzes a C/C++ file when the editor opens
// or saves it, reading the editor's unsaved buffers, and publishes the
// findings as diagnostics. Analysis runs on a thread of its own, one file at
// a time, and incrementally: a save re-analyzes the functions the edit
// changed. A newer text cancels the analysis of the older one; results for a
// version of a document that has since changed are never published.
//
// With --clangd the server runs clangd behind it and is the editor's only C
// and C++ server: LspClangd.h forwards the protocol and merges the findings
// into clangd's diagnostics. The Server then only watches the messages.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_LSPSERVER_H
#define KMDF_CHECK_TOOL_LSPSERVER_H

#include "Analysis.h"
#include "CheckCatalog.h"
#include "IncrementalAnalysis.h"
#include "LspDatabases.h"
#include "LspLog.h"
#include "LspWorkQueue.h"

#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace kmdf::tool::lsp {

/// When the server follows calls into the database's other files.
enum class CtuUse {
  Off,           ///< --ctu=false
  IfIndexExists, ///< The default: when a kmdf-check --ctu run left an index.
  Always,        ///< --ctu: the index is built if missing.
};

struct ServerOptions {
  /// -p: the build folder; empty to look for a database beside each file.
  std::string BuildPath;
  AnalysisOptions Analysis;
  /// The checks, for their documentation pages.
  std::vector<CheckInfo> Checks;
  /// Re-analyze only what an edit changed (--incremental, the default);
  /// else analyze the whole file on every save.
  bool Incremental = true;
  /// Whole-driver analysis, with the index in the default folder beside
  /// the file's compile_commands.json. With it a file is analyzed whole on
  /// every save: what a function finds then depends on other files too.
  CtuUse Ctu = CtuUse::IfIndexExists;
  /// --clangd: run this clangd behind the server (empty: no clangd), with
  /// these arguments.
  std::string Clangd;
  std::vector<std::string> ClangdArgs;
};

/// The result of analyzing a file; NoCommand says why there was nothing to
/// analyze it with, Detail what the analysis did (for the log).
struct AnalysisOutcome {
  FileResult Result;
  std::optional<std::string> NoCommand;
  std::string Detail;
  bool Cancelled = false;
};

/// Analyzes a file, reading sources from the given file system (the editor's
/// buffers over the disk), stopping early when \p Cancel is set and telling
/// \p Progress how far it got. Tests replace the real one.
using AnalyzeFn = std::function<AnalysisOutcome(
    llvm::StringRef File, llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
    const Cancellation &Cancel, const AnalysisProgressFn &Progress)>;

/// Sends one message to the client; called from several threads.
using SendFn = std::function<void(llvm::json::Value)>;

/// Publishes the server's diagnostics of \p File (the parameters of
/// textDocument/publishDiagnostics): to the client, or into clangd's.
using PublishFn =
    std::function<void(const std::string &File, llvm::json::Object Params)>;

class Server {
public:
  /// \p Analyze defaults to analyzing with the databases DatabaseFinder
  /// finds; \p Publish to sending the diagnostics to the client. An
  /// \p Observer server answers no request: clangd does (--clangd).
  Server(ServerOptions Options, SendFn Send, Logger &Log,
         AnalyzeFn Analyze = nullptr, PublishFn Publish = nullptr,
         bool Observer = false);
  ~Server() { stop(); }

  /// Stops analyzing and publishing; cancels the running analysis and waits
  /// for it to return.
  void stop();

  /// Handles one message from the client.
  void handle(const llvm::json::Value &Message);
  /// Answers a frame whose body was not JSON.
  void handleParseError(llvm::StringRef Error);

  bool exitRequested() const { return ExitRequested; }
  /// What the process returns: 0 when the client asked for shutdown first.
  int exitCode() const { return ShutdownRequested ? 0 : 1; }

  /// The prefix of the ids of the server's own requests to the client (they
  /// are strings; clangd's are numbers or other strings).
  static constexpr llvm::StringLiteral RequestIdPrefix = "kmdf-check/";

private:
  /// An open document. Generation counts its changes (the client's version
  /// need not be a number that grows); results are published only for the
  /// generation they were computed from.
  struct Document {
    std::string Uri;
    llvm::json::Value ClientVersion = nullptr;
    /// The editor's text; unknown after a change the server cannot apply,
    /// and then read from disk.
    std::optional<std::string> Text;
    uint64_t Generation = 0;
    /// The generation being analyzed now, if any: a save right after an
    /// open or change need not analyze the same text twice.
    std::optional<uint64_t> Running;
    /// Analyses asked for (opens and saves), those the snapshot being
    /// analyzed covers, and those covered by the findings published last: a
    /// save that arrives before the analysis takes its snapshot is covered
    /// by it, and is not analyzed a second time.
    unsigned Requests = 0;
    unsigned RunningCovers = 0;
    unsigned Covered = 0;
  };

  /// The work done progress of one analysis ($/progress), when the client
  /// supports it: its token is created first (window/workDoneProgress/
  /// create), and the progress begins once the client has answered.
  struct Progress {
    std::string Token;
    std::string Message;
    unsigned Percent = 0;
    bool Begun = false;
    bool Ended = false;
  };

  void onRequest(llvm::StringRef Method, const llvm::json::Value &Id,
                 const llvm::json::Value *Params);
  void onResponse(const llvm::json::Value &Id, bool Failed);
  void onNotification(llvm::StringRef Method, const llvm::json::Value *Params);
  void onInitialize(const llvm::json::Value &Id,
                    const llvm::json::Value *Params);
  void onDidOpen(const llvm::json::Object &Params);
  void onDidChange(const llvm::json::Object &Params);
  void onDidSave(const llvm::json::Object &Params);
  void onDidClose(const llvm::json::Object &Params);

  void reply(const llvm::json::Value &Id, llvm::json::Value Result);
  void replyError(const llvm::json::Value &Id, int Code,
                  const llvm::Twine &Message);
  void publish(const std::string &File, const Document &Doc,
               llvm::json::Array Diagnostics);

  // Work done progress; called from both threads.
  std::shared_ptr<Progress> beginProgress(llvm::StringRef File);
  void reportProgress(Progress &P, unsigned Done, unsigned Total);
  void endProgress(Progress &P, llvm::StringRef Message);
  void sendProgress(const Progress &P, llvm::json::Object Value);

  /// Runs on the analysis thread.
  void analyze(const std::string &File, const Cancellation &Cancel);
  AnalysisOutcome analyzeWithDatabase(
      llvm::StringRef File, llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
      const Cancellation &Cancel, const AnalysisProgressFn &Progress);
  /// The disk with every open document's text over it; the generation of
  /// \p File's document, or nothing when it is not open.
  std::optional<uint64_t>
  snapshot(const std::string &File,
           llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> &FS);
  void publishResult(const std::string &File, uint64_t Generation,
                     const AnalysisOutcome &Outcome);
  llvm::json::Array diagnostics(const std::string &File,
                                const FileResult &Result) const;
  void reportNoCommand(const std::string &File, llvm::StringRef Why);
  bool useCtu(const clang::tooling::CompilationDatabase &Database,
              llvm::StringRef DatabaseFile, AnalysisOptions &Analysis);
  llvm::StringRef docsUri(llvm::StringRef Check) const;

  ServerOptions Options;
  SendFn Send;
  Logger &Log;
  AnalyzeFn Analyze;
  PublishFn Publish;
  bool Observer;
  DatabaseFinder Databases;

  // Message loop state.
  bool Initialized = false;
  bool ShutdownRequested = false;
  bool ExitRequested = false;

  /// Guards Documents, NextGeneration, NoCommandReported and Stopped, and makes
  /// "is this still the current text? then publish" one step, so that a
  /// didClose or didChange cannot slip in between.
  std::mutex DocumentsMutex;
  std::map<std::string, Document> Documents; ///< By absolute path.
  uint64_t NextGeneration = 1;
  bool NoCommandReported = false;
  bool Stopped = false;

  /// Guards the progress state and orders the progress messages.
  std::mutex ProgressMutex;
  bool ClientTakesProgress = false;
  unsigned NextProgress = 1;
  /// The progress whose token the client has not confirmed yet, by the id
  /// of the create request.
  std::map<std::string, std::shared_ptr<Progress>> ProgressCreating;

  /// What each file's analyses remember, for the next one. The analysis
  /// thread alone uses it.
  std::map<std::string, IncrementalAnalyzer> Analyzers;

  WorkQueue Queue; ///< Last: its thread uses the members above.
};

/// Serves the protocol on stdin/stdout until the client says exit or closes
/// the input; returns the process's exit status. With Options.Clangd, clangd
/// runs behind it (LspClangd.h).
int runLanguageServer(ServerOptions Options, LogLevel Level);

} // namespace kmdf::tool::lsp

#endif // KMDF_CHECK_TOOL_LSPSERVER_H
