//===- LockModeling.cpp - The KMDF lock model and its rules ---------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// One modelling checker, kmdf.LockModeling (hidden), tracks along each path
// whether the driver holds each lock of every family and evaluates the lock
// functions as the model's rows say. The rules (kmdf.WdfInterruptLock,
// kmdf.WdfSpinlock, kmdf.WdfWaitlock, kmdf.Spinlock,
// kmdf.ReqSendWhileSpinlock) are frontends of it: each has its own name and
// bug types, and enabling one reports only what it is about. The model is
// the same whichever rules are enabled, so a rule's findings do not depend
// on the others: a second acquire ends the path (a deadlock) even when no
// enabled rule reports it.
//
// State of one lock:
//
//   (absent) --acquire--> Held --release--> Released --acquire--> Held ...
//   Held --acquire--> double acquire (the path ends: a deadlock)
//   Released --release--> release without acquire
//   FrameworkHeld: entry state of a callback such as EvtInterruptIsr
//   Held/Released --lock passed to an opaque driver function--> Escaped
//
// An absent lock is not held at the start of a KMDF callback, and unknown in
// any other function analyzed on its own (a lock wrapper). Which names are
// one lock is LockIdentity's business.
//
//===----------------------------------------------------------------------===//

#include "LockModeling.h"

#include "CtuCoverage.h"
#include "FlagFlipSuppressor.h"
#include "ForgottenValueSuppressor.h"
#include "LockIdentity.h"

#include "kmdf-check/ApiModel.h"
#include "kmdf-check/CheckerCompat.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/Basic/DiagnosticDriver.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporterVisitors.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallDescription.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramStateTrait.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"

#include <array>
#include <memory>
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

  static LockState held(LockFamily Family, const Expr *Site) {
    return LockState(Held, Family, Site);
  }
  static LockState released(LockFamily Family) {
    return LockState(Released, Family, nullptr);
  }
  static LockState frameworkHeld(LockFamily Family) {
    return LockState(FrameworkHeld, Family, nullptr);
  }
  static LockState escaped(LockFamily Family) {
    return LockState(Escaped, Family, nullptr);
  }

  Kind getKind() const { return K; }
  LockFamily getFamily() const { return Family; }
  /// The lock expression of the acquire, for a Held lock.
  const Expr *getAcquireSite() const { return Site; }
  bool mayBeHeld() const { return K == Held || K == Escaped; }

  bool operator==(const LockState &O) const {
    return K == O.K && Family == O.Family && Site == O.Site;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddInteger(K);
    ID.AddInteger(static_cast<unsigned>(Family));
    ID.AddPointer(Site);
  }

private:
  LockState(Kind K, LockFamily Family, const Expr *Site)
      : K(K), Family(Family), Site(Site) {}

  Kind K;
  LockFamily Family;
  const Expr *Site;
};

/// The in-stack queued spin lock a queue handle was filled for, and the
/// expression that named it there.
struct QueueBinding {
  LockId Lock;
  const Expr *Site;

  bool operator==(const QueueBinding &O) const {
    return Lock == O.Lock && Site == O.Site;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    Lock.Profile(ID);
    ID.AddPointer(Site);
  }
};

} // namespace
} // namespace kmdf

REGISTER_MAP_WITH_PROGRAMSTATE(LockMap, kmdf::LockId, kmdf::LockState)
// The lock each queue handle was last filled for on this path: a release
// names the lock only through the handle.
REGISTER_MAP_WITH_PROGRAMSTATE(QueueHandles, const clang::ento::MemRegion *,
                               kmdf::QueueBinding)
// Set once the path went through an invalidation that no call made: a loop
// widened by widen-loops (or inline assembly), after which the analyzer no
// longer knows what the locals of the frames on the stack hold.
REGISTER_TRAIT_WITH_PROGRAMSTATE(LocalsForgotten, bool)
// Set once the path went through a call into another file that a
// cross-file analysis could not follow (CtuCoverage): a lock no statement on
// the path touched may have been taken there.
REGISTER_TRAIT_WITH_PROGRAMSTATE(CtuCallNotFollowed, bool)

