//===- IncrementalAnalysisTest.cpp - Incremental equals whole-file --------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The language server analyzes a saved file incrementally. Whatever the
// edit, its result must be exactly what analyzeFile (the analyzer's own
// whole-file run) gives for the new text: every finding, position, message
// and path note. Each test applies a sequence of edits to a driver and
// compares the two after every one, and checks that the incremental run
// re-analyzed what it had to and no more.
//
// The drivers exercise what couples one top-level analysis to another:
// helpers inlined into several callbacks (the analyzer then skips them as
// top-level functions, and keeps one report of a bug found through several
// callers), a callback called directly by another (its "held at exit" is
// reported only when it is analyzed on its own), a loop that exhausts the
// block budget when inlined (the analyzer then stops inlining it), and a
// large helper inlined more often than the analyzer allows.
//
//===----------------------------------------------------------------------===//

#include "IncrementalAnalysis.h"
#include "Cancellation.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <regex>

using namespace kmdf::tool;

namespace {

/// One line per finding and path note, and per error: what the tests
/// compare, so that a difference shows as a readable diff.
std::string describe(const FileResult &R) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  auto Pos = [&](const SourcePosition &P) {
    OS << llvm::sys::path::filename(P.File) << ":" << P.Line << ":" << P.Column
       << "/" << P.Utf16Column;
  };
  for (const Finding &F : R.Findings) {
    Pos(F.Position);
    OS << " [" << F.CheckName << "] " << F.Message << " {" << F.Function
       << "} `" << F.LineText << "`\n";
    for (const PathNote &N : F.Path) {
      OS << "    ";
      Pos(N.Position);
      OS << " " << N.Message << "\n";
    }
  }
  for (const AnalysisError &E : R.Errors) {
    OS << "error ";
    Pos(E.Position);
    OS << " " << E.Message << "\n";
  }
  return Text;
}

/// A driver file edited in memory, analyzed after each edit both ways.
class Editor {
public:
  Editor(bool Cxx, bool WdkShape, std::vector<std::string> ExtraArgs = {})
      : Cxx(Cxx) {
    llvm::SmallString<128> Dir;
    EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("kmdf-incremental", Dir));
    Folder = std::string(Dir);
    File = Folder + (Cxx ? "/driver.cpp" : "/driver.c");
    std::vector<std::string> Flags = {"-I", KMDF_TEST_INPUTS};
    if (Cxx)
      Flags.push_back("-std=c++17");
    if (WdkShape)
      Flags.push_back("-DKMDF_TEST_WDK_SHAPE");
    Database = std::make_unique<clang::tooling::FixedCompilationDatabase>(
        Folder, Flags);
    Options.Checkers = {"kmdf.WdfInterruptLock"};
    Options.Modeling = {"core"};
    Options.Silenced = {"core.CallAndMessage",
                        "core.DivideZero",
                        "core.NonNullParamChecker",
                        "core.NullDereference",
                        "core.StackAddressEscape",
                        "core.UndefinedBinaryOperatorResult",
                        "core.VLASize",
                        "core.uninitialized.ArraySubscript",
                        "core.uninitialized.Assign",
                        "core.uninitialized.Branch",
                        "core.uninitialized.CapturedBlockVariable",
                        "core.uninitialized.UndefReturn",
                        "core.uninitialized.NewArraySize"};
    Options.ExtraArgs = std::move(ExtraArgs);
  }
  ~Editor() { llvm::sys::fs::remove_directories(Folder); }

  /// Saves \p Text; the incremental result must equal the whole-file one.
  /// Returns the incremental run's statistics.
  IncrementalStats save(const std::string &Text) {
    auto FS = fileSystem(Text);
    FileResult Whole = analyzeFile(*Database, File, Options, FS);
    FileResult Incremental =
        Engine.analyze(*Database, File, Options, fileSystem(Text));
    EXPECT_FALSE(Whole.failed()) << describe(Whole);
    EXPECT_EQ(describe(Incremental), describe(Whole)) << "after edit " << Edits;
    Last = std::move(Whole);
    ++Edits;
    return Engine.stats();
  }

  const FileResult &last() const { return Last; }
  IncrementalAnalyzer &engine() { return Engine; }
  std::string Folder, File;
  std::unique_ptr<clang::tooling::CompilationDatabase> Database;
  AnalysisOptions Options;

  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
  fileSystem(const std::string &Text) {
    auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
    Memory->addFile(File, 0, llvm::MemoryBuffer::getMemBufferCopy(Text));
    auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
        llvm::vfs::createPhysicalFileSystem());
    FS->pushOverlay(Memory);
    return FS;
  }

private:
  bool Cxx;
  IncrementalAnalyzer Engine;
  FileResult Last;
  unsigned Edits = 0;
};

