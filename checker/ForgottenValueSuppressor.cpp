//===- ForgottenValueSuppressor.cpp - Branches on forgotten values --------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ForgottenValueSuppressor.h"

#include "kmdf-check/CheckerCompat.h"

#include "clang/AST/Expr.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/CFGStmtMap.h"
#include "clang/Analysis/ProgramPoint.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ExplodedGraph.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramState.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramStateTrait.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/Store.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SymbolManager.h"

using namespace clang;
using namespace ento;

// The symbols that a replayed call or a widened loop bound to the memory it
// invalidated, with the function whose code could have changed that memory:
// what stands in for the values the analyzer forgot.
REGISTER_MAP_WITH_PROGRAMSTATE(ForgottenSymbols, SymbolRef, const Decl *)

namespace kmdf {

ProgramStateRef rememberForgottenValues(ProgramStateRef State,
                                        ArrayRef<const MemRegion *> Regions,
                                        const Decl *Writer) {
  StoreManager &Store = State->getStateManager().getStoreManager();
  for (const MemRegion *R : Regions) {
    // An invalidated aggregate or symbolic region gets a default value; an
    // invalidated scalar a direct one.
    SVal V = UnknownVal();
    if (std::optional<SVal> Default =
            Store.getDefaultBinding(State->getStore(), R))
      V = *Default;
    else if (const auto *Typed = dyn_cast<TypedValueRegion>(R);
             Typed && Typed->getValueType()->isScalarType())
      V = State->getSVal(Typed);
    if (SymbolRef Sym = V.getAsSymbol())
      if (isa<SymbolConjured>(Sym))
        State = State->set<ForgottenSymbols>(Sym, Writer);
  }
  return State;
}

/// The memory \p Sym is the value of: its initial value, or its value after
/// an invalidation.
static const TypedValueRegion *regionRead(SymbolRef Sym) {
  if (const auto *RV = dyn_cast<SymbolRegionValue>(Sym))
    return RV->getRegion();
  if (const auto *D = dyn_cast<SymbolDerived>(Sym))
    return D->getRegion();
  return nullptr;
}

/// The writer of the forgotten memory \p Sym stands for, if any: the value
/// the invalidation left there, one read from memory that held it, or one
/// read through a pointer it forgot.
static const Decl *forgottenBy(ProgramStateRef State, SymbolRef Sym,
                               unsigned Depth = 0) {
  if (Depth > 8)
    return nullptr;
  if (const Decl *const *By = State->get<ForgottenSymbols>(Sym))
    return *By;
  if (const auto *D = dyn_cast<SymbolDerived>(Sym))
    if (const Decl *By = forgottenBy(State, D->getParentSymbol(), Depth + 1))
      return By;
  const TypedValueRegion *Read = regionRead(Sym);
  if (const SymbolicRegion *Base = Read ? Read->getSymbolicBase() : nullptr)
    return forgottenBy(State, Base->getSymbol(), Depth + 1);
  return nullptr;
}

/// The field (or global variable) that \p Sym was read from.
static const ValueDecl *readFrom(SymbolRef Sym) {
  const MemRegion *R = regionRead(Sym);
  // An element of an array field is that field.
  while (const auto *ER = dyn_cast_or_null<ElementRegion>(R))
    R = ER->getSuperRegion();
  if (const auto *FR = dyn_cast_or_null<FieldRegion>(R))
    return FR->getDecl();
  if (const auto *VR = dyn_cast_or_null<NonParamVarRegion>(R))
    return VR->getDecl();
  return nullptr;
}

/// The field or variable an lvalue names, seen through array subscripts of
/// arrays it holds; null for memory reached through a pointer of unknown
/// origin.
static const ValueDecl *storedDecl(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    if (AS->getBase()->IgnoreParenImpCasts()->getType()->isArrayType())
      return storedDecl(AS->getBase());
  return nullptr;
}

void ForgottenValueSuppressor::collectWrites(const Stmt *S, WriteSet &Writes,
                                             unsigned Depth) {
  if (!S)
    return;
  const Expr *Target = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isAssignmentOp())
      Target = BO->getLHS();
  } else if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
    if (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf)
      Target = UO->getSubExpr();
  } else if (const auto *Cast = dyn_cast<ImplicitCastExpr>(S)) {
    // An array handed on as a pointer may be written through it.
    if (Cast->getCastKind() == CK_ArrayToPointerDecay)
      if (const ValueDecl *D = storedDecl(Cast->getSubExpr()))
        Writes.Decls.insert(D);
  } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *Def = nullptr;
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      if (Callee->hasBody(Def) && Depth < 4 &&
          Writes.Visited.insert(Def->getCanonicalDecl()).second)
        collectWrites(Def->getBody(), Writes, Depth + 1);
  }
  if (Target) {
    if (const ValueDecl *D = storedDecl(Target))
      Writes.Decls.insert(D);
    else if (!isa<DeclRefExpr>(Target->IgnoreParenImpCasts()))
      Writes.Unknown = true; // `*P = 0`: any field may be P's.
  }
  for (const Stmt *Child : S->children())
    collectWrites(Child, Writes, Depth);
}

