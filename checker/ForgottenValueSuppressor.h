//===- ForgottenValueSuppressor.h - Branches on forgotten values -*- C++ -*-=//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Two things make the analyzer forget what memory holds although the driver's
// code says it: a loop that runs past the analyzer's loop budget, and a
// helper with such a loop.
//
//   RingReset(Ctx);   // do Slot->Status = 0; while (++I < Ctx->SlotCount);
//   RingStart(Ctx);   // if (Ctx->Head->Status != 0) RingReceive(Ctx);
//
// - Widened loop (kmdf-check's widen-loops=true): at the loop budget the
//   analysis goes on past the loop with every value the loop could reach
//   forgotten.
// - Replayed call: when a helper inlined into the callback runs out of the
//   budget, the analyzer evaluates the call again without inlining it, as
//   if the helper's body were unknown: everything reachable from its
//   arguments is forgotten. It then never inlines that helper again in the
//   translation unit, so its later calls forget the same way. (LLVM 22 also
//   stops inlining a helper whose loop over an unknown bound might run that
//   long, early and without the replay.)
//
// Either way the head slot's status may then be anything, and the path on
// which it is set reaches a lock the driver does not take there. A report
// whose path assumed the value of a branch condition read from forgotten
// memory that the helper (or the function with the widened loop) may have
// written, at a branch that decides whether the defect is reached (the
// defect, or the call leading to it, is control dependent on the branch),
// rests on a guess: this visitor drops it. The analyzer then tries the other
// paths to the same defect, so one that does not guess (the loop leaving
// early) is still reported. Kept: branches that do not decide the defect,
// fields the helper never writes (everything reachable is forgotten, not
// only what it writes), values nothing forgot, the return value of a
// replayed call (an error path decided by it is real), and calls the
// analyzer does not inline for any other reason (no body, too large): for
// those it has not forgotten anything it knew.
//
// The third guess is a loop run zero times. A `for` over a count may run
// zero times as far as the analyzer knows, where the driver keeps the count
// equal to the length of a list that is never empty:
//
//   for (I = 0; I < Ctx->Count; I++) { Slot->Status = 0; Slot = Slot->Next; }
//   ...
//   if (Ctx->Head->Status != 0) Receive(Ctx);
//
// On the path that skips the loop the head's status is its initial value,
// which may be anything. A report decided at a branch on the initial value
// of a field, after a loop the path ran zero times whose body sets that
// field (a plain assignment), is dropped too; the paths on which the loop runs
// are still judged.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_FORGOTTENVALUESUPPRESSOR_H
#define KMDF_CHECK_FORGOTTENVALUESUPPRESSOR_H

#include "clang/StaticAnalyzer/Core/BugReporter/BugReporterVisitors.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramState_Fwd.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>
#include <vector>

namespace clang {
class Decl;
class Stmt;
class ValueDecl;
class FieldDecl;
class LocationContext;
class CFG;
class CFGBlock;
class ControlDependencyCalculator;
class StackFrameContext;
namespace ento {
class MemRegion;
class SymExpr;
} // namespace ento
} // namespace clang

namespace kmdf {

/// Remembers the values that an invalidation of \p Regions left there as
/// forgotten. \p Writer is what could have changed them: the helper whose
/// call was replayed, or the function whose loop was widened.
clang::ento::ProgramStateRef
rememberForgottenValues(clang::ento::ProgramStateRef State,
                        llvm::ArrayRef<const clang::ento::MemRegion *> Regions,
                        const clang::Decl *Writer);

class ForgottenValueSuppressor final : public clang::ento::BugReporterVisitor {
public:
  ForgottenValueSuppressor();
  ~ForgottenValueSuppressor() override;

  void Profile(llvm::FoldingSetNodeID &ID) const override;
  clang::ento::PathDiagnosticPieceRef
  VisitNode(const clang::ento::ExplodedNode *N,
            clang::ento::BugReporterContext &BRC,
            clang::ento::PathSensitiveBugReport &BR) override;

private:
  /// The block of \p Frame through which the path reaches the defect: the
  /// defect's own, or that of the call towards it; null if \p Frame is not
  /// on the defect's stack.
  const clang::CFGBlock *
  blockTowardsDefect(const clang::StackFrameContext *Frame) const;
  clang::ControlDependencyCalculator &dependencies(clang::CFG *Graph);

  /// The fields and variables a helper's body (and the bodies of the
  /// functions it calls) may store to.
  struct WriteSet {
    llvm::DenseSet<const clang::ValueDecl *> Decls;
    llvm::DenseSet<const clang::Decl *> Visited;
    bool Unknown = false; ///< It stores through a pointer of unknown origin.
  };
  static void collectWrites(const clang::Stmt *S, WriteSet &Writes,
                            unsigned Depth);
  bool mayHaveWritten(const clang::Decl *Writer, const clang::ValueDecl *Read);
  /// True if \p Sym was read from a field (or global) that was forgotten by
  /// a replayed call or a widened loop whose function may have written it.
  bool isGuess(clang::ento::ProgramStateRef State,
               const clang::ento::SymExpr *Sym);

  /// Drops the report when \p N enters a loop that the path leaves without
  /// iterating, whose body would have set a field that a branch
  /// deciding the defect later tests.
  void trackLoops(const clang::ento::ExplodedNode *N,
                  clang::ento::PathSensitiveBugReport &BR);

  /// The defect's stack, innermost first, and the defect's block.
  std::vector<const clang::StackFrameContext *> DefectStack;
  const clang::CFGBlock *DefectBlock = nullptr;
  bool Started = false;
  llvm::DenseMap<const clang::CFG *,
                 std::unique_ptr<clang::ControlDependencyCalculator>>
      Dependencies;
  llvm::DenseMap<const clang::Decl *, WriteSet> Writes;
  /// Fields whose initial value a branch deciding the defect tested (later
  /// on the path than the nodes visited so far).
  llvm::DenseSet<const clang::FieldDecl *> UnwrittenDecidingFields;
  /// Loops (condition block, frame) whose exit was seen, and no iteration
  /// after it yet.
  llvm::DenseSet<
      std::pair<const clang::LocationContext *, const clang::CFGBlock *>>
      LoopsLeft;
};

} // namespace kmdf

#endif // KMDF_CHECK_FORGOTTENVALUESUPPRESSOR_H
