//===- LspProtocol.h - LSP shapes of kmdf-check's results -------*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The pieces of the Language Server Protocol that need no server state:
// JSON-RPC error codes, and findings turned into diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_LSPPROTOCOL_H
#define KMDF_CHECK_TOOL_LSPPROTOCOL_H

#include "Analysis.h"
#include "Uri.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <functional>
#include <optional>
#include <string>

namespace kmdf::tool::lsp {

/// JSON-RPC's error codes, and the LSP's own.
enum ErrorCode {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  ServerNotInitialized = -32002,
};

/// The same file, spelled alike or reached through a link.
bool samePath(llvm::StringRef A, llvm::StringRef B);

/// How diagnostics refer to files: \p MainFile by the client's own \p MainUri
/// (clients compare URIs as strings), other files by pathToUri.
struct UriMap {
  std::string MainFile;
  std::string MainUri;
  std::string uriOf(llvm::StringRef File) const;
};

/// A warning for \p F: the rule as code, \p DocsUri (when known) as its
/// codeDescription, the path notes as related information.
llvm::json::Value findingDiagnostic(const Finding &F, const UriMap &Uris,
                                    llvm::StringRef DocsUri);

/// A warning for \p F, a defect in another file that a path from this one
/// reaches (--ctu), placed at \p Call, the last step of the path in this
/// file; the defect is the first related location.
llvm::json::Value calledFindingDiagnostic(const Finding &F,
                                          const PathNote &Call,
                                          const UriMap &Uris,
                                          llvm::StringRef DocsUri);

/// An information diagnostic: how the file was analyzed, not a defect.
llvm::json::Value noteDiagnostic(llvm::StringRef Message,
                                 const SourcePosition &At);

/// One warning saying that the file could not be analyzed and why (the
/// first of \p Errors), placed at that error when it is in the main file.
llvm::json::Value failureDiagnostic(llvm::ArrayRef<AnalysisError> Errors,
                                    const UriMap &Uris);

/// Applies one of didChange's contentChanges to \p Text: the whole text, or
/// (incremental synchronization, as clangd asks for) a range replaced, the
/// range in lines and UTF-16 code units. Returns false for a change that is
/// neither.
bool applyContentChange(std::string &Text, const llvm::json::Object &Change);

} // namespace kmdf::tool::lsp

#endif // KMDF_CHECK_TOOL_LSPPROTOCOL_H
