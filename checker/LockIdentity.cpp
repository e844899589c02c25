//===- LockIdentity.cpp - Which lock a handle or an address names ---------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LockIdentity.h"

#include "kmdf-check/ApiModel.h"
#include "kmdf-check/CheckerCompat.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/MemRegion.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramStateTrait.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SValBuilder.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SymbolManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"

#include <tuple>

using namespace clang;
using namespace ento;

namespace kmdf {
namespace {

/// A call to a pure framework accessor, named by the identity of its
/// arguments, so that a second call can return the first call's value.
struct AccessorCall {
  const Decl *Accessor;
  const void *Args[2];

  bool operator==(const AccessorCall &O) const {
    return Accessor == O.Accessor && Args[0] == O.Args[0] &&
           Args[1] == O.Args[1];
  }
  bool operator<(const AccessorCall &O) const {
    return std::tie(Accessor, Args[0], Args[1]) <
           std::tie(O.Accessor, O.Args[0], O.Args[1]);
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddPointer(Accessor);
    ID.AddPointer(Args[0]);
    ID.AddPointer(Args[1]);
  }
};

} // namespace
} // namespace kmdf

REGISTER_MAP_WITH_PROGRAMSTATE(AccessorResults, kmdf::AccessorCall,
                               clang::ento::SVal)
// Memory slots of handle type that the driver stored a handle into on this
// path, with that handle's lock identity (see LockNamer::canonicalSymbol).
REGISTER_MAP_WITH_PROGRAMSTATE(HandleSlots, const clang::ento::MemRegion *,
                               clang::ento::SymbolRef)