/// Replaces the one occurrence of \p From in \p Text.
std::string edit(std::string Text, const std::string &From,
                 const std::string &To) {
  size_t At = Text.find(From);
  EXPECT_NE(At, std::string::npos) << "no '" << From << "' to edit";
  EXPECT_EQ(Text.find(From, At + 1), std::string::npos)
      << "'" << From << "' is not unique";
  if (At != std::string::npos)
    Text.replace(At, From.size(), To);
  return Text;
}

unsigned countFindings(const FileResult &R, llvm::StringRef Message) {
  unsigned N = 0;
  for (const Finding &F : R.Findings)
    N += llvm::StringRef(F.Message).contains(Message);
  return N;
}

/// A driver in C (or C++ with a lock guard class) with \p Callbacks DPCs.
/// Each DPC takes the lock through LOCK, calls Big (a large helper), and
/// either releases it or not (a bug in every fourth one); some call
/// BadRelease, whose bug every caller reaches; Direct is called by
/// CallsDirect; Drain loops. Big and Drain receive the lock's handle: where
/// the analyzer does not inline them, the lock escapes and its leak is not
/// reported, so what earlier analyses did to their summaries shows.
std::string driver(unsigned Callbacks, bool Cxx) {
  std::string S = R"(#include "kmdf.h"

typedef struct _CTX {
  WDFINTERRUPT Interrupt;
  ULONG Limit;
  ULONG Mode;
  ULONG Count;
  ULONG Regs[16];
} CTX, *PCTX;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CTX, GetCtx)

#define LOCK(c) WdfInterruptAcquireLock((c)->Interrupt)
#define UNLOCK(c) WdfInterruptReleaseLock((c)->Interrupt)

static VOID LockHelper(PCTX Ctx) {
  WdfInterruptAcquireLock(Ctx->Interrupt);
}

static VOID UnlockHelper(PCTX Ctx) {
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

static VOID BadRelease(PCTX Ctx) {
  if (Ctx->Mode == 3)
    WdfInterruptReleaseLock(Ctx->Interrupt);
}

static VOID Drain(PCTX Ctx, WDFINTERRUPT Irq) {
  ULONG I;
  for (I = 0; I < Ctx->Limit; I++)
    Ctx->Regs[I % 16] = 0;
}

static VOID Big(PCTX Ctx, WDFINTERRUPT Irq) {
  switch (Ctx->Regs[0]) {
)";
  // Many blocks (a large function to the analyzer), few paths.
  for (unsigned I = 0; I < 16; ++I)
    S += "  case " + std::to_string(I) +
         ":\n    Ctx->Count += " + std::to_string(I + 1) + ";\n    break;\n";
  S += "  }\n}\n\n";
  if (Cxx)
    S += R"(class Guard {
public:
  explicit Guard(PCTX Ctx) : Ctx(Ctx) { LOCK(Ctx); }
  ~Guard() { UNLOCK(Ctx); }

private:
  PCTX Ctx;
};

)";
  for (unsigned I = 0; I < Callbacks; ++I) {
    std::string N = std::to_string(I);
    S += "EVT_WDF_INTERRUPT_DPC Dpc" + N + ";\n";
    S += "VOID Dpc" + N + "(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {\n";
    S += "  PCTX Ctx = GetCtx(Obj);\n";
    if (Cxx && I % 5 == 2) {
      S += "  Guard G(Ctx);\n  Big(Ctx, Ctx->Interrupt);\n}\n\n";
      continue;
    }
    S += "  LOCK(Ctx);\n  Big(Ctx, Ctx->Interrupt);\n";
    if (I % 3 == 1)
      S += "  Drain(Ctx, Ctx->Interrupt);\n";
    if (I % 4 == 3)
      S += "  if (Ctx->Mode == 1)\n    return; /* lock " + N + " */\n";
    S += "  UNLOCK(Ctx);\n";
    if (I % 6 == 5)
      S += "  BadRelease(Ctx);\n";
    S += "}\n\n";
  }
  // A note that names a line: "Control jumps to line N".
  S += R"(EVT_WDF_INTERRUPT_DPC GotoDpc;
VOID GotoDpc(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  PCTX Ctx = GetCtx(Obj);
  LOCK(Ctx);
  if (Ctx->Mode == 2)
    goto Exit;
  UNLOCK(Ctx);
Exit:
  return;
}

EVT_WDF_INTERRUPT_DPC Direct;
VOID Direct(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  LockHelper(GetCtx(Obj));
}

EVT_WDF_INTERRUPT_DPC CallsDirect;
VOID CallsDirect(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  Direct(Interrupt, Obj);
  UnlockHelper(GetCtx(Obj));
}
)";
  return S;
}

struct Shape {
  bool Cxx;
  bool Wdk;
};

