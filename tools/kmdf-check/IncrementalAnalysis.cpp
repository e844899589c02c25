//===- IncrementalAnalysis.cpp - Re-analyzing what an edit changed --------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The consumer below runs the analysis the way the analyzer's own consumer
// does (syntax checks over the declarations, then a path-sensitive analysis
// of each function of the main file in the reverse post-order of the call
// graph, skipping those already inlined unless the inlining mode is "all",
// then the end-of-translation-unit checks), on the analyzer's engine
// (ExprEngine) and with its function summaries, which it owns. Between two
// top-level analyses it can thus compare, record and replay.
//
//===----------------------------------------------------------------------===//

#include "IncrementalAnalysis.h"

#include "Cancellation.h"
#include "Dependencies.h"
#include "SourceLayout.h"

#include "kmdf-check/ToolCompat.h"
#include "kmdf-check/Registration.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/Analyses/LiveVariables.h"
#include "clang/Analysis/CallGraph.h"
#include "clang/Analysis/PathDiagnostic.h"
#include "clang/CrossTU/CrossTranslationUnit.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ConstraintManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ExprEngine.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/Store.h"
#include "clang/StaticAnalyzer/Frontend/AnalysisConsumer.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/StringMap.h"

#include <map>
#include <regex>

using namespace clang;
using namespace clang::ento;

namespace kmdf::tool {

namespace {

//===----------------------------------------------------------------------===//
// What is remembered of one top-level analysis
//===----------------------------------------------------------------------===//

/// A function's summary as far as it decides an analysis: whether it may
/// still be inlined, and how often it was (which matters for large ones).
struct SummaryState {
  bool NoInline = false;
  unsigned Inlined = 0;

  friend bool operator==(const SummaryState &A, const SummaryState &B) {
    return A.NoInline == B.NoInline && A.Inlined == B.Inlined;
  }
};

struct SummaryRead {
  std::string Key;
  SummaryState State;
};

struct SummaryWrite {
  std::string Key;
  bool NoInline;    ///< After the analysis.
  unsigned Inlined; ///< Times inlined by the analysis.
};

/// A report with positions that survive edits elsewhere in the file: a
/// position in the main file counts lines from its region's first line.
struct StoredReport {
  Finding F;
  /// For F.Position, then each path note: the region it counts from, or
  /// empty for an absolute position.
  std::vector<std::string> Regions;
  /// Line numbers in the messages ("Execution continues on line 12"), which
  /// the messages hold as LineMark + index + LineMark: a region and a line
  /// counted from its first.
  std::vector<std::pair<std::string, unsigned>> Lines;
  /// What the analyzer compares to deduplicate reports (PathDiagnostic's
  /// profile), in LocationEncoder's terms.
  std::string Profile;
  /// PathDiagnostic::full_size(): of two equal reports the shorter stays.
  unsigned Size = 0;
};

struct TopLevelRecord {
  uint64_t Inputs = 0;
  std::vector<SummaryRead> Start;
  std::vector<std::string> Inlined;
  std::vector<SummaryWrite> Writes;
  /// The regions and #defines the reports refer to, with their digests.
  std::vector<std::pair<std::string, uint64_t>> Uses;
  std::vector<StoredReport> Reports;
  /// The reports the analysis made inside the functions it entered (by the
  /// region they lie in), and those of earlier analyses it may have seen
  /// (InsideKey, sorted): see InsideReport.
  std::vector<std::pair<std::string, std::string>> Inside;
  std::vector<std::string> SeenInside;
};

struct CommandMemory {
  uint64_t GlobalKey = 0;
  uint64_t ContextHash = 0;
  std::map<std::string, TopLevelRecord> Records;
};

} // namespace

struct IncrementalAnalyzer::Memory {
  std::map<unsigned, CommandMemory> Commands;
  IncrementalStats Stats;
};

namespace {

//===----------------------------------------------------------------------===//
// Reports, one top-level analysis at a time
//===----------------------------------------------------------------------===//

/// Keeps the analyzer's path diagnostics until they are taken. Like every
/// consumer it drops repeats as they arrive; taking them after each
/// top-level analysis leaves the repeats across analyses to the merge.
class ReportCollector : public PathDiagnosticConsumer {
public:
  void FlushDiagnosticsImpl(std::vector<const PathDiagnostic *> &,
                            FilesMade *) override {}
  StringRef getName() const override { return "kmdf-check"; }
  // What Analysis.cpp's FindingCollector says: the same paths result.
  PathGenerationScheme getGenerationScheme() const override { return Minimal; }
  bool supportsCrossFileDiagnostics() const override { return true; }

