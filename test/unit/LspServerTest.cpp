//===- LspServerTest.cpp - The language server's handling of versions ----===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What test/lsp/*.test cannot make certain, whatever the timing: that a
// result computed while the document changed is dropped, that a newer text
// or a close cancels the running analysis, that shutdown is answered while
// an analysis runs, and the exact sequence of work done progress. The
// analysis here is a stand-in that reads the editor's buffer and then waits
// until the test lets it finish or the server cancels it.
//
//===----------------------------------------------------------------------===//

#include "LspServer.h"
#include "LspProtocol.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace kmdf::tool;
using namespace kmdf::tool::lsp;
namespace json = llvm::json;

namespace {

const char *const File = "/kmdf-lsp-test/dpc.c";

/// Lets the test see each analysis start (with the text it read) and decide
/// when it ends; collects what the server sends.
class Harness {
public:
  explicit Harness(bool ClientTakesProgress = false)
      : Log(LogLevel::Error, llvm::errs()),
        S(
            {}, [this](json::Value M) { received(std::move(M)); }, Log,
            [this](llvm::StringRef F,
                   llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                   const Cancellation &Cancel,
                   const AnalysisProgressFn &Progress) {
              return analyze(F, FS, Cancel, Progress);
            }) {
    json::Object Capabilities;
    if (ClientTakesProgress)
      Capabilities["window"] = json::Object{{"workDoneProgress", true}};
    S.handle(request(1, "initialize",
                     json::Object{{"capabilities", std::move(Capabilities)}}));
  }
  ~Harness() {
    release(100); // Whatever still waits.
    S.stop();
  }

  void handle(json::Value Message) { S.handle(Message); }
  void notify(llvm::StringRef Method, json::Object Params) {
    S.handle(json::Object{
        {"jsonrpc", "2.0"}, {"method", Method}, {"params", std::move(Params)}});
  }
  void open(llvm::StringRef Text, llvm::StringRef Path = File) {
    notify("textDocument/didOpen",
           json::Object{{"textDocument", json::Object{{"uri", pathToUri(Path)},
                                                      {"languageId", "c"},
                                                      {"version", 1},
                                                      {"text", Text}}}});
  }
  void change(int Version, llvm::StringRef Text) {
    notify("textDocument/didChange",
           json::Object{
               {"textDocument",
                json::Object{{"uri", pathToUri(File)}, {"version", Version}}},
               {"contentChanges", json::Array{json::Object{{"text", Text}}}}});
  }
  void simple(llvm::StringRef Method) {
    notify(Method, json::Object{{"textDocument",
                                 json::Object{{"uri", pathToUri(File)}}}});
  }

  /// Waits until \p N analyses have started; returns the texts they read.
  std::vector<std::string> waitForStarts(size_t N) {
    std::unique_lock<std::mutex> Lock(Mutex);
    Changed.wait_for(Lock, std::chrono::seconds(30),
                     [&] { return Started.size() >= N; });
    return Started;
  }
  /// Waits until \p N analyses have returned; returns how many of them
  /// returned because the server cancelled them.
  size_t waitForEnds(size_t N) {
    std::unique_lock<std::mutex> Lock(Mutex);
    Changed.wait_for(Lock, std::chrono::seconds(30),
                     [&] { return Ended >= N; });
    return CancelledCount;
  }
  /// Lets \p N more analyses finish.
  void release(int N) {
    std::lock_guard<std::mutex> Lock(Mutex);
    Released += N;
    Changed.notify_all();
  }
  /// Waits until \p N messages with \p Method (or responses, for "") arrived;
  /// returns all of them.
  std::vector<json::Object> waitFor(llvm::StringRef Method, size_t N) {
    std::unique_lock<std::mutex> Lock(Mutex);
    auto Matching = [&] {
      std::vector<json::Object> Found;
      for (const json::Object &M : Messages)
        if (M.getString("method").value_or("") == Method)
          Found.push_back(M);
      return Found;
    };
    Changed.wait_for(Lock, std::chrono::seconds(30),
                     [&] { return Matching().size() >= N; });
    return Matching();
  }
  /// Waits until \p N publishDiagnostics arrived; returns their params.
  std::vector<json::Object> waitForPublished(size_t N) {
    std::vector<json::Object> Params;
    for (const json::Object &M : waitFor("textDocument/publishDiagnostics", N))
      Params.push_back(*M.getObject("params"));
    return Params;
  }
  /// Everything the server sent, as "method" or "response <id>" lines.
  std::vector<std::string> sequence() {
    std::lock_guard<std::mutex> Lock(Mutex);
    std::vector<std::string> Lines;
    for (const json::Object &M : Messages) {
      if (std::optional<llvm::StringRef> Method = M.getString("method")) {
        std::string Line = Method->str();
        if (const json::Object *P = M.getObject("params"))
          if (const json::Object *V = P->getObject("value"))
            Line += " " + V->getString("kind").value_or("").str() + " " +
                    V->getString("message").value_or("").str();
        Lines.push_back(Line);
      } else {
        std::string Id;
        llvm::raw_string_ostream(Id) << *M.get("id");
        Lines.push_back("response " + Id);
      }
    }
    return Lines;
  }
  /// Stops the server: every analysis has ended and published by then.
  std::vector<json::Object> stop() {
    release(100);
    S.stop();
    return waitForPublished(0);
  }

