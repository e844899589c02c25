//===- LspLog.h - The language server's log on stderr -----------*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// stdout carries the protocol, so the server logs to stderr, which editors
// show as the server's log ("LSP log", *EGLOT events*, ...).
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_LSPLOG_H
#define KMDF_CHECK_TOOL_LSPLOG_H

#include "llvm/ADT/Twine.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

namespace kmdf::tool::lsp {

enum class LogLevel { Error, Info, Verbose };

/// Writes whole lines ("I: analyzing a.c") to a stream; the worker thread
/// and the message loop both log, so lines are written under a lock.
class Logger {
public:
  Logger(LogLevel Level, llvm::raw_ostream &OS) : Level(Level), OS(OS) {}

  void error(const llvm::Twine &Message) { log(LogLevel::Error, Message); }
  void info(const llvm::Twine &Message) { log(LogLevel::Info, Message); }
  void verbose(const llvm::Twine &Message) { log(LogLevel::Verbose, Message); }
  bool enabled(LogLevel L) const { return L <= Level; }

private:
  void log(LogLevel L, const llvm::Twine &Message) {
    if (!enabled(L))
      return;
    static const char Tags[] = {'E', 'I', 'V'};
    std::lock_guard<std::mutex> Lock(Mutex);
    OS << Tags[static_cast<int>(L)] << ": " << Message << '\n';
    OS.flush();
  }

  LogLevel Level;
  llvm::raw_ostream &OS;
  std::mutex Mutex;
};

} // namespace kmdf::tool::lsp

#endif // KMDF_CHECK_TOOL_LSPLOG_H
