//===- Uri.cpp - file: URIs and percent-encoding --------------------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Uri.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

namespace kmdf::tool {

std::string encodeUriPath(llvm::StringRef Path) {
  std::string Out;
  for (char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("-._~/").contains(C)) {
      Out += C;
      continue;
    }
    Out += '%';
    Out += llvm::hexdigit(static_cast<unsigned char>(C) >> 4);
    Out += llvm::hexdigit(static_cast<unsigned char>(C) & 0xF);
  }
  return Out;
}

std::optional<std::string> decodeUriPath(llvm::StringRef Text) {
  std::string Out;
  for (size_t I = 0; I < Text.size(); ++I) {
    if (Text[I] != '%') {
      Out.push_back(Text[I]);
      continue;
    }
    if (I + 2 >= Text.size())
      return std::nullopt;
    unsigned Hi = llvm::hexDigitValue(Text[I + 1]);
    unsigned Lo = llvm::hexDigitValue(Text[I + 2]);
    if (Hi == ~0U || Lo == ~0U)
      return std::nullopt;
    Out.push_back(static_cast<char>(Hi * 16 + Lo));
    I += 2;
  }
  return Out;
}

std::string pathToUri(llvm::StringRef Path) {
  return "file://" + encodeUriPath(Path);
}

std::optional<std::string> uriToPath(llvm::StringRef Uri) {
  if (!Uri.consume_front("file://"))
    return std::nullopt;
  // An authority other than the local host names another machine.
  if (!Uri.consume_front("localhost") && !Uri.starts_with("/"))
    return std::nullopt;
  Uri = Uri.take_until([](char C) { return C == '?' || C == '#'; });
  std::optional<std::string> Decoded = decodeUriPath(Uri);
  if (!Decoded || !llvm::sys::path::is_absolute(*Decoded))
    return std::nullopt;
  llvm::SmallString<256> Path(*Decoded);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

} // namespace kmdf::tool