  template <typename Fn> void take(Fn Each) {
    std::vector<PathDiagnostic *> All;
    for (PathDiagnostic &D : Diags)
      All.push_back(&D);
    Diags.clear();
    for (PathDiagnostic *D : All) {
      Each(*D);
      delete D;
    }
  }
};

/// Ends every path of the running analysis once the run is cancelled, so
/// that a long top-level analysis stops soon. It adds nothing otherwise.
class CancellationChecker
    : public Checker<check::BeginFunction, check::BranchCondition,
                     check::PreCall> {
public:
  const Cancellation *Cancel = nullptr;

  void checkBeginFunction(CheckerContext &C) const { stop(C); }
  void checkBranchCondition(const Stmt *, CheckerContext &C) const { stop(C); }
  void checkPreCall(const CallEvent &, CheckerContext &C) const { stop(C); }

private:
  void stop(CheckerContext &C) const {
    if (Cancel && Cancel->isCancelled())
      C.generateSink(C.getState(), C.getPredecessor());
  }
};

/// Stands for a line number in a remembered message.
constexpr char LineMark = '\x1e';

/// A report ready for the merge: absolute positions.
struct MergeItem {
  Finding F;
  std::string Profile;
  unsigned Size;
};

std::string encode(LocationEncoder &Enc, const PathDiagnosticLocation &L) {
  SourceRange R = L.asRange();
  return Enc.encode(R.getBegin()) + "," + Enc.encode(R.getEnd()) + "," +
         Enc.encode(L.asLocation());
}

//===----------------------------------------------------------------------===//
// The consumer
//===----------------------------------------------------------------------===//

class IncrementalConsumer;

/// The syntax checks, over the same declarations in the same order as the
/// analyzer's consumer visits them.
class SyntaxVisitor : public RecursiveASTVisitor<SyntaxVisitor> {
public:
  SyntaxVisitor(IncrementalConsumer &Owner) : Owner(Owner) {}
  bool shouldWalkTypesOfTypeLocs() const { return false; }
  bool VisitDecl(Decl *D);
  bool VisitFunctionDecl(FunctionDecl *FD);
  bool VisitBlockDecl(BlockDecl *BD);

private:
  IncrementalConsumer &Owner;
};

class IncrementalConsumer : public ASTConsumer {
public:
  IncrementalConsumer(CompilerInstance &CI, CommandMemory &Memory,
                      IncrementalStats &Stats, const Cancellation *Cancel,
                      const AnalysisProgressFn &Progress,
                      std::vector<Finding> &Out, uint64_t CommandKey)
      : CI(CI), PP(CI.getPreprocessor()), Opts(CI.getAnalyzerOpts()),
        Memory(Memory), Stats(Stats), Cancel(Cancel), Progress(Progress),
        Out(Out), CommandKey(CommandKey), CTU(CI) {
    auto Recorder = std::make_unique<PreprocessorLog>(PP);
    Log = Recorder.get();
    PP.addPPCallbacks(std::move(Recorder));
  }

  bool HandleTopLevelDecl(DeclGroupRef DG) override {
    for (Decl *D : DG)
      TopLevel.push_back(D);
    return true;
  }

  void HandleTranslationUnit(ASTContext &Ctx) override;

  // For SyntaxVisitor.
  enum Mode { None = 0, Syntax = 1, Path = 2 };
  unsigned modeFor(const Decl *D, unsigned Wanted) const;
  void analyzeSyntax(Decl *D);
  CheckerManager &checkers() { return *Checkers; }
  AnalysisManager &manager() { return *Mgr; }
  BugReporter &translationUnitReporter() { return *TUReporter; }

private:
  /// The syntax checks, the path-sensitive analyses and the end of the
  /// translation unit, replaying what \p Reuse allows; false when an
  /// analysis had to run again whose result depends on one replayed.
  bool runAll(ASTContext &C, bool Reuse);
  bool prepare(Decl *D);
  bool analyzeTopLevel(Decl *D, SetOfConstDecls &Callees, bool Reuse);
  bool canReuse(const TopLevelRecord &R,
                llvm::ArrayRef<const FunctionDecl *> Closure,
                std::vector<SummaryRead> &Now);
  void replay(const TopLevelRecord &R, SetOfConstDecls &Callees);
  void runEngine(Decl *D, SetOfConstDecls &Callees);
  SummaryState summaryOf(const FunctionDecl *Def);
  bool isLarge(const FunctionDecl *Def);
  const std::string &keyOf(const Decl *D);
  uint64_t inputsOf(llvm::ArrayRef<const FunctionDecl *> Closure);
  void takeReports(TopLevelRecord *Record, std::vector<MergeItem> &Group,
                   bool &Reusable, const Region *Entry = nullptr);
  MergeItem relocate(const StoredReport &R);
  void merge();
  void indexFunctions(ASTContext &Ctx);

  CompilerInstance &CI;
  Preprocessor &PP;
  AnalyzerOptions &Opts;
  CommandMemory &Memory;
  IncrementalStats &Stats;
  const Cancellation *Cancel;
  const AnalysisProgressFn &Progress;
  std::vector<Finding> &Out;
  uint64_t CommandKey;
  cross_tu::CrossTranslationUnitContext CTU;

