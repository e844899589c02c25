//===- FlagFlipSuppressor.h - Paths that need a flag to flip ----*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Drivers take a lock under a mode flag and release it under the same flag,
// with calls into other files in between:
//
//   if (Ctx->UseInterruptMode) WdfInterruptAcquireLock(Ctx->Interrupt);
//   ProgramHardware(Ctx);                       // defined in another file
//   if (Ctx->UseInterruptMode) WdfInterruptReleaseLock(Ctx->Interrupt);
//
// The analyzer must assume that the opaque call may have changed the flag,
// so it explores the paths on which the two tests disagree, and on them the
// lock is released unheld or held at the exit. Drivers do not change such
// flags behind their own back. This visitor drops a report whose path tests
// one field of memory twice with results that cannot both hold, where the
// only thing between the two reads that could change the field is an opaque
// call. A write to the field by the driver on the path between them keeps
// the report: then the flag did change.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_FLAGFLIPSUPPRESSOR_H
#define KMDF_CHECK_FLAGFLIPSUPPRESSOR_H

#include "clang/StaticAnalyzer/Core/BugReporter/BugReporterVisitors.h"

#include <vector>

namespace kmdf {

class FlagFlipSuppressor final : public clang::ento::BugReporterVisitor {
public:
  void Profile(llvm::FoldingSetNodeID &ID) const override;
  clang::ento::PathDiagnosticPieceRef
  VisitNode(const clang::ento::ExplodedNode *N,
            clang::ento::BugReporterContext &BRC,
            clang::ento::PathSensitiveBugReport &BR) override;
  void finalizeVisitor(clang::ento::BugReporterContext &BRC,
                       const clang::ento::ExplodedNode *EndPathNode,
                       clang::ento::PathSensitiveBugReport &BR) override;

private:
  /// A branch on a value read from a field: the symbol read, the field it
  /// was read from (canonical), the state with the branch's assumption.
  struct FlagRead {
    clang::ento::SymbolRef Sym;
    const clang::ento::MemRegion *Field;
    clang::ento::ProgramStateRef State;
    unsigned Step; ///< Counts back from the end of the path.
  };
  /// A write by the driver to a field (canonical).
  struct FieldWrite {
    const clang::ento::MemRegion *Field;
    unsigned Step;
  };
  bool writtenBetween(const FlagRead &Earlier, const FlagRead &Later) const;

  std::vector<FlagRead> Reads;
  std::vector<FieldWrite> Writes;
  unsigned Step = 0;
};

} // namespace kmdf

#endif // KMDF_CHECK_FLAGFLIPSUPPRESSOR_H
