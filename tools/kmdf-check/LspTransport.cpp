//===- LspTransport.cpp - JSON-RPC messages over a byte stream ------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LspTransport.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace kmdf::tool::lsp {

namespace {

/// Bodies above this size are refused rather than allocated: a bogus length
/// must not exhaust memory. Real messages (a whole source file in didOpen)
/// stay far below it.
constexpr long long MaxBodySize = 256LL << 20;

constexpr long long NoLength = -1;
constexpr long long EndOfInput = -2;

/// The value of a Content-Length header found in \p Line (NoLength when it
/// is bad), or nothing when \p Line has no such header. The name may come after
/// other bytes: when a frame's Content-Length was too short, the rest of its
/// body runs into the next header line, and finding the name there lets the
/// reader catch up with the next frame.
std::optional<long long> contentLength(llvm::StringRef Line, Logger &Log) {
  size_t At = Line.lower().find("content-length:");
  if (At == llvm::StringRef::npos)
    return std::nullopt;
  if (At != 0)
    Log.error("skipped " + llvm::Twine(At) + " bytes before a header");
  llvm::StringRef Value =
      Line.drop_front(At + strlen("content-length:")).trim();
  unsigned long long Length = 0;
  if (Value.empty() || !llvm::all_of(Value, llvm::isDigit) ||
      Value.getAsInteger(10, Length) ||
      Length > static_cast<unsigned long long>(MaxBodySize)) {
    Log.error("ignored a frame with a bad Content-Length: '" + Value + "'");
    return NoLength;
  }
  return static_cast<long long>(Length);
}

} // namespace

bool Transport::readLine(std::string &Line) {
  Line.clear();
  for (int C; (C = std::getc(In)) != EOF;) {
    if (C == '\n') {
      if (!Line.empty() && Line.back() == '\r')
        Line.pop_back();
      return true;
    }
    Line.push_back(static_cast<char>(C));
  }
  return !Line.empty();
}

long long Transport::readHeaders() {
  long long Length = NoLength;
  bool SawLine = false;
  std::string Line;
  while (true) {
    if (!readLine(Line))
      return EndOfInput;
    if (Line.empty()) {
      if (Length >= 0 || SawLine)
        break;
      continue; // Blank lines between frames.
    }
    SawLine = true;
    if (std::optional<long long> Value = contentLength(Line, Log))
      Length = *Value;
    else
      Log.verbose("ignored header line '" +
                  llvm::StringRef(Line).take_front(80) + "'");
  }
  if (Length < 0)
    Log.error("ignored a frame without a usable Content-Length");
  return Length;
}

Incoming Transport::read() {
  while (true) {
    long long Length = readHeaders();
    if (Length == EndOfInput)
      return {};
    if (Length < 0)
      continue;
    std::string Body(static_cast<size_t>(Length), '\0');
    if (std::fread(Body.data(), 1, Body.size(), In) != Body.size()) {
      Log.error("the input ended inside a message");
      return {};
    }
    Log.verbose(Peer + "<<< " + Body);
    llvm::Expected<llvm::json::Value> Parsed = llvm::json::parse(Body);
    if (!Parsed)
      return {Incoming::ParseError, nullptr, llvm::toString(Parsed.takeError()),
              std::move(Body)};
    return {Incoming::Message, std::move(*Parsed), "", std::move(Body)};
  }
}

void Transport::send(const llvm::json::Value &Message) {
  std::string Body;
  llvm::raw_string_ostream(Body) << Message;
  sendRaw(Body);
}

void Transport::sendRaw(llvm::StringRef Body) {
  std::lock_guard<std::mutex> Lock(WriteMutex);
  Log.verbose(Peer + ">>> " + Body);
  Out << "Content-Length: " << Body.size() << "\r\n\r\n" << Body;
  Out.flush();
  if (Out.has_error()) {
    // The client is gone; the message loop sees the end of its input next.
    // Cleared, or the stream would abort the process when destroyed.
    Log.error("cannot write to the client: " + Out.error().message());
    Out.clear_error();
  }
}

} // namespace kmdf::tool::lsp
