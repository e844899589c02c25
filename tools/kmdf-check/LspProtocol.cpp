//===- LspProtocol.cpp - LSP shapes of kmdf-check's results ---------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LspProtocol.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace kmdf::tool::lsp {

namespace json = llvm::json;

namespace {

constexpr int SeverityWarning = 2;
constexpr int SeverityInformation = 3;

/// The zero-based LSP position of \p P (line, UTF-16 character).
json::Object position(const SourcePosition &P, unsigned Offset = 0) {
  unsigned Line = P.Line ? P.Line - 1 : 0;
  unsigned Character = P.Utf16Column ? P.Utf16Column - 1 : 0;
  return json::Object{{"line", Line}, {"character", Character + Offset}};
}

json::Object range(const SourcePosition &P, unsigned Length) {
  return json::Object{{"start", position(P)}, {"end", position(P, Length)}};
}

/// The length of the token at \p Column (1-based, bytes) of \p Line, so that
/// a finding underlines the call it is about, not a single character. The
/// tokens that start findings are identifiers; anything else gets one unit.
unsigned tokenLength(llvm::StringRef Line, unsigned Column) {
  if (Column == 0 || Column > Line.size())
    return 0;
  llvm::StringRef Rest = Line.drop_front(Column - 1);
  size_t Length =
      Rest.take_while([](char C) { return llvm::isAlnum(C) || C == '_'; })
          .size();
  return Length ? Length : 1;
}

/// The last path note usually restates the warning at the same place; an
/// editor shows the warning already.
bool restatesFinding(const Finding &F, const PathNote &Note) {
  return &Note == &F.Path.back() && Note.Position == F.Position &&
         Note.Message == F.Message;
}

json::Array relatedInformation(const Finding &F, const UriMap &Uris) {
  json::Array Related;
  for (const PathNote &Note : F.Path) {
    if (Note.Position.File.empty() || restatesFinding(F, Note))
      continue;
    json::Object Location{{"uri", Uris.uriOf(Note.Position.File)},
                          {"range", range(Note.Position, 0)}};
    Related.push_back(json::Object{{"location", std::move(Location)},
                                   {"message", Note.Message}});
  }
  return Related;
}

} // namespace

bool samePath(llvm::StringRef A, llvm::StringRef B) {
  return A == B || llvm::sys::fs::equivalent(A, B);
}

std::string UriMap::uriOf(llvm::StringRef File) const {
  return samePath(File, MainFile) ? MainUri : pathToUri(File);
}

json::Value findingDiagnostic(const Finding &F, const UriMap &Uris,
                              llvm::StringRef DocsUri) {
  json::Object Diagnostic{
      {"range", range(F.Position, tokenLength(F.LineText, F.Position.Column))},
      {"severity", SeverityWarning},
      {"source", "kmdf-check"},
      {"code", F.CheckName},
      {"message", F.Message},
  };
  if (!DocsUri.empty())
    Diagnostic["codeDescription"] = json::Object{{"href", DocsUri}};
  json::Array Related = relatedInformation(F, Uris);
  if (!Related.empty())
    Diagnostic["relatedInformation"] = std::move(Related);
  return Diagnostic;
}

json::Value calledFindingDiagnostic(const Finding &F, const PathNote &Call,
                                    const UriMap &Uris,
                                    llvm::StringRef DocsUri) {
  json::Value Diagnostic = findingDiagnostic(F, Uris, DocsUri);
  json::Object &D = *Diagnostic.getAsObject();
  D["range"] = range(Call.Position, 0);
  D["message"] = F.Message + " (in " +
                 llvm::sys::path::filename(F.Position.File).str() + ":" +
                 std::to_string(F.Position.Line) + ", through this call)";
  // The defect itself comes first among the places to go to.
  json::Array Related{json::Object{
      {"location", json::Object{{"uri", Uris.uriOf(F.Position.File)},
                                {"range", range(F.Position, 0)}}},
      {"message", F.Message}}};
  if (json::Array *Notes = D.getArray("relatedInformation"))
    llvm::append_range(Related, *Notes);
  D["relatedInformation"] = std::move(Related);
  return Diagnostic;
}

json::Value noteDiagnostic(llvm::StringRef Message, const SourcePosition &At) {
  return json::Object{{"range", range(At, 0)},
                      {"severity", SeverityInformation},
                      {"source", "kmdf-check"},
                      {"message", Message.str()}};
}

json::Value failureDiagnostic(llvm::ArrayRef<AnalysisError> Errors,
                              const UriMap &Uris) {
  const AnalysisError &First = Errors.front();
  std::string Message = "kmdf-check could not analyze this file: ";
  SourcePosition At; // The top of the file, unless the error is in it.
  if (First.Position.File.empty()) {
    Message += First.Message;
  } else if (samePath(First.Position.File, Uris.MainFile)) {
    At = First.Position;
    Message += First.Message;
  } else {
    Message += First.Position.File + ":" + std::to_string(First.Position.Line) +
               ":" + std::to_string(First.Position.Column) + ": " +
               First.Message;
  }
  if (Errors.size() > 1)
    Message += " (and " + std::to_string(Errors.size() - 1) + " more " +
               (Errors.size() == 2 ? "error" : "errors") + ")";
  return json::Object{{"range", range(At, 0)},
                      {"severity", SeverityWarning},
                      {"source", "kmdf-check"},
                      {"message", std::move(Message)}};
}

namespace {

/// The byte offset of an LSP position in \p Text; positions past the end of
/// a line or of the text stand for that end, as editors send them.
size_t offsetOf(llvm::StringRef Text, const json::Object &Position,
                bool &Valid) {
  std::optional<int64_t> Line = Position.getInteger("line");
  std::optional<int64_t> Character = Position.getInteger("character");
  if (!Line || !Character || *Line < 0 || *Character < 0) {
    Valid = false;
    return 0;
  }
  size_t Offset = 0;
  for (int64_t L = 0; L < *Line; ++L) {
    size_t NewLine = Text.find('\n', Offset);
    if (NewLine == llvm::StringRef::npos)
      return Text.size();
    Offset = NewLine + 1;
  }
  int64_t Units = 0;
  while (Offset < Text.size() && Units < *Character) {
    char C = Text[Offset];
    if (C == '\n' ||
        (C == '\r' && Offset + 1 < Text.size() && Text[Offset + 1] == '\n'))
      break;
    unsigned Len = llvm::getNumBytesForUTF8(C);
    if (Len == 0 || Offset + Len > Text.size())
      Len = 1;
    Units += Len == 4 ? 2 : 1;
    Offset += Len;
  }
  return Offset;
}

} // namespace

bool applyContentChange(std::string &Text, const json::Object &Change) {
  std::optional<llvm::StringRef> NewText = Change.getString("text");
  if (!NewText)
    return false;
  const json::Object *Range = Change.getObject("range");
  if (!Range) {
    Text = NewText->str();
    return true;
  }
  const json::Object *Start = Range->getObject("start");
  const json::Object *End = Range->getObject("end");
  if (!Start || !End)
    return false;
  bool Valid = true;
  size_t From = offsetOf(Text, *Start, Valid);
  size_t To = offsetOf(Text, *End, Valid);
  if (!Valid || To < From)
    return false;
  Text.replace(From, To - From, NewText->str());
  return true;
}

} // namespace kmdf::tool::lsp