  PreprocessorLog *Log = nullptr; // Owned by the preprocessor.
  std::vector<Decl *> TopLevel;
  ASTContext *Ctx = nullptr;
  std::unique_ptr<SourceLayout> Layout;
  std::unique_ptr<LocationEncoder> Encoder;
  std::unique_ptr<Dependencies> Deps;
  std::unique_ptr<CheckerManager> Checkers;
  std::unique_ptr<AnalysisManager> Mgr;
  ReportCollector *Collector = nullptr; // Owned by Mgr.
  std::unique_ptr<BugReporter> TUReporter;
  std::unique_ptr<FunctionSummariesTy> Summaries;
  bool MayReuse = true;
  bool HasPathCheckers = false;
  std::string MainFile;

  /// Every function with a body, as the declaration that has it.
  std::vector<const FunctionDecl *> Functions;
  llvm::StringMap<const FunctionDecl *> FunctionsByKey;
  llvm::DenseMap<const Decl *, std::string> Keys;
  llvm::DenseMap<const FunctionDecl *, bool> Large;

  std::vector<std::vector<MergeItem>> Groups;
  std::map<std::string, TopLevelRecord> NewRecords;

  /// A report that an analysis made inside a function it entered, not in
  /// its own: a checker may remember it, and report differently when it
  /// analyzes that function later (kmdf's checkers do not report again, on
  /// a helper's own analysis, what they reported from a caller). So an
  /// analysis depends on the reports of the earlier ones in the functions it
  /// may enter, and one that runs cannot do without those of the earlier
  /// analyses that were replayed instead of run.
  struct InsideReport {
    std::string Region; ///< Where it lies.
    std::string Key;    ///< Bug type and location.
    bool Replayed;
  };
  std::vector<InsideReport> Inside;
};

bool SyntaxVisitor::VisitDecl(Decl *D) {
  if (Owner.modeFor(D, IncrementalConsumer::Syntax) &
      IncrementalConsumer::Syntax)
    Owner.checkers().runCheckersOnASTDecl(D, Owner.manager(),
                                          Owner.translationUnitReporter());
  return true;
}

bool SyntaxVisitor::VisitFunctionDecl(FunctionDecl *FD) {
  if (const IdentifierInfo *II = FD->getIdentifier())
    if (II->getName().starts_with("__inline"))
      return true;
  if (FD->isThisDeclarationADefinition() && !FD->isDependentContext())
    Owner.analyzeSyntax(FD);
  return true;
}

bool SyntaxVisitor::VisitBlockDecl(BlockDecl *BD) {
  if (BD->hasBody() && !BD->isDependentContext())
    Owner.analyzeSyntax(BD);
  return true;
}

unsigned IncrementalConsumer::modeFor(const Decl *D, unsigned Wanted) const {
  const SourceManager &SM = Ctx->getSourceManager();
  const Stmt *Body = D->getBody();
  SourceLocation Loc =
      SM.getExpansionLoc(Body ? Body->getBeginLoc() : D->getLocation());
  if (Loc.isInvalid() || SM.isInSystemHeader(Loc))
    return None;
  if (!Mgr->isInCodeFile(Loc))
    return Wanted & ~Path;
  return Wanted;
}

void IncrementalConsumer::analyzeSyntax(Decl *D) {
  if (!D->hasBody() || !(modeFor(D, Syntax) & Syntax))
    return;
  Mgr->ClearContexts();
  if (Mgr->getAnalysisDeclContext(D)->isBodyAutosynthesized())
    return;
  Mgr->getCFG(D);
  BugReporter BR(*Mgr);
  BR.setAnalysisEntryPoint(D);
  Checkers->runCheckersOnASTBody(D, *Mgr, BR);
  BR.FlushReports();
}

const std::string &IncrementalConsumer::keyOf(const Decl *D) {
  D = D->getCanonicalDecl();
  auto It = Keys.find(D);
  if (It == Keys.end())
    It = Keys.try_emplace(D, declKey(D)).first;
  return It->second;
}

/// Every function that has a body, so that the summaries of all of them can
/// be compared before and after an analysis.
class FunctionIndexer : public RecursiveASTVisitor<FunctionIndexer> {
public:
  std::vector<const FunctionDecl *> Found;
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->doesThisDeclarationHaveABody() && !FD->isDependentContext())
      Found.push_back(FD);
    return true;
  }
};

void IncrementalConsumer::indexFunctions(ASTContext &Ctx) {
  FunctionIndexer Indexer;
  Indexer.TraverseDecl(Ctx.getTranslationUnitDecl());
  llvm::SmallPtrSet<const FunctionDecl *, 32> Seen;
  for (const FunctionDecl *FD : Indexer.Found) {
    if (!Seen.insert(FD).second)
      continue;
    Functions.push_back(FD);
    auto [It, New] = FunctionsByKey.try_emplace(keyOf(FD), FD);
    if (!New && It->second != FD) {
      // Two functions one name: nothing about them can be replayed.
      MayReuse = false;
      Stats.WholeFileReason = "two functions have the same name";
    }
  }
}