class IncrementalTest : public ::testing::TestWithParam<Shape> {};

// The first analysis of a file runs everything; saving it unchanged reuses
// everything.
TEST_P(IncrementalTest, FirstRunThenNothingChanged) {
  Editor E(GetParam().Cxx, GetParam().Wdk);
  std::string Text = driver(6, GetParam().Cxx);
  IncrementalStats First = E.save(Text);
  EXPECT_EQ(First.WholeFileReason, "first analysis");
  EXPECT_EQ(First.Reused, 0u);
  EXPECT_GT(First.Analyzed, 6u);
  EXPECT_EQ(First.NotReusable, 0u);
  IncrementalStats Again = E.save(Text);
  EXPECT_EQ(Again.WholeFileReason, "");
  EXPECT_EQ(Again.Analyzed, 0u);
  EXPECT_EQ(Again.Reused, First.Analyzed);
  // The bugs are there: a leak in every fourth callback and in GotoDpc, and
  // BadRelease's bug, which Dpc5 reaches. (Whether Direct's leak is reported
  // depends on the inlining mode: it is analyzed on its own only in mode
  // "all", kmdf-check's default.)
  EXPECT_EQ(countFindings(E.last(), "end of callback 'Dpc3'"), 1u)
      << describe(E.last());
  EXPECT_EQ(countFindings(E.last(), "end of callback 'GotoDpc'"), 1u)
      << describe(E.last());
  EXPECT_EQ(countFindings(E.last(), "released without being held"), 1u)
      << describe(E.last());
}

// The edits of issue 13, one after the other.
TEST_P(IncrementalTest, EditsEqualWholeFile) {
  bool Cxx = GetParam().Cxx;
  Editor E(Cxx, GetParam().Wdk);
  std::string Text = driver(8, Cxx);
  E.save(Text);

  // A body edit: Dpc6 leaks the lock now. Only Dpc6 is analyzed again.
  Text = edit(Text, "  UNLOCK(Ctx);\n}\n\nEVT_WDF_INTERRUPT_DPC Dpc7;",
              "}\n\nEVT_WDF_INTERRUPT_DPC Dpc7;");
  IncrementalStats S = E.save(Text);
  EXPECT_EQ(S.WholeFileReason, "");
  EXPECT_EQ(S.Analyzed, 1u);
  EXPECT_EQ(countFindings(E.last(), "'Dpc6'"), 1u) << describe(E.last());

  // Lines added to one function move the findings of those after it, and
  // the line numbers in their notes.
  Text = edit(Text, "VOID Dpc0(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {\n",
              "VOID Dpc0(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {\n\n  /* two "
              "new lines */\n");
  S = E.save(Text);
  EXPECT_EQ(S.Analyzed, 1u);

  // A signature edit: a parameter renamed.
  Text = edit(Text,
              "VOID Dpc3(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {\n  PCTX "
              "Ctx = GetCtx(Obj);",
              "VOID Dpc3(WDFINTERRUPT Irq, WDFOBJECT Object) {\n  PCTX Ctx = "
              "GetCtx(Object);");
  S = E.save(Text);
  EXPECT_EQ(S.Analyzed, 1u);

  // An inlined helper: every function that may enter it is analyzed again.
  Text =
      edit(Text,
           "static VOID UnlockHelper(PCTX Ctx) {\n  "
           "WdfInterruptReleaseLock(Ctx->Interrupt);\n}",
           "static VOID UnlockHelper(PCTX Ctx) {\n  if (Ctx->Mode != 7)\n    "
           "WdfInterruptReleaseLock(Ctx->Interrupt);\n}");
  S = E.save(Text);
  EXPECT_EQ(S.WholeFileReason, "");
  EXPECT_GE(S.Analyzed, 1u);
  EXPECT_GT(S.Reused, 0u);

  // A macro: the functions that expand it are analyzed again.
  Text = edit(Text, "#define UNLOCK(c) WdfInterruptReleaseLock((c)->Interrupt)",
              "#define UNLOCK(c) if ((c)->Mode != 9) "
              "WdfInterruptReleaseLock((c)->Interrupt)");
  S = E.save(Text);
  EXPECT_EQ(S.WholeFileReason, "");

  // A new function, with a bug.
  Text = edit(
      Text, "EVT_WDF_INTERRUPT_DPC Direct;",
      "static VOID NewHelper(PCTX Ctx) {\n  LOCK(Ctx);\n  LOCK(Ctx);\n}\n\n"
      "EVT_WDF_INTERRUPT_DPC Direct;");
  Text = edit(Text, "  Direct(Interrupt, Obj);\n",
              "  Direct(Interrupt, Obj);\n  NewHelper(GetCtx(Obj));\n");
  S = E.save(Text);
  EXPECT_GE(countFindings(E.last(), "acquired while already held"), 1u)
      << describe(E.last());

  // A deleted function.
  size_t Begin = Text.find("EVT_WDF_INTERRUPT_DPC Dpc4;");
  size_t End = Text.find("EVT_WDF_INTERRUPT_DPC Dpc5;");
  Text.erase(Begin, End - Begin);
  S = E.save(Text);
  EXPECT_EQ(S.WholeFileReason, "the file changed outside its functions");

  // The looping helper no longer loops: the analyses that did not inline
  // it (it had exhausted its budget in an earlier one) now do.
  Text =
      edit(Text, "  for (I = 0; I < Ctx->Limit; I++)\n", "  I = Ctx->Limit;\n");
  S = E.save(Text);
  EXPECT_EQ(S.WholeFileReason, "");

  // The file outside the functions: everything again.
  Text = edit(Text, "  ULONG Count;\n", "  ULONG Count;\n  ULONG Extra;\n");
  S = E.save(Text);
  EXPECT_EQ(S.WholeFileReason, "the file changed outside its functions");
  EXPECT_EQ(S.Reused, 0u);
}