  static json::Value request(const json::Value &Id, llvm::StringRef Method,
                             json::Value P) {
    return json::Object{
        {"jsonrpc", "2.0"}, {"id", Id}, {"method", Method}, {"params", P}};
  }

private:
  void received(json::Value Message) {
    const json::Object *Obj = Message.getAsObject();
    std::lock_guard<std::mutex> Lock(Mutex);
    // The answer to initialize is no part of what the tests look at.
    if (Obj->get("id") && *Obj->get("id") == json::Value(1))
      return;
    Messages.push_back(*Obj);
    Changed.notify_all();
  }

  /// Reads the buffer, reports half the work done, waits for the test or
  /// for the server's cancellation, finds a "bug" where the text says BUG.
  AnalysisOutcome analyze(llvm::StringRef F,
                          llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                          const Cancellation &Cancel,
                          const AnalysisProgressFn &Progress) {
    auto Buffer = FS->getBufferForFile(F);
    std::string Text = Buffer ? (*Buffer)->getBuffer().str() : "<unreadable>";
    if (Progress)
      Progress(5, 10);
    std::unique_lock<std::mutex> Lock(Mutex);
    Started.push_back(Text);
    Changed.notify_all();
    size_t Mine = Started.size();
    // Cancellation is a flag, not an event: look at it now and then.
    while (Released < Mine && !Cancel.isCancelled())
      Changed.wait_for(Lock, std::chrono::milliseconds(5));
    AnalysisOutcome Outcome;
    Outcome.Cancelled = Released < Mine;
    CancelledCount += Outcome.Cancelled;
    ++Ended;
    Changed.notify_all();
    Outcome.Result.File = F.str();
    if (llvm::StringRef(Text).contains("BUG")) {
      Finding Bug;
      Bug.CheckName = "kmdf.WdfInterruptLock";
      Bug.Message = "a bug";
      Bug.Position = {F.str(), 1, 1, 1};
      Outcome.Result.Findings.push_back(Bug);
    }
    return Outcome;
  }

