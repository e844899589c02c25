//===- SarifInput.cpp - Reading kmdf-check's SARIF logs back --------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "SarifInput.h"
#include "Output.h"
#include "Uri.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace kmdf::tool {

namespace json = llvm::json;

namespace {

llvm::Error error(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

/// Looks up a path of object keys ("a", "b") in \p V.
const json::Value *lookup(const json::Value &V,
                          std::initializer_list<llvm::StringRef> Keys) {
  const json::Value *At = &V;
  for (llvm::StringRef Key : Keys) {
    const json::Object *Obj = At->getAsObject();
    if (!Obj || !(At = Obj->get(Key)))
      return nullptr;
  }
  return At;
}

std::optional<llvm::StringRef>
lookupString(const json::Value &V,
             std::initializer_list<llvm::StringRef> Keys) {
  const json::Value *At = lookup(V, Keys);
  return At ? At->getAsString() : std::nullopt;
}

std::optional<int64_t>
lookupInteger(const json::Value &V,
              std::initializer_list<llvm::StringRef> Keys) {
  const json::Value *At = lookup(V, Keys);
  return At ? At->getAsInteger() : std::nullopt;
}

/// \p Key ("artifactLocation", "region") of the first location of a result
/// or notification.
const json::Value *firstLocation(const json::Value &Item, llvm::StringRef Key) {
  const json::Value *Locations = lookup(Item, {"locations"});
  const json::Array *Array = Locations ? Locations->getAsArray() : nullptr;
  if (!Array || Array->empty())
    return nullptr;
  return lookup(Array->front(), {"physicalLocation", Key});
}

/// The file an artifact location names: relative to the source root when
/// it is relative to it, else absolute; nothing when it is not one
/// kmdf-check writes.
std::optional<std::string> artifactFile(const json::Value &Artifact) {
  std::optional<llvm::StringRef> Uri = lookupString(Artifact, {"uri"});
  if (!Uri)
    return std::nullopt;
  if (lookupString(Artifact, {"uriBaseId"}) == SourceRootId)
    return decodeUriPath(*Uri);
  return uriToPath(*Uri);
}

/// Joins a file of artifactFile() to \p Root when it is relative.
std::string absoluteFile(llvm::StringRef File, llvm::StringRef Root) {
  if (llvm::sys::path::is_absolute(File))
    return File.str();
  llvm::SmallString<256> Result(Root);
  llvm::sys::path::append(Result, File);
  return std::string(Result);
}

/// What a result is matched by; nothing when it lacks a part of it.
std::optional<FindingKey> resultKey(const json::Value &Result) {
  std::optional<llvm::StringRef> Rule = lookupString(Result, {"ruleId"});
  std::optional<llvm::StringRef> Print =
      lookupString(Result, {"partialFingerprints", FingerprintKey});
  const json::Value *Artifact = firstLocation(Result, "artifactLocation");
  std::optional<std::string> File =
      Artifact ? artifactFile(*Artifact) : std::nullopt;
  if (!Rule || !Print || !File)
    return std::nullopt;
  return FindingKey{Rule->str(), *File, Print->str()};
}

/// Checks that \p Log is a log kmdf-check writes.
llvm::Error checkLog(SarifLog &Log) {
  const json::Value *Runs = lookup(Log.Log, {"runs"});
  if (lookupString(Log.Log, {"version"}) != llvm::StringRef("2.1.0") || !Runs ||
      !Runs->getAsArray() || Runs->getAsArray()->size() != 1 ||
      !Runs->getAsArray()->front().getAsObject())
    return error("not a SARIF 2.1.0 log with one run");
  const json::Value &Run = Runs->getAsArray()->front();
  std::optional<llvm::StringRef> Tool =
      lookupString(Run, {"tool", "driver", "name"});
  if (Tool != llvm::StringRef("kmdf-check"))
    return error("written by " +
                 (Tool ? "'" + *Tool + "'" : "an unnamed tool") +
                 ", not by kmdf-check");
  const json::Value *Results = lookup(Run, {"results"});
  if (!Results || !Results->getAsArray())
    return error("its run has no results array");
  const json::Value *Invocations = lookup(Run, {"invocations"});
  const json::Array *InvocationArray =
      Invocations ? Invocations->getAsArray() : nullptr;
  if (!InvocationArray || InvocationArray->size() != 1 ||
      !lookup(InvocationArray->front(), {"toolExecutionNotifications"}) ||
      !lookup(InvocationArray->front(), {"toolExecutionNotifications"})
           ->getAsArray())
    return error("its run has not one invocation with notifications");
  unsigned Number = 0;
  for (const json::Value &Result : *Results->getAsArray()) {
    ++Number;
    const json::Value *Region = firstLocation(Result, "region");
    if (!resultKey(Result) || !lookupString(Result, {"message", "text"}) ||
        !Region || !lookupInteger(*Region, {"startLine"}) ||
        !lookupInteger(*Region, {"startColumn"}))
      return error("result " + llvm::Twine(Number) +
                   " lacks its rule, location, message or " + FingerprintKey +
                   " fingerprint");
  }
  if (std::optional<llvm::StringRef> Root =
          lookupString(Run, {"originalUriBaseIds", SourceRootId, "uri"})) {
    std::optional<std::string> Path = uriToPath(*Root);
    if (!Path)
      return error("its " + SourceRootId + " is not a file: URI");
    llvm::StringRef Trimmed(*Path);
    if (Trimmed.size() > 1)
      Trimmed = Trimmed.rtrim('/');
    Log.SourceRoot = Trimmed.str();
  }
  return llvm::Error::success();
}

} // namespace

json::Object &SarifLog::run() {
  return *Log.getAsObject()->getArray("runs")->front().getAsObject();
}

json::Array &SarifLog::results() { return *run().getArray("results"); }

json::Array &SarifLog::notifications() {
  return *run()
              .getArray("invocations")
              ->front()
              .getAsObject()
              ->getArray("toolExecutionNotifications");
}

llvm::Expected<SarifLog> readSarifLog(llvm::StringRef Path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return error("cannot read it: " + Buffer.getError().message());
  llvm::Expected<json::Value> Parsed = json::parse((*Buffer)->getBuffer());
  if (!Parsed)
    return error("not JSON: " + llvm::toString(Parsed.takeError()));
  SarifLog Log;
  Log.Path = Path.str();
  Log.Log = std::move(*Parsed);
  if (llvm::Error E = checkLog(Log))
    return E;
  return Log;
}

llvm::Expected<Baseline> Baseline::load(llvm::StringRef Path) {
  llvm::Expected<SarifLog> Log = readSarifLog(Path);
  if (!Log)
    return Log.takeError();
  Baseline Result;
  for (const json::Value &R : Log->results()) {
    ++Result.Known[*resultKey(R)];
    ++Result.Size;
  }
  return Result;
}

size_t Baseline::removeKnown(std::vector<Finding> &Findings,
                             llvm::StringRef SourceRoot) const {
  std::map<FindingKey, unsigned> Left = Known;
  size_t Before = Findings.size();
  llvm::erase_if(Findings, [&](const Finding &F) {
    FindingKey Key{F.CheckName, displayPath(F.Position.File, SourceRoot),
                   fingerprint(F, SourceRoot)};
    auto It = Left.find(Key);
    if (It == Left.end() || It->second == 0)
      return false;
    --It->second;
    return true;
  });
  return Before - Findings.size();
}

namespace {

/// The order of a run's results: file, line, column, rule, message (the
/// order of Finding; UTF-16 columns sort as the byte columns do).
struct ResultOrder {
  std::string File;
  int64_t Line = 0;
  int64_t Column = 0;
  std::string Rule;
  std::string Message;