// Bugs come and go in a helper that many callbacks inline: the checkers keep
// one report of each per callback that reaches it (here two reach the bad
// release); so must the merge, whichever callers were analyzed again.
TEST_P(IncrementalTest, ReportsOfSharedHelpersAreMergedAlike) {
  bool Cxx = GetParam().Cxx;
  Editor E(Cxx, GetParam().Wdk);
  std::string Text = driver(12, Cxx);
  E.save(Text);
  Text = edit(Text, "  if (Ctx->Mode == 3)\n    WdfInterruptReleaseLock",
              "  if (Ctx->Mode == 4)\n    WdfInterruptReleaseLock");
  E.save(Text);
  // A caller of BadRelease gets a longer path to it.
  Text = edit(
      Text,
      "  UNLOCK(Ctx);\n  BadRelease(Ctx);\n}\n\nEVT_WDF_INTERRUPT_DPC Dpc6;",
      "  UNLOCK(Ctx);\n  if (Ctx->Regs[3])\n    Ctx->Count++;\n  "
      "BadRelease(Ctx);\n}\n\nEVT_WDF_INTERRUPT_DPC Dpc6;");
  E.save(Text);
  EXPECT_EQ(countFindings(E.last(), "released without being held"), 2u)
      << describe(E.last());
}

// The checkers remember, from one top-level analysis to the next, the bugs
// they reported inside a helper: analyzing the helper on its own (inlining
// mode "all"), they do not report those again. So the helper's own result
// depends on its callers' analyses: when the callers stop reaching the bug,
// the helper's own analysis reports it, although the helper did not change.
TEST_P(IncrementalTest, CheckersMemoryOfHelperReports) {
  bool Cxx = GetParam().Cxx;
  Editor E(Cxx, GetParam().Wdk, {"-Xclang", "-analyzer-inlining-mode=all"});
  std::string Text = R"(#include "kmdf.h"

typedef struct _CTX { WDFINTERRUPT Interrupt; ULONG Mode; } CTX, *PCTX;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CTX, GetCtx)

static VOID Twice(PCTX Ctx) {
  WdfInterruptAcquireLock(Ctx->Interrupt);
  WdfInterruptAcquireLock(Ctx->Interrupt);
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

static VOID Other(PCTX Ctx) {
  Ctx->Mode = 0;
}

EVT_WDF_INTERRUPT_DPC First;
VOID First(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  Twice(GetCtx(Obj));
}

EVT_WDF_INTERRUPT_DPC Second;
VOID Second(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  Twice(GetCtx(Obj));
}
)";
  E.save(Text);
  unsigned FromCallers = countFindings(E.last(), "acquired while already held");
  EXPECT_GE(FromCallers, 1u) << describe(E.last());
  // Neither callback calls Twice any more: Twice's own analysis reports.
  Text =
      edit(Text, "VOID First(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {\n  Twice",
           "VOID First(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {\n  Other");
  Text = edit(Text,
              "VOID Second(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {\n  Twice",
              "VOID Second(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {\n  Other");
  E.save(Text);
  EXPECT_EQ(countFindings(E.last(), "acquired while already held"), 1u)
      << describe(E.last());
  EXPECT_EQ(countFindings(E.last(), "Calling 'Twice'"), 0u);
  // One calls it again: its report is the callback's again.
  Text =
      edit(Text, "VOID First(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {\n  Other",
           "VOID First(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {\n  Twice");
  E.save(Text);
  EXPECT_EQ(countFindings(E.last(), "acquired while already held"), 1u)
      << describe(E.last());
}

