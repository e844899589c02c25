//===- KmdfLockChecker.cpp - KMDF lock rules for the Static Analyzer ------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Tracks, along each path, whether the driver holds each KMDF lock, and
// reports a second acquire (a deadlock), a release of a lock the driver does
// not hold, and a KMDF callback that returns with a lock held. What the API
// does is looked up in the model (ApiModel.h); this file only keeps the state.
//
// Lock identity. A WDF handle is an opaque pointer value. Drivers keep it in
// their device context and read it again whenever they need it, often after
// calls that the analyzer must assume could have overwritten the context. A
// handle read from memory is therefore identified by where it was read from
// (`ctx->Interrupt`), not by the symbol the read produced, and the framework's
// context accessor is made to return the same context for the same object.
// Handles with no such provenance (values an unknown call produced) are weak:
// they may be the same lock as any other, and the checker never claims that
// such a lock is not held.
//
// State of one lock:
//
//   (absent) --acquire--> Held --release--> Released --acquire--> Held ...
//   Held --acquire--> double acquire (sink)
//   Released --release--> release without acquire
//   FrameworkHeld: entry state of a callback such as EvtInterruptIsr
//   Held/Released --handle passed to an opaque driver function--> Escaped
//
// An absent lock is not held at the start of a KMDF callback, and unknown in
// any other function analyzed on its own (a lock wrapper).
//
//===----------------------------------------------------------------------===//

#include "KmdfLockChecker.h"

#include "kmdf-check/ApiModel.h"
#include "kmdf-check/LLVMCompat.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporterVisitors.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallDescription.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramStateTrait.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

using namespace clang;
using namespace ento;

namespace kmdf {
namespace {

/// What the driver's path has done to one lock.
class LockState {
public:
  enum Kind : unsigned char { Held, Released, FrameworkHeld, Escaped };

  static LockState held(LockKind Family, const Expr *Site) {
    return LockState(Held, Family, Site);
  }
  static LockState released(LockKind Family) {
    return LockState(Released, Family, nullptr);
  }
  static LockState frameworkHeld(LockKind Family) {
    return LockState(FrameworkHeld, Family, nullptr);
  }
  static LockState escaped(LockKind Family) {
    return LockState(Escaped, Family, nullptr);
  }

  Kind getKind() const { return K; }
  LockKind getFamily() const { return Family; }
  /// The handle expression of the acquire, for a Held lock.
  const Expr *getAcquireSite() const { return Site; }

  bool operator==(const LockState &O) const {
    return K == O.K && Family == O.Family && Site == O.Site;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddInteger(K);
    ID.AddInteger(static_cast<unsigned>(Family));
    ID.AddPointer(Site);
  }

private:
  LockState(Kind K, LockKind Family, const Expr *Site)
      : K(K), Family(Family), Site(Site) {}

