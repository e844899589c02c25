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
// a time; results for a version of a document that has since changed are
// dropped.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_LSPSERVER_H
#define KMDF_CHECK_TOOL_LSPSERVER_H

#include "Analysis.h"
#include "CheckCatalog.h"
#include "LspDatabases.h"
#include "LspLog.h"

#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace kmdf::tool::lsp {

struct ServerOptions {
  /// -p: the build folder; empty to look for a database beside each file.
  std::string BuildPath;
  AnalysisOptions Analysis;
  /// The checks, for their documentation pages.
  std::vector<CheckInfo> Checks;
};

/// The result of analyzing a file; NoCommand says why there was nothing to
/// analyze it with.
struct AnalysisOutcome {
  FileResult Result;
  std::optional<std::string> NoCommand;
};

/// Analyzes a file, reading sources from the given file system (the editor's
/// buffers over the disk). Tests replace the real one.
using AnalyzeFn = std::function<AnalysisOutcome(
    llvm::StringRef File, llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS)>;

/// Sends one message to the client; called from both threads.
using SendFn = std::function<void(llvm::json::Value)>;

/// Runs one function over file names on a thread of its own, in order; a
/// file already waiting is not queued twice.
class AnalysisQueue {
public:
  explicit AnalysisQueue(std::function<void(const std::string &)> Run);
  ~AnalysisQueue() { stop(); }

  void schedule(const std::string &File);
  void cancel(const std::string &File);
  /// Drops what waits and returns when the running call (if any) is done.
  void stop();

private:
  void loop();

  std::function<void(const std::string &)> Run;
  std::mutex Mutex;
  std::condition_variable Wakeup;
  std::deque<std::string> Waiting;
  bool Stopping = false;
  std::thread Thread;
};

class Server {
public:
  /// \p Analyze defaults to analyzeFile with the databases DatabaseFinder
  /// finds.
  Server(ServerOptions Options, SendFn Send, Logger &Log,
         AnalyzeFn Analyze = nullptr);
  ~Server() { stop(); }

  /// Stops analyzing and publishing; waits for a running analysis.
  void stop();

  /// Handles one message from the client.
  void handle(const llvm::json::Value &Message);
  /// Answers a frame whose body was not JSON.
  void handleParseError(llvm::StringRef Error);

  bool exitRequested() const { return ExitRequested; }
  /// What the process returns: 0 when the client asked for shutdown first.
  int exitCode() const { return ShutdownRequested ? 0 : 1; }

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
  };

  void onRequest(llvm::StringRef Method, const llvm::json::Value &Id,
                 const llvm::json::Value *Params);
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
  void publish(const Document &Doc, llvm::json::Array Diagnostics);

  /// Runs on the analysis thread.
  void analyze(const std::string &File);
  AnalysisOutcome
  analyzeWithDatabase(llvm::StringRef File,
                      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS);
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
  llvm::StringRef docsUri(llvm::StringRef Check) const;

  ServerOptions Options;
  SendFn Send;
  Logger &Log;
  AnalyzeFn Analyze;
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

  AnalysisQueue Queue; ///< Last: its thread uses the members above.
};

/// Serves the protocol on stdin/stdout until the client says exit or closes
/// the input; returns the process's exit status.
int runLanguageServer(ServerOptions Options, LogLevel Level);

} // namespace kmdf::tool::lsp

#endif // KMDF_CHECK_TOOL_LSPSERVER_H