// Large helpers: past max-times-inline-large inlinings in the whole file the
// analyzer stops inlining them, so an edit of one caller changes what the
// callers after it see. Big reports inside itself from its callers, and the
// checkers do not report again on Big's own analysis what a caller reported:
// an analysis that depends on reports of analyses replayed instead of run
// makes the engine analyze the whole file (still the same result); see
// docs/incremental.md.
TEST_P(IncrementalTest, LargeHelperInlinedPastTheLimit) {
  bool Cxx = GetParam().Cxx;
  Editor E(Cxx, GetParam().Wdk);
  std::string Text = driver(40, Cxx);
  E.save(Text);
  unsigned Reusing = 0;
  for (unsigned I : {0u, 17u, 38u}) {
    std::string N = std::to_string(I);
    Text = edit(Text,
                "VOID Dpc" + N +
                    "(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {\n  PCTX Ctx = "
                    "GetCtx(Obj);\n",
                "VOID Dpc" + N +
                    "(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {\n  PCTX Ctx = "
                    "GetCtx(Obj);\n  Big(Ctx, Ctx->Interrupt);\n  Big(Ctx, "
                    "Ctx->Interrupt);\n");
    IncrementalStats S = E.save(Text);
    // Where an edit changes which callers report inside Big, the engine
    // analyzes the whole file, and says why; elsewhere it reuses.
    if (S.WholeFileReason.empty())
      ++Reusing;
    else
      EXPECT_EQ(S.WholeFileReason,
                "an analysis depends on reports of one that was not run again");
  }
  EXPECT_GE(Reusing, 2u);
}

// The analyzer's settings (the same AnalysisOptions for both runs): with
// inlining mode "all" no function is skipped for having been inlined; loop
// widening and another loop budget change what the analyses inline.
TEST_P(IncrementalTest, OtherAnalyzerSettings) {
  bool Cxx = GetParam().Cxx;
  for (std::vector<std::string> Args :
       {std::vector<std::string>{"-Xclang", "-analyzer-inlining-mode=all"},
        std::vector<std::string>{"-Xclang", "-analyzer-config", "-Xclang",
                                 "widen-loops=true"},
        std::vector<std::string>{"-Xclang", "-analyzer-max-loop", "-Xclang",
                                 "8"}}) {
    Editor E(Cxx, GetParam().Wdk, Args);
    std::string Text = driver(12, Cxx);
    E.save(Text);
    Text = edit(Text, "  UNLOCK(Ctx);\n}\n\nEVT_WDF_INTERRUPT_DPC Dpc7;",
                "}\n\nEVT_WDF_INTERRUPT_DPC Dpc7;");
    IncrementalStats S = E.save(Text);
    EXPECT_EQ(S.WholeFileReason, "") << Args.back();
    Text = edit(Text, "  for (I = 0; I < Ctx->Limit; I++)\n",
                "  for (I = 0; I < Ctx->Limit && I < 3; I++)\n");
    S = E.save(Text);
    EXPECT_GT(S.Reused, 0u) << Args.back();
  }
}

/// A driver whose callbacks take functions' addresses: to register a
/// callback, to call it through a pointer of its type, or through a pointer
/// converted from another type.
std::string pointerDriver() {
  return R"(#include "kmdf.h"

struct _CTX;
typedef VOID HOOK(struct _CTX *Ctx);
typedef VOID ANY(PVOID Context);
typedef struct _CTX {
  WDFINTERRUPT Interrupt;
  ULONG Mode;
  PFN_WDF_INTERRUPT_SYNCHRONIZE Saved;
  HOOK *Hook;
  ANY *Any;
} CTX, *PCTX;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CTX, GetCtx)

EVT_WDF_INTERRUPT_SYNCHRONIZE Sync;
BOOLEAN Sync(WDFINTERRUPT Interrupt, WDFCONTEXT Context) {
  PCTX Ctx = (PCTX)Context;
  Ctx->Mode = 1;
  return TRUE;
}

EVT_WDF_INTERRUPT_DPC Registers;
VOID Registers(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  PCTX Ctx = GetCtx(Obj);
  Ctx->Saved = Sync;
  WdfInterruptSynchronize(Interrupt, Sync, Ctx);
}

static VOID Hooked(PCTX Ctx) {
  WdfInterruptAcquireLock(Ctx->Interrupt);
}

EVT_WDF_INTERRUPT_DPC CallsHook;
VOID CallsHook(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  PCTX Ctx = GetCtx(Obj);
  Ctx->Hook = Hooked;
  Ctx->Hook(Ctx);
}

static VOID Converted(PCTX Ctx) {
  WdfInterruptAcquireLock(Ctx->Interrupt);
}

