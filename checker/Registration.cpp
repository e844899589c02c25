//===- Registration.cpp - Registering the kmdf checkers -------------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "kmdf-check/Registration.h"

#include "LockModeling.h"
#include "kmdf-check/ApiModel.h"
#include "kmdf-check/Version.h"

#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include "llvm/ADT/Twine.h"

using namespace clang::ento;

namespace kmdf {

std::string ruleDocsUri(const RuleInfo &Rule) {
  return (llvm::Twine(KMDF_CHECK_DOCS_BASE_URI) + Rule.RuleName + ".md").str();
}

llvm::ArrayRef<llvm::StringRef> recommendedAnalyzerArguments() {
  static const llvm::StringRef Arguments[] = {
      "-analyzer-inlining-mode=all", "-analyzer-config", "widen-loops=true"};
  return Arguments;
}

void registerCheckers(CheckerRegistry &Registry) {
  // One hidden modelling checker owns the lock state; each rule is a checker
  // of its own that depends on it and only reports.
  Registry.addChecker(
      registerLockModeling, shouldRegisterLockModeling, ModelingCheckerName,
      "Models KMDF and kernel locks for the kmdf checkers",
      (llvm::Twine(KMDF_CHECK_DOCS_BASE_URI) + "README.md").str(),
      /*IsHidden=*/true);
  for (const RuleInfo &Rule : rules()) {
    Registry.addChecker(registerRule, shouldRegisterRule, Rule.CheckerName,
                        Rule.Description, ruleDocsUri(Rule),
                        /*IsHidden=*/false);
    Registry.addDependency(Rule.CheckerName, ModelingCheckerName);
  }

  // The model's options belong to the package: every rule shares them.
  Registry.addPackage(CheckerPackage);
  Registry.addPackageOption(
      "bool", CheckerPackage, "Strict", "false",
      "Keep judging a lock after it was passed to a driver function the "
      "analyzer cannot see into (more findings, more false positives)",
      "released");
  Registry.addPackageOption(
      "string", CheckerPackage, "CallbackRolePrefixes", "",
      "Extra role-type prefixes that mark callbacks, separated by ';' "
      "(e.g. 'EVT_MYCX_'); those of KMDF and Microsoft's class extensions "
      "always count (docs/user-guide.md lists them)",
      "released");
}

} // namespace kmdf