void IncrementalConsumer::HandleTranslationUnit(ASTContext &C) {
  Ctx = &C;
  DiagnosticsEngine &Diags = PP.getDiagnostics();
  if (Diags.hasErrorOccurred() || Diags.hasFatalErrorOccurred())
    return;
  llvm::StringRef MainText =
      C.getSourceManager().getBufferData(C.getSourceManager().getMainFileID());
  if ((Opts.ShouldIgnoreBisonGeneratedFiles &&
       MainText.contains("/* A Bison parser, made by")) ||
      (Opts.ShouldIgnoreFlexGeneratedFiles &&
       MainText.contains("/* A lexical scanner generated by flex")) ||
      Opts.DisableAllCheckers)
    return;
  MainFile = toPosition(C.getSourceManager(),
                        C.getSourceManager().getLocForStartOfFile(
                            C.getSourceManager().getMainFileID()))
                 .File;

  Layout = std::make_unique<SourceLayout>(C, *Log);
  Encoder = std::make_unique<LocationEncoder>(C.getSourceManager(), *Layout);
  Deps = std::make_unique<Dependencies>(C);
  uint64_t GlobalKey =
      Digest().add(CommandKey).add(Layout->headersHash()).get();
  if (!Layout->unsupported().empty()) {
    MayReuse = false;
    Stats.WholeFileReason = "every time: " + Layout->unsupported();
  } else if (Memory.GlobalKey == 0) {
    Stats.WholeFileReason = "first analysis";
  } else if (Memory.GlobalKey != GlobalKey) {
    Stats.WholeFileReason =
        "a header, the compile command or the checks changed";
  } else if (Memory.ContextHash != Layout->contextHash()) {
    Stats.WholeFileReason = "the file changed outside its functions";
  }
  if (!Stats.WholeFileReason.empty())
    Memory.Records.clear();
  Memory.GlobalKey = GlobalKey;
  Memory.ContextHash = Layout->contextHash();
  indexFunctions(C);

  if (!runAll(C, /*Reuse=*/true)) {
    // Start again, all of it: the checkers' memory of the first attempt is
    // not what a whole-file analysis would have.
    Stats.WholeFileReason = "an analysis depends on reports of one that was "
                            "not run again";
    Stats.Analyzed = Stats.Reused = Stats.NotReusable = 0;
    runAll(C, /*Reuse=*/false);
  }
}

bool IncrementalConsumer::runAll(ASTContext &C, bool Reuse) {
  Groups.clear();
  NewRecords.clear();
  Inside.clear();
  Summaries = std::make_unique<FunctionSummariesTy>();
  TUReporter.reset();
  Mgr.reset();
  Checkers.reset();
  std::vector<std::function<void(CheckerRegistry &)>> Registration = {
      [](CheckerRegistry &Registry) { kmdf::registerCheckers(Registry); }};
  Checkers = std::make_unique<CheckerManager>(
      C, Opts, PP, CI.getFrontendOpts().Plugins, Registration);
  HasPathCheckers = Checkers->hasPathSensitiveCheckers();
  compat::registerUnnamedChecker<CancellationChecker>(*Checkers)->Cancel =
      Cancel;
  auto OwnedCollector = std::make_unique<ReportCollector>();
  Collector = OwnedCollector.get();
  Mgr = compat::makeAnalysisManager(
      C, PP, std::move(OwnedCollector), CreateRegionStoreManager,
      CreateRangeConstraintManager, *Checkers, Opts);

  // Syntax checks: the translation unit, then each declaration.
  TranslationUnitDecl *TU = C.getTranslationUnitDecl();
  TUReporter = std::make_unique<BugReporter>(*Mgr);
  TUReporter->setAnalysisEntryPoint(TU);
  Checkers->runCheckersOnASTDecl(TU, *Mgr, *TUReporter);
  SyntaxVisitor Visitor(*this);
  for (Decl *D : TopLevel)
    Visitor.TraverseDecl(D);
  bool Unused = true;
  Groups.emplace_back();
  takeReports(nullptr, Groups.back(), Unused);

  // Path-sensitive analyses, callers before callees.
  CallGraph Graph;
  for (Decl *D : TopLevel)
    Graph.addToCallGraph(D);
  llvm::ReversePostOrderTraversal<CallGraph *> Order(&Graph);
  unsigned Total = 0, Done = 0;
  for (CallGraphNode *N : Order)
    if (N->getDecl())
      ++Total;
  SetOfConstDecls Visited, VisitedAsTopLevel;
  for (CallGraphNode *N : Order) {
    Decl *D = N->getDecl();
    if (!D)
      continue;
    if (Progress)
      Progress(Done, Total);
    ++Done;
    if (VisitedAsTopLevel.count(D))
      continue;
    const auto *MD = dyn_cast<CXXMethodDecl>(D);
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(D))
      if (Ctor->isInheritingConstructor())
        continue;
    bool AlwaysAgain = MD && (MD->isCopyAssignmentOperator() ||
                              MD->isMoveAssignmentOperator());
    if (!AlwaysAgain && Visited.count(D))
      continue;
    if (Cancel && Cancel->isCancelled()) {
      Stats.Cancelled = true;
      break;
    }
    SetOfConstDecls Callees;
    if (!analyzeTopLevel(D, Callees, Reuse))
      return false;
    if (Cancel && Cancel->isCancelled()) {
      Stats.Cancelled = true;
      break;
    }
    if (Opts.InliningMode != All)
      for (const Decl *Callee : Callees)
        Visited.insert(Callee->getCanonicalDecl());
    VisitedAsTopLevel.insert(D);
  }

  // A complete run replaces the memory; a cancelled one adds what it did.
  if (Stats.Cancelled) {
    for (auto &[Key, Record] : NewRecords)
      Memory.Records[Key] = std::move(Record);
    return true;
  }
  Memory.Records = std::move(NewRecords);
  if (Progress)
    Progress(Total, Total);

  Checkers->runCheckersOnEndOfTranslationUnit(TU, *Mgr, *TUReporter);
  TUReporter->FlushReports();
  Groups.emplace_back();
  takeReports(nullptr, Groups.back(), Unused);
  merge();
  return true;
}