EVT_WDF_INTERRUPT_DPC CallsConverted;
VOID CallsConverted(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  PCTX Ctx = GetCtx(Obj);
  Ctx->Any = (ANY *)Converted;
  ((HOOK *)Ctx->Any)(Ctx);
}

EVT_WDF_INTERRUPT_DPC Locals;
VOID Locals(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  struct ENTRY {
    ULONG Value;
#ifdef __cplusplus
    ~ENTRY() {}
#endif
  } Entry;
  Entry.Value = 0;
  WdfInterruptAcquireLock(GetCtx(Obj)->Interrupt);
  WdfInterruptReleaseLock(GetCtx(Obj)->Interrupt);
}
)";
}

// A function that only takes a callback's address (to register it with the
// framework) cannot enter it: editing the callback analyzes the callback
// alone. One that calls through a pointer of the callback's type may enter
// it (the analyzer inlines a call through a pointer whose value it knows),
// and so may one that calls through a pointer converted from another type:
// editing the callback analyzes them again. Lines added above a structure
// declared in a function (C++: its destructor) do not make that function
// new. In the WDK's shape every framework call goes through WdfFunctions,
// which the analysis only reads: no way into a callback either, unless the
// file uses the table otherwise.
TEST_P(IncrementalTest, CallbackAddressesAndCallsThroughPointers) {
  bool Cxx = GetParam().Cxx, Wdk = GetParam().Wdk;
  Editor E(Cxx, Wdk);
  std::string Text = pointerDriver();
  E.save(Text);
  EXPECT_EQ(countFindings(E.last(), "end of callback 'CallsHook'"), 1u)
      << describe(E.last());
  EXPECT_EQ(countFindings(E.last(), "end of callback 'CallsConverted'"), 1u)
      << describe(E.last());
  EXPECT_EQ(E.last().Findings.size(), 2u) << describe(E.last());

  // The registered callback, a line longer: it alone.
  Text =
      edit(Text, "  Ctx->Mode = 1;\n", "  Ctx->Mode = 1;\n  Ctx->Mode = 2;\n");
  IncrementalStats S = E.save(Text);
  EXPECT_EQ(S.WholeFileReason, "");
  EXPECT_EQ(S.Analyzed, 1u);

  // The function called through a pointer of its type.
  Text = edit(Text,
              "static VOID Hooked(PCTX Ctx) {\n  "
              "WdfInterruptAcquireLock(Ctx->Interrupt);\n",
              "static VOID Hooked(PCTX Ctx) {\n  "
              "WdfInterruptAcquireLock(Ctx->Interrupt);\n  "
              "WdfInterruptReleaseLock(Ctx->Interrupt);\n");
  S = E.save(Text);
  EXPECT_EQ(S.Analyzed, 2u);
  EXPECT_EQ(countFindings(E.last(), "'CallsHook'"), 0u) << describe(E.last());

  // The function called through a converted pointer.
  Text = edit(Text,
              "static VOID Converted(PCTX Ctx) {\n  "
              "WdfInterruptAcquireLock(Ctx->Interrupt);\n",
              "static VOID Converted(PCTX Ctx) {\n  "
              "WdfInterruptAcquireLock(Ctx->Interrupt);\n  "
              "WdfInterruptReleaseLock(Ctx->Interrupt);\n");
  S = E.save(Text);
  EXPECT_EQ(S.Analyzed, 2u);
  EXPECT_EQ(E.last().Findings.size(), 0u) << describe(E.last());

  if (!Wdk)
    return;
  // The table read as a value: a call through it may then enter a
  // function whose address the file takes.
  Editor T(Cxx, Wdk);
  Text =
      pointerDriver() + "const WDFFUNC *Table(void) { return WdfFunctions; }\n";
  T.save(Text);
  Text =
      edit(Text, "  Ctx->Mode = 1;\n", "  Ctx->Mode = 1;\n  Ctx->Mode = 2;\n");
  S = T.save(Text);
  EXPECT_EQ(S.WholeFileReason, "");
  EXPECT_EQ(S.Analyzed, 2u);
}

INSTANTIATE_TEST_SUITE_P(Shapes, IncrementalTest,
                         ::testing::Values(Shape{false, false},
                                           Shape{false, true},
                                           Shape{true, false},
                                           Shape{true, true}),
                         [](const auto &Info) {
                           return std::string(Info.param.Cxx ? "Cxx" : "C") +
                                  (Info.param.Wdk ? "WdkShape" : "Prototypes");
                         });

// What the fingerprints cover besides the functions' text.
TEST(IncrementalFingerprintTest, HeadersMacrosAndLines) {
  Editor E(/*Cxx=*/false, /*WdkShape=*/true);
  std::string Header = E.Folder + "/local.h";
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Header, EC);
    OS << "#define RELEASE_IT 1\n";
  }
  std::string Text = R"(#include "kmdf.h"
