//===- Registration.cpp - Registering the kmdf checkers -------------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "kmdf-check/Registration.h"

#include "KmdfLockChecker.h"
#include "kmdf-check/ApiModel.h"
#include "kmdf-check/Version.h"

#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include "llvm/ADT/Twine.h"

using namespace clang::ento;

namespace kmdf {

std::string ruleDocsUri(const LockKindInfo &Info) {
  return (llvm::Twine(KMDF_CHECK_DOCS_BASE_URI) + Info.RuleName + ".md").str();
}

void registerCheckers(CheckerRegistry &Registry) {
  const LockKindInfo &Info = lockKindInfo(LockKind::Interrupt);
  std::string DocsUri = ruleDocsUri(Info);
  Registry.addChecker(registerInterruptLockChecker,
                      shouldRegisterInterruptLockChecker, Info.CheckerName,
                      Info.Description, DocsUri, /*IsHidden=*/false);
  Registry.addCheckerOption(
      "bool", Info.CheckerName, "Strict", "false",
      "Keep judging a lock after its handle was passed to a driver function "
      "the analyzer cannot see into (more findings, more false positives)",
      "released");
  Registry.addCheckerOption(
      "string", Info.CheckerName, "CallbackRolePrefixes", "",
      "Extra role-type prefixes that mark callbacks, separated by ';' "
      "(e.g. 'EVT_SERCX2_;EVT_SPB_'); EVT_WDF_, EVT_WDFDEVICE_, "
      "DRIVER_INITIALIZE and DRIVER_UNLOAD always count",
      "released");
}

} // namespace kmdf