  Kind K;
  LockKind Family;
  const Expr *Site;
};

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

REGISTER_MAP_WITH_PROGRAMSTATE(LockMap, SymbolRef, kmdf::LockState)
REGISTER_MAP_WITH_PROGRAMSTATE(AccessorResults, kmdf::AccessorCall, SVal)
// Memory slots of handle type that the driver stored a handle into on this
// path, with that handle's lock identity (see Canonicalizer).
REGISTER_MAP_WITH_PROGRAMSTATE(HandleSlots, const clang::ento::MemRegion *,
                               SymbolRef)

namespace kmdf {
namespace {

class Canonicalizer;

/// Where a lock stands when a lock function is called.
enum class LockStatus { Held, NotHeld, FrameworkHeld, Unknown };

class KmdfLockChecker
    : public Checker<check::BeginFunction, eval::Call, check::PreCall,
                     check::PostCall, check::Bind, check::EndFunction,
                     check::LiveSymbols, check::DeadSymbols>,
      public compat::BindCallback<KmdfLockChecker> {
public:
  KmdfLockChecker();

  void checkBeginFunction(CheckerContext &C) const;
  bool evalCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;
  void checkEndFunction(const ReturnStmt *RS, CheckerContext &C) const;
  void onBind(SVal Location, SVal Value, CheckerContext &C) const;
  void checkLiveSymbols(ProgramStateRef State, SymbolReaper &SR) const;
  void checkDeadSymbols(SymbolReaper &SR, CheckerContext &C) const;
  void printState(raw_ostream &Out, ProgramStateRef State, const char *NL,
                  const char *Sep) const override;

  /// Set from the checker options at registration.
  bool Strict = false;
  CallbackClassifier Callbacks;

private:
  /// The lock a lock function's handle argument names, and its words.
  struct LockArgument {
    SymbolRef Key;
    const Expr *Handle;
    std::string Name; ///< "Interrupt lock of 'Ctx->Interrupt'"
  };
  std::optional<LockArgument> lockArgument(const CallEvent &Call,
                                           const LockFunction &F,
                                           CheckerContext &C) const;

  void evalAcquire(const CallEvent &Call, const LockFunction &F,
                   CheckerContext &C) const;
  void evalRelease(const CallEvent &Call, const LockFunction &F,
                   CheckerContext &C) const;
  void evalTryAcquire(const CallEvent &Call, const LockFunction &F,
                      CheckerContext &C) const;
  void checkSynchronize(const CallEvent &Call, const LockFunction &F,
                        CheckerContext &C) const;
  void evalPureAccessor(const CallEvent &Call, CheckerContext &C) const;
  void escapeHandlesPassedToDriver(const CallEvent &Call,
                                   CheckerContext &C) const;
  /// A lock handed to a callee: its handle, or the address of its slot.
  struct PassedLock {
    SymbolRef Key;
    const TypedValueRegion *Slot; ///< Set when passed by address.
  };
  std::optional<PassedLock> passedLock(const CallEvent &Call, unsigned I,
                                       CheckerContext &C) const;
  Canonicalizer canonicalizer(CheckerContext &C) const;

  // Lock identity.
  SymbolRef lockIdentity(SVal Handle, CheckerContext &C) const;
  bool hasStrongIdentity(ProgramStateRef State, SymbolRef Key) const;
  llvm::SmallVector<SymbolRef, 2>
  possibleAliases(ProgramStateRef State, SymbolRef Key, LockKind Family) const;

  // Callbacks.
  const CallbackRole *topFrameCallback(const LocationContext *LC) const;
  LockStatus statusOf(ProgramStateRef State, SymbolRef Key,
                      const LocationContext *LC) const;

  // Reports and notes.
  const NoteTag *lockNote(CheckerContext &C, SymbolRef Key,
                          std::string Message) const;
  void reportDoubleAcquire(CheckerContext &C, ProgramStateRef State,
                           SymbolRef Key, std::string Message,
                           bool Deadlocks) const;
  void reportReleaseNotHeld(CheckerContext &C, ProgramStateRef NewState,
                            SymbolRef Key, std::string Message) const;
  void reportHeldAtExit(const ReturnStmt *RS, CheckerContext &C) const;
  bool isLockBug(const BugType &BT) const {
    return &BT == &DoubleAcquireBug || &BT == &ReleaseNotHeldBug ||
           &BT == &HeldAtExitBug;
  }

  const BugType DoubleAcquireBug{this, "Lock acquired twice",
                                 "KMDF lock misuse"};
  const BugType ReleaseNotHeldBug{this, "Lock released without being held",
                                  "KMDF lock misuse"};
  const BugType HeldAtExitBug{this, "Lock held at callback exit",
                              "KMDF lock misuse"};

  CallDescriptionMap<const LockFunction *> LockApi;
  CallDescriptionMap<const PureAccessor *> Accessors;
  mutable llvm::DenseMap<const Decl *, std::optional<CallbackRole>>
      CallbackCache;
};

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

template <typename Row>
static CallDescriptionMap<const Row *> makeCallMap(llvm::ArrayRef<Row> Rows) {
  std::vector<std::pair<CallDescription, const Row *>> Entries;
  for (const Row &R : Rows)
    Entries.emplace_back(CallDescription(CDM::SimpleFunc, {R.Name}, R.NumArgs),
                         &R);
  return CallDescriptionMap<const Row *>(Entries.begin(), Entries.end());
}

/// The handle expression as the driver wrote it, for messages.
static std::string describe(const Expr *E, const ASTContext &Ctx) {
  if (!E)
    return "";
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressImplicitBase = true;
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  E->IgnoreParenImpCasts()->printPretty(OS, nullptr, Policy);
  OS.flush();
  // Long expressions make unreadable messages; the path shows the code.
  return Text.size() <= 60 ? Text : "";
}

static std::string lockName(LockKind Family, const Expr *Handle,
                            const ASTContext &Ctx) {
  std::string Name = lockKindInfo(Family).Noun.str();
  std::string Text = describe(Handle, Ctx);
  if (!Text.empty())
    Name += " of '" + Text + "'";
  return Name;
}

static const Decl *topFrameDecl(const LocationContext *LC) {
  while (LC->getParent())
    LC = LC->getParent();
  return LC->getDecl();
}

static std::string callbackName(const LocationContext *LC) {
  if (const auto *ND = dyn_cast_or_null<NamedDecl>(topFrameDecl(LC)))
    return ND->getQualifiedNameAsString();
  return "";
}

/// Ends a "held at exit" path on the exit itself: the return statement, or
/// the closing brace when control falls off the end. The analyzer's own end
/// location for an implicit return differs between LLVM releases.
class CallbackExitVisitor final : public BugReporterVisitor {
public:
  explicit CallbackExitVisitor(PathDiagnosticLocation Exit) : Exit(Exit) {}

