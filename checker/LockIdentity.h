//===- LockIdentity.h - Which lock a handle or an address names -*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The identity rules of kmdf-check's lock model, apart from the lock state.
//
// A WDF lock is named by its handle, an opaque pointer value; a kernel spin
// lock by the memory it lives in. Drivers keep both in their device context
// and reach them again and again, often after calls that the analyzer must
// assume could have overwritten the context. So a lock is identified by
// where its handle was read from (`Ctx->Interrupt`) or where the lock object
// is (`&Ctx->Lock`), canonicalized so that the same place read before and
// after an invalidation, or through a context pointer fetched again from a
// pure framework accessor, is one lock.
//
// Two names of locks are the same lock, different locks, or either: only
// different fields (or different constant elements) of one object are
// different handles, and only distinct variables, fields or elements are
// different lock objects. A callback's interrupt parameter and a handle read
// from its device context may be one object; so may `Irq[i]` and `Irq[j]`.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_LOCKIDENTITY_H
#define KMDF_CHECK_LOCKIDENTITY_H

#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramState_Fwd.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SVals.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SymExpr.h"
#include "llvm/ADT/FoldingSet.h"
#include "llvm/ADT/PointerUnion.h"

#include <optional>

namespace clang {
class ASTContext;
class ImplicitCastExpr;
class LocationContext;
namespace ento {
class CallEvent;
class CheckerContext;
class MemRegion;
class MemRegionManager;
class PathSensitiveBugReport;
class SValBuilder;
class SymbolManager;
class SymbolReaper;
class TypedValueRegion;
} // namespace ento
} // namespace clang

namespace kmdf {

/// A lock as the model tracks it: the canonical symbol of a handle (WDF
/// locks, keyed by value) or the canonical region of a lock object (kernel
/// spin locks, keyed by memory).
class LockId {
public:
  static LockId handle(clang::ento::SymbolRef Sym) { return LockId(Sym); }
  static LockId object(const clang::ento::MemRegion *R) { return LockId(R); }

  bool isHandle() const { return llvm::isa<const clang::ento::SymExpr *>(Ptr); }
  /// The handle's symbol, or null for a lock object.
  clang::ento::SymbolRef getHandle() const {
    return llvm::dyn_cast<const clang::ento::SymExpr *>(Ptr);
  }
  /// The lock object's region, or null for a handle.
  const clang::ento::MemRegion *getObject() const {
    return llvm::dyn_cast<const clang::ento::MemRegion *>(Ptr);
  }

  bool operator==(const LockId &O) const { return Ptr == O.Ptr; }
  bool operator!=(const LockId &O) const { return Ptr != O.Ptr; }
  bool operator<(const LockId &O) const {
    return Ptr.getOpaqueValue() < O.Ptr.getOpaqueValue();
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddPointer(Ptr.getOpaqueValue());
  }

  /// The symbol that stands for this lock in a report's interestingness: the
  /// handle itself, or one symbol per lock object (the analyzer's regions
  /// are interesting by their base, which would make every lock of a
  /// context interesting at once).
  clang::ento::SymbolRef
  interestingSymbol(clang::ento::SymbolManager &Syms) const;
  void print(llvm::raw_ostream &OS) const;

private:
  explicit LockId(clang::ento::SymbolRef Sym) : Ptr(Sym) {}
  explicit LockId(const clang::ento::MemRegion *R) : Ptr(R) {}

  llvm::PointerUnion<const clang::ento::SymExpr *,
                     const clang::ento::MemRegion *>
      Ptr;
};

/// Whether two names are one lock.
enum class Aliasing { Same, Different, Unknown };

/// Names locks on one path (one program state).
class LockNamer {
public:
  LockNamer(clang::ento::ProgramStateRef State, clang::ento::SValBuilder &SVB,
            const clang::ASTContext &Ctx);
  explicit LockNamer(clang::ento::CheckerContext &C);

  /// The lock a handle value names (WdfSpinLockAcquire(Handle)).
  std::optional<LockId> nameHandle(clang::ento::SVal Handle);
  /// The lock object at an address (KeAcquireSpinLock(&Ctx->Lock, ...)).
  std::optional<LockId> nameObject(clang::ento::SVal Address);

  Aliasing relate(LockId A, LockId B) const;

