//===- CheckCatalog.cpp - The checks kmdf-check can run -------------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "CheckCatalog.h"

#include "kmdf-check/ApiModel.h"
#include "kmdf-check/Registration.h"
#include "kmdf-check/ToolCompat.h"

#include "clang/StaticAnalyzer/Core/AnalyzerOptions.h"
#include "clang/StaticAnalyzer/Core/CheckerRegistryData.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/GlobPattern.h"

#include <set>

using namespace clang;
using namespace clang::ento;

namespace kmdf::tool {
namespace {

const char *operationVerb(LockOperation Op) {
  switch (Op) {
  case LockOperation::Acquire:
    return "acquires the lock";
  case LockOperation::Release:
    return "releases it";
  case LockOperation::TryAcquire:
    return "acquires it only when it returns TRUE";
  case LockOperation::Synchronize:
    return "holds it while its callback runs";
  }
  return "";
}

/// The help of a kmdf rule, written from the API model so that it names
/// exactly the functions and callbacks the checker knows.
std::string ruleHelp(const RuleInfo &Rule, bool Markdown) {
  auto Code = [Markdown](llvm::StringRef S) {
    return Markdown ? "`" + S.str() + "`" : S.str();
  };
  auto Item = [Markdown] { return std::string(Markdown ? "\n- " : "\n  "); };
  std::string Out =
      (Markdown ? "**" + Rule.RuleName.str() + "**" : Rule.RuleName.str()) +
      " (" + Code(Rule.CheckerName) + "): " + Rule.Description.str() + ".\n\n";
  if (Rule.Family) {
    Out += "Functions of the rule:";
    for (const LockFunction &F : lockFunctions())
      if (F.Family == *Rule.Family)
        Out += Item() + Code(F.Name) + " " + operationVerb(F.Operation);
    bool AnyHeld = false;
    for (const FrameworkHeldRole &R : frameworkHeldRoles()) {
      if (R.Family != *Rule.Family)
        continue;
      if (!AnyHeld)
        Out += "\n\nThe framework calls these callbacks with the lock already "
               "held (acquiring it there deadlocks, returning with it held is "
               "normal):";
      AnyHeld = true;
      Out += Item() + Code(R.CallbackName) + " (" + Code(R.RoleType) + ")";
    }
  } else {
    Out += "Calls it forbids:";
    for (const RestrictedCall &R : restrictedCalls())
      if (R.ByRule == Rule.Id)
        Out += Item() + Code(R.Name);
    Out += "\n\nwhile the driver holds any of:";
    for (const LockFamilyInfo &F : lockFamilies())
      if (F.RaisesIrql)
        Out += Item() + F.Noun.str() + " (" + Code(F.HandleType) + ")";
  }
  std::string Uri = ruleDocsUri(Rule);
  Out += "\n\nExamples and fixes: " +
         (Markdown ? "[" + Rule.RuleName.str() + "](" + Uri + ")" : Uri) + "\n";
  return Out;
}

CheckInfo makeCheckInfo(const CheckerInfo &Checker) {
  CheckInfo Info;
  Info.Name = Checker.FullName.str();
  Info.Description = Checker.Desc.str();
  for (const CmdLineOption &Option : Checker.CmdLineOptions)
    if (!Option.IsHidden)
      Info.Options.push_back({Option.OptionName.str(), Option.OptionType.str(),
                              Option.DefaultValStr.str(),
                              Option.Description.str(), Info.Name});
  if (const RuleInfo *Rule = findRuleByChecker(Checker.FullName)) {
    Info.DocsUri = ruleDocsUri(*Rule);
    Info.FullDescription = Info.Description + ". This is the KMDF rule " +
                           Rule->RuleName.str() +
                           " of Static Driver Verifier, checked on each path "
                           "through the driver's callbacks.";
    Info.HelpText = ruleHelp(*Rule, /*Markdown=*/false);
    Info.HelpMarkdown = ruleHelp(*Rule, /*Markdown=*/true);
    return Info;
  }
  Info.DocsUri = Checker.DocumentationUri.str();
  Info.FullDescription = Info.Description + ".";
  Info.HelpText = Info.Description + ".";
  Info.HelpMarkdown = Info.Description + ".";
  if (!Info.DocsUri.empty()) {
    Info.HelpText += " See " + Info.DocsUri + "\n";
    Info.HelpMarkdown +=
        " See [the analyzer's documentation](" + Info.DocsUri + ").\n";
  }
  return Info;
}

} // namespace

std::vector<CheckInfo> availableChecks() {
  compat::QuietDiagnostics Diags;
  AnalyzerOptions Options;
  CheckerRegistryData Data;
  CheckerRegistry Registry(
      Data, /*Plugins=*/{}, Diags.get(), Options,
      {[](CheckerRegistry &R) { kmdf::registerCheckers(R); }});
  std::vector<CheckInfo> Checks;
  for (const CheckerInfo &Checker : Data.Checkers) {
    if (Checker.IsHidden || Checker.FullName.starts_with("debug."))
      continue;
    CheckInfo Info = makeCheckInfo(Checker);
    // The kmdf package's options are shared by its rules: list them with
    // each, under the package's name.
    if (findRuleByChecker(Checker.FullName))
      for (const auto &[Package, Option] : Data.PackageOptions)
        if (Package == CheckerPackage && !Option.IsHidden)
          Info.Options.push_back({Option.OptionName.str(),
                                  Option.OptionType.str(),
                                  Option.DefaultValStr.str(),
                                  Option.Description.str(), Package.str()});
    Checks.push_back(std::move(Info));
  }
  llvm::sort(Checks, [](const CheckInfo &A, const CheckInfo &B) {
    return A.Name < B.Name;
  });
  return Checks;
}

const CheckInfo *findCheck(llvm::ArrayRef<CheckInfo> Checks,
                           llvm::StringRef Name) {
  const auto *It = llvm::find_if(
      Checks, [Name](const CheckInfo &C) { return C.Name == Name; });
  return It == Checks.end() ? nullptr : It;
}

llvm::Expected<std::vector<std::string>>
selectChecks(llvm::ArrayRef<CheckInfo> Checks, llvm::StringRef Patterns) {
  std::set<std::string> Enabled;
  llvm::SmallVector<llvm::StringRef, 8> Items;
  Patterns.split(Items, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef Item : Items) {
    Item = Item.trim();
    if (Item.empty())
      continue;
    bool Remove = Item.consume_front("-");
    llvm::Expected<llvm::GlobPattern> Glob = llvm::GlobPattern::create(Item);
    if (!Glob)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(), "invalid check pattern '%s': %s",
          Item.str().c_str(), llvm::toString(Glob.takeError()).c_str());
    bool Matched = false;
    for (const CheckInfo &Check : Checks) {
      if (!Glob->match(Check.Name))
        continue;
      Matched = true;
      if (Remove)
        Enabled.erase(Check.Name);
      else
        Enabled.insert(Check.Name);
    }
    if (!Matched)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "unknown check '%s': no check matches it (kmdf-check "
          "--checks='*' --list-checks lists them all)",
          Item.str().c_str());
  }
  if (Enabled.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no checks enabled by --checks='%s'",
                                   Patterns.str().c_str());
  return std::vector<std::string>(Enabled.begin(), Enabled.end());
}

} // namespace kmdf::tool