namespace kmdf {

// Canonical forms nest as deep as the driver's pointer chains; the bound
// only guards against pathological symbols.
static constexpr unsigned MaxDepth = 32;

//===----------------------------------------------------------------------===//
// LockId
//===----------------------------------------------------------------------===//

SymbolRef LockId::interestingSymbol(SymbolManager &Syms) const {
  if (SymbolRef Sym = getHandle())
    return Sym;
  const MemRegion *R = getObject();
  if (const auto *TR = dyn_cast<TypedValueRegion>(R))
    return compat::regionValueSymbol(Syms, TR);
  if (const auto *SR = dyn_cast<SymbolicRegion>(R))
    return SR->getSymbol();
  return nullptr;
}

void LockId::print(llvm::raw_ostream &OS) const {
  if (SymbolRef Sym = getHandle())
    Sym->dumpToStream(OS);
  else
    getObject()->dumpToStream(OS);
}

//===----------------------------------------------------------------------===//
// Canonical names
//===----------------------------------------------------------------------===//

LockNamer::LockNamer(ProgramStateRef State, SValBuilder &SVB,
                     const ASTContext &Ctx)
    : State(std::move(State)), SVB(SVB), Syms(SVB.getSymbolManager()),
      Regions(SVB.getRegionManager()), Ctx(Ctx) {}

LockNamer::LockNamer(CheckerContext &C)
    : LockNamer(C.getState(), C.getSValBuilder(), C.getASTContext()) {}

SymbolRef LockNamer::canonicalSymbol(SymbolRef S) { return symbolAt(S, 0); }

const MemRegion *LockNamer::canonicalRegion(const MemRegion *R) {
  return regionAt(R, 0);
}

SymbolRef LockNamer::slotLock(const TypedValueRegion *Slot) {
  return slotLockAt(Slot, 0);
}

/// `derived<conj, ctx->Interrupt>` becomes `reg<ctx->Interrupt>`, the
/// handle the slot held when analysis began, or the handle the driver stored
/// there on this path (HandleSlots), whichever it held before the
/// invalidation.
SymbolRef LockNamer::symbolAt(SymbolRef S, unsigned Depth) {
  if (Depth > MaxDepth)
    return S;
  const TypedValueRegion *Slot = nullptr;
  if (const auto *RV = dyn_cast<SymbolRegionValue>(S))
    Slot = RV->getRegion();
  else if (const auto *D = dyn_cast<SymbolDerived>(S))
    Slot = D->getRegion();
  if (!Slot)
    return S;
  // Only a read after an invalidation can stand for a stored handle: a
  // slot's initial value stays that value when the slot is rewritten.
  if (isa<SymbolDerived>(S))
    if (SymbolRef Lock = slotLockAt(Slot, Depth + 1))
      return Lock;
  const auto *Canon = dyn_cast<TypedValueRegion>(regionAt(Slot, Depth + 1));
  return Canon ? compat::regionValueSymbol(Syms, Canon) : S;
}

SymbolRef LockNamer::slotLockAt(const TypedValueRegion *Slot, unsigned Depth) {
  const auto *Canon = dyn_cast<TypedValueRegion>(regionAt(Slot, Depth));
  if (!Canon)
    return nullptr;
  if (const SymbolRef *Stored = State->get<HandleSlots>(Canon))
    return *Stored;
  return compat::regionValueSymbol(Syms, Canon);
}

const MemRegion *LockNamer::regionAt(const MemRegion *R, unsigned Depth) {
  if (Depth > MaxDepth)
    return R;
  if (const auto *SR = dyn_cast<SymbolicRegion>(R))
    return Regions.getSymbolicRegion(symbolAt(SR->getSymbol(), Depth + 1));
  const auto *Sub = dyn_cast<SubRegion>(R);
  if (!Sub)
    return R;
  const auto *Super =
      dyn_cast<SubRegion>(regionAt(Sub->getSuperRegion(), Depth + 1));
  if (!Super || Super == Sub->getSuperRegion())
    return R;
  if (const auto *FR = dyn_cast<FieldRegion>(R))
    return Regions.getFieldRegion(FR->getDecl(), Super);
  if (const auto *ER = dyn_cast<ElementRegion>(R))
    return Regions.getElementRegion(ER->getElementType(), ER->getIndex(), Super,
                                    Ctx);
  if (const auto *BR = dyn_cast<CXXBaseObjectRegion>(R))
    return Regions.getCXXBaseObjectRegion(BR->getDecl(), Super,
                                          BR->isVirtual());
  return R;
}

std::optional<LockId> LockNamer::nameHandle(SVal Handle) {
  if (SymbolRef S = Handle.getAsSymbol())
    return LockId::handle(canonicalSymbol(S));
  return std::nullopt;
}

std::optional<LockId> LockNamer::nameObject(SVal Address) {
  const MemRegion *R = Address.getAsRegion();
  if (!R)
    return std::nullopt;
  // `(PKSPIN_LOCK)&Ctx->Lock` and `&Ctx->Lock` are one lock.
  R = R->StripCasts();
  return LockId::object(canonicalRegion(R));
}

//===----------------------------------------------------------------------===//
// Aliasing
//===----------------------------------------------------------------------===//

/// The region's path from its base (a variable, a symbolic pointee, ...)
/// down to itself.
static llvm::SmallVector<const MemRegion *, 6> pathOf(const MemRegion *R) {
  llvm::SmallVector<const MemRegion *, 6> Path;
  for (unsigned Step = 0; Step <= MaxDepth; ++Step) {
    Path.push_back(R);
    const auto *Sub = dyn_cast<SubRegion>(R);
    if (!Sub || isa<MemSpaceRegion>(Sub->getSuperRegion()))
      break;
    R = Sub->getSuperRegion();
  }
  std::reverse(Path.begin(), Path.end());
  return Path;
}

/// True for a base that is an object of its own (a variable, a compound
/// literal, a temporary), not memory reached through a pointer that may
/// point anywhere.
static bool isDistinctObject(const MemRegion *Base) {
  return isa<VarRegion, CompoundLiteralRegion, CXXTempObjectRegion,
             StringRegion>(Base);
}

static bool isUnion(const MemRegion *R) {
  const auto *TR = dyn_cast<TypedValueRegion>(R);
  return TR && TR->getValueType()->isUnionType();
}

Aliasing LockNamer::relateIndices(SVal A, SVal B) const {
  if (A == B)
    return Aliasing::Same;
  auto DA = A.getAs<DefinedOrUnknownSVal>();
  auto DB = B.getAs<DefinedOrUnknownSVal>();
  if (!DA || !DB)
    return Aliasing::Unknown;
  DefinedOrUnknownSVal Equal = SVB.evalEQ(State, *DA, *DB);
  ProgramStateRef MayBeEqual = State->assume(Equal, true);
  ProgramStateRef MayDiffer = State->assume(Equal, false);
  if (MayBeEqual && !MayDiffer)
    return Aliasing::Same;
  if (!MayBeEqual && MayDiffer)
    return Aliasing::Different;
  return Aliasing::Unknown;
}

/// Compares two regions level by level from their bases. Different fields of
/// one object, or elements at indices that cannot be equal, are different
/// memory whatever the rest; distinct variables are different memory when
/// \p DistinctVariablesDiffer (lock objects, not handle values).
Aliasing LockNamer::relateRegions(const MemRegion *A, const MemRegion *B,
                                  bool DistinctVariablesDiffer) const {
  if (A == B)
    return Aliasing::Same;
  llvm::SmallVector<const MemRegion *, 6> PA = pathOf(A), PB = pathOf(B);
  if (PA.front() != PB.front())
    return DistinctVariablesDiffer && isDistinctObject(PA.front()) &&
                   isDistinctObject(PB.front())
               ? Aliasing::Different
               : Aliasing::Unknown;
  Aliasing Result = Aliasing::Same;
  for (size_t I = 1, E = std::min(PA.size(), PB.size()); I < E; ++I) {
    const MemRegion *RA = PA[I], *RB = PB[I];
    if (RA == RB)
      continue;
    if (const auto *FA = dyn_cast<FieldRegion>(RA)) {
      const auto *FB = dyn_cast<FieldRegion>(RB);
      if (!FB)
        return Aliasing::Unknown;
      if (FA->getDecl() == FB->getDecl())
        continue;
      if (isUnion(PA[I - 1]))
        return Aliasing::Unknown;
      return Aliasing::Different;
    }
    if (const auto *EA = dyn_cast<ElementRegion>(RA)) {
      const auto *EB = dyn_cast<ElementRegion>(RB);
      if (!EB || EA->getElementType() != EB->getElementType())
        return Aliasing::Unknown;
      Aliasing Index = relateIndices(EA->getIndex(), EB->getIndex());
      if (Index == Aliasing::Different)
        return Aliasing::Different;
      if (Index == Aliasing::Unknown)
        Result = Aliasing::Unknown;
      continue;
    }
    if (const auto *BA = dyn_cast<CXXBaseObjectRegion>(RA)) {
      const auto *BB = dyn_cast<CXXBaseObjectRegion>(RB);
      if (BB && BA->getDecl() == BB->getDecl())
        continue;
    }
    return Aliasing::Unknown;
  }
  if (PA.size() != PB.size())
    return Aliasing::Unknown;
  return Result;
}

Aliasing LockNamer::relate(LockId A, LockId B) const {
  if (A == B)
    return Aliasing::Same;
  if (A.isHandle() != B.isHandle())
    return Aliasing::Unknown;
  if (!A.isHandle())
    return relateRegions(A.getObject(), B.getObject(),
                         /*DistinctVariablesDiffer=*/true);
  // Handles are values: two are known to differ only when they were read
  // from different fields or elements of one object, as drivers keep each
  // interrupt, spin lock or wait lock of a device in a field of its own.
  // A parameter, a variable, a value an opaque call returned: any of these
  // may be the same handle as any other.
  const auto *RA = dyn_cast<SymbolRegionValue>(A.getHandle());
  const auto *RB = dyn_cast<SymbolRegionValue>(B.getHandle());
  if (!RA || !RB)
    return Aliasing::Unknown;
  return relateRegions(RA->getRegion(), RB->getRegion(),
                       /*DistinctVariablesDiffer=*/false);
}

//===----------------------------------------------------------------------===//
// Path facts
//===----------------------------------------------------------------------===//

namespace identity {

static bool isLockHandleSlot(const TypedValueRegion *Slot) {
  std::optional<LockFamily> Family =
      lockFamilyOfType(Slot->getValueType(), /*AllowPointer=*/false);
  return Family && lockFamilyInfo(*Family).Keying == LockKeying::ByHandle;
}

/// Only the last store counts: a value read after an invalidation, kept in a
/// variable while the slot is given another handle, then names the new one.
ProgramStateRef recordStore(CheckerContext &C, SVal Location, SVal Value) {
  const auto *Slot = dyn_cast_or_null<TypedValueRegion>(Location.getAsRegion());
  if (!Slot || !isLockHandleSlot(Slot))
    return nullptr;
  LockNamer Namer(C);
  const auto *Canon = dyn_cast<TypedValueRegion>(Namer.canonicalRegion(Slot));
  if (!Canon)
    return nullptr;
  ProgramStateRef State = C.getState();
  SymbolRef Stored = Value.getAsSymbol();
  SymbolRef Key = Stored ? Namer.canonicalSymbol(Stored) : nullptr;
  if (Key && Key != compat::regionValueSymbol(
                        C.getSValBuilder().getSymbolManager(), Canon))
    return State->set<HandleSlots>(Canon, Key);
  return State->remove<HandleSlots>(Canon);
}

bool hasStoredHandles(ProgramStateRef State) {
  return !State->get<HandleSlots>().isEmpty();
}

ProgramStateRef forgetSlot(ProgramStateRef State, const MemRegion *CanonSlot) {
  return State->remove<HandleSlots>(CanonSlot);
}

/// True if \p Slot is a variable (or part of one) of a function call that has
/// returned on this path.
static bool isInFinishedFrame(const MemRegion *Slot,
                              const LocationContext *LC) {
  const auto *Var = dyn_cast<VarRegion>(Slot->getBaseRegion());
  const StackFrameContext *Frame = Var ? Var->getStackFrame() : nullptr;
  if (!Frame)
    return false;
  for (; LC; LC = LC->getParent())
    if (LC->getStackFrame() == Frame)
      return false;
  return true;
}

// A dead slot of a live frame may still have been read into a value in use:
// only the slots of returned frames go.
ProgramStateRef forgetFinishedFrames(ProgramStateRef State,
                                     const LocationContext *LC) {
  for (const auto &Entry : State->get<HandleSlots>())
    if (isInFinishedFrame(Entry.first, LC))
      State = State->remove<HandleSlots>(Entry.first);
  return State;
}

ProgramStateRef evalPureAccessor(const CallEvent &Call, CheckerContext &C,
                                 const void *Tag) {
  ProgramStateRef State = C.getState();
  const auto *CE = cast<CallExpr>(Call.getOriginExpr());
  const LocationContext *LC = C.getLocationContext();
  LockNamer Namer(C);

  AccessorCall Key{Call.getDecl()->getCanonicalDecl(), {nullptr, nullptr}};
  bool Identifiable = true;
  for (unsigned I = 0, E = std::min(Call.getNumArgs(), 2u); I != E; ++I) {
    SVal Arg = Call.getArgSVal(I);
    if (SymbolRef S = Arg.getAsSymbol())
      Key.Args[I] = Namer.canonicalSymbol(S);
    else if (const MemRegion *R = Arg.getAsRegion())
      Key.Args[I] = R;
    else
      Identifiable = false;
  }

  if (Identifiable)
    if (const SVal *Known = State->get<AccessorResults>(Key))
      return State->BindExpr(CE, LC, *Known);
  SVal Result = compat::conjureReturnValue(Call, C, CE->getType(), Tag);
  State = State->BindExpr(CE, LC, Result);
  if (Identifiable)
    State = State->set<AccessorResults>(Key, Result);
  return State;
}

void keepIndicesAlive(const MemRegion *R, SymbolReaper &SR) {
  for (unsigned Depth = 0; R && Depth <= MaxDepth; ++Depth) {
    if (const auto *ER = dyn_cast<ElementRegion>(R))
      for (SymbolRef S : ER->getIndex().symbols())
        SR.markLive(S);
    if (const auto *SymR = dyn_cast<SymbolicRegion>(R)) {
      if (const auto *RV = dyn_cast<SymbolRegionValue>(SymR->getSymbol())) {
        R = RV->getRegion();
        continue;
      }
      return;
    }
    const auto *Sub = dyn_cast<SubRegion>(R);
    R = Sub ? Sub->getSuperRegion() : nullptr;
  }
}

void keepAccessorResultsAlive(ProgramStateRef State, SymbolReaper &SR) {
  for (const auto &Entry : State->get<AccessorResults>())
    if (SymbolRef S = Entry.second.getAsSymbol())
      SR.markLive(S);
}

ProgramStateRef nameHandleAtSymbolicIndex(SVal Location, CheckerContext &C) {
  const auto *Slot = dyn_cast_or_null<TypedValueRegion>(Location.getAsRegion());
  if (!Slot || !isLockHandleSlot(Slot))
    return nullptr;
  ProgramStateRef State = C.getState();
  auto Loc = Location.getAs<loc::MemRegionVal>();
  if (!Loc || !State->getSVal(*Loc, Slot->getValueType()).isUnknown())
    return nullptr;
  // The value the element held when analysis began, bound where the load
  // will find it. A store by the driver at this element would have left a
  // binding, and the load would not have been unknown.
  SValBuilder &SVB = C.getSValBuilder();
  SymbolRef Element = compat::regionValueSymbol(SVB.getSymbolManager(), Slot);
  return State->bindLoc(*Loc, SVB.makeSymbolVal(Element),
                        C.getLocationContext(), /*notifyChanges=*/false);
}

void printState(llvm::raw_ostream &Out, ProgramStateRef State, const char *NL,
                const char *Sep) {
  HandleSlotsTy Slots = State->get<HandleSlots>();
  if (Slots.isEmpty())
    return;
  Out << Sep << "KMDF handle slots:" << NL;
  for (const auto &[Slot, Key] : Slots) {
    Out << "  ";
    Slot->dumpToStream(Out);
    Out << ": ";
    Key->dumpToStream(Out);
    Out << NL;
  }
}

} // namespace identity
} // namespace kmdf