  // \p Result is one that checkLog() accepted.
  ResultOrder(const json::Value &Result, llvm::StringRef Root) {
    File = absoluteFile(
        *artifactFile(*firstLocation(Result, "artifactLocation")), Root);
    const json::Value *Region = firstLocation(Result, "region");
    Line = *lookupInteger(*Region, {"startLine"});
    Column = *lookupInteger(*Region, {"startColumn"});
    Rule = lookupString(Result, {"ruleId"})->str();
    Message = lookupString(Result, {"message", "text"})->str();
  }

  auto tied() const { return std::tie(File, Line, Column, Rule, Message); }
  bool operator<(const ResultOrder &O) const { return tied() < O.tied(); }
  bool operator==(const ResultOrder &O) const { return tied() == O.tied(); }
};

/// The code flow of a result as pathSteps() gives it for a finding.
std::vector<PathStep> resultSteps(const json::Value &Result) {
  std::vector<PathStep> Steps;
  const json::Value *Flows = lookup(Result, {"codeFlows"});
  const json::Array *FlowArray = Flows ? Flows->getAsArray() : nullptr;
  if (!FlowArray || FlowArray->empty())
    return Steps;
  const json::Value *Threads = lookup(FlowArray->front(), {"threadFlows"});
  const json::Array *ThreadArray = Threads ? Threads->getAsArray() : nullptr;
  if (!ThreadArray || ThreadArray->empty())
    return Steps;
  const json::Value *Locations = lookup(ThreadArray->front(), {"locations"});
  if (!Locations || !Locations->getAsArray())
    return Steps;
  for (const json::Value &Step : *Locations->getAsArray()) {
    const json::Value *Artifact =
        lookup(Step, {"location", "physicalLocation", "artifactLocation"});
    const json::Value *Region =
        lookup(Step, {"location", "physicalLocation", "region"});
    auto Number = [&](llvm::StringRef Key) -> unsigned {
      return Region ? lookupInteger(*Region, {Key}).value_or(0) : 0;
    };
    std::optional<std::string> File =
        Artifact ? artifactFile(*Artifact) : std::nullopt;
    Steps.emplace_back(
        File.value_or(""), Number("startLine"), Number("startColumn"),
        lookupString(Step, {"location", "message", "text"}).value_or("").str());
  }
  return Steps;
}

/// The file a notification is about, for their order.
std::string notifiedFile(const json::Value &Note, llvm::StringRef Root) {
  const json::Value *Artifact =
      lookup(Note, {"properties", AnalyzedFileProperty});
  std::optional<std::string> File =
      Artifact ? artifactFile(*Artifact) : std::nullopt;
  return File ? absoluteFile(*File, Root) : std::string();
}

} // namespace

llvm::Expected<json::Value> mergeSarifLogs(std::vector<SarifLog> Logs) {
  if (Logs.empty())
    return error("no logs to merge");
  SarifLog &First = Logs.front();
  // The tool must be the same; its rules are those of every check enabled
  // or with a finding, so a shard may describe one more than another.
  auto ToolWithoutRules = [](SarifLog &Log) {
    json::Object Driver = *Log.run().getObject("tool")->getObject("driver");
    Driver.erase("rules");
    return json::Value(std::move(Driver));
  };
  json::Value Tool = ToolWithoutRules(First);
  std::map<std::string, json::Value> Rules;
  // Each result with what orders it, read once.
  struct Entry {
    ResultOrder Order;
    std::string Print;
    std::vector<PathStep> Steps;
    json::Value Result;
  };
  std::vector<Entry> Results;
  std::vector<std::pair<std::string, json::Value>> Notes;
  for (SarifLog &Log : Logs) {
    if (ToolWithoutRules(Log) != Tool)
      return error("'" + Log.Path + "' and '" + First.Path +
                   "' were written by different versions of kmdf-check");
    const json::Array *LogRules =
        Log.run().getObject("tool")->getObject("driver")->getArray("rules");
    for (const json::Value &Rule : LogRules ? *LogRules : json::Array()) {
      std::optional<llvm::StringRef> Id = lookupString(Rule, {"id"});
      if (!Id)
        return error("'" + Log.Path + "' has a rule without an id");
      auto [It, New] = Rules.emplace(Id->str(), Rule);
      if (!New && It->second != Rule)
        return error("'" + Log.Path + "' and an earlier log describe rule '" +
                     *Id + "' differently: give the shards the same options");
    }
    // Relative URIs are relative to each log's own root, which is the same
    // checkout: they stay as they are, under the first log's root.
    for (json::Value &R : Log.results()) {
      ResultOrder Order(R, First.SourceRoot);
      std::string Print =
          lookupString(R, {"partialFingerprints", FingerprintKey})->str();
      std::vector<PathStep> Steps = resultSteps(R);
      Results.push_back(
          {std::move(Order), std::move(Print), std::move(Steps), std::move(R)});
    }
    for (json::Value &N : Log.notifications())
      Notes.emplace_back(notifiedFile(N, First.SourceRoot), std::move(N));
  }

  json::Array MergedRules;
  std::map<std::string, int64_t> RuleIndex;
  for (auto &[Id, Rule] : Rules) {
    RuleIndex[Id] = MergedRules.size();
    MergedRules.push_back(std::move(Rule));
  }
  // As a run keeps and orders them (mergeFindings): of results alike in
  // place, rule, message and fingerprint (a header's, found from several
  // files) the one with the first path; then alike in place, rule and
  // message (a helper's, from several callbacks) in path order.
  llvm::stable_sort(Results, [](const Entry &A, const Entry &B) {
    if (!(A.Order == B.Order))
      return A.Order < B.Order;
    return std::tie(A.Print, A.Steps) < std::tie(B.Print, B.Steps);
  });
  Results.erase(std::unique(Results.begin(), Results.end(),
                            [](const Entry &A, const Entry &B) {
                              return A.Order == B.Order && A.Print == B.Print;
                            }),
                Results.end());
  llvm::stable_sort(Results, [](const Entry &A, const Entry &B) {
    if (!(A.Order == B.Order))
      return A.Order < B.Order;
    return std::tie(A.Steps, A.Print) < std::tie(B.Steps, B.Print);
  });
  json::Array MergedResults;
  for (Entry &E : Results) {
    auto Index = RuleIndex.find(E.Order.Rule);
    if (Index == RuleIndex.end())
      return error("a result of rule '" + E.Order.Rule +
                   "' has no rule that describes it");
    (*E.Result.getAsObject())["ruleIndex"] = Index->second;
    MergedResults.push_back(std::move(E.Result));
  }
  llvm::stable_sort(
      Notes, [](const auto &A, const auto &B) { return A.first < B.first; });
  json::Array MergedNotes;
  for (auto &Note : Notes)
    MergedNotes.push_back(std::move(Note.second));

  json::Value Merged = std::move(First.Log);
  json::Object &Run =
      *Merged.getAsObject()->getArray("runs")->front().getAsObject();
  (*Run.getObject("tool")->getObject("driver"))["rules"] =
      std::move(MergedRules);
  json::Object &Invocation =
      *Run.getArray("invocations")->front().getAsObject();
  Invocation["executionSuccessful"] = MergedNotes.empty();
  Invocation["toolExecutionNotifications"] = std::move(MergedNotes);
  Run["results"] = std::move(MergedResults);
  return Merged;
}

} // namespace kmdf::tool