  void Profile(llvm::FoldingSetNodeID &ID) const override {
    static int Tag;
    ID.AddPointer(&Tag);
  }
  PathDiagnosticPieceRef VisitNode(const ExplodedNode *, BugReporterContext &,
                                   PathSensitiveBugReport &) override {
    return nullptr;
  }
  PathDiagnosticPieceRef getEndPath(BugReporterContext &, const ExplodedNode *,
                                    PathSensitiveBugReport &BR) override {
    return std::make_shared<PathDiagnosticEventPiece>(Exit,
                                                      BR.getDescription());
  }

private:
  PathDiagnosticLocation Exit;
};

//===----------------------------------------------------------------------===//
// Lock identity
//===----------------------------------------------------------------------===//

/// Rewrites symbols and regions so that a handle read from the same place
/// gets the same name before and after the analyzer invalidated that place:
/// `derived<conj, ctx->Interrupt>` becomes `reg<ctx->Interrupt>`, the handle
/// the slot held when analysis began, or the handle the driver stored there
/// on this path (HandleSlots), whichever it held before the invalidation.
class Canonicalizer {
public:
  Canonicalizer(ProgramStateRef State, SymbolManager &Syms,
                MemRegionManager &Regions, const ASTContext &Ctx)
      : State(std::move(State)), Syms(Syms), Regions(Regions), Ctx(Ctx) {}

  SymbolRef symbol(SymbolRef S, unsigned Depth = 0) {
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
      if (SymbolRef Lock = slotLock(Slot, Depth + 1))
        return Lock;
    const auto *Canon = dyn_cast<TypedValueRegion>(region(Slot, Depth + 1));
    return Canon ? compat::regionValueSymbol(Syms, Canon) : S;
  }

  /// The lock of the handle that \p Slot held before anything invalidated
  /// it: the one the driver stored there on this path, else the initial one.
  SymbolRef slotLock(const TypedValueRegion *Slot, unsigned Depth = 0) {
    const auto *Canon = dyn_cast<TypedValueRegion>(region(Slot, Depth));
    if (!Canon)
      return nullptr;
    if (const SymbolRef *Stored = State->get<HandleSlots>(Canon))
      return *Stored;
    return compat::regionValueSymbol(Syms, Canon);
  }

