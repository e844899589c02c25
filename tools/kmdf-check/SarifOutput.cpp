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
#include "Uri.h"

#include "kmdf-check/Version.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

namespace json = llvm::json;

namespace kmdf::tool {
namespace {

json::Object artifactLocation(llvm::StringRef File,
                              llvm::StringRef SourceRoot) {
  std::string Relative = displayPath(File, SourceRoot);
  if (Relative == File)
    return json::Object{{"uri", pathToUri(File)}};
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

/// The rules the log describes (see SarifRun::EnabledChecks).
std::vector<CheckInfo> selectRules(const SarifRun &Run) {
  std::vector<std::string> Names(Run.EnabledChecks.begin(),
                                 Run.EnabledChecks.end());
  for (const Finding &F : Run.Findings)
    Names.push_back(F.CheckName);
  llvm::sort(Names);
  Names.erase(std::unique(Names.begin(), Names.end()), Names.end());
  std::vector<CheckInfo> Rules;
  for (const std::string &Name : Names) {
    if (const CheckInfo *Check = findCheck(Run.Checks, Name)) {
      Rules.push_back(*Check);
      continue;
    }
    CheckInfo Unknown; // A check outside the catalog: a name is all we have.
    Unknown.Name = Unknown.Description = Unknown.FullDescription = Name;
    Unknown.HelpText = Unknown.HelpMarkdown = Name;
    Rules.push_back(std::move(Unknown));
  }
  return Rules;
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
  // The file, wherever the error is: what --merge-sarif orders by.
  Note["properties"] = json::Object{
      {AnalyzedFileProperty, artifactLocation(File.File, SourceRoot)}};
  return Note;
}

/// Files that could not be analyzed, as tool notifications: code scanning
/// shows them on the tool's status page instead of dropping them. Files
/// analyzed, but not as asked (without --ctu), are warnings; calls --ctu
/// did not follow are notes.
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
    for (const AnalysisError &Note : File.Notes)
      Notifications.push_back(notification(
          "note", File, Note,
          "in the analysis of " + displayPath(File.File, SourceRoot) + ", " +
              Note.Message,
          SourceRoot));
  }
  return json::Object{{"executionSuccessful", Successful},
                      {"toolExecutionNotifications", std::move(Notifications)}};
}

} // namespace

std::string fingerprint(const Finding &F, llvm::StringRef SourceRoot) {
  // Fields are separated by a byte none of them contains.
  std::string Key = F.CheckName + '\0' +
                    displayPath(F.Position.File, SourceRoot) + '\0' +
                    F.Function + '\0' + withoutWhiteSpace(F.LineText) + '\0' +
                    F.Message + '\0' + std::to_string(F.Ordinal);
  // A finding in a helper, reached from a callback: the callback is part of
  // it (one per callback). Findings in the function analyzed keep the key
  // they had before this field existed.
  if (!F.TopFunction.empty() && F.TopFunction != F.Function)
    Key += '\0' + F.TopFunction;
  std::array<uint8_t, 32> Hash = llvm::SHA256::hash(llvm::ArrayRef(
      reinterpret_cast<const uint8_t *>(Key.data()), Key.size()));
  return llvm::toHex(llvm::ArrayRef(Hash).take_front(16), /*LowerCase=*/true);
}

std::vector<PathStep> pathSteps(const Finding &F, llvm::StringRef SourceRoot) {
  std::vector<PathStep> Steps;
  for (const PathNote &Note : F.Path)
    Steps.emplace_back(displayPath(Note.Position.File, SourceRoot),
                       Note.Position.Line, Note.Position.Utf16Column,
                       Note.Message);
  return Steps;
}

void writeSarif(llvm::raw_ostream &OS, const SarifRun &Run) {
  json::Array Rules;
  llvm::StringMap<unsigned> RuleIndex;
  for (const CheckInfo &Check : selectRules(Run)) {
    RuleIndex[Check.Name] = Rules.size();
    Rules.push_back(rule(Check));
  }

  json::Array Results;
  for (const Finding &F : Run.Findings)
    Results.push_back(result(F, RuleIndex.lookup(F.CheckName),
                             fingerprint(F, Run.SourceRoot), Run.SourceRoot));

  json::Object Driver{
      {"name", "kmdf-check"},
      {"fullName",
       "kmdf-check " KMDF_CHECK_VERSION " (LLVM " KMDF_CHECK_LLVM_VERSION ")"},
      {"version", KMDF_CHECK_VERSION},
      {"semanticVersion", KMDF_CHECK_VERSION},
      {"informationUri", "https://github.com/kmdf-check/kmdf-check"},
      {"rules", std::move(Rules)}};
  std::string RootUri = pathToUri(Run.SourceRoot);
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
  printSarif(OS, std::move(Log));
}

void printSarif(llvm::raw_ostream &OS, json::Value Log) {
  OS << llvm::formatv("{0:2}", Log) << '\n';
}

} // namespace kmdf::tool
