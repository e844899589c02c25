//===- LspClangd.h - kmdf-check --lsp --clangd -------------------*- C++
//-*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// One server for editors that take one per language (Emacs eglot, several
// IDE plugins): kmdf-check starts clangd as a child process and stands
// between it and the editor. Every message passes through untouched, both
// ways, except clangd's textDocument/publishDiagnostics, to which
// kmdf-check adds its own findings for the same document (clangd's stay as
// they are; kmdf-check's have the source "kmdf-check"). When either side's
// diagnostics change, the document's are published again. kmdf-check's own
// requests to the editor (work done progress) have ids of their own, and
// their answers are not passed to clangd.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_LSPCLANGD_H
#define KMDF_CHECK_TOOL_LSPCLANGD_H

#include "LspLog.h"
#include "LspServer.h"
#include "LspTransport.h"

#include "llvm/Support/JSON.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace kmdf::tool::lsp {

/// The diagnostics of each document as the editor sees them: clangd's
/// last, plus kmdf-check's last. Thread-safe.
class DiagnosticsMerger {
public:
  explicit DiagnosticsMerger(SendFn Send) : Send(std::move(Send)) {}

  /// clangd published \p Params (its publishDiagnostics parameters).
  void fromClangd(const llvm::json::Object &Params);
  /// kmdf-check published \p Params for \p File.
  void fromKmdfCheck(const std::string &File, llvm::json::Object Params);

private:
  struct Document {
    std::optional<llvm::json::Object> Clangd;
    std::optional<llvm::json::Object> Ours;
  };
  Document &documentOf(const std::string &File);
  void publish(const Document &D, bool OursChanged);

  SendFn Send;
  std::mutex Mutex;
  std::map<std::string, Document> Documents; ///< By absolute path.
};

/// Serves the editor on \p Client with clangd (Options.Clangd) behind;
/// returns the process's exit status.
int serveWithClangd(ServerOptions Options, Transport &Client, Logger &Log);

} // namespace kmdf::tool::lsp

#endif // KMDF_CHECK_TOOL_LSPCLANGD_H