namespace kmdf {
namespace {

/// Where a lock stands when a lock function is called.
enum class LockStatus { Held, NotHeld, FrameworkHeld, Unknown };

constexpr size_t NumRules = 5;

class LockModeling
    : public Checker<check::BeginFunction, eval::Call, check::PreCall,
                     check::PostCall, check::Bind, check::EndFunction,
                     check::LiveSymbols, check::DeadSymbols, check::Location,
                     check::RegionChanges, check::BranchCondition>,
      public compat::BindCallback<LockModeling> {
public:
  LockModeling();

  void checkBeginFunction(CheckerContext &C) const;
  bool evalCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;
  void checkBranchCondition(const Stmt *Condition, CheckerContext &C) const;
  void checkEndFunction(const ReturnStmt *RS, CheckerContext &C) const;
  void onBind(SVal Location, SVal Value, CheckerContext &C) const;
  void checkLocation(SVal Location, bool IsLoad, const Stmt *S,
                     CheckerContext &C) const;
  void checkLiveSymbols(ProgramStateRef State, SymbolReaper &SR) const;
  void checkDeadSymbols(SymbolReaper &SR, CheckerContext &C) const;
  ProgramStateRef checkRegionChanges(ProgramStateRef State,
                                     const InvalidatedSymbols *Invalidated,
                                     ArrayRef<const MemRegion *> Explicits,
                                     ArrayRef<const MemRegion *> Regions,
                                     const LocationContext *LCtx,
                                     const CallEvent *Call) const;
  void printState(raw_ostream &Out, ProgramStateRef State, const char *NL,
                  const char *Sep) const override;

  /// Turns a rule on: from now on its findings are reported under \p Name.
  void enableRule(const RuleInfo &Rule, CheckerNameRef Name);

  /// Shared modelling options (the kmdf package's options).
  bool Strict = false;
  CallbackClassifier Callbacks;

private:
  /// The bug types of one rule, made when the rule is enabled.
  struct RuleReporter {
    std::unique_ptr<BugType> DoubleAcquire;
    std::unique_ptr<BugType> ReleaseNotHeld;
    std::unique_ptr<BugType> HeldAtExit;
    std::unique_ptr<BugType> SentWhileHeld;
  };
  const RuleReporter *reporterFor(LockFamily Family) const;
  const RuleReporter *reporterFor(Rule Id) const;
  bool isOwnBugType(const BugType &BT) const;

  /// The lock a lock function's argument names, and its words.
  struct LockArg {
    LockId Id;
    const Expr *Site; ///< The expression that names it, for messages.
    std::string Name; ///< "WDF spin lock 'Ctx->Lock'"
  };
  std::optional<LockArg> lockArgument(const CallEvent &Call,
                                      const LockFunction &F,
                                      CheckerContext &C) const;
  /// \p Id, or the tracked lock that is provably the same lock.
  LockId resolve(ProgramStateRef State, LockId Id, LockFamily Family,
                 LockNamer &Namer) const;
  /// The locks of \p Family that may be held and may be \p Id.
  ProgramStateRef forgetRespelledLocks(ProgramStateRef State,
                                       const LockArg &Lock, LockFamily Family,
                                       LockNamer &Namer,
                                       CheckerContext &C) const;
  llvm::SmallVector<LockId, 2> possibleAliases(ProgramStateRef State, LockId Id,
                                               LockFamily Family,
                                               LockNamer &Namer) const;

  void evalAcquire(const CallEvent &Call, const LockFunction &F,
                   CheckerContext &C) const;
  void acquireIn(ProgramStateRef State, bool Conditional, const CallEvent &Call,
                 const LockFunction &F, const LockArg &Lock,
                 CheckerContext &C) const;
  void evalRelease(const CallEvent &Call, const LockFunction &F,
                   CheckerContext &C) const;
  void evalTryAcquire(const CallEvent &Call, const LockFunction &F,
                      CheckerContext &C) const;
  void checkSynchronize(const CallEvent &Call, const LockFunction &F,
                        CheckerContext &C) const;
  void checkRestrictedCall(const CallEvent &Call, const RestrictedCall &R,
                           CheckerContext &C) const;
  ProgramStateRef escapeLocksPassedToDriver(const CallEvent &Call,
                                            ProgramStateRef State,
                                            CheckerContext &C) const;
  ProgramStateRef bindResult(ProgramStateRef State, const CallEvent &Call,
                             const LockFunction &F, bool Acquired,
                             CheckerContext &C) const;

  // Callbacks.
  const CallbackRole *topFrameCallback(const LocationContext *LC) const;
  LockStatus statusOf(ProgramStateRef State, LockId Id,
                      const LocationContext *LC) const;

  // Reports and notes.
  const NoteTag *lockNote(CheckerContext &C, LockId Id,
                          std::string Message) const;
  void emit(CheckerContext &C, ExplodedNode *N, const BugType &BT,
            const std::string &Message, LockId Id,
            std::optional<PathDiagnosticLocation> Exit = std::nullopt) const;
  void reportDoubleAcquire(CheckerContext &C, ProgramStateRef State,
                           const LockFunction &F, LockId Id,
                           std::string Message, bool Deadlocks) const;
  void reportReleaseNotHeld(CheckerContext &C, ProgramStateRef NewState,
                            const LockFunction &F, LockId Id,
                            std::string Message) const;
  void reportHeldAtExit(const ReturnStmt *RS, CheckerContext &C) const;

  std::array<std::optional<RuleReporter>, NumRules> Reporters;
  /// The defects reported so far from inside a called function, by bug type
  /// and statement. The analyzer analyzes callers before callees; with
  /// -analyzer-inlining-mode=all it then analyzes each helper on its own
  /// too, which finds again what its callers found.
  mutable llvm::DenseSet<std::pair<const BugType *, const Stmt *>>
      ReportedInCallees;
  CallDescriptionMap<const LockFunction *> LockApi;
  CallDescriptionMap<const RestrictedCall *> Restricted;
  CallDescriptionMap<const PureAccessor *> Accessors;
  mutable llvm::DenseMap<const Decl *, std::optional<CallbackRole>>
      CallbackCache;
  /// The inlined functions a loop of which iterated (canonical
  /// declarations): those the analyzer may stop inlining in this
  /// translation unit when a loop reaches its block budget (LLVM 19 then
  /// evaluates the call that ran out again without inlining it). A call of
  /// one that is not inlined forgets what the function could have changed.
  mutable llvm::DenseSet<const Decl *> ExhaustedCallees;
  /// With cross-file analysis, says which calls into other files could not
  /// be followed.
  mutable CtuCoverage Coverage;
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

/// The lock expression as the driver wrote it, for messages: `&Ctx->Lock`
/// names the lock `Ctx->Lock`.
static std::string describe(const Expr *E, const ASTContext &Ctx) {
  if (!E)
    return "";
  E = E->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf)
      E = UO->getSubExpr()->IgnoreParenCasts();
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressImplicitBase = true;
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  E->printPretty(OS, nullptr, Policy);
  OS.flush();
  // Long expressions make unreadable messages; the path shows the code.
  return Text.size() <= 60 ? Text : "";
}

static std::string lockName(LockFamily Family, llvm::StringRef Text) {
  const LockFamilyInfo &Info = lockFamilyInfo(Family);
  std::string Name = Info.Noun.str();
  if (!Text.empty())
    Name += (Info.Joiner + "'" + Text + "'").str();
  return Name;
}

static std::string lockName(LockFamily Family, const Expr *Site,
                            const ASTContext &Ctx) {
  return lockName(Family, describe(Site, Ctx));
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
// Rules
//===----------------------------------------------------------------------===//

static size_t indexOf(Rule Id) { return static_cast<size_t>(Id); }

void LockModeling::enableRule(const RuleInfo &Rule, CheckerNameRef Name) {
  RuleReporter R;
  static constexpr llvm::StringLiteral Category = "KMDF lock misuse";
  if (Rule.Family) {
    R.DoubleAcquire =
        std::make_unique<BugType>(Name, "Lock acquired twice", Category);
    R.ReleaseNotHeld = std::make_unique<BugType>(
        Name, "Lock released without being held", Category);
    R.HeldAtExit =
        std::make_unique<BugType>(Name, "Lock held at callback exit", Category);
  } else {
    R.SentWhileHeld = std::make_unique<BugType>(
        Name, "Request sent while a spin lock is held", Category);
  }
  Reporters[indexOf(Rule.Id)] = std::move(R);
}

const LockModeling::RuleReporter *LockModeling::reporterFor(Rule Id) const {
  const std::optional<RuleReporter> &R = Reporters[indexOf(Id)];
  return R ? &*R : nullptr;
}

const LockModeling::RuleReporter *
LockModeling::reporterFor(LockFamily Family) const {
  return reporterFor(ruleOfFamily(Family).Id);
}

bool LockModeling::isOwnBugType(const BugType &BT) const {
  return llvm::any_of(Reporters, [&BT](const std::optional<RuleReporter> &R) {
    return R &&
           (R->DoubleAcquire.get() == &BT || R->ReleaseNotHeld.get() == &BT ||
            R->HeldAtExit.get() == &BT || R->SentWhileHeld.get() == &BT);
  });
}

//===----------------------------------------------------------------------===//
// Callbacks and lock status
//===----------------------------------------------------------------------===//

const CallbackRole *
LockModeling::topFrameCallback(const LocationContext *LC) const {
  const Decl *D = topFrameDecl(LC);
  auto [It, Inserted] = CallbackCache.try_emplace(D);
  if (Inserted)
    It->second = Callbacks.classify(dyn_cast_or_null<FunctionDecl>(D));
  return It->second ? &*It->second : nullptr;
}

LockStatus LockModeling::statusOf(ProgramStateRef State, LockId Id,
                                  const LocationContext *LC) const {
  if (const LockState *LS = State->get<LockMap>(Id)) {
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
  // A call into another file that a cross-file analysis could not follow
  // may have taken the lock on this path.
  return topFrameCallback(LC) && !State->get<CtuCallNotFollowed>()
             ? LockStatus::NotHeld
             : LockStatus::Unknown;
}

LockId LockModeling::resolve(ProgramStateRef State, LockId Id,
                             LockFamily Family, LockNamer &Namer) const {
  if (State->contains<LockMap>(Id))
    return Id;
  for (const auto &[Other, LS] : State->get<LockMap>())
    if (LS.getFamily() == Family && Namer.relate(Id, Other) == Aliasing::Same)
      return Other;
  return Id;
}

llvm::SmallVector<LockId, 2>
LockModeling::possibleAliases(ProgramStateRef State, LockId Id,
                              LockFamily Family, LockNamer &Namer) const {
  llvm::SmallVector<LockId, 2> Aliases;
  for (const auto &[Other, LS] : State->get<LockMap>())
    if (Other != Id && LS.getFamily() == Family && LS.mayBeHeld() &&
        Namer.relate(Id, Other) != Aliasing::Different)
      Aliases.push_back(Other);
  return Aliases;
}

/// A lock taken under the very spelling of a held lock that the analyzer
/// can no longer prove to be the same: the values it was read through were
/// forgotten between the two calls (a loop widened by widen-loops forgets
/// every local). It is most likely the same lock taken twice, which the
/// paths that kept the values report; this path cannot tell, and then
/// releasing it may release either. The held lock is no longer judged here,
/// so that "still held at the end" is not claimed for it. (Two spellings,
/// such as the interrupt parameter and 'DevCtx->Interrupt', are wrong
/// either way and stay judged.) A spelling in another function counts only
/// after such a loss: 'devExt->Lock' in a helper names whatever the helper's
/// own 'devExt' points to, so a callback that leaks its lock and then calls
/// a helper that takes a lock spelled alike, from another pointer, still
/// leaks it; after a widened loop the helper may well be handed the
/// forgotten pointer again.
ProgramStateRef LockModeling::forgetRespelledLocks(ProgramStateRef State,
                                                   const LockArg &Lock,
                                                   LockFamily Family,
                                                   LockNamer &Namer,
                                                   CheckerContext &C) const {
  const ParentMap &Body = C.getLocationContext()->getParentMap();
  for (LockId Alias : possibleAliases(State, Lock.Id, Family, Namer)) {
    const LockState *LS = State->get<LockMap>(Alias);
    if (LS->getKind() == LockState::Held && LS->getAcquireSite() &&
        (Body.hasParent(LS->getAcquireSite()) ||
         State->get<LocalsForgotten>()) &&
        lockName(Family, LS->getAcquireSite(), C.getASTContext()) == Lock.Name)
      State = State->set<LockMap>(Alias, LockState::escaped(Family));
  }
  return State;
}

//===----------------------------------------------------------------------===//
// Notes and reports
//===----------------------------------------------------------------------===//

const NoteTag *LockModeling::lockNote(CheckerContext &C, LockId Id,
                                      std::string Message) const {
  SymbolRef Lock = Id.interestingSymbol(C.getSymbolManager());
  return C.getNoteTag(
      [this, Lock, Message](PathSensitiveBugReport &BR) -> std::string {
        if (!Lock || !isOwnBugType(BR.getBugType()) || !BR.isInteresting(Lock))
          return "";
        return Message;
      });
}

/// The call in the top frame through which the analysis entered \p LC's
/// function, or null when \p LC is the top frame.
static const Stmt *topFrameCallSite(const LocationContext *LC) {
  const StackFrameContext *Frame = LC->getStackFrame();
  if (!Frame->getParent())
    return nullptr;
  while (Frame->getParent()->getStackFrame()->getParent())
    Frame = Frame->getParent()->getStackFrame();
  return Frame->getCallSite();
}

/// A defect in a helper is unique per call from the top-level function: a
/// helper that two callbacks call is two findings, each with the path from
/// its callback (the analyzer would keep only one of the same message at the
/// same place). Defects in the top-level function itself are unique by
/// their statement, as the analyzer makes them.
void LockModeling::emit(CheckerContext &C, ExplodedNode *N, const BugType &BT,
                        const std::string &Message, LockId Id,
                        std::optional<PathDiagnosticLocation> Exit) const {
  const LocationContext *LC = C.getLocationContext();
  const Stmt *Where = N->getStmtForDiagnostics();
  const Stmt *CallSite = topFrameCallSite(LC);
  if (CallSite)
    ReportedInCallees.insert({&BT, Where});
  else if (!topFrameCallback(LC) && ReportedInCallees.contains({&BT, Where}))
    return; // A helper on its own: a caller already reported this defect.
  std::unique_ptr<PathSensitiveBugReport> R;
  if (CallSite) {
    const LocationContext *Top = LC;
    while (Top->getParent())
      Top = Top->getParent();
    R = std::make_unique<PathSensitiveBugReport>(
        BT, Message, N,
        PathDiagnosticLocation::createBegin(CallSite, C.getSourceManager(),
                                            Top),
        Top->getDecl());
  } else {
    R = std::make_unique<PathSensitiveBugReport>(BT, Message, N);
  }
  // Reports from one call site of a callback share their uniqueing
  // location; the defect's own statement, as a range, keeps two defects of
  // the helper with the same message (two releases too many) two findings.
  if (CallSite && Where)
    R->addRange(Where->getSourceRange());
  if (SymbolRef Lock = Id.interestingSymbol(C.getSymbolManager()))
    R->markInteresting(Lock);
  R->addVisitor<FlagFlipSuppressor>();
  R->addVisitor<ForgottenValueSuppressor>();
  if (Exit)
    R->addVisitor<CallbackExitVisitor>(*Exit);
  C.emitReport(std::move(R));
}

void LockModeling::reportDoubleAcquire(CheckerContext &C, ProgramStateRef State,
                                       const LockFunction &F, LockId Id,
                                       std::string Message,
                                       bool Deadlocks) const {
  const RuleReporter *Rep = reporterFor(F.Family);
  if (!Rep) {
    // The model is the same whether or not the rule reports: a deadlock
    // ends the path.
    if (Deadlocks)
      C.generateSink(State, C.getPredecessor());
    else
      C.addTransition(State);
    return;
  }
  ExplodedNode *N = Deadlocks ? C.generateErrorNode(State)
                              : C.generateNonFatalErrorNode(State);
  if (N)
    emit(C, N, *Rep->DoubleAcquire, Message, Id);
}

void LockModeling::reportReleaseNotHeld(CheckerContext &C,
                                        ProgramStateRef NewState,
                                        const LockFunction &F, LockId Id,
                                        std::string Message) const {
  const RuleReporter *Rep = reporterFor(F.Family);
  if (!Rep) {
    C.addTransition(NewState);
    return;
  }
  if (ExplodedNode *N = C.generateNonFatalErrorNode(NewState))
    emit(C, N, *Rep->ReleaseNotHeld, Message, Id);
}

void LockModeling::reportHeldAtExit(const ReturnStmt *RS,
                                    CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  struct HeldLock {
    LockId Id;
    LockState LS;
  };
  llvm::SmallVector<HeldLock, 2> Held;
  for (const auto &[Id, LS] : State->get<LockMap>())
    if (LS.getKind() == LockState::Held && reporterFor(LS.getFamily()))
      Held.push_back({Id, LS});
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
    emit(C, N, *reporterFor(H.LS.getFamily())->HeldAtExit, Message, H.Id, Exit);
  }
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

//===----------------------------------------------------------------------===//
// Lock operations
//===----------------------------------------------------------------------===//

std::optional<LockModeling::LockArg>
LockModeling::lockArgument(const CallEvent &Call, const LockFunction &F,
                           CheckerContext &C) const {
  LockNamer Namer(C);
  SVal Arg = Call.getArgSVal(F.LockArg);
  const Expr *Site = Call.getArgExpr(F.LockArg);
  std::optional<LockId> Id;
  switch (F.ArgKind) {
  case LockArgument::Handle:
    Id = Namer.nameHandle(Arg);
    break;
  case LockArgument::Object:
    Id = Namer.nameObject(Arg);
    break;
  case LockArgument::QueueHandle: {
    // The lock the queue handle was filled for; unknown, the handle itself
    // stands for the lock, which then was never acquired through it.
    const MemRegion *Handle = Arg.getAsRegion();
    if (!Handle)
      return std::nullopt;
    Handle = Namer.canonicalRegion(Handle->StripCasts());
    if (const QueueBinding *Bound = C.getState()->get<QueueHandles>(Handle)) {
      Id = Bound->Lock;
      Site = Bound->Site;
    } else {
      Id = LockId::object(Handle);
    }
    break;
  }
  }
  if (!Id)
    return std::nullopt;
  return LockArg{*Id, Site, lockName(F.Family, Site, C.getASTContext())};
}

/// Binds what a lock function returns: exactly TRUE or FALSE for a Boolean
/// result, STATUS_SUCCESS or STATUS_TIMEOUT for a timed wait, a fresh value
/// for anything else.
ProgramStateRef LockModeling::bindResult(ProgramStateRef State,
                                         const CallEvent &Call,
                                         const LockFunction &F, bool Acquired,
                                         CheckerContext &C) const {
  const auto *CE = cast<CallExpr>(Call.getOriginExpr());
  QualType T = CE->getType();
  if (T->isVoidType())
    return State;
  const LocationContext *LC = C.getLocationContext();
  SValBuilder &SVB = C.getSValBuilder();
  switch (F.Result) {
  case LockResult::Boolean:
    return State->BindExpr(CE, LC, SVB.makeIntVal(Acquired ? 1 : 0, T));
  case LockResult::NtStatusTimeout:
    // STATUS_SUCCESS (0) or STATUS_TIMEOUT (0x102): NT_SUCCESS of both.
    return State->BindExpr(CE, LC, SVB.makeIntVal(Acquired ? 0 : 0x102, T));
  case LockResult::None:
    break;
  }
  return State->BindExpr(CE, LC, compat::conjureReturnValue(Call, C, T, this));
}

void LockModeling::evalAcquire(const CallEvent &Call, const LockFunction &F,
                               CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  std::optional<LockArg> Lock = lockArgument(Call, F, C);
  if (!Lock) {
    C.addTransition(bindResult(State, Call, F, /*Acquired=*/true, C));
    return;
  }
  if (!F.ConditionArg) {
    acquireIn(State, /*Conditional=*/false, Call, F, *Lock, C);
    return;
  }
  // A NULL condition argument (no timeout) waits until it has the lock.
  SVal Condition = Call.getArgSVal(*F.ConditionArg);
  ProgramStateRef NonNull = State, Null = nullptr;
  if (auto D = Condition.getAs<DefinedOrUnknownSVal>())
    std::tie(NonNull, Null) = State->assume(*D);
  if (Null)
    acquireIn(Null, /*Conditional=*/false, Call, F, *Lock, C);
  if (NonNull)
    acquireIn(NonNull, /*Conditional=*/true, Call, F, *Lock, C);
}

void LockModeling::acquireIn(ProgramStateRef State, bool Conditional,
                             const CallEvent &Call, const LockFunction &F,
                             const LockArg &Lock, CheckerContext &C) const {
  const LocationContext *LC = C.getLocationContext();
  LockNamer Namer(State, C.getSValBuilder(), C.getASTContext());
  LockId Id = resolve(State, Lock.Id, F.Family, Namer);
  LockStatus Status = statusOf(State, Id, LC);
  if (Status == LockStatus::Held || Status == LockStatus::FrameworkHeld) {
    std::string Message =
        alreadyHeld(Lock.Name, "", Status == LockStatus::FrameworkHeld, LC);
    // A timed wait for a lock its own thread holds times out.
    if (Conditional)
      reportDoubleAcquire(C, bindResult(State, Call, F, false, C), F, Id,
                          Message, /*Deadlocks=*/false);
    else
      reportDoubleAcquire(C, State, F, Id, Message, /*Deadlocks=*/true);
    return;
  }
  ProgramStateRef Acquired =
      forgetRespelledLocks(State, Lock, F.Family, Namer, C)
          ->set<LockMap>(Id, LockState::held(F.Family, Lock.Site));
  if (F.QueueHandleArg)
    if (const MemRegion *Handle =
            Call.getArgSVal(*F.QueueHandleArg).getAsRegion())
      Acquired = Acquired->set<QueueHandles>(
          Namer.canonicalRegion(Handle->StripCasts()),
          QueueBinding{Id, Lock.Site});
  Acquired = bindResult(Acquired, Call, F, /*Acquired=*/true, C);
  if (!Conditional) {
    C.addTransition(Acquired, lockNote(C, Id, Lock.Name + " acquired here"));
    return;
  }
  std::string Outcome = " (" + F.Name.str() + " returned ";
  C.addTransition(Acquired, lockNote(C, Id,
                                     Lock.Name + " acquired here" + Outcome +
                                         "STATUS_SUCCESS)"));
  C.addTransition(
      bindResult(State, Call, F, /*Acquired=*/false, C),
      lockNote(C, Id,
               Lock.Name + " not acquired" + Outcome + "STATUS_TIMEOUT)"));
}

void LockModeling::evalRelease(const CallEvent &Call, const LockFunction &F,
                               CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  std::optional<LockArg> Lock = lockArgument(Call, F, C);
  if (!Lock) {
    C.addTransition(bindResult(State, Call, F, false, C));
    return;
  }
  LockNamer Namer(C);
  LockId Id = resolve(State, Lock->Id, F.Family, Namer);
  const LocationContext *LC = C.getLocationContext();
  LockStatus Status = statusOf(State, Id, LC);
  ProgramStateRef Released =
      State->set<LockMap>(Id, LockState::released(F.Family));

  if (Status == LockStatus::Held) {
    C.addTransition(Released, lockNote(C, Id, Lock->Name + " released here"));
    return;
  }
  if (Status == LockStatus::FrameworkHeld) {
    reportReleaseNotHeld(
        C, Released, F, Id,
        Lock->Name + " released in '" + callbackName(LC) +
            "', but the framework, not the driver, holds this lock");
    return;
  }

  // Another name of a lock that may be held may name this one.
  llvm::SmallVector<LockId, 2> Aliases =
      possibleAliases(State, Id, F.Family, Namer);
  if (Aliases.size() == 1 &&
      State->get<LockMap>(Aliases.front())->getKind() == LockState::Held) {
    State = State->set<LockMap>(Aliases.front(), LockState::released(F.Family));
    C.addTransition(
        State, lockNote(C, Aliases.front(), Lock->Name + " released here"));
    return;
  }
  if (!Aliases.empty()) {
    // Which one it releases is anyone's guess: stop judging all of them.
    for (LockId Alias : Aliases)
      State = State->set<LockMap>(Alias, LockState::escaped(F.Family));
    C.addTransition(State);
    return;
  }

  if (Status == LockStatus::NotHeld) {
    reportReleaseNotHeld(C, Released, F, Id,
                         Lock->Name + " released without being held");
    return;
  }
  C.addTransition(Released, lockNote(C, Id, Lock->Name + " released here"));
}

void LockModeling::evalTryAcquire(const CallEvent &Call, const LockFunction &F,
                                  CheckerContext &C) const {
  const LocationContext *LC = C.getLocationContext();
  ProgramStateRef State = C.getState();
  std::optional<LockArg> Lock = lockArgument(Call, F, C);
  if (!Lock) {
    C.addTransition(State->BindExpr(
        Call.getOriginExpr(), LC,
        compat::conjureReturnValue(Call, C, Call.getResultType(), this)));
    return;
  }
  LockNamer Namer(C);
  LockId Id = resolve(State, Lock->Id, F.Family, Namer);
  ProgramStateRef Acquired = bindResult(State, Call, F, true, C);
  ProgramStateRef Failed = bindResult(State, Call, F, false, C);
  LockStatus Status = statusOf(State, Id, LC);
  if (Status == LockStatus::Held || Status == LockStatus::FrameworkHeld) {
    // It cannot succeed; only the FALSE branch is feasible.
    reportDoubleAcquire(C, Failed, F, Id,
                        alreadyHeld(Lock->Name, "", false, nullptr),
                        /*Deadlocks=*/false);
    return;
  }
  std::string Outcome = " (" + F.Name.str() + " returned ";
  C.addTransition(
      forgetRespelledLocks(Acquired, *Lock, F.Family, Namer, C)
          ->set<LockMap>(Id, LockState::held(F.Family, Lock->Site)),
      lockNote(C, Id, Lock->Name + " acquired here" + Outcome + "TRUE)"));
  C.addTransition(
      Failed,
      lockNote(C, Id, Lock->Name + " not acquired" + Outcome + "FALSE)"));
}

void LockModeling::checkSynchronize(const CallEvent &Call,
                                    const LockFunction &F,
                                    CheckerContext &C) const {
  std::optional<LockArg> Lock = lockArgument(Call, F, C);
  if (!Lock)
    return;
  const LocationContext *LC = C.getLocationContext();
  LockNamer Namer(C);
  LockId Id = resolve(C.getState(), Lock->Id, F.Family, Namer);
  LockStatus Status = statusOf(C.getState(), Id, LC);
  if (Status == LockStatus::Held || Status == LockStatus::FrameworkHeld)
    reportDoubleAcquire(C, C.getState(), F, Id,
                        alreadyHeld(Lock->Name, F.Name,
                                    Status == LockStatus::FrameworkHeld, LC),
                        /*Deadlocks=*/true);
}

/// A request sent while a lock that raises IRQL is held: the lower driver's
/// completion may run on this thread, at that IRQL, and take the lock again.
void LockModeling::checkRestrictedCall(const CallEvent &Call,
                                       const RestrictedCall &R,
                                       CheckerContext &C) const {
  const RuleReporter *Rep = reporterFor(R.ByRule);
  if (!Rep)
    return;
  ProgramStateRef State = C.getState();
  const LockId *HeldId = nullptr;
  const LockState *HeldState = nullptr;
  const SourceManager &SM = C.getSourceManager();
  for (const auto &[Id, LS] : State->get<LockMap>()) {
    bool Held = LS.getKind() == LockState::Held ||
                LS.getKind() == LockState::FrameworkHeld;
    if (!Held || !lockFamilyInfo(LS.getFamily()).RaisesIrql)
      continue;
    // Name the first lock taken, in source order; the framework's first.
    bool Earlier = !HeldState || !LS.getAcquireSite() ||
                   (HeldState->getAcquireSite() &&
                    SM.isBeforeInTranslationUnit(
                        LS.getAcquireSite()->getBeginLoc(),
                        HeldState->getAcquireSite()->getBeginLoc()));
    if (Earlier) {
      HeldId = &Id;
      HeldState = &LS;
    }
  }
  if (!HeldState)
    return;
  std::string Lock;
  const LocationContext *LC = C.getLocationContext();
  if (HeldState->getAcquireSite()) {
    Lock = lockName(HeldState->getFamily(), HeldState->getAcquireSite(),
                    C.getASTContext());
  } else {
    // Held by the framework around this callback: name its parameter.
    std::string Param;
    if (const CallbackRole *Role = topFrameCallback(LC))
      if (Role->FrameworkHeld)
        if (const auto *FD = dyn_cast<FunctionDecl>(topFrameDecl(LC)))
          Param = FD->getParamDecl(Role->FrameworkHeld->HeldParam)
                      ->getNameAsString();
    Lock = lockName(HeldState->getFamily(), Param) +
           " (held by the framework around '" + callbackName(LC) + "')";
  }
  if (ExplodedNode *N = C.generateNonFatalErrorNode())
    emit(C, N, *Rep->SentWhileHeld,
         "Request sent by " + R.Name.str() + " while " + Lock + " is held",
         *HeldId);
}

/// The lock a call argument hands over: the handle itself, the address of
/// the memory slot that holds it (`&Ctx->Interrupt`), which names the lock
/// of the handle the slot held, or the address of a lock object.
struct PassedLock {
  LockId Id;
  LockFamily Family;
  bool ByValue;
  const TypedValueRegion *Slot; ///< Set for a handle slot's address.
};

static std::optional<PassedLock> passedLock(const CallEvent &Call, unsigned I,
                                            LockNamer &Namer) {
  SVal Arg = Call.getArgSVal(I);
  const Expr *ArgE = Call.getArgExpr(I);
  QualType T = ArgE ? ArgE->IgnoreParenCasts()->getType() : QualType();
  if (std::optional<LockFamily> F = lockFamilyOfType(T, /*AllowPointer=*/false);
      F && lockFamilyInfo(*F).Keying == LockKeying::ByHandle)
    if (std::optional<LockId> Id = Namer.nameHandle(Arg))
      return PassedLock{*Id, *F, /*ByValue=*/true, nullptr};
  std::optional<LockFamily> F = lockFamilyOfType(T, /*AllowPointer=*/true);
  if (!F)
    return std::nullopt;
  const MemRegion *R = Arg.getAsRegion();
  if (!R)
    return std::nullopt;
  if (lockFamilyInfo(*F).Keying == LockKeying::ByObject)
    if (std::optional<LockId> Id = Namer.nameObject(Arg))
      return PassedLock{*Id, *F, /*ByValue=*/true, nullptr};
  const auto *Slot =
      dyn_cast<TypedValueRegion>(Namer.canonicalRegion(R->StripCasts()));
  if (!Slot || !Slot->getValueType()->isPointerType())
    return std::nullopt;
  return PassedLock{LockId::handle(Namer.slotLock(Slot)), *F,
                    /*ByValue=*/false, Slot};
}

/// Without a body the analyzer cannot see what a driver function does with a
/// lock it receives: it may take or release it. Stop judging such locks on
/// this path, unless the user asked for Strict checking.
ProgramStateRef LockModeling::escapeLocksPassedToDriver(
    const CallEvent &Call, ProgramStateRef State, CheckerContext &C) const {
  const LocationContext *LC = C.getLocationContext();
  // Nothing to lose track of: no lock touched, none known not held, no
  // stored handle.
  if (State->get<LockMap>().isEmpty() && !topFrameCallback(LC) &&
      !identity::hasStoredHandles(State))
    return State;
  const auto *Callee = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  if (Callee ? isFrameworkFunction(Callee)
             : isFrameworkFunction(dyn_cast_or_null<FunctionDecl>(
                   C.getStackFrame()->getDecl())))
    return State; // The framework's own table call, in a Wdf wrapper.

  LockNamer Namer(C);
  for (unsigned I = 0, E = Call.getNumArgs(); I != E; ++I) {
    std::optional<PassedLock> Passed = passedLock(Call, I, Namer);
    if (!Passed)
      continue;
    // The callee may have stored another handle there: what the slot holds
    // from now on has no known provenance.
    if (Passed->Slot)
      State = identity::forgetSlot(State, Passed->Slot);
    LockId Id = resolve(State, Passed->Id, Passed->Family, Namer);
    bool Escapes = false;
    if (const LockState *LS = State->get<LockMap>(Id))
      Escapes = LS->getKind() == LockState::Held ||
                LS->getKind() == LockState::Released;
    else
      // An untouched lock escapes only when the lock itself is passed, or
      // every pointer passed anywhere would end up in the lock map.
      Escapes =
          Passed->ByValue && statusOf(State, Id, LC) == LockStatus::NotHeld;
    if (Escapes)
      State = State->set<LockMap>(Id, LockState::escaped(Passed->Family));
  }
  return State;
}

//===----------------------------------------------------------------------===//
// Checker callbacks
//===----------------------------------------------------------------------===//

LockModeling::LockModeling()
    : LockApi(makeCallMap(lockFunctions())),
      Restricted(makeCallMap(restrictedCalls())),
      Accessors(makeCallMap(pureAccessors())) {}

void LockModeling::checkBeginFunction(CheckerContext &C) const {
  if (!C.inTopFrame())
    return;
  const CallbackRole *Role = topFrameCallback(C.getLocationContext());
  if (!Role || !Role->FrameworkHeld)
    return;
  const auto *FD = dyn_cast<FunctionDecl>(C.getStackFrame()->getDecl());
  const ParmVarDecl *Param = FD->getParamDecl(Role->FrameworkHeld->HeldParam);
  ProgramStateRef State = C.getState();
  SVal Handle = State->getSVal(State->getLValue(Param, C.getLocationContext()));
  if (std::optional<LockId> Id = LockNamer(C).nameHandle(Handle))
    C.addTransition(State->set<LockMap>(
        *Id, LockState::frameworkHeld(Role->FrameworkHeld->Family)));
}

bool LockModeling::evalCall(const CallEvent &Call, CheckerContext &C) const {
  // The modeled functions are C functions called by name; a result is bound
  // to the call expression.
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
    C.addTransition(identity::evalPureAccessor(Call, C, this));
    return true;
  }
  return false;
}

void LockModeling::checkPreCall(const CallEvent &Call,
                                CheckerContext &C) const {
  if (const LockFunction *const *F = LockApi.lookup(Call))
    if ((*F)->Operation == LockOperation::Synchronize)
      checkSynchronize(Call, **F, C);
  if (const RestrictedCall *const *R = Restricted.lookup(Call))
    checkRestrictedCall(Call, **R, C);
}

void LockModeling::checkPostCall(const CallEvent &Call,
                                 CheckerContext &C) const {
  if (C.wasInlined)
    return;
  ProgramStateRef State = C.getState();
  // Asked on every path, even one that already went through such a call:
  // the first call of each function gets its remark.
  if (Coverage.notFollowed(Call, C))
    State = State->set<CtuCallNotFollowed>(true);
  if (!Strict && !LockApi.lookup(Call) && !Accessors.lookup(Call))
    State = escapeLocksPassedToDriver(Call, State, C);
  if (State != C.getState())
    C.addTransition(State);
}

void LockModeling::checkBranchCondition(const Stmt *, CheckerContext &C) const {
  // A branch visited again on one path is a loop's. LLVM 19 stops inlining
  // a function once one of its loops reaches the block budget; LLVM 22 also
  // once a loop over a bound it cannot tell might (its
  // inline-functions-with-ambiguous-loops, off by default), which it finds
  // out early. Any loop that iterated counts: a function whose calls are
  // inlined adds nothing that is forgotten.
  if (!C.inTopFrame() && C.blockCount() >= 2)
    if (const Decl *D = C.getStackFrame()->getDecl())
      ExhaustedCallees.insert(D->getCanonicalDecl());
}

void LockModeling::checkEndFunction(const ReturnStmt *RS,
                                    CheckerContext &C) const {
  if (C.inTopFrame() && topFrameCallback(C.getLocationContext()))
    reportHeldAtExit(RS, C);
}

void LockModeling::onBind(SVal Location, SVal Value, CheckerContext &C) const {
  if (ProgramStateRef State = identity::recordStore(C, Location, Value))
    if (State != C.getState())
      C.addTransition(State);
}

void LockModeling::checkLocation(SVal Location, bool IsLoad, const Stmt *,
                                 CheckerContext &C) const {
  if (IsLoad)
    if (ProgramStateRef State =
            identity::nameHandleAtSymbolicIndex(Location, C))
      C.addTransition(State);
}

void LockModeling::checkLiveSymbols(ProgramStateRef State,
                                    SymbolReaper &SR) const {
  // While the driver holds a lock, keep what is known about the contexts the
  // accessors returned: it keeps apart the paths to different exits, each of
  // which must report the lock held at it. Once no lock is held, let them die
  // as they would without this checker, so that the engine can merge paths
  // that differ only in them; a later accessor call still returns the same
  // value, just with less known about it.
  LockMapTy Locks = State->get<LockMap>();
  if (llvm::any_of(Locks, [](const auto &Entry) {
        return Entry.second.getKind() == LockState::Held;
      }))
    identity::keepAccessorResultsAlive(State, SR);
  // A lock at a symbolic index stays comparable with other elements.
  for (const auto &Entry : Locks) {
    LockId Id = Entry.first;
    if (SymbolRef Handle = Id.getHandle()) {
      if (const auto *RV = dyn_cast<SymbolRegionValue>(Handle))
        identity::keepIndicesAlive(RV->getRegion(), SR);
    } else {
      identity::keepIndicesAlive(Id.getObject(), SR);
    }
  }
}

void LockModeling::checkDeadSymbols(SymbolReaper &SR, CheckerContext &C) const {
  ProgramStateRef State =
      identity::forgetFinishedFrames(C.getState(), C.getLocationContext());
  if (State != C.getState())
    C.addTransition(State);
}

ProgramStateRef LockModeling::checkRegionChanges(
    ProgramStateRef State, const InvalidatedSymbols *Invalidated,
    ArrayRef<const MemRegion *>, ArrayRef<const MemRegion *> Regions,
    const LocationContext *LCtx, const CallEvent *Call) const {
  // A call that the analyzer does not inline passes itself; only one it
  // refused to inline because a loop of the body ran to the block budget
  // forgets what the driver's code says.
  if (Call) {
    const Decl *D = Call->getDecl();
    if (D && ExhaustedCallees.contains(D->getCanonicalDecl()))
      State = rememberForgottenValues(State, Regions, D->getCanonicalDecl());
    return State;
  }
  // A bind notifies with no invalidated symbols; a widened loop (or inline
  // assembly) with them.
  if (!Invalidated)
    return State;
  // What the loop may have written is what its function may write.
  State =
      rememberForgottenValues(State, Regions, LCtx ? LCtx->getDecl() : nullptr);
  return State->set<LocalsForgotten>(true);
}

void LockModeling::printState(raw_ostream &Out, ProgramStateRef State,
                              const char *NL, const char *Sep) const {
  LockMapTy Locks = State->get<LockMap>();
  if (!Locks.isEmpty()) {
    Out << Sep << "KMDF locks:" << NL;
    static const char *const KindNames[] = {"held", "released",
                                            "framework-held", "escaped"};
    for (const auto &[Id, LS] : Locks) {
      Out << "  " << ruleOfFamily(LS.getFamily()).RuleName << " ";
      Id.print(Out);
      Out << ": " << KindNames[LS.getKind()] << NL;
    }
  }
  QueueHandlesTy Queues = State->get<QueueHandles>();
  if (!Queues.isEmpty()) {
    Out << Sep << "KMDF queue handles:" << NL;
    for (const auto &[Handle, Binding] : Queues) {
      Out << "  ";
      Handle->dumpToStream(Out);
      Out << ": ";
      Binding.Lock.print(Out);
      Out << NL;
    }
  }
  identity::printState(Out, State, NL, Sep);
}

} // namespace

//===----------------------------------------------------------------------===//
// Registration
//===----------------------------------------------------------------------===//

void registerLockModeling(CheckerManager &Mgr) {
  auto *Checker = Mgr.registerChecker<LockModeling>();
  const AnalyzerOptions &Opts = Mgr.getAnalyzerOptions();
  llvm::StringRef Self = ModelingCheckerName;
  // The options belong to the kmdf package: every rule shares the model.
  Checker->Strict = Opts.getCheckerBooleanOption(Self, "Strict",
                                                 /*SearchInParents=*/true);
  llvm::StringRef Prefixes = Opts.getCheckerStringOption(
      Self, "CallbackRolePrefixes", /*SearchInParents=*/true);
  if (std::optional<std::vector<std::string>> Extra =
          parseRolePrefixList(Prefixes))
    Checker->Callbacks = CallbackClassifier(*Extra);
  else
    Mgr.getDiagnostics().Report(diag::err_analyzer_checker_option_invalid_input)
        << "kmdf:CallbackRolePrefixes"
        << "a list of identifier prefixes separated by ';'";
}

bool shouldRegisterLockModeling(const CheckerManager &) { return true; }

void registerRule(CheckerManager &Mgr) {
  CheckerNameRef Name = Mgr.getCurrentCheckerName();
  const RuleInfo *Rule = findRuleByChecker(llvm::StringRef(Name));
  assert(Rule && "registered under a rule's name");
  Mgr.getChecker<LockModeling>()->enableRule(*Rule, Name);
}

bool shouldRegisterRule(const CheckerManager &) { return true; }

} // namespace kmdf
