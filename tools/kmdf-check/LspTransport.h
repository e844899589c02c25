//===- LspTransport.h - JSON-RPC messages over a byte stream ----*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The base protocol of the Language Server Protocol: each message is a header
// block ("Content-Length: N", CRLF-terminated lines, an empty line) followed
// by N bytes of JSON. The reader survives whatever a broken client sends; the
// writer may be called from several threads.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_LSPTRANSPORT_H
#define KMDF_CHECK_TOOL_LSPTRANSPORT_H

#include "LspLog.h"

#include "llvm/Support/JSON.h"

#include <cstdio>
#include <mutex>
#include <string>

namespace llvm {
class raw_fd_ostream;
} // namespace llvm

namespace kmdf::tool::lsp {

/// What reading the next frame gave.
struct Incoming {
  enum Kind {
    Message,    ///< Value holds the JSON.
    ParseError, ///< A body that is not JSON; Error says why.
    End,        ///< The input ended (cleanly or inside a frame).
  };
  Kind K = End;
  llvm::json::Value Value = nullptr;
  std::string Error;
  /// The body as it came, for passing it on untouched (--clangd).
  std::string Raw;
};

class Transport {
public:
  /// \p Peer names the other side in verbose logs ("" for the client).
  Transport(std::FILE *In, llvm::raw_fd_ostream &Out, Logger &Log,
            llvm::StringRef Peer = "")
      : In(In), Out(Out), Log(Log), Peer(Peer.str()) {}

  /// Reads frames until one has a body. Header blocks without a usable
  /// Content-Length are logged and skipped.
  Incoming read();

  /// Writes \p Message as one frame and flushes. Thread-safe.
  void send(const llvm::json::Value &Message);
  /// Writes \p Body, a message received elsewhere, as one frame.
  void sendRaw(llvm::StringRef Body);

private:
  bool readLine(std::string &Line);
  /// Reads one header block; returns the body's length, or -1 when the block
  /// had none (or a bad one), or -2 at the end of input.
  long long readHeaders();

  std::FILE *In;
  llvm::raw_fd_ostream &Out;
  Logger &Log;
  std::string Peer;
  std::mutex WriteMutex;
};

} // namespace kmdf::tool::lsp

#endif // KMDF_CHECK_TOOL_LSPTRANSPORT_H