bool ForgottenValueSuppressor::mayHaveWritten(const Decl *Writer,
                                              const ValueDecl *Read) {
  auto [It, Inserted] = Writes.try_emplace(Writer);
  WriteSet &W = It->second;
  if (Inserted) {
    const FunctionDecl *Def = nullptr;
    if (const auto *FD = dyn_cast_or_null<FunctionDecl>(Writer);
        FD && FD->hasBody(Def))
      collectWrites(Def->getBody(), W, 0);
    else
      W.Unknown = true;
  }
  return W.Unknown || W.Decls.contains(Read);
}

bool ForgottenValueSuppressor::isGuess(ProgramStateRef State, SymbolRef Sym) {
  if (State->get<ForgottenSymbols>().isEmpty())
    return false;
  for (SymbolRef Part : Sym->symbols())
    if (const ValueDecl *Read = readFrom(Part))
      if (const Decl *By = forgottenBy(State, Part))
        if (mayHaveWritten(By, Read))
          return true;
  return false;
}

ForgottenValueSuppressor::ForgottenValueSuppressor() = default;
ForgottenValueSuppressor::~ForgottenValueSuppressor() = default;

void ForgottenValueSuppressor::Profile(llvm::FoldingSetNodeID &ID) const {
  static int Tag;
  ID.AddPointer(&Tag);
}

ControlDependencyCalculator &
ForgottenValueSuppressor::dependencies(CFG *Graph) {
  std::unique_ptr<ControlDependencyCalculator> &Calc = Dependencies[Graph];
  if (!Calc)
    Calc = std::make_unique<ControlDependencyCalculator>(Graph);
  return *Calc;
}

const CFGBlock *ForgottenValueSuppressor::blockTowardsDefect(
    const StackFrameContext *Frame) const {
  if (DefectStack.empty())
    return nullptr;
  if (Frame == DefectStack.front())
    return DefectBlock;
  for (size_t I = 1; I < DefectStack.size(); ++I)
    if (DefectStack[I] == Frame)
      return DefectStack[I - 1]->getCallSiteBlock();
  return nullptr; // A callee that returned before the defect.
}