#include "local.h"
#define STRICT_MODE 0

typedef struct _CTX { WDFINTERRUPT Interrupt; ULONG Mode; } CTX, *PCTX;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CTX, GetCtx)

#if STRICT_MODE
#define MAYBE_RELEASE(c)
#else
#define MAYBE_RELEASE(c) WdfInterruptReleaseLock((c)->Interrupt)
#endif

EVT_WDF_INTERRUPT_DPC Header;
VOID Header(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  PCTX Ctx = GetCtx(Obj);
  WdfInterruptAcquireLock(Ctx->Interrupt);
#if RELEASE_IT
  WdfInterruptReleaseLock(Ctx->Interrupt);
#endif
}

EVT_WDF_INTERRUPT_DPC Maybe;
VOID Maybe(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  PCTX Ctx = GetCtx(Obj);
  WdfInterruptAcquireLock(Ctx->Interrupt);
  MAYBE_RELEASE(Ctx);
}

EVT_WDF_INTERRUPT_DPC Line;
VOID Line(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  PCTX Ctx = GetCtx(Obj);
  WdfInterruptAcquireLock(Ctx->Interrupt);
  if (__LINE__ % 2)
    WdfInterruptReleaseLock(Ctx->Interrupt);
}
)";
  E.save(Text);
  // A macro the context tests (#if STRICT_MODE): everything again.
  Text = edit(Text, "#define STRICT_MODE 0", "#define STRICT_MODE 1");
  IncrementalStats S = E.save(Text);
  EXPECT_EQ(S.WholeFileReason, "the file changed outside its functions");
  EXPECT_EQ(countFindings(E.last(), "'Maybe'"), 1u) << describe(E.last());
  // A line more above Line: __LINE__ differs (and with it the finding), Line
  // is analyzed again, the others are moved.
  unsigned LineLeaks = countFindings(E.last(), "'Line'");
  Text = edit(Text, "EVT_WDF_INTERRUPT_DPC Maybe;",
              "\nEVT_WDF_INTERRUPT_DPC Maybe;");
  S = E.save(Text);
  EXPECT_EQ(S.WholeFileReason, "");
  EXPECT_EQ(S.Analyzed, 1u);
  EXPECT_NE(countFindings(E.last(), "'Line'"), LineLeaks) << describe(E.last());
  // A header: everything again.
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Header, EC);
    OS << "#define RELEASE_IT 0\n";
  }
  S = E.save(Text);
  EXPECT_EQ(S.WholeFileReason,
            "a header, the compile command or the checks changed");
  EXPECT_EQ(countFindings(E.last(), "'Header'"), 1u) << describe(E.last());
}

/// Writes \p Text to \p Path.
void writeFile(const std::string &Path, llvm::StringRef Text) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  EXPECT_FALSE(EC) << Path;
  OS << Text;
}

