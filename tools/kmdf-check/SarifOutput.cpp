//===- SarifOutput.cpp - Findings as a SARIF 2.1.0 log --------------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Written for GitHub code scanning and SARIF viewers: rule metadata from
// kmdf-check's own model (the analyzer's SARIF looks plugin checkers up in
// its built-in table and gets them wrong), fingerprints that survive edits,
// and artifact locations relative to a source root.
//
//===----------------------------------------------------------------------===//

#include "Output.h"

#include "kmdf-check/Version.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

namespace json = llvm::json;

namespace kmdf::tool {
namespace {

/// The base id that relative artifact URIs are resolved against.
constexpr llvm::StringLiteral SourceRootId = "%SRCROOT%";
/// Versioned, so that a change of the recipe can use a new key.
constexpr llvm::StringLiteral FingerprintKey = "kmdfCheck/v1";

/// Percent-encodes a path for a URI: everything but unreserved characters
/// and '/'.
std::string encodeUriPath(llvm::StringRef Path) {
  std::string Out;
  for (char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("-._~/").contains(C)) {
      Out += C;
      continue;
    }
    Out += '%';
    Out += llvm::hexdigit((static_cast<unsigned char>(C) >> 4) & 0xF);
    Out += llvm::hexdigit(static_cast<unsigned char>(C) & 0xF);
  }
  return Out;
}

json::Object artifactLocation(llvm::StringRef File,
                              llvm::StringRef SourceRoot) {
  std::string Relative = displayPath(File, SourceRoot);
  if (Relative == File)
    return json::Object{{"uri", "file://" + encodeUriPath(File)}};
  return json::Object{{"uri", encodeUriPath(Relative)},
                      {"uriBaseId", SourceRootId}};
}

json::Object physicalLocation(const SourcePosition &Pos,
                              llvm::StringRef SourceRoot) {
  return json::Object{
      {"artifactLocation", artifactLocation(Pos.File, SourceRoot)},
      {"region", json::Object{{"startLine", Pos.Line},
                              {"startColumn", Pos.Utf16Column}}}};
}

// json::Value borrows a StringRef; strings are copied in to own them.
json::Object message(std::string Text) {
  return json::Object{{"text", std::move(Text)}};
}

json::Object rule(const CheckInfo &Check) {
  json::Object Rule{
      {"id", Check.Name},
      {"name", llvm::StringRef(Check.Name).rsplit('.').second.str()},
      {"shortDescription", message(Check.Description)},
      {"fullDescription", message(Check.FullDescription)},
      {"help", json::Object{{"text", Check.HelpText},
                            {"markdown", Check.HelpMarkdown}}},
      {"defaultConfiguration", json::Object{{"level", "warning"}}}};
  if (!Check.DocsUri.empty())
    Rule["helpUri"] = Check.DocsUri;
  return Rule;
}

json::Array codeFlows(const Finding &F, llvm::StringRef SourceRoot) {
  json::Array Steps;
  for (const PathNote &Note : F.Path) {
    json::Object Location{
        {"physicalLocation", physicalLocation(Note.Position, SourceRoot)},
        {"message", message(Note.Message)}};
    Steps.push_back(json::Object{{"location", std::move(Location)}});
  }
  json::Object ThreadFlow{{"locations", std::move(Steps)}};
  return json::Array{
      json::Object{{"threadFlows", json::Array{std::move(ThreadFlow)}}}};
}

json::Object result(const Finding &F, unsigned RuleIndex,
                    const std::string &Fingerprint,
                    llvm::StringRef SourceRoot) {
  json::Object Result{
      {"ruleId", F.CheckName},
      {"ruleIndex", RuleIndex},
      {"level", "warning"},
      {"message", message(F.Message)},
      {"locations",
       json::Array{json::Object{
           {"physicalLocation", physicalLocation(F.Position, SourceRoot)}}}},
      {"partialFingerprints", json::Object{{FingerprintKey, Fingerprint}}}};
  if (!F.Path.empty())
    Result["codeFlows"] = codeFlows(F, SourceRoot);
  return Result;
}

/// Files that could not be analyzed, as tool notifications: code scanning
/// shows them on the tool's status page instead of dropping them.
json::Object notification(llvm::StringRef Level, const FileResult &File,
                          const AnalysisError &Error, std::string Text,
                          llvm::StringRef SourceRoot) {
  json::Object Note{{"level", Level}, {"message", message(std::move(Text))}};
  const std::string &Where =
      Error.Position.File.empty() ? File.File : Error.Position.File;
  json::Object Loc{{"artifactLocation", artifactLocation(Where, SourceRoot)}};
  if (Error.Position.Line)
    Loc["region"] = json::Object{{"startLine", Error.Position.Line},
                                 {"startColumn", Error.Position.Utf16Column}};
  Note["locations"] =
      json::Array{json::Object{{"physicalLocation", std::move(Loc)}}};
  return Note;
}

/// Files that could not be analyzed, as tool notifications: code scanning
/// shows them on the tool's status page instead of dropping them. Files
/// analyzed, but not as asked (without --ctu), are warnings.
json::Object invocation(llvm::ArrayRef<FileResult> Files,
                        llvm::StringRef SourceRoot) {
  json::Array Notifications;
  bool Successful = true;
  for (const FileResult &File : Files) {
    for (const AnalysisError &Error : File.Errors) {
      Successful = false;
      Notifications.push_back(
          notification("error", File, Error,
                       displayPath(File.File, SourceRoot) +
                           " could not be analyzed: " + Error.Message,
                       SourceRoot));
    }
    for (const AnalysisError &Warning : File.Warnings)
      Notifications.push_back(notification("warning", File, Warning,
                                           displayPath(File.File, SourceRoot) +
                                               " was " + Warning.Message,
                                           SourceRoot));
  }
  return json::Object{{"executionSuccessful", Successful},
                      {"toolExecutionNotifications", std::move(Notifications)}};
}

} // namespace