SummaryState IncrementalConsumer::summaryOf(const FunctionDecl *Def) {
  std::optional<bool> May = Summaries->mayInline(Def);
  return {May.has_value() && !*May, Summaries->getNumTimesInlined(Def)};
}

bool IncrementalConsumer::isLarge(const FunctionDecl *Def) {
  auto It = Large.find(Def);
  if (It != Large.end())
    return It->second;
  const CFG *Graph = Mgr->getAnalysisDeclContext(Def)->getCFG();
  bool Result = Graph && Graph->size() >= Opts.MinCFGSizeTreatFunctionsAsLarge;
  Large[Def] = Result;
  return Result;
}

uint64_t
IncrementalConsumer::inputsOf(llvm::ArrayRef<const FunctionDecl *> Closure) {
  std::vector<std::pair<std::string, uint64_t>> Parts;
  for (const FunctionDecl *FD : Closure) {
    uint64_t Text = 0; // Outside the main file: the headers' digest covers it.
    if (const Region *R = Layout->regionOf(FD))
      Text = R->Hash;
    else if (FD->isImplicit())
      Text = 1;
    Parts.emplace_back(keyOf(FD), Text);
  }
  llvm::sort(Parts);
  Digest D;
  D.add(Layout->contextHash()).add(keyOf(Closure.front()));
  for (const auto &[Key, Text] : Parts)
    D.add(Key).add(Text);
  return D.get();
}

bool IncrementalConsumer::canReuse(const TopLevelRecord &R,
                                   llvm::ArrayRef<const FunctionDecl *> Closure,
                                   std::vector<SummaryRead> &Now) {
  for (const auto &[Key, Hash] : R.Uses) {
    llvm::StringRef K(Key);
    if (K.consume_front("#define ")) {
      if (Layout->definitionHash(K) != Hash)
        return false;
    } else {
      const Region *Used = Layout->regionByKey(Key);
      if (!Used || Used->Hash != Hash)
        return false;
    }
  }
  if (R.Start.size() != Now.size())
    return false;
  for (size_t I = 0; I < Now.size(); ++I) {
    const SummaryRead &Then = R.Start[I];
    if (Then.Key != Now[I].Key || Then.State.NoInline != Now[I].State.NoInline)
      return false;
    if (Then.State.Inlined == Now[I].State.Inlined)
      continue;
    // The count decides only whether a large function is inlined once more:
    // the analysis went the same way if it never reached the limit.
    const FunctionDecl *Def = FunctionsByKey.lookup(Then.Key);
    if (!Def || !isLarge(Def))
      continue;
    unsigned Limit = Opts.MaxTimesInlineLarge, More = 0;
    for (const SummaryWrite &W : R.Writes)
      if (W.Key == Then.Key)
        More = W.Inlined;
    bool BothSaturated =
        Then.State.Inlined > Limit && Now[I].State.Inlined > Limit;
    bool NeitherReached = Then.State.Inlined + More <= Limit &&
                          Now[I].State.Inlined + More <= Limit;
    if (!BothSaturated && !NeitherReached)
      return false;
  }
  (void)Closure;
  return true;
}

void IncrementalConsumer::replay(const TopLevelRecord &R,
                                 SetOfConstDecls &Callees) {
  for (const std::string &Key : R.Inlined)
    if (const FunctionDecl *FD = FunctionsByKey.lookup(Key))
      Callees.insert(FD);
  for (const SummaryWrite &W : R.Writes) {
    const FunctionDecl *Def = FunctionsByKey.lookup(W.Key);
    if (!Def)
      continue;
    if (W.NoInline && !summaryOf(Def).NoInline)
      Summaries->markShouldNotInline(Def);
    for (unsigned I = 0; I < W.Inlined; ++I)
      Summaries->bumpNumTimesInlined(Def);
  }
  Groups.emplace_back();
  for (const StoredReport &Report : R.Reports)
    Groups.back().push_back(relocate(Report));
  for (const auto &[Where, Key] : R.Inside)
    Inside.push_back({Where, Key, /*Replayed=*/true});
}