// A header included inside a function (WDK drivers wrap a packed structure
// in <pshpack1.h> and <poppack.h>) belongs to that function: edits elsewhere
// reuse the rest; adding or dropping such an include, or editing a header,
// runs everything again, and so does editing a #pragma inside a function.
TEST(IncrementalFingerprintTest, HeaderIncludedInsideFunction) {
  for (bool Cxx : {false, true}) {
    for (bool Wdk : {false, true}) {
      SCOPED_TRACE(std::string(Cxx ? "C++" : "C") +
                   (Wdk ? " WDK shape" : " prototypes"));
      Editor E(Cxx, Wdk);
      writeFile(E.Folder + "/pack1.h", "#pragma pack(push, 1)\n");
      writeFile(E.Folder + "/packpop.h", "#pragma pack(pop)\n");
      writeFile(E.Folder + "/release.inc",
                "WdfInterruptReleaseLock(Ctx->Interrupt);\n");
      std::string Text = R"(#include "kmdf.h"

typedef struct _CTX { WDFINTERRUPT Interrupt; ULONG Mode; } CTX, *PCTX;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CTX, GetCtx)

EVT_WDF_INTERRUPT_DPC Packed;
VOID Packed(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
#include "pack1.h"
  struct WIRE { UCHAR Tag; ULONG Length; } Wire = {0, 0};
#include "packpop.h"
  PCTX Ctx = GetCtx(Obj);
  WdfInterruptAcquireLock(Ctx->Interrupt);
  if (Wire.Length == 0)
    return;
  WdfInterruptReleaseLock(Ctx->Interrupt);
}

EVT_WDF_INTERRUPT_DPC Included;
VOID Included(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  PCTX Ctx = GetCtx(Obj);
  WdfInterruptAcquireLock(Ctx->Interrupt);
#include "release.inc"
}

EVT_WDF_INTERRUPT_DPC Other;
VOID Other(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {
  PCTX Ctx = GetCtx(Obj);
#pragma pack(push, 4)
  WdfInterruptAcquireLock(Ctx->Interrupt);
#pragma pack(pop)
  WdfInterruptReleaseLock(Ctx->Interrupt);
}
)";
      IncrementalStats S = E.save(Text);
      EXPECT_EQ(S.WholeFileReason, "first analysis");
      EXPECT_EQ(countFindings(E.last(), "'Packed'"), 1u) << describe(E.last());
      EXPECT_EQ(E.last().Findings.size(), 1u) << describe(E.last());

      // A body edit beside the includes: that function only.
      Text = edit(Text, "    return;\n", "    Wire.Tag = 1;\n");
      S = E.save(Text);
      EXPECT_EQ(S.WholeFileReason, "");
      EXPECT_EQ(S.Analyzed, 1u);
      EXPECT_EQ(E.last().Findings.size(), 0u) << describe(E.last());

      // A body edit around a #pragma that stays as it was: that function
      // only.
      Text = edit(Text,
                  "  WdfInterruptAcquireLock(Ctx->Interrupt);\n#pragma "
                  "pack(pop)\n",
                  "  WdfInterruptAcquireLock(Ctx->Interrupt);\n#pragma "
                  "pack(pop)\n  WdfInterruptAcquireLock(Ctx->Interrupt);\n");
      S = E.save(Text);
      EXPECT_EQ(S.WholeFileReason, "");
      EXPECT_EQ(S.Analyzed, 1u);
      EXPECT_EQ(countFindings(E.last(), "acquired while already held"), 1u)
          << describe(E.last());

      // The #pragma itself: its effect outlives the function.
      Text = edit(Text, "#pragma pack(push, 4)", "#pragma pack(push, 2)");
      S = E.save(Text);
      EXPECT_EQ(S.WholeFileReason, "the file changed outside its functions");

      // The header's text read twice: a release too many, inside the
      // header; another file entered, so everything again.
      Text = edit(Text, "#include \"release.inc\"\n",
                  "#include \"release.inc\"\n#include \"release.inc\"\n");
      S = E.save(Text);
      EXPECT_EQ(S.WholeFileReason,
                "a header, the compile command or the checks changed");
      EXPECT_EQ(countFindings(E.last(), "released without being held"), 1u)
          << describe(E.last());

      // The header included inside a function edited.
      writeFile(E.Folder + "/release.inc", "\n");
      S = E.save(Text);
      EXPECT_EQ(S.WholeFileReason,
                "a header, the compile command or the checks changed");
      EXPECT_EQ(countFindings(E.last(), "'Included'"), 1u)
          << describe(E.last());
    }
  }
}

// Where the analysis cannot be replayed, it is run whole every time, and
// says why.
TEST(IncrementalFingerprintTest, UnsupportedRunsWholeFile) {
  Editor E(/*Cxx=*/false, /*WdkShape=*/false, {"-fblocks"});
  std::string Text = driver(3, false);
  IncrementalStats S = E.save(Text);
  EXPECT_EQ(S.WholeFileReason, "every time: blocks (-fblocks)");
  S = E.save(Text);
  EXPECT_EQ(S.WholeFileReason, "every time: blocks (-fblocks)");
  EXPECT_EQ(S.Reused, 0u);

  Editor Counter(/*Cxx=*/false, /*WdkShape=*/false);
  Text = driver(3, false) + "int Unique = __COUNTER__;\n";
  S = Counter.save(Text);
  EXPECT_EQ(S.WholeFileReason, "every time: it expands __COUNTER__");
  S = Counter.save(Text);
  EXPECT_EQ(S.Reused, 0u);
}

// A cancelled run stops, returns what it has, and keeps what it finished
// for the next run.
TEST(IncrementalCancellationTest, CancelledRunKeepsItsWork) {
  Editor E(/*Cxx=*/false, /*WdkShape=*/false);
  std::string Text = driver(10, false);
  Cancellation Cancel;
  unsigned Calls = 0;
  E.engine().analyze(*E.Database, E.File, E.Options, E.fileSystem(Text),
                     &Cancel, [&](unsigned Done, unsigned Total) {
                       if (++Calls == 6)
                         Cancel.cancel();
                     });
  IncrementalStats Cancelled = E.engine().stats();
  EXPECT_TRUE(Cancelled.Cancelled);
  EXPECT_GT(Cancelled.Analyzed, 0u);
  // The next run reuses what the cancelled one finished.
  IncrementalStats S = E.save(Text);
  EXPECT_FALSE(S.Cancelled);
  EXPECT_EQ(S.WholeFileReason, "");
  EXPECT_GT(S.Reused, 0u);
  EXPECT_GT(S.Analyzed, 0u);
}

} // namespace
