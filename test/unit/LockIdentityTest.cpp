//===- LockIdentityTest.cpp - Which names are one lock --------------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Runs the analyzer, with the lock model, on small programs that call
// `relate_handles(A, B)` or `relate_objects(&A, &B)`; a test checker asks
// LockNamer at each call whether the two names are the same lock, different
// locks, or either, and records the answer per call.
//
//===----------------------------------------------------------------------===//

#include "LockIdentity.h"

#include "kmdf-check/Registration.h"

#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Frontend/AnalysisConsumer.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include "clang/Tooling/Tooling.h"

#include "gtest/gtest.h"

#include <map>
#include <set>
#include <string>

using namespace clang;
using namespace clang::ento;
using kmdf::Aliasing;
using kmdf::LockId;
using kmdf::LockNamer;

namespace {

/// What LockNamer answered at each call, by call line: the set of answers
/// over every path that reached it.
using Answers = std::map<unsigned, std::set<std::string>>;

const char *spell(Aliasing A) {
  switch (A) {
  case Aliasing::Same:
    return "same";
  case Aliasing::Different:
    return "different";
  case Aliasing::Unknown:
    return "unknown";
  }
  return "";
}

// The checker is made by the registry; the answers go to the test through
// this pointer, set for the duration of one analysis.
Answers *Current = nullptr;

class RelateChecker : public Checker<eval::Call> {
public:
  bool evalCall(const CallEvent &Call, CheckerContext &C) const {
    const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
    if (!FD || !FD->getIdentifier() || Call.getNumArgs() != 2)
      return false;
    StringRef Name = FD->getName();
    bool Handles = Name == "relate_handles";
    if (!Handles && Name != "relate_objects")
      return false;
    LockNamer Namer(C);
    auto Name0 = Handles ? Namer.nameHandle(Call.getArgSVal(0))
                         : Namer.nameObject(Call.getArgSVal(0));
    auto Name1 = Handles ? Namer.nameHandle(Call.getArgSVal(1))
                         : Namer.nameObject(Call.getArgSVal(1));
    unsigned Line = C.getSourceManager().getPresumedLineNumber(
        Call.getOriginExpr()->getBeginLoc());
    (*Current)[Line].insert(Name0 && Name1 ? spell(Namer.relate(*Name0, *Name1))
                                           : "unnamed");
    C.addTransition(C.getState());
    return true;
  }
};

class RelateAction : public ASTFrontendAction {
public:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    AnalyzerOptions &Opts = CI.getAnalyzerOpts();
    Opts.CheckersAndPackages = {{"kmdf.LockModeling", true},
                                {"test.Relate", true}};
    Opts.AnalysisDiagOpt = PD_NONE;
    std::unique_ptr<AnalysisASTConsumer> Consumer = CreateAnalysisConsumer(CI);
    Consumer->AddCheckerRegistrationFn([](CheckerRegistry &Registry) {
      kmdf::registerCheckers(Registry);
      Registry.addChecker<RelateChecker>("test.Relate", "Asks LockNamer",
                                         "NoDocs");
    });
    return Consumer;
  }
};

const char *const Prelude = R"(
typedef struct WDFSPINLOCK__ { int unused; } *WDFSPINLOCK;
typedef unsigned long long KSPIN_LOCK;
typedef struct CONTEXT {
  WDFSPINLOCK Lock, Other, Locks[4];
  KSPIN_LOCK KeLock, KeOther, KeLocks[4];
  union { WDFSPINLOCK A; WDFSPINLOCK B; } U;
  unsigned Count;
} CONTEXT;
void *WdfObjectGetTypedContextWorker(void *Handle, const void *TypeInfo);
void relate_handles(WDFSPINLOCK A, WDFSPINLOCK B);
void relate_objects(KSPIN_LOCK *A, KSPIN_LOCK *B);
void opaque_update(CONTEXT *Ctx);
void opaque_slot(WDFSPINLOCK *Slot);
KSPIN_LOCK GlobalA, GlobalB;
WDFSPINLOCK GlobalHandle;
)";

/// The answers at the lines of \p Code (counted from its first line).
Answers relate(const std::string &Code) {
  Answers Result;
  Current = &Result;
  std::string Source = std::string(Prelude) + "# 1 \"input.c\"\n" + Code;
  bool Ran = tooling::runToolOnCodeWithArgs(std::make_unique<RelateAction>(),
                                            Source, {"-std=c11"}, "input.c");
  Current = nullptr;
  EXPECT_TRUE(Ran);
  return Result;
}

std::set<std::string> only(const char *Answer) { return {Answer}; }

TEST(LockIdentityTest, FieldsOfOneContext) {
  Answers A = relate(R"(void f(CONTEXT *Ctx) {
    relate_handles(Ctx->Lock, Ctx->Lock);
    relate_handles(Ctx->Lock, Ctx->Other);
    relate_handles(Ctx->Locks[0], Ctx->Locks[1]);
    relate_handles(Ctx->Locks[2], Ctx->Locks[2]);
    relate_handles(Ctx->U.A, Ctx->U.B);
  })");
  EXPECT_EQ(A[2], only("same"));
  EXPECT_EQ(A[3], only("different"));
  EXPECT_EQ(A[4], only("different"));
  EXPECT_EQ(A[5], only("same"));
  EXPECT_EQ(A[6], only("unknown")) << "the fields of a union overlap";
}

