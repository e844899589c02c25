//===- CtuCoverage.cpp - Calls whole-driver analysis did not follow -------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "CtuCoverage.h"

#include "kmdf-check/Registration.h"

#include "clang/AST/Decl.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/CrossTU/CrossTranslationUnit.h"
#include "clang/StaticAnalyzer/Core/AnalyzerOptions.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ExprEngine.h"

using namespace clang;
using namespace clang::ento;
using clang::cross_tu::index_error_code;

namespace kmdf {

namespace {

/// Why a definition that another file has was not used, or empty when no
/// other file has one (or the analyzer already said why, as it does for a
/// missing or malformed index and for another target).
llvm::StringRef whyNotFollowed(index_error_code Code) {
  switch (Code) {
  case index_error_code::failed_import:
    return "clang could not import its definition (its error on stderr "
           "names what the importer does not support)";
  case index_error_code::load_threshold_reached:
    return "this file's analysis had already loaded as many other files as "
           "the analyzer allows (ctu-import-threshold)";
  case index_error_code::lang_mismatch:
  case index_error_code::lang_dialect_mismatch:
    return "its file is in another language or language standard";
  case index_error_code::failed_to_get_external_ast:
    return "the AST of its file could not be loaded";
  default:
    return "";
  }
}

} // namespace

bool CtuCoverage::notFollowed(const CallEvent &Call, CheckerContext &C) {
  const AnalyzerOptions &Opts = C.getAnalysisManager().getAnalyzerOptions();
  if (!Opts.IsNaiveCTUEnabled)
    return false;
  const auto *FC = dyn_cast<AnyFunctionCall>(&Call);
  const FunctionDecl *FD = FC ? FC->getDecl() : nullptr;
  // A body here means the call was not inlined for another reason (the
  // analyzer's budget), after a successful import or in this file.
  if (!FD || FD->hasBody())
    return false;
  auto [It, New] = Answers.try_emplace(FD->getCanonicalDecl(), false);
  if (!New)
    return It->second;
  cross_tu::CrossTranslationUnitContext *Ctu =
      C.getStateManager().getOwningEngine().getCrossTranslationUnitContext();
  if (!Ctu)
    return false;
  // The engine asked the same before it evaluated the call; the answer is
  // cached (the file's AST stays loaded, the importer remembers a failed
  // declaration), so asking again costs a lookup and prints nothing twice.
  llvm::Expected<const FunctionDecl *> Definition = Ctu->getCrossTUDefinition(
      FD, Opts.CTUDir, Opts.CTUIndexName, /*DisplayCTUProgress=*/false);
  if (Definition)
    return false; // Imported after all (a checker had evaluated the call).
  llvm::StringRef Why;
  llvm::handleAllErrors(
      Definition.takeError(),
      [&](const cross_tu::IndexError &E) { Why = whyNotFollowed(E.getCode()); },
      [](const llvm::ErrorInfoBase &) {}); // No other kind is documented.
  if (Why.empty())
    return false;
  It->second = true;
  // A remark, not a warning: -Werror must not turn it into a failed build,
  // and it is no defect of the driver's.
  DiagnosticsEngine &Diags = C.getASTContext().getDiagnostics();
  unsigned Id =
      Diags.getCustomDiagID(DiagnosticsEngine::Remark, CtuNotFollowedRemark);
  Diags.Report(Call.getSourceRange().getBegin(), Id) << FD << Why;
  return true;
}

} // namespace kmdf