std::string fingerprint(const Finding &F, llvm::StringRef SourceRoot,
                        unsigned Ordinal) {
  std::string Line;
  for (char C : F.LineText)
    if (!llvm::isSpace(C))
      Line += C;
  // Fields are separated by a byte none of them contains.
  std::string Key = F.CheckName + '\0' +
                    displayPath(F.Position.File, SourceRoot) + '\0' +
                    F.Function + '\0' + Line + '\0' + F.Message + '\0' +
                    std::to_string(Ordinal);
  // A finding in a helper, reached from a callback: the callback is part of
  // it (one per callback). Findings in the function analyzed keep the key
  // they had before this field existed.
  if (!F.TopFunction.empty() && F.TopFunction != F.Function)
    Key += '\0' + F.TopFunction;
  std::array<uint8_t, 32> Hash = llvm::SHA256::hash(llvm::ArrayRef(
      reinterpret_cast<const uint8_t *>(Key.data()), Key.size()));
  return llvm::toHex(llvm::ArrayRef(Hash).take_front(16), /*LowerCase=*/true);
}

void writeSarif(llvm::raw_ostream &OS, const SarifRun &Run) {
  json::Array Rules;
  llvm::StringMap<unsigned> RuleIndex;
  for (const CheckInfo &Check : Run.Rules) {
    RuleIndex[Check.Name] = Rules.size();
    Rules.push_back(rule(Check));
  }

  json::Array Results;
  std::map<std::string, unsigned> SeenKeys;
  for (const Finding &F : Run.Findings) {
    std::string First = fingerprint(F, Run.SourceRoot, 0);
    unsigned Ordinal = SeenKeys[First]++;
    std::string Print =
        Ordinal ? fingerprint(F, Run.SourceRoot, Ordinal) : First;
    Results.push_back(
        result(F, RuleIndex.lookup(F.CheckName), Print, Run.SourceRoot));
  }

  json::Object Driver{
      {"name", "kmdf-check"},
      {"fullName",
       "kmdf-check " KMDF_CHECK_VERSION " (LLVM " KMDF_CHECK_LLVM_VERSION ")"},
      {"version", KMDF_CHECK_VERSION},
      {"semanticVersion", KMDF_CHECK_VERSION},
      {"informationUri", "https://github.com/kmdf-check/kmdf-check"},
      {"rules", std::move(Rules)}};
  std::string RootUri = "file://" + encodeUriPath(Run.SourceRoot);
  if (!llvm::StringRef(RootUri).ends_with("/"))
    RootUri += '/';
  json::Object SarifRun{
      {"tool", json::Object{{"driver", std::move(Driver)}}},
      {"originalUriBaseIds",
       json::Object{{SourceRootId, json::Object{{"uri", RootUri}}}}},
      {"invocations", json::Array{invocation(Run.Files, Run.SourceRoot)}},
      {"columnKind", "utf16CodeUnits"},
      {"results", std::move(Results)}};
  json::Object Log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                   {"version", "2.1.0"},
                   {"runs", json::Array{std::move(SarifRun)}}};
  OS << llvm::formatv("{0:2}", json::Value(std::move(Log))) << '\n';
}

} // namespace kmdf::tool