TEST(LockIdentityTest, ContextRereadAfterAnOpaqueCall) {
  Answers A = relate(R"(void f(CONTEXT *Ctx) {
    WDFSPINLOCK Before = Ctx->Lock;
    opaque_update(Ctx);
    relate_handles(Before, Ctx->Lock);
    relate_handles(Before, Ctx->Other);
  })");
  EXPECT_EQ(A[4], only("same"));
  EXPECT_EQ(A[5], only("different"));
}

TEST(LockIdentityTest, ContextFetchedAgainThroughTheAccessor) {
  Answers A = relate(R"(void f(void *Device, const void *Info) {
    CONTEXT *First = (CONTEXT *)WdfObjectGetTypedContextWorker(Device, Info);
    CONTEXT *Again = (CONTEXT *)WdfObjectGetTypedContextWorker(Device, Info);
    relate_handles(First->Lock, Again->Lock);
    relate_handles(First->Lock, Again->Other);
  })");
  EXPECT_EQ(A[4], only("same"));
  EXPECT_EQ(A[5], only("different"));
}

TEST(LockIdentityTest, HandlesOfUnrelatedOriginMayBeOne) {
  Answers A =
      relate(R"(void f(WDFSPINLOCK Param, CONTEXT *Ctx, CONTEXT *Other) {
    relate_handles(Param, Ctx->Lock);
    relate_handles(Ctx->Lock, Other->Lock);
    relate_handles(GlobalHandle, Ctx->Lock);
    relate_handles(Param, GlobalHandle);
  })");
  EXPECT_EQ(A[2], only("unknown"));
  EXPECT_EQ(A[3], only("unknown"));
  EXPECT_EQ(A[4], only("unknown"));
  EXPECT_EQ(A[5], only("unknown"));
}

TEST(LockIdentityTest, ElementsAtSymbolicIndices) {
  // The indices stay in use after the calls, as they do while a lock at
  // one of them is held (the model keeps them alive then).
  Answers A = relate(R"(void f(CONTEXT *Ctx, unsigned I, unsigned J) {
    relate_handles(Ctx->Locks[I], Ctx->Locks[I]);
    relate_handles(Ctx->Locks[I], Ctx->Locks[J]);
    relate_handles(Ctx->Locks[I], Ctx->Locks[0]);
    if (I == J)
      relate_handles(Ctx->Locks[I], Ctx->Locks[J]);
    else
      relate_handles(Ctx->Locks[I], Ctx->Locks[J]);
    Ctx->Count = I + J;
  })");
  EXPECT_EQ(A[2], only("same"));
  EXPECT_EQ(A[3], only("unknown"));
  EXPECT_EQ(A[4], only("unknown"));
  EXPECT_EQ(A[6], only("same"));
  EXPECT_EQ(A[8], only("different"));
}

TEST(LockIdentityTest, StoredHandleSurvivesAnOpaqueCall) {
  Answers A = relate(R"(void f(WDFSPINLOCK Param, CONTEXT *Ctx) {
    CONTEXT Local;
    Local.Lock = Param;
    opaque_update(&Local);
    relate_handles(Local.Lock, Param);
    opaque_slot(&Local.Lock);
    relate_handles(Local.Lock, Param);
  })");
  EXPECT_EQ(A[5], only("same"));
  EXPECT_EQ(A[7], only("unknown")) << "the callee may store another handle";
}

TEST(LockIdentityTest, LockObjectsAreTheirMemory) {
  Answers A = relate(R"(void f(CONTEXT *Ctx, KSPIN_LOCK *Param, unsigned I) {
    relate_objects(&Ctx->KeLock, &Ctx->KeLock);
    relate_objects(&Ctx->KeLock, &Ctx->KeOther);
    relate_objects(&GlobalA, &GlobalB);
    relate_objects(&GlobalA, &GlobalA);
    relate_objects(Param, &Ctx->KeLock);
    relate_objects(Param, &GlobalA);
    relate_objects(&Ctx->KeLocks[I], &Ctx->KeLocks[I]);
    relate_objects(&Ctx->KeLocks[I], &Ctx->KeLocks[1]);
  })");
  EXPECT_EQ(A[2], only("same"));
  EXPECT_EQ(A[3], only("different"));
  EXPECT_EQ(A[4], only("different")) << "distinct variables";
  EXPECT_EQ(A[5], only("same"));
  EXPECT_EQ(A[6], only("unknown"));
  EXPECT_EQ(A[7], only("unknown"));
  EXPECT_EQ(A[8], only("same"));
  EXPECT_EQ(A[9], only("unknown"));
}

TEST(LockIdentityTest, PointerToALockObjectIsThatObject) {
  Answers A = relate(R"(void f(CONTEXT *Ctx) {
    KSPIN_LOCK *P = &Ctx->KeLock;
    opaque_update(Ctx);
    relate_objects(P, &Ctx->KeLock);
  })");
  EXPECT_EQ(A[4], only("same"));
}

} // namespace