PathDiagnosticPieceRef
ForgottenValueSuppressor::VisitNode(const ExplodedNode *N, BugReporterContext &,
                                    PathSensitiveBugReport &BR) {
  if (!Started) {
    Started = true;
    const ExplodedNode *Error = BR.getErrorNode();
    for (const StackFrameContext *SFC = Error->getStackFrame(); SFC;
         SFC = SFC->getParent() ? SFC->getParent()->getStackFrame() : nullptr)
      DefectStack.push_back(SFC);
    if (const Stmt *S = Error->getStmtForDiagnostics())
      DefectBlock = Error->getLocationContext()
                        ->getAnalysisDeclContext()
                        ->getCFGStmtMap()
                        ->getBlock(S);
  }
  trackLoops(N, BR);
  // Where the path assumed a condition: on the edge out of a branch, or
  // where the engine split it on a comparison it had just evaluated.
  const ExplodedNode *Pred = N->getFirstPred();
  if (!Pred || N->getState() == Pred->getState())
    return nullptr;
  const LocationContext *LC = N->getLocationContext();
  const Expr *Cond = nullptr;
  const CFGBlock *Branch = nullptr;
  if (std::optional<BlockEdge> Edge = N->getLocationAs<BlockEdge>()) {
    Branch = Edge->getSrc();
    Cond = Branch->getLastCondition();
  } else if (std::optional<PostStmt> PS = N->getLocationAs<PostStmt>()) {
    auto [True, False] = compat::eagerlyAssumeTags();
    if (PS->getTag() == True || PS->getTag() == False) {
      Cond = dyn_cast<Expr>(PS->getStmt());
      Branch = LC->getAnalysisDeclContext()->getCFGStmtMap()->getBlock(Cond);
    }
  }
  if (!Cond || !Branch)
    return nullptr;
  ProgramStateRef Before = Pred->getState();
  SVal CondValue = Before->getSVal(Cond, LC);
  if (CondValue.symbols().empty())
    return nullptr;
  const CFGBlock *Towards = blockTowardsDefect(N->getStackFrame());
  CFG *Graph = LC->getAnalysisDeclContext()->getCFG();
  if (!Towards || !Graph ||
      !dependencies(Graph).isControlDependent(const_cast<CFGBlock *>(Towards),
                                              const_cast<CFGBlock *>(Branch)))
    return nullptr;
  for (SymbolRef Sym : CondValue.symbols()) {
    if (isGuess(Before, Sym)) {
      BR.markInvalid(&DefectStack, nullptr);
      return nullptr;
    }
    // A field nothing on the path wrote: a loop earlier on the path that
    // would have set it, had it run, matters (trackLoops).
    for (SymbolRef Part : Sym->symbols())
      if (isa<SymbolRegionValue>(Part))
        if (const auto *Field = dyn_cast_or_null<FieldDecl>(readFrom(Part)))
          UnwrittenDecidingFields.insert(Field);
  }
  return nullptr;
}

/// The loop a branch block decides, when the loop may run zero times: a
/// `for` with a condition or a `while` (a `do` always runs once).
static const Stmt *zeroTripLoop(const CFGBlock *Block) {
  const Stmt *Term = Block ? Block->getTerminatorStmt() : nullptr;
  if (const auto *For = dyn_cast_or_null<ForStmt>(Term))
    return For->getCond() ? For : nullptr;
  return dyn_cast_or_null<WhileStmt>(Term);
}

static const Stmt *loopBody(const Stmt *Loop) {
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return For->getBody();
  return cast<WhileStmt>(Loop)->getBody();
}

/// Whether \p S sets \p Field with a plain assignment: had the loop run,
/// the field's value would not depend on what it held before. `+=`, `++` or
/// a call do not count: then the value is not known on the paths that
/// iterate either.
static bool assigns(const Stmt *S, const FieldDecl *Field) {
  if (!S)
    return false;
  if (const auto *BO = dyn_cast<BinaryOperator>(S);
      BO && BO->getOpcode() == BO_Assign && storedDecl(BO->getLHS()) == Field)
    return true;
  for (const Stmt *Child : S->children())
    if (assigns(Child, Field))
      return true;
  return false;
}

void ForgottenValueSuppressor::trackLoops(const ExplodedNode *N,
                                          PathSensitiveBugReport &BR) {
  std::optional<BlockEdge> Edge = N->getLocationAs<BlockEdge>();
  if (!Edge)
    return;
  const CFGBlock *Src = Edge->getSrc();
  const CFGBlock *Dst = Edge->getDst();
  const LocationContext *LC = N->getLocationContext();
  // The path is walked from its end: a loop's exit comes first, then (if it
  // iterated) its entries into the body, then the edge that entered it.
  if (zeroTripLoop(Src) && Src->succ_size() == 2) {
    if (Dst == *(Src->succ_begin() + 1))
      LoopsLeft.insert({LC, Src});
    else if (Dst == *Src->succ_begin())
      LoopsLeft.erase({LC, Src});
  }
  const Stmt *Loop = zeroTripLoop(Dst);
  // An edge into the condition that is not the loop's own back edge enters
  // the loop; if its exit follows with no iteration between, the path ran
  // it zero times.
  if (!Loop || Src->getLoopTarget() == Loop || !LoopsLeft.erase({LC, Dst}))
    return;
  for (const FieldDecl *Field : UnwrittenDecidingFields)
    if (assigns(loopBody(Loop), Field)) {
      BR.markInvalid(&DefectStack, nullptr);
      return;
    }
}

} // namespace kmdf