bool IncrementalConsumer::prepare(Decl *D) {
  // The analyzer's steps before it analyzes a function, which also decide
  // whether it does.
  if (!D->hasBody() || !(modeFor(D, Path) & Path))
    return false;
  Mgr->ClearContexts();
  if (Mgr->getAnalysisDeclContext(D)->isBodyAutosynthesized())
    return false;
  // The analyzer also skips a function whose relaxed liveness cannot be
  // computed: no CFG, or one of more blocks than the liveness analysis
  // accepts. Asking for that analysis here, as the analyzer's consumer does,
  // would downcast a LiveVariables to RelaxedLiveVariables in our code, which
  // UBSan rejects; the analysis itself runs later, inside the engine.
  const CFG *Cfg = Mgr->getCFG(D);
  constexpr unsigned LivenessBlockLimit = 300000;
  return HasPathCheckers && Cfg && Cfg->getNumBlockIDs() <= LivenessBlockLimit;
}

bool IncrementalConsumer::analyzeTopLevel(Decl *D, SetOfConstDecls &Callees,
                                          bool Reuse) {
  if (!prepare(D))
    return true;

  const auto *FD = dyn_cast<FunctionDecl>(D);
  const FunctionDecl *Def = FD ? Dependencies::bodyOf(FD) : nullptr;
  bool Remember = Def && MayReuse;
  std::vector<const FunctionDecl *> Closure;
  std::vector<SummaryRead> Start;
  std::vector<std::string> SeenInside;
  llvm::StringSet<> ClosureRegions;
  uint64_t Inputs = 0;
  if (Remember) {
    Closure = Deps->closure(Def);
    Inputs = inputsOf(Closure);
    for (const FunctionDecl *Callee : Closure) {
      if (Dependencies::bodyOf(Callee))
        Start.push_back({keyOf(Callee), summaryOf(Callee)});
      if (const Region *R = Layout->regionOf(Callee))
        ClosureRegions.insert(R->Key);
    }
    for (const InsideReport &Earlier : Inside)
      if (ClosureRegions.count(Earlier.Region))
        SeenInside.push_back(Earlier.Key);
    llvm::sort(SeenInside);
    SeenInside.erase(std::unique(SeenInside.begin(), SeenInside.end()),
                     SeenInside.end());
    auto It = Memory.Records.find(keyOf(Def));
    if (Reuse && It != Memory.Records.end() && It->second.Inputs == Inputs &&
        It->second.SeenInside == SeenInside &&
        canReuse(It->second, Closure, Start)) {
      replay(It->second, Callees);
      NewRecords[keyOf(Def)] = It->second;
      ++Stats.Reused;
      return true;
    }
  }
  // Running it, the checkers must have seen every earlier report it may
  // depend on: none of them may come from an analysis replayed.
  for (const InsideReport &Earlier : Inside)
    if (Earlier.Replayed &&
        (!Remember || ClosureRegions.count(Earlier.Region)))
      return false;

  // Analyze it, as the analyzer would.
  std::vector<SummaryState> Before;
  Before.reserve(Functions.size());
  for (const FunctionDecl *F : Functions)
    Before.push_back(summaryOf(F));
  prepare(D); // Afresh: the decision above may have built other contexts.
  runEngine(D, Callees);
  ++Stats.Analyzed;
  if (Cancel && Cancel->isCancelled())
    return true;

  TopLevelRecord Record;
  bool Reusable = Remember;
  Groups.emplace_back();
  const Region *Own = Def ? Layout->regionOf(Def) : nullptr;
  takeReports(&Record, Groups.back(), Reusable, Own);
  for (const auto &[Where, Key] : Record.Inside)
    Inside.push_back({Where, Key, /*Replayed=*/false});
  if (!Reusable) {
    ++Stats.NotReusable;
    return true;
  }
  llvm::StringSet<> InClosure;
  for (const FunctionDecl *F : Closure)
    InClosure.insert(keyOf(F));
  for (size_t I = 0; I < Functions.size(); ++I) {
    SummaryState After = summaryOf(Functions[I]);
    if (After == Before[I])
      continue;
    const std::string &Key = keyOf(Functions[I]);
    // A change to a function the scan did not see coming: its inputs are
    // not all known, so it is not remembered.
    if (!InClosure.count(Key))
      Reusable = false;
    Record.Writes.push_back(
        {Key, After.NoInline, After.Inlined - Before[I].Inlined});
  }
  for (const Decl *Callee : Callees) {
    const std::string &Key = keyOf(Callee);
    if (!InClosure.count(Key))
      Reusable = false;
    Record.Inlined.push_back(Key);
  }
  if (!Reusable) {
    ++Stats.NotReusable;
    return true;
  }
  llvm::sort(Record.Inlined);
  Record.Inputs = Inputs;
  Record.Start = std::move(Start);
  Record.SeenInside = std::move(SeenInside);
  NewRecords[keyOf(Def)] = std::move(Record);
  return true;
}