  /// The name that \p S has wherever the same place is read: a value read
  /// from memory after an invalidation becomes the value of that memory at
  /// the start, or the handle the driver stored there on this path.
  clang::ento::SymbolRef canonicalSymbol(clang::ento::SymbolRef S);
  /// \p R with every symbolic base canonicalized.
  const clang::ento::MemRegion *
  canonicalRegion(const clang::ento::MemRegion *R);
  /// The lock of the handle that \p Slot (canonical) held before anything
  /// invalidated it: the one the driver stored there on this path, else the
  /// initial one.
  clang::ento::SymbolRef slotLock(const clang::ento::TypedValueRegion *Slot);

private:
  clang::ento::SymbolRef symbolAt(clang::ento::SymbolRef S, unsigned Depth);
  const clang::ento::MemRegion *regionAt(const clang::ento::MemRegion *R,
                                         unsigned Depth);
  clang::ento::SymbolRef slotLockAt(const clang::ento::TypedValueRegion *Slot,
                                    unsigned Depth);
  Aliasing relateRegions(const clang::ento::MemRegion *A,
                         const clang::ento::MemRegion *B,
                         bool DistinctVariablesDiffer) const;
  Aliasing relateIndices(clang::ento::SVal A, clang::ento::SVal B) const;

  clang::ento::ProgramStateRef State;
  clang::ento::SValBuilder &SVB;
  clang::ento::SymbolManager &Syms;
  clang::ento::MemRegionManager &Regions;
  const clang::ASTContext &Ctx;
};

/// The path facts the identity rules rest on, kept in the program state.
/// The modelling checker calls these from its callbacks.
namespace identity {

/// check::Bind: remembers which handle the driver stores into a handle-typed
/// slot (`S.Interrupt = Interrupt`, a guard's member), so that reading the
/// slot again after an opaque call names that handle's lock.
clang::ento::ProgramStateRef recordStore(clang::ento::CheckerContext &C,
                                         clang::ento::SVal Location,
                                         clang::ento::SVal Value);

/// True if the driver stored a handle into a slot on this path.
bool hasStoredHandles(clang::ento::ProgramStateRef State);

/// A callee received \p CanonSlot's address: it may store another handle
/// there, so what the slot holds from now on has no known provenance.
clang::ento::ProgramStateRef
forgetSlot(clang::ento::ProgramStateRef State,
           const clang::ento::MemRegion *CanonSlot);

/// check::DeadSymbols: the locals of helpers that returned can no longer be
/// read; forget their slots.
clang::ento::ProgramStateRef
forgetFinishedFrames(clang::ento::ProgramStateRef State,
                     const clang::LocationContext *LC);

/// eval::Call of a pure framework accessor: returns the value an earlier
/// call with the same arguments returned on this path, or a fresh one that
/// later calls will return.
clang::ento::ProgramStateRef
evalPureAccessor(const clang::ento::CallEvent &Call,
                 clang::ento::CheckerContext &C, const void *Tag);

/// check::LiveSymbols: keeps alive the symbols of the indices on \p R's path
/// (`Ctx->Irq[I]`), so that what the path knows of them still tells whether
/// another element is the same lock.
void keepIndicesAlive(const clang::ento::MemRegion *R,
                      clang::ento::SymbolReaper &SR);

/// check::LiveSymbols: keeps what is known about the accessors' results.
void keepAccessorResultsAlive(clang::ento::ProgramStateRef State,
                              clang::ento::SymbolReaper &SR);

/// check::Location, before a load: the analyzer reads an element at a
/// symbolic index (`Ctx->Irq[Vector]`) as an unknown value. For a lock
/// handle, make the load read the element's own initial-value symbol
/// instead, so that the same element read twice on a path is one lock.
/// Returns null when nothing changes.
clang::ento::ProgramStateRef
nameHandleAtSymbolicIndex(clang::ento::SVal Location,
                          clang::ento::CheckerContext &C);

/// Prints the identity facts of \p State for clang_analyzer_printState().
void printState(llvm::raw_ostream &Out, clang::ento::ProgramStateRef State,
                const char *NL, const char *Sep);

} // namespace identity
} // namespace kmdf

#endif // KMDF_CHECK_LOCKIDENTITY_H
