//===- FlagFlipSuppressor.cpp - Paths that need a flag to flip ------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "FlagFlipSuppressor.h"

#include "LockIdentity.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/ProgramPoint.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ExplodedGraph.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/MemRegion.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramState.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SValBuilder.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SymbolManager.h"

using namespace clang;
using namespace ento;

namespace kmdf {

void FlagFlipSuppressor::Profile(llvm::FoldingSetNodeID &ID) const {
  static int Tag;
  ID.AddPointer(&Tag);
}

/// The field a symbol was read from: the initial value of a field
/// (`reg<Ctx->Flag>`) or its value after an invalidation (`derived<...>`).
static const MemRegion *fieldOf(SymbolRef Sym) {
  const TypedValueRegion *R = nullptr;
  if (const auto *RV = dyn_cast<SymbolRegionValue>(Sym))
    R = RV->getRegion();
  else if (const auto *D = dyn_cast<SymbolDerived>(Sym))
    R = D->getRegion();
  // Locals change only by the driver's own writes (or through their
  // address, which the driver gave away); fields of memory the driver
  // reaches through pointers are what opaque calls invalidate.
  return isa_and_nonnull<FieldRegion, ElementRegion>(R) ? R : nullptr;
}

/// True if \p Sym is a field's value after an opaque call invalidated it.
static bool isReadAfterOpaqueCall(SymbolRef Sym) {
  const auto *D = dyn_cast<SymbolDerived>(Sym);
  if (!D)
    return false;
  const auto *Conj = dyn_cast<SymbolConjured>(D->getParentSymbol());
  // Loop widening invalidates too; a loop may well change the field.
  return Conj && isa_and_nonnull<CallExpr, CXXConstructExpr>(Conj->getStmt());
}

PathDiagnosticPieceRef
FlagFlipSuppressor::VisitNode(const ExplodedNode *N, BugReporterContext &BRC,
                              PathSensitiveBugReport &BR) {
  ++Step;
  ProgramStateRef State = N->getState();
  SValBuilder &SVB = BRC.getStateManager().getSValBuilder();
  const ASTContext &Ctx = BRC.getASTContext();
  if (std::optional<PostStore> PS = N->getLocationAs<PostStore>()) {
    if (const auto *R = static_cast<const MemRegion *>(PS->getLocationValue()))
      Writes.push_back({LockNamer(State, SVB, Ctx).canonicalRegion(R), Step});
    return nullptr;
  }
  std::optional<BlockEdge> Edge = N->getLocationAs<BlockEdge>();
  const ExplodedNode *Pred = N->getFirstPred();
  if (!Edge || !Pred)
    return nullptr;
  const Expr *Cond = Edge->getSrc()->getLastCondition();
  if (!Cond)
    return nullptr;
  SVal Value = Pred->getState()->getSVal(Cond, N->getLocationContext());
  LockNamer Namer(State, SVB, Ctx);
  for (SymbolRef Sym : Value.symbols())
    if (const MemRegion *Field = fieldOf(Sym))
      Reads.push_back({Sym, Namer.canonicalRegion(Field), State, Step});
  return nullptr;
}

bool FlagFlipSuppressor::writtenBetween(const FlagRead &Earlier,
                                        const FlagRead &Later) const {
  // Steps count back from the end: Later.Step < W.Step < Earlier.Step.
  return llvm::any_of(Writes, [&](const FieldWrite &W) {
    return W.Field == Earlier.Field && W.Step > Later.Step &&
           W.Step < Earlier.Step;
  });
}

void FlagFlipSuppressor::finalizeVisitor(BugReporterContext &BRC,
                                         const ExplodedNode *,
                                         PathSensitiveBugReport &BR) {
  SValBuilder &SVB = BRC.getStateManager().getSValBuilder();
  // Can the value read in \p R be \p V, under what the path assumed?
  auto CanBe = [&SVB](const FlagRead &R, const llvm::APSInt &V) {
    SVal Read = SVB.makeSymbolVal(R.Sym);
    if (Loc::isLocType(R.Sym->getType()))
      return true; // Pointers: only integer flags are compared.
    DefinedOrUnknownSVal Equal = SVB.evalEQ(
        R.State, Read.castAs<DefinedOrUnknownSVal>(), SVB.makeIntVal(V));
    return static_cast<bool>(R.State->assume(Equal, true));
  };
  auto KnownValue = [&SVB](const FlagRead &R) {
    return SVB.getKnownValue(R.State, SVB.makeSymbolVal(R.Sym));
  };
  for (const FlagRead &Later : Reads) {
    if (!isReadAfterOpaqueCall(Later.Sym))
      continue;
    for (const FlagRead &Earlier : Reads) {
      if (Earlier.Step <= Later.Step || Earlier.Field != Later.Field ||
          Earlier.Sym == Later.Sym || writtenBetween(Earlier, Later))
        continue;
      const llvm::APSInt *First = KnownValue(Earlier);
      const llvm::APSInt *Second = KnownValue(Later);
      if ((First && !CanBe(Later, *First)) ||
          (Second && !CanBe(Earlier, *Second))) {
        BR.markInvalid(&Step, nullptr);
        return;
      }
    }
  }
}

} // namespace kmdf