void IncrementalConsumer::runEngine(Decl *D, SetOfConstDecls &Callees) {
  // The analyzer hands its set of inlined functions only in the modes that
  // use it; handing it always changes nothing else.
  ExprEngine Engine(CTU, *Mgr, &Callees, Summaries.get(),
                    ExprEngine::Inline_Regular);
  Engine.ExecuteWorkList(Mgr->getAnalysisDeclContextManager().getStackFrame(D),
                         Opts.MaxNodesPerTopLevelFunction);
  Engine.getBugReporter().FlushReports();
}

/// The line numbers that the analyzer writes into its notes ("Control jumps
/// to line 28", "Execution continues on line 30"): lines of the note's own
/// file.
static const std::regex &lineReference() {
  static const std::regex LineRef("\\b(on|to|at) line ([0-9]+)");
  return LineRef;
}

void IncrementalConsumer::takeReports(TopLevelRecord *Record,
                                      std::vector<MergeItem> &Group,
                                      bool &Reusable, const Region *Entry) {
  std::vector<StoredReport> *Stored = Record ? &Record->Reports : nullptr;
  std::vector<std::pair<std::string, uint64_t>> *Uses =
      Record ? &Record->Uses : nullptr;
  Collector->take([&](const PathDiagnostic &D) {
    Encoder->reset();
    MergeItem Item;
    Item.F = toFinding(D);
    Item.Size = const_cast<PathDiagnostic &>(D).full_size();
    StoredReport S;
    // Rewrites the line numbers of a message: as region and line within it
    // (stable), and as a reference to S.Lines (for storage).
    auto Lines = [&](std::string &Message, const SourcePosition &P,
                     std::string *Stable) {
      if (P.File != MainFile) {
        if (Stable)
          *Stable = Message;
        return;
      }
      std::string Marked, Plain;
      std::smatch M;
      std::string Rest = Message;
      while (std::regex_search(Rest, M, lineReference())) {
        unsigned Line = std::stoul(M[2].str());
        std::string Head = M.prefix().str() + M[1].str() + " line ";
        Marked += Head;
        Plain += Head;
        if (const Region *R = Layout->regionAtLine(Line)) {
          Plain += "@" + R->Key + "+" + std::to_string(Line - R->FirstLine);
          Marked += LineMark + std::to_string(S.Lines.size()) + LineMark;
          S.Lines.emplace_back(R->Key, Line - R->FirstLine);
          if (Uses)
            Uses->emplace_back(R->Key, R->Hash);
        } else {
          Reusable = false;
          Plain += M[2].str();
          Marked += M[2].str();
        }
        Rest = M.suffix().str();
      }
      if (Stable)
        *Stable = Plain + Rest;
      Message = Marked + Rest;
    };
    std::string Description = Item.F.Message;
    S.F = Item.F;
    Lines(S.F.Message, S.F.Position, &Description);
    for (PathNote &Note : S.F.Path)
      Lines(Note.Message, Note.Position, nullptr);
    std::string Where = encode(*Encoder, D.getLocation());
    Item.Profile = (D.getBugType() + "\x1f" + Description + "\x1f" +
                    D.getCategory() + "\x1f")
                       .str() +
                   Where + "\x1f" + encode(*Encoder, D.getUniqueingLoc());
    if (Record && Item.F.Position.File == MainFile) {
      // A report inside a function the analysis entered.
      const Region *In = Layout->regionAtLine(Item.F.Position.Line);
      if (In && In != Entry)
        Record->Inside.emplace_back(
            In->Key, (D.getCheckerName() + "\x1f" + D.getBugType() + "\x1f")
                             .str() +
                         Where);
    }
    if (Stored) {
      S.Profile = Item.Profile;
      S.Size = Item.Size;
      auto Relative = [&](SourcePosition &P) {
        if (P.File != MainFile)
          return std::string();
        const Region *R = Layout->regionAtLine(P.Line);
        if (!R) {
          Reusable = false;
          return std::string();
        }
        Uses->emplace_back(R->Key, R->Hash);
        P.Line -= R->FirstLine;
        return R->Key;
      };
      S.Regions.push_back(Relative(S.F.Position));
      for (PathNote &Note : S.F.Path)
        S.Regions.push_back(Relative(Note.Position));
      if (Encoder->usedContext())
        Reusable = false;
      for (const auto &Use : Encoder->regionsUsed())
        Uses->push_back(Use);
      Stored->push_back(std::move(S));
    }
    Group.push_back(std::move(Item));
  });
  if (Uses) {
    llvm::sort(*Uses);
    Uses->erase(std::unique(Uses->begin(), Uses->end()), Uses->end());
  }
}