  const MemRegion *region(const MemRegion *R, unsigned Depth) {
    if (Depth > MaxDepth)
      return R;
    if (const auto *SR = dyn_cast<SymbolicRegion>(R))
      return Regions.getSymbolicRegion(symbol(SR->getSymbol(), Depth + 1));
    const auto *Sub = dyn_cast<SubRegion>(R);
    if (!Sub)
      return R;
    const auto *Super =
        dyn_cast<SubRegion>(region(Sub->getSuperRegion(), Depth + 1));
    if (!Super || Super == Sub->getSuperRegion())
      return R;
    if (const auto *FR = dyn_cast<FieldRegion>(R))
      return Regions.getFieldRegion(FR->getDecl(), Super);
    if (const auto *ER = dyn_cast<ElementRegion>(R))
      return Regions.getElementRegion(ER->getElementType(), ER->getIndex(),
                                      Super, Ctx);
    if (const auto *BR = dyn_cast<CXXBaseObjectRegion>(R))
      return Regions.getCXXBaseObjectRegion(BR->getDecl(), Super,
                                            BR->isVirtual());
    return R;
  }

private:
  static constexpr unsigned MaxDepth = 32;
  ProgramStateRef State;
  SymbolManager &Syms;
  MemRegionManager &Regions;
  const ASTContext &Ctx;
};

Canonicalizer KmdfLockChecker::canonicalizer(CheckerContext &C) const {
  SValBuilder &SVB = C.getSValBuilder();
  return Canonicalizer(C.getState(), SVB.getSymbolManager(),
                       SVB.getRegionManager(), C.getASTContext());
}

SymbolRef KmdfLockChecker::lockIdentity(SVal Handle, CheckerContext &C) const {
  SymbolRef S = Handle.getAsSymbol();
  return S ? canonicalizer(C).symbol(S) : nullptr;
}

/// A handle has a strong identity when it was read from a variable, a
/// parameter or memory reached from them, or returned by a pure framework
/// accessor. Two different strong identities are taken to be different locks.
bool KmdfLockChecker::hasStrongIdentity(ProgramStateRef State,
                                        SymbolRef Key) const {
  for (unsigned Depth = 0; Depth < 32; ++Depth) {
    if (const auto *RV = dyn_cast<SymbolRegionValue>(Key)) {
      const MemRegion *Base = RV->getRegion()->getBaseRegion();
      if (isa<VarRegion, CXXThisRegion>(Base))
        return true;
      const auto *SR = dyn_cast<SymbolicRegion>(Base);
      if (!SR)
        return false;
      Key = SR->getSymbol();
      continue;
    }
    if (isa<SymbolConjured>(Key)) {
      for (const auto &Entry : State->get<AccessorResults>())
        if (Entry.second.getAsSymbol() == Key)
          return true;
    }
    return false;
  }
  return false;
}

/// The locks of \p Family that may be held and may be the same object as
/// \p Key: held ones, and escaped ones that an opaque call may have taken.
llvm::SmallVector<SymbolRef, 2>
KmdfLockChecker::possibleAliases(ProgramStateRef State, SymbolRef Key,
                                 LockKind Family) const {
  llvm::SmallVector<SymbolRef, 2> Aliases;
  bool KeyIsWeak = !hasStrongIdentity(State, Key);
  for (const auto &[Other, LS] : State->get<LockMap>()) {
    bool MayBeHeld =
        LS.getKind() == LockState::Held || LS.getKind() == LockState::Escaped;
    if (Other == Key || !MayBeHeld || LS.getFamily() != Family)
      continue;
    if (KeyIsWeak || !hasStrongIdentity(State, Other))
      Aliases.push_back(Other);
  }
  return Aliases;
}

//===----------------------------------------------------------------------===//
// Callbacks
//===----------------------------------------------------------------------===//

const CallbackRole *
KmdfLockChecker::topFrameCallback(const LocationContext *LC) const {
  const Decl *D = topFrameDecl(LC);
  auto [It, Inserted] = CallbackCache.try_emplace(D);
  if (Inserted)
    It->second = Callbacks.classify(dyn_cast_or_null<FunctionDecl>(D));
  return It->second ? &*It->second : nullptr;
}

LockStatus KmdfLockChecker::statusOf(ProgramStateRef State, SymbolRef Key,
                                     const LocationContext *LC) const {
  if (const LockState *LS = State->get<LockMap>(Key)) {
    switch (LS->getKind()) {
    case LockState::Held:
      return LockStatus::Held;
    case LockState::Released:
      return LockStatus::NotHeld;
    case LockState::FrameworkHeld:
      return LockStatus::FrameworkHeld;
    case LockState::Escaped:
      return LockStatus::Unknown;
    }
  }
  // The framework calls a callback with no driver-acquired lock held; any
  // other function analyzed on its own may be entered with the lock held.
  return topFrameCallback(LC) ? LockStatus::NotHeld : LockStatus::Unknown;
}

//===----------------------------------------------------------------------===//
// Notes and reports
//===----------------------------------------------------------------------===//

const NoteTag *KmdfLockChecker::lockNote(CheckerContext &C, SymbolRef Key,
                                         std::string Message) const {
  return C.getNoteTag(
      [this, Key, Message](PathSensitiveBugReport &BR) -> std::string {
        if (!isLockBug(BR.getBugType()) || !BR.isInteresting(Key))
          return "";
        return Message;
      });
}

void KmdfLockChecker::reportDoubleAcquire(CheckerContext &C,
                                          ProgramStateRef State, SymbolRef Key,
                                          std::string Message,
                                          bool Deadlocks) const {
  ExplodedNode *N = Deadlocks ? C.generateErrorNode(State)
                              : C.generateNonFatalErrorNode(State);
  if (!N)
    return;
  auto R =
      std::make_unique<PathSensitiveBugReport>(DoubleAcquireBug, Message, N);
  R->markInteresting(Key);
  C.emitReport(std::move(R));
}

void KmdfLockChecker::reportReleaseNotHeld(CheckerContext &C,
                                           ProgramStateRef NewState,
                                           SymbolRef Key,
                                           std::string Message) const {
  ExplodedNode *N = C.generateNonFatalErrorNode(NewState);
  if (!N)
    return;
  auto R =
      std::make_unique<PathSensitiveBugReport>(ReleaseNotHeldBug, Message, N);
  R->markInteresting(Key);
  C.emitReport(std::move(R));
}

void KmdfLockChecker::reportHeldAtExit(const ReturnStmt *RS,
                                       CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  struct HeldLock {
    SymbolRef Key;
    LockState LS;
  };
  llvm::SmallVector<HeldLock, 2> Held;
  for (const auto &[Key, LS] : State->get<LockMap>())
    if (LS.getKind() == LockState::Held)
      Held.push_back({Key, LS});
  if (Held.empty())
    return;
  // The map is ordered by address; report in source order instead so that
  // output is the same from run to run.
  const SourceManager &SM = C.getSourceManager();
  llvm::sort(Held, [&SM](const HeldLock &A, const HeldLock &B) {
    SourceLocation LA = A.LS.getAcquireSite()->getBeginLoc();
    SourceLocation LB = B.LS.getAcquireSite()->getBeginLoc();
    return SM.isBeforeInTranslationUnit(LA, LB);
  });

  ExplodedNode *N = C.generateNonFatalErrorNode();
  if (!N)
    return;
  const LocationContext *LC = C.getLocationContext();
  PathDiagnosticLocation Exit =
      RS ? PathDiagnosticLocation::createBegin(RS, SM, LC)
         : PathDiagnosticLocation::createDeclEnd(LC, SM);
  std::string Callback = callbackName(LC);
  for (const HeldLock &H : Held) {
    std::string Message =
        lockName(H.LS.getFamily(), H.LS.getAcquireSite(), C.getASTContext()) +
        " is still held at the end of callback '" + Callback + "'";
    auto R =
        std::make_unique<PathSensitiveBugReport>(HeldAtExitBug, Message, N);
    R->markInteresting(H.Key);
    R->addVisitor<CallbackExitVisitor>(Exit);
    C.emitReport(std::move(R));
  }
}

//===----------------------------------------------------------------------===//
// Lock operations
//===----------------------------------------------------------------------===//

std::optional<KmdfLockChecker::LockArgument>
KmdfLockChecker::lockArgument(const CallEvent &Call, const LockFunction &F,
                              CheckerContext &C) const {
  SymbolRef Key = lockIdentity(Call.getArgSVal(F.HandleArg), C);
  if (!Key)
    return std::nullopt;
  const Expr *Handle = Call.getArgExpr(F.HandleArg);
  return LockArgument{Key, Handle, lockName(F.Kind, Handle, C.getASTContext())};
}

/// "X acquired [by F] while already held[: the framework calls ...]".
static std::string alreadyHeld(const std::string &Name, llvm::StringRef By,
                               bool ByFramework, const LocationContext *LC) {
  std::string Message = Name + " acquired";
  if (!By.empty())
    Message += " by " + By.str();
  Message += " while already held";
  if (ByFramework)
    Message +=
        ": the framework calls '" + callbackName(LC) + "' with this lock held";
  return Message;
}

void KmdfLockChecker::evalAcquire(const CallEvent &Call, const LockFunction &F,
                                  CheckerContext &C) const {
  std::optional<LockArgument> Lock = lockArgument(Call, F, C);
  if (!Lock) {
    C.addTransition(C.getState());
    return;
  }
  const LocationContext *LC = C.getLocationContext();
  LockStatus Status = statusOf(C.getState(), Lock->Key, LC);
  if (Status == LockStatus::Held || Status == LockStatus::FrameworkHeld) {
    reportDoubleAcquire(
        C, C.getState(), Lock->Key,
        alreadyHeld(Lock->Name, "", Status == LockStatus::FrameworkHeld, LC),
        /*Deadlocks=*/true);
    return;
  }
  C.addTransition(C.getState()->set<LockMap>(
                      Lock->Key, LockState::held(F.Kind, Lock->Handle)),
                  lockNote(C, Lock->Key, Lock->Name + " acquired here"));
}

void KmdfLockChecker::evalRelease(const CallEvent &Call, const LockFunction &F,
                                  CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  std::optional<LockArgument> Lock = lockArgument(Call, F, C);
  if (!Lock) {
    C.addTransition(State);
    return;
  }
  SymbolRef Key = Lock->Key;
  const LocationContext *LC = C.getLocationContext();
  LockStatus Status = statusOf(State, Key, LC);
  ProgramStateRef Released =
      State->set<LockMap>(Key, LockState::released(F.Kind));

  if (Status == LockStatus::Held) {
    C.addTransition(Released, lockNote(C, Key, Lock->Name + " released here"));
    return;
  }
  if (Status == LockStatus::FrameworkHeld) {
    reportReleaseNotHeld(
        C, Released, Key,
        Lock->Name + " released in '" + callbackName(LC) +
            "', but the framework, not the driver, holds this lock");
    return;
  }

  // A handle of unknown provenance may name a lock held under another name.
  if (!State->contains<LockMap>(Key)) {
    llvm::SmallVector<SymbolRef, 2> Aliases =
        possibleAliases(State, Key, F.Kind);
    if (Aliases.size() == 1 &&
        State->get<LockMap>(Aliases.front())->getKind() == LockState::Held) {
      State = State->set<LockMap>(Aliases.front(), LockState::released(F.Kind));
      C.addTransition(
          State, lockNote(C, Aliases.front(), Lock->Name + " released here"));
      return;
    }
    if (!Aliases.empty()) {
      // Which one it releases is anyone's guess: stop judging all of them.
      for (SymbolRef Alias : Aliases)
        State = State->set<LockMap>(Alias, LockState::escaped(F.Kind));
      C.addTransition(State);
      return;
    }
  }

  if (Status == LockStatus::NotHeld) {
    reportReleaseNotHeld(C, Released, Key,
                         Lock->Name + " released without being held");
    return;
  }
  C.addTransition(Released, lockNote(C, Key, Lock->Name + " released here"));
}

void KmdfLockChecker::evalTryAcquire(const CallEvent &Call,
                                     const LockFunction &F,
                                     CheckerContext &C) const {
  const auto *CE = cast<CallExpr>(Call.getOriginExpr());
  const LocationContext *LC = C.getLocationContext();
  ProgramStateRef State = C.getState();
  std::optional<LockArgument> Lock = lockArgument(Call, F, C);
  if (!Lock) {
    C.addTransition(State->BindExpr(
        CE, LC, compat::conjureReturnValue(Call, C, CE->getType(), this)));
    return;
  }
  // The framework returns exactly TRUE or FALSE: `== TRUE` tests success.
  SValBuilder &SVB = C.getSValBuilder();
  ProgramStateRef Acquired =
      State->BindExpr(CE, LC, SVB.makeIntVal(1, CE->getType()));
  ProgramStateRef Failed =
      State->BindExpr(CE, LC, SVB.makeIntVal(0, CE->getType()));
  LockStatus Status = statusOf(State, Lock->Key, LC);
  if (Status == LockStatus::Held || Status == LockStatus::FrameworkHeld) {
    // It cannot succeed; only the FALSE branch is feasible.
    reportDoubleAcquire(C, Failed, Lock->Key,
                        alreadyHeld(Lock->Name, "", false, nullptr),
                        /*Deadlocks=*/false);
    return;
  }
  std::string Outcome = " (" + F.Name.str() + " returned ";
  C.addTransition(
      Acquired->set<LockMap>(Lock->Key, LockState::held(F.Kind, Lock->Handle)),
      lockNote(C, Lock->Key,
               Lock->Name + " acquired here" + Outcome + "TRUE)"));
  C.addTransition(Failed,
                  lockNote(C, Lock->Key,
                           Lock->Name + " not acquired" + Outcome + "FALSE)"));
}

void KmdfLockChecker::checkSynchronize(const CallEvent &Call,
                                       const LockFunction &F,
                                       CheckerContext &C) const {
  std::optional<LockArgument> Lock = lockArgument(Call, F, C);
  if (!Lock)
    return;
  const LocationContext *LC = C.getLocationContext();
  LockStatus Status = statusOf(C.getState(), Lock->Key, LC);
  if (Status == LockStatus::Held || Status == LockStatus::FrameworkHeld)
    reportDoubleAcquire(C, C.getState(), Lock->Key,
                        alreadyHeld(Lock->Name, F.Name,
                                    Status == LockStatus::FrameworkHeld, LC),
                        /*Deadlocks=*/true);
}

//===----------------------------------------------------------------------===//
// Framework accessors and opaque calls
//===----------------------------------------------------------------------===//

void KmdfLockChecker::evalPureAccessor(const CallEvent &Call,
                                       CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  const auto *CE = cast<CallExpr>(Call.getOriginExpr());
  const LocationContext *LC = C.getLocationContext();

  AccessorCall Key{Call.getDecl()->getCanonicalDecl(), {nullptr, nullptr}};
  bool Identifiable = true;
  for (unsigned I = 0, E = std::min(Call.getNumArgs(), 2u); I != E; ++I) {
    SVal Arg = Call.getArgSVal(I);
    if (SymbolRef S = lockIdentity(Arg, C))
      Key.Args[I] = S;
    else if (const MemRegion *R = Arg.getAsRegion())
      Key.Args[I] = R;
    else
      Identifiable = false;
  }

  if (Identifiable) {
    if (const SVal *Known = State->get<AccessorResults>(Key)) {
      C.addTransition(State->BindExpr(CE, LC, *Known));
      return;
    }
  }
  SVal Result = compat::conjureReturnValue(Call, C, CE->getType(), this);
  State = State->BindExpr(CE, LC, Result);
  if (Identifiable)
    State = State->set<AccessorResults>(Key, Result);
  C.addTransition(State);
}

/// The lock a call argument hands over: the handle itself, or the address of
/// the memory slot that holds it (`&Ctx->Interrupt`), which names the lock
/// of the handle the slot held.
std::optional<KmdfLockChecker::PassedLock>
KmdfLockChecker::passedLock(const CallEvent &Call, unsigned I,
                            CheckerContext &C) const {
  SVal Arg = Call.getArgSVal(I);
  if (SymbolRef Key = lockIdentity(Arg, C))
    return PassedLock{Key, nullptr};
  const auto *Slot = dyn_cast_or_null<TypedValueRegion>(Arg.getAsRegion());
  if (!Slot || !Slot->getValueType()->isPointerType())
    return std::nullopt;
  Canonicalizer Canon = canonicalizer(C);
  const auto *CanonSlot = dyn_cast<TypedValueRegion>(Canon.region(Slot, 0));
  if (!CanonSlot)
    return std::nullopt;
  return PassedLock{Canon.slotLock(CanonSlot), CanonSlot};
}

/// Without a body the analyzer cannot see what a driver function does with a
/// lock whose handle it receives: it may take or release it. Stop judging
/// such locks on this path, unless the user asked for Strict checking.
void KmdfLockChecker::escapeHandlesPassedToDriver(const CallEvent &Call,
                                                  CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  const LocationContext *LC = C.getLocationContext();
  // Nothing to lose track of: no lock touched, none known not held.
  if (State->get<LockMap>().isEmpty() && !topFrameCallback(LC))
    return;
  const auto *Callee = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  if (Callee ? isFrameworkFunction(Callee)
             : isFrameworkFunction(dyn_cast_or_null<FunctionDecl>(
                   C.getStackFrame()->getDecl())))
    return; // The framework's own table call, inside an inlined Wdf wrapper.

  bool Changed = false;
  for (unsigned I = 0, E = Call.getNumArgs(); I != E; ++I) {
    std::optional<PassedLock> Passed = passedLock(Call, I, C);
    if (!Passed)
      continue;
    SymbolRef Key = Passed->Key;
    bool ByValue = !Passed->Slot;
    // The callee may have stored another handle there: what the slot holds
    // from now on has no known provenance.
    if (!ByValue && State->contains<HandleSlots>(Passed->Slot)) {
      State = State->remove<HandleSlots>(Passed->Slot);
      Changed = true;
    }
    std::optional<LockKind> Family;
    if (const LockState *LS = State->get<LockMap>(Key)) {
      if (LS->getKind() == LockState::Held ||
          LS->getKind() == LockState::Released)
        Family = LS->getFamily();
    } else if (const Expr *Arg = Call.getArgExpr(I); Arg && ByValue) {
      // An untouched lock escapes only through a handle passed by value, or
      // every pointer passed anywhere would end up in the lock map.
      QualType T = Arg->IgnoreParenCasts()->getType();
      for (const LockKindInfo &Info : lockKinds())
        if (isLockHandleType(T, Info.Kind, /*AllowPointer=*/false) &&
            statusOf(State, Key, LC) == LockStatus::NotHeld)
          Family = Info.Kind;
    }
    if (Family) {
      State = State->set<LockMap>(Key, LockState::escaped(*Family));
      Changed = true;
    }
  }
  if (Changed)
    C.addTransition(State);
}

//===----------------------------------------------------------------------===//
// Checker callbacks
//===----------------------------------------------------------------------===//

KmdfLockChecker::KmdfLockChecker()
    : LockApi(makeCallMap(lockFunctions())),
      Accessors(makeCallMap(pureAccessors())) {}

void KmdfLockChecker::checkBeginFunction(CheckerContext &C) const {
  if (!C.inTopFrame())
    return;
  const CallbackRole *Role = topFrameCallback(C.getLocationContext());
  if (!Role || !Role->FrameworkHeld)
    return;
  const auto *FD = dyn_cast<FunctionDecl>(C.getStackFrame()->getDecl());
  const ParmVarDecl *Param = FD->getParamDecl(Role->FrameworkHeld->HeldParam);
  ProgramStateRef State = C.getState();
  SVal Handle = State->getSVal(State->getLValue(Param, C.getLocationContext()));
  if (SymbolRef Key = lockIdentity(Handle, C))
    C.addTransition(State->set<LockMap>(
        Key, LockState::frameworkHeld(Role->FrameworkHeld->Kind)));
}

bool KmdfLockChecker::evalCall(const CallEvent &Call, CheckerContext &C) const {
  // The modeled functions are C functions called by name; a result is bound
  // to the call expression below.
  if (!isa_and_nonnull<CallExpr>(Call.getOriginExpr()))
    return false;
  if (const LockFunction *const *F = LockApi.lookup(Call)) {
    switch ((*F)->Operation) {
    case LockOperation::Acquire:
      evalAcquire(Call, **F, C);
      return true;
    case LockOperation::Release:
      evalRelease(Call, **F, C);
      return true;
    case LockOperation::TryAcquire:
      evalTryAcquire(Call, **F, C);
      return true;
    case LockOperation::Synchronize:
      // The engine evaluates it: the callback may change the context.
      return false;
    }
  }
  if (Accessors.lookup(Call)) {
    evalPureAccessor(Call, C);
    return true;
  }
  return false;
}

void KmdfLockChecker::checkPreCall(const CallEvent &Call,
                                   CheckerContext &C) const {
  if (const LockFunction *const *F = LockApi.lookup(Call))
    if ((*F)->Operation == LockOperation::Synchronize)
      checkSynchronize(Call, **F, C);
}

void KmdfLockChecker::checkPostCall(const CallEvent &Call,
                                    CheckerContext &C) const {
  if (Strict || C.wasInlined || LockApi.lookup(Call) || Accessors.lookup(Call))
    return;
  escapeHandlesPassedToDriver(Call, C);
}

void KmdfLockChecker::checkEndFunction(const ReturnStmt *RS,
                                       CheckerContext &C) const {
  if (C.inTopFrame() && topFrameCallback(C.getLocationContext()))
    reportHeldAtExit(RS, C);
}

/// Remembers which handle the driver stores into a handle-typed slot, so
/// that reading the slot again after an opaque call names the same lock
/// (`S.Interrupt = I; Acquire(S.Interrupt); Use(&S); Release(S.Interrupt)`).
/// Only the last store counts: a value read after an invalidation, kept in a
/// variable while the slot is given another handle, then names the new one.
void KmdfLockChecker::onBind(SVal Location, SVal Value,
                             CheckerContext &C) const {
  const auto *Slot = dyn_cast_or_null<TypedValueRegion>(Location.getAsRegion());
  if (!Slot || !llvm::any_of(lockKinds(), [Slot](const LockKindInfo &Info) {
        return isLockHandleType(Slot->getValueType(), Info.Kind,
                                /*AllowPointer=*/false);
      }))
    return;
  Canonicalizer Canonical = canonicalizer(C);
  const auto *Canon = dyn_cast<TypedValueRegion>(Canonical.region(Slot, 0));
  if (!Canon)
    return;
  ProgramStateRef State = C.getState();
  SymbolRef Stored = Value.getAsSymbol();
  SymbolRef Key = Stored ? Canonical.symbol(Stored) : nullptr;
  if (Key && Key != compat::regionValueSymbol(
                        C.getSValBuilder().getSymbolManager(), Canon))
    State = State->set<HandleSlots>(Canon, Key);
  else
    State = State->remove<HandleSlots>(Canon);
  if (State != C.getState())
    C.addTransition(State);
}

void KmdfLockChecker::checkLiveSymbols(ProgramStateRef State,
                                       SymbolReaper &SR) const {
  // While the driver holds a lock, keep what is known about the contexts the
  // accessors returned: it keeps apart the paths to different exits, each of
  // which must report the lock held at it. Once no lock is held, let them die
  // as they would without this checker, so that the engine can merge paths
  // that differ only in them; a later accessor call still returns the same
  // value, just with less known about it.
  LockMapTy Locks = State->get<LockMap>();
  if (llvm::none_of(Locks, [](const auto &Entry) {
        return Entry.second.getKind() == LockState::Held;
      }))
    return;
  for (const auto &Entry : State->get<AccessorResults>())
    if (SymbolRef S = Entry.second.getAsSymbol())
      SR.markLive(S);
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

void KmdfLockChecker::checkDeadSymbols(SymbolReaper &SR,
                                       CheckerContext &C) const {
  // The locals of returned helpers can no longer be read. A dead slot of a
  // live frame may still have been read into a value in use: keep it.
  ProgramStateRef State = C.getState();
  for (const auto &Entry : State->get<HandleSlots>())
    if (isInFinishedFrame(Entry.first, C.getLocationContext()))
      State = State->remove<HandleSlots>(Entry.first);
  if (State != C.getState())
    C.addTransition(State);
}

void KmdfLockChecker::printState(raw_ostream &Out, ProgramStateRef State,
                                 const char *NL, const char *Sep) const {
  LockMapTy Locks = State->get<LockMap>();
  if (!Locks.isEmpty()) {
    Out << Sep << "KMDF locks:" << NL;
    static const char *const KindNames[] = {"held", "released",
                                            "framework-held", "escaped"};
    for (const auto &[Key, LS] : Locks) {
      Out << "  " << lockKindInfo(LS.getFamily()).RuleName << " ";
      Key->dumpToStream(Out);
      Out << ": " << KindNames[LS.getKind()] << NL;
    }
  }
  HandleSlotsTy Slots = State->get<HandleSlots>();
  if (!Slots.isEmpty()) {
    Out << Sep << "KMDF handle slots:" << NL;
    for (const auto &[Slot, Key] : Slots) {
      Out << "  ";
      Slot->dumpToStream(Out);
      Out << ": ";
      Key->dumpToStream(Out);
      Out << NL;
    }
  }
}

} // namespace

//===----------------------------------------------------------------------===//
// Registration
//===----------------------------------------------------------------------===//

void registerInterruptLockChecker(CheckerManager &Mgr) {
  auto *Checker = Mgr.registerChecker<KmdfLockChecker>();
  const LockKindInfo &Info = lockKindInfo(LockKind::Interrupt);
  const AnalyzerOptions &Opts = Mgr.getAnalyzerOptions();
  Checker->Strict = Opts.getCheckerBooleanOption(Info.CheckerName, "Strict");
  llvm::StringRef Prefixes =
      Opts.getCheckerStringOption(Info.CheckerName, "CallbackRolePrefixes");
  if (std::optional<std::vector<std::string>> Extra =
          parseRolePrefixList(Prefixes))
    Checker->Callbacks = CallbackClassifier(*Extra);
  else
    Mgr.reportInvalidCheckerOptionValue(
        Checker, "CallbackRolePrefixes",
        "a list of identifier prefixes separated by ';'");
}

bool shouldRegisterInterruptLockChecker(const CheckerManager &) { return true; }

} // namespace kmdf
