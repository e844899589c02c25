//===- Uri.h - file: URIs and percent-encoding ------------------*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one place that turns paths into URIs and back: SARIF artifact
// locations (relative URIs and file: URIs) and the language server's
// document URIs are written, and read, the same way.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_URI_H
#define KMDF_CHECK_TOOL_URI_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace kmdf::tool {

/// Percent-encodes \p Path for a URI: every byte but the unreserved
/// characters (letters, digits, "-._~") and '/', as VS Code does.
std::string encodeUriPath(llvm::StringRef Path);

/// Decodes %XX escapes; nothing for a malformed escape.
std::optional<std::string> decodeUriPath(llvm::StringRef Text);

/// The file: URI of an absolute path ("file:///a%20b/c.c").
std::string pathToUri(llvm::StringRef Path);

/// The absolute path of a file: URI, free of "." and ".."; nothing for other
/// URIs (untitled:, a file on another host, a malformed escape).
std::optional<std::string> uriToPath(llvm::StringRef Uri);

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_URI_H