MergeItem IncrementalConsumer::relocate(const StoredReport &R) {
  MergeItem Item{R.F, R.Profile, R.Size};
  auto Absolute = [&](SourcePosition &P, const std::string &Key) {
    if (Key.empty())
      return;
    if (const Region *Now = Layout->regionByKey(Key))
      P.Line += Now->FirstLine;
  };
  Absolute(Item.F.Position, R.Regions[0]);
  for (size_t I = 0; I < Item.F.Path.size(); ++I)
    Absolute(Item.F.Path[I].Position, R.Regions[I + 1]);
  auto AbsoluteLines = [&](std::string &Message) {
    if (R.Lines.empty())
      return;
    std::string Result;
    llvm::StringRef Rest = Message;
    while (true) {
      auto [Before, After] = Rest.split(LineMark);
      Result += Before;
      if (After.data() == nullptr || Before.size() == Rest.size())
        break;
      auto [Index, Tail] = After.split(LineMark);
      const auto &[Key, Line] = R.Lines[std::stoul(Index.str())];
      const Region *Now = Layout->regionByKey(Key);
      Result += std::to_string(Line + (Now ? Now->FirstLine : 0));
      Rest = Tail;
    }
    Message = Result;
  };
  AbsoluteLines(Item.F.Message);
  for (PathNote &Note : Item.F.Path)
    AbsoluteLines(Note.Message);
  return Item;
}

void IncrementalConsumer::merge() {
  // The analyzer's consumer keeps one report of each profile across the
  // whole file: the one with the shortest path, the first of equals.
  llvm::StringMap<size_t> Index;
  std::vector<const MergeItem *> Kept;
  for (const std::vector<MergeItem> &Group : Groups)
    for (const MergeItem &Item : Group) {
      auto [It, New] = Index.try_emplace(Item.Profile, Kept.size());
      if (New)
        Kept.push_back(&Item);
      else if (Kept[It->second]->Size > Item.Size)
        Kept[It->second] = &Item;
    }
  for (const MergeItem *Item : Kept)
    Out.push_back(Item->F);
}

/// Why \p CI's analysis cannot be done incrementally, or empty.
std::string unsupported(CompilerInstance &CI) {
  const AnalyzerOptions &Opts = CI.getAnalyzerOpts();
  if (CI.getLangOpts().ObjC)
    return "Objective-C";
  if (CI.getLangOpts().Blocks)
    return "blocks (-fblocks)";
  if (!Opts.AnalyzeSpecificFunction.empty())
    return "-analyze-function";
  if (Opts.AnalyzeAll)
    return "-analyzer-opt-analyze-headers";
  if (Opts.IsNaiveCTUEnabled)
    return "cross translation unit analysis";
  if (Opts.getIPAMode() == IPAK_None)
    return "-analyzer-config ipa=none";
  if (Opts.AnalysisConstraintsOpt != RangeConstraintsModel)
    return "a constraint solver other than the analyzer's default";
  auto ModelPath = Opts.Config.find("model-path");
  if (ModelPath != Opts.Config.end() && !ModelPath->second.empty())
    return "model-path";
  if (Opts.AnalysisDiagOpt != PD_NONE)
    return "analyzer output files";
  if (!Opts.DumpExplodedGraphTo.empty() ||
      Opts.visualizeExplodedGraphWithGraphViz)
    return "exploded graph dumps";
  return "";
}

} // namespace

IncrementalAnalyzer::IncrementalAnalyzer() : M(std::make_unique<Memory>()) {}
IncrementalAnalyzer::~IncrementalAnalyzer() = default;
IncrementalAnalyzer::IncrementalAnalyzer(IncrementalAnalyzer &&) = default;
IncrementalAnalyzer &
IncrementalAnalyzer::operator=(IncrementalAnalyzer &&) = default;

const IncrementalStats &IncrementalAnalyzer::stats() const { return M->Stats; }

void IncrementalAnalyzer::reset() { M->Commands.clear(); }

FileResult IncrementalAnalyzer::analyze(
    const tooling::CompilationDatabase &Database, llvm::StringRef File,
    const AnalysisOptions &Options,
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
    const Cancellation *Cancel, const AnalysisProgressFn &Progress) {
  M->Stats = IncrementalStats();
  ConsumerFactory Make =
      [&](CompilerInstance &CI, const AnalysisJob &Job,
          std::vector<Finding> &Findings) -> std::unique_ptr<ASTConsumer> {
    std::string Why = unsupported(CI);
    if (!Why.empty()) {
      M->Commands.erase(Job.Index);
      M->Stats.WholeFileReason = "every time: " + Why;
      return createFindingConsumer(CI, Findings);
    }
    // What else decides the analysis: the command, the checks.
    Digest Command;
    Command.add(Job.Directory);
    for (const std::string &Arg : Job.CommandLine)
      Command.add(Arg);
    for (const auto *List :
         {&Options.Checkers, &Options.Modeling, &Options.Silenced}) {
      Command.add(List->size());
      for (const std::string &Name : *List)
        Command.add(Name);
    }
    for (const auto &[Key, Value] : Options.Config)
      Command.add(Key).add(Value);
    return std::make_unique<IncrementalConsumer>(CI, M->Commands[Job.Index],
                                                 M->Stats, Cancel, Progress,
                                                 Findings, Command.get());
  };
  FileResult Result = analyzeFileWith(Database, File, Options, FS, Make);
  if (Result.failed())
    M->Stats.WholeFileReason.clear();
  return Result;
}

} // namespace kmdf::tool