  Logger Log;
  std::mutex Mutex;
  std::condition_variable Changed;
  std::vector<std::string> Started;
  size_t Released = 0;
  size_t Ended = 0;
  size_t CancelledCount = 0;
  std::vector<json::Object> Messages;
  Server S; // Last: its analysis thread uses the members above.
};

size_t diagnosticCount(const json::Object &Params) {
  return Params.getArray("diagnostics")->size();
}

TEST(LspServerTest, NewerTextCancelsTheRunningAnalysis) {
  Harness H;
  H.open("BUG");
  ASSERT_EQ(H.waitForStarts(1), std::vector<std::string>{"BUG"});
  // Version 1 is being analyzed; the user fixes the bug and saves: the
  // analysis of version 1 stops without being let finish.
  H.change(2, "fixed");
  EXPECT_EQ(H.waitForEnds(1), 1u);
  H.simple("textDocument/didSave");
  ASSERT_EQ(H.waitForStarts(2), (std::vector<std::string>{"BUG", "fixed"}));
  H.release(2);
  std::vector<json::Object> Published = H.waitForPublished(1);
  ASSERT_EQ(Published.size(), 1u);
  EXPECT_EQ(Published[0].getInteger("version"), 2);
  EXPECT_EQ(diagnosticCount(Published[0]), 0u);
  // Nothing else comes: version 1's findings were never sent.
  EXPECT_EQ(H.stop().size(), 1u);
}

TEST(LspServerTest, CloseCancelsTheRunningAnalysis) {
  Harness H;
  H.open("BUG");
  ASSERT_EQ(H.waitForStarts(1).size(), 1u);
  H.simple("textDocument/didClose");
  EXPECT_EQ(H.waitForEnds(1), 1u);
  // One analysis at a time: when the next one starts, the first is done.
  H.open("clean");
  ASSERT_EQ(H.waitForStarts(2), (std::vector<std::string>{"BUG", "clean"}));
  H.release(2);
  std::vector<json::Object> Published = H.waitForPublished(2);
  // The close's empty list, without a version, then the reopened file's.
  ASSERT_EQ(Published.size(), 2u);
  EXPECT_EQ(diagnosticCount(Published[0]), 0u);
  EXPECT_EQ(Published[0].get("version"), nullptr);
  EXPECT_EQ(diagnosticCount(Published[1]), 0u);
  EXPECT_EQ(Published[1].getInteger("version"), 1);
}

TEST(LspServerTest, ShutdownIsAnsweredWhileAnAnalysisRuns) {
  Harness H;
  H.open("BUG");
  ASSERT_EQ(H.waitForStarts(1).size(), 1u);
  // The analysis is held; the answer comes all the same, and the analysis
  // is cancelled: nothing is published after shutdown.
  H.handle(Harness::request(7, "shutdown", nullptr));
  EXPECT_EQ(H.sequence(), std::vector<std::string>{"response 7"});
  EXPECT_EQ(H.waitForEnds(1), 1u);
  EXPECT_TRUE(H.stop().empty());
}

TEST(LspServerTest, CurrentResultIsPublishedWithItsVersion) {
  Harness H;
  H.open("BUG");
  H.release(1);
  std::vector<json::Object> Published = H.waitForPublished(1);
  ASSERT_EQ(Published.size(), 1u);
  EXPECT_EQ(Published[0].getInteger("version"), 1);
  ASSERT_EQ(diagnosticCount(Published[0]), 1u);
  const json::Object *D =
      (*Published[0].getArray("diagnostics"))[0].getAsObject();
  EXPECT_EQ(D->getString("code"), llvm::StringRef("kmdf.WdfInterruptLock"));
  EXPECT_EQ(D->getString("message"), llvm::StringRef("a bug"));
}

TEST(LspServerTest, SaveDuringTheAnalysisOfTheSameTextAddsNone) {
  Harness H;
  H.open("BUG");
  ASSERT_EQ(H.waitForStarts(1).size(), 1u);
  H.simple("textDocument/didSave");
  H.release(1);
  ASSERT_EQ(H.waitForPublished(1).size(), 1u);
  // Analyses run in the order they were asked for: had the save queued one,
  // it would run before the other file's.
  H.open("other", "/kmdf-lsp-test/other.c");
  EXPECT_EQ(H.waitForStarts(2), (std::vector<std::string>{"BUG", "other"}));
}

// The client advertises window.workDoneProgress: the server creates a token,
// begins once the client confirmed it (with where the analysis got to), and
// ends after the diagnostics.
TEST(LspServerTest, WorkDoneProgress) {
  Harness H(/*ClientTakesProgress=*/true);
  H.open("BUG");
  std::vector<json::Object> Create =
      H.waitFor("window/workDoneProgress/create", 1);
  ASSERT_EQ(Create.size(), 1u);
  EXPECT_EQ(*Create[0].get("id"), json::Value("kmdf-check/1"));
  EXPECT_EQ(Create[0].getObject("params")->getString("token"),
            llvm::StringRef("kmdf-check/progress/1"));
  ASSERT_EQ(H.waitForStarts(1).size(), 1u);
  H.handle(json::Object{
      {"jsonrpc", "2.0"}, {"id", "kmdf-check/1"}, {"result", nullptr}});
  H.release(1);
  H.waitFor("$/progress", 2);
  EXPECT_EQ(H.sequence(),
            (std::vector<std::string>{"window/workDoneProgress/create",
                                      "$/progress begin 5 of 10 functions",
                                      "textDocument/publishDiagnostics",
                                      "$/progress end 1 finding"}));
  std::vector<json::Object> Progress = H.waitFor("$/progress", 2);
  const json::Object *Begin = Progress[0].getObject("params");
  EXPECT_EQ(Begin->getString("token"),
            llvm::StringRef("kmdf-check/progress/1"));
  EXPECT_EQ(Begin->getObject("value")->getInteger("percentage"), 50);
  EXPECT_EQ(Begin->getObject("value")->getString("title"),
            llvm::StringRef("kmdf-check"));
}

// A client that refuses the token gets no progress; one that does not say it
// takes progress gets no request.
TEST(LspServerTest, NoProgressUnlessTheClientTakesIt) {
  {
    Harness H(/*ClientTakesProgress=*/true);
    H.open("clean");
    H.waitFor("window/workDoneProgress/create", 1);
    H.handle(json::Object{
        {"jsonrpc", "2.0"},
        {"id", "kmdf-check/1"},
        {"error", json::Object{{"code", -32603}, {"message", "no"}}}});
    H.release(1);
    H.waitForPublished(1);
    H.stop();
    EXPECT_EQ(H.sequence(),
              (std::vector<std::string>{"window/workDoneProgress/create",
                                        "textDocument/publishDiagnostics"}));
  }
  Harness H;
  H.open("clean");
  H.release(1);
  H.waitForPublished(1);
  H.stop();
  EXPECT_EQ(H.sequence(),
            std::vector<std::string>{"textDocument/publishDiagnostics"});
}

TEST(LspProtocolTest, FileUris) {
  EXPECT_EQ(pathToUri("/a b/c#%.c"), "file:///a%20b/c%23%25.c");
  EXPECT_EQ(uriToPath("file:///a%20b/c%23%25.c"), "/a b/c#%.c");
  EXPECT_EQ(uriToPath("file://localhost/x/../y.c"), "/y.c");
  EXPECT_EQ(uriToPath("file://server/share/y.c"), std::nullopt);
  EXPECT_EQ(uriToPath("untitled:Untitled-1"), std::nullopt);
  EXPECT_EQ(uriToPath("file:///a%2"), std::nullopt);
}

json::Object rangeChange(int L1, int C1, int L2, int C2, llvm::StringRef Text) {
  auto Pos = [](int L, int C) {
    return json::Object{{"line", L}, {"character", C}};
  };
  return json::Object{
      {"range", json::Object{{"start", Pos(L1, C1)}, {"end", Pos(L2, C2)}}},
      {"text", Text}};
}

// clangd asks for incremental synchronization; with --clangd the server
// applies the same changes: ranges in lines and UTF-16 code units.
TEST(LspProtocolTest, IncrementalChanges) {
  std::string Text = "int a;\n/* \xC3\xA9\xF0\x9F\x98\x80 */ int b;\r\nint c;";
  // "é" is one UTF-16 unit, the emoji two: "int b" starts at character 10.
  ASSERT_TRUE(applyContentChange(Text, rangeChange(1, 10, 1, 15, "long x")));
  EXPECT_EQ(Text, "int a;\n/* \xC3\xA9\xF0\x9F\x98\x80 */ long x;\r\nint c;");
  // Past the end of a line: its end, before the CR LF.
  ASSERT_TRUE(applyContentChange(Text, rangeChange(0, 6, 0, 99, " // one")));
  EXPECT_EQ(Text.substr(0, 14), "int a; // one\n");
  // Past the end of the text: its end.
  ASSERT_TRUE(applyContentChange(Text, rangeChange(9, 0, 9, 0, "\n")));
  EXPECT_EQ(Text.back(), '\n');
  // Whole text.
  ASSERT_TRUE(applyContentChange(Text, json::Object{{"text", "x"}}));
  EXPECT_EQ(Text, "x");
  // Not a change.
  EXPECT_FALSE(applyContentChange(Text, json::Object{{"range", 1}}));
  EXPECT_FALSE(applyContentChange(Text, rangeChange(0, 1, 0, 0, "y")));
  EXPECT_FALSE(applyContentChange(Text, rangeChange(-1, 0, 0, 0, "y")));
  EXPECT_EQ(Text, "x");
}

} // namespace
