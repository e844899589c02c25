//===- LspServerTest.cpp - The language server's handling of versions ----===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What test/lsp/stale.test cannot make certain: that a result computed while
// the document changed is dropped, whatever the timing. The analysis here is
// a stand-in that reads the editor's buffer and then waits until the test
// lets it finish.
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
  Harness()
      : Log(LogLevel::Error, llvm::errs()),
        S(
            {}, [this](json::Value M) { received(std::move(M)); }, Log,
            [this](llvm::StringRef F,
                   llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
              return analyze(F, FS);
            }) {
    S.handle(request(1, "initialize", json::Object{{"capabilities", {}}}));
  }
  ~Harness() {
    release(100); // Whatever still waits.
    S.stop();
  }

  void notify(llvm::StringRef Method, json::Object Params) {
    S.handle(json::Object{
        {"jsonrpc", "2.0"}, {"method", Method}, {"params", std::move(Params)}});
  }
  void open(llvm::StringRef Text) {
    notify("textDocument/didOpen",
           json::Object{{"textDocument", json::Object{{"uri", pathToUri(File)},
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
  size_t startCount() {
    std::lock_guard<std::mutex> Lock(Mutex);
    return Started.size();
  }
  /// Lets \p N more analyses finish.
  void release(int N) {
    std::lock_guard<std::mutex> Lock(Mutex);
    Released += N;
    Changed.notify_all();
  }
  /// Waits until \p N publishDiagnostics arrived; returns their params.
  std::vector<json::Object> waitForPublished(size_t N) {
    std::unique_lock<std::mutex> Lock(Mutex);
    Changed.wait_for(Lock, std::chrono::seconds(30),
                     [&] { return Published.size() >= N; });
    return Published;
  }
  /// Stops the server: every analysis has ended and published by then.
  std::vector<json::Object> stop() {
    release(100);
    S.stop();
    std::lock_guard<std::mutex> Lock(Mutex);
    return Published;
  }

private:
  static json::Value request(int Id, llvm::StringRef Method, json::Value P) {
    return json::Object{
        {"jsonrpc", "2.0"}, {"id", Id}, {"method", Method}, {"params", P}};
  }

  void received(json::Value Message) {
    const json::Object *Obj = Message.getAsObject();
    if (!Obj || Obj->getString("method") !=
                    llvm::StringRef("textDocument/publishDiagnostics"))
      return;
    std::lock_guard<std::mutex> Lock(Mutex);
    Published.push_back(*Obj->getObject("params"));
    Changed.notify_all();
  }

  /// Reads the buffer, waits for the test, finds a "bug" where the text
  /// says BUG.
  AnalysisOutcome analyze(llvm::StringRef F,
                          llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
    auto Buffer = FS->getBufferForFile(F);
    std::string Text = Buffer ? (*Buffer)->getBuffer().str() : "<unreadable>";
    std::unique_lock<std::mutex> Lock(Mutex);
    Started.push_back(Text);
    Changed.notify_all();
    size_t Mine = Started.size();
    Changed.wait(Lock, [&] { return Released >= Mine; });
    AnalysisOutcome Outcome;
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
  std::vector<json::Object> Published;
  Server S; // Last: its analysis thread uses the members above.
};

size_t diagnosticCount(const json::Object &Params) {
  return Params.getArray("diagnostics")->size();
}

TEST(LspServerTest, ResultOfAnOlderVersionIsDropped) {
  Harness H;
  H.open("BUG");
  ASSERT_EQ(H.waitForStarts(1), std::vector<std::string>{"BUG"});
  // Version 1 is being analyzed; the user fixes the bug and saves.
  H.change(2, "fixed");
  H.simple("textDocument/didSave");
  H.release(1);
  ASSERT_EQ(H.waitForStarts(2), (std::vector<std::string>{"BUG", "fixed"}));
  H.release(1);
  std::vector<json::Object> Published = H.waitForPublished(1);
  ASSERT_EQ(Published.size(), 1u);
  EXPECT_EQ(Published[0].getInteger("version"), 2);
  EXPECT_EQ(diagnosticCount(Published[0]), 0u);
  // Nothing else comes: version 1's findings were never sent.
  EXPECT_EQ(H.stop().size(), 1u);
}

TEST(LspServerTest, CloseDropsTheRunningAnalysis) {
  Harness H;
  H.open("BUG");
  ASSERT_EQ(H.waitForStarts(1).size(), 1u);
  H.simple("textDocument/didClose");
  H.release(1);
  // One analysis at a time: when the next one starts, the first is done.
  H.open("clean");
  ASSERT_EQ(H.waitForStarts(2), (std::vector<std::string>{"BUG", "clean"}));
  H.release(1);
  std::vector<json::Object> Published = H.waitForPublished(2);
  // The close's empty list, without a version, then the reopened file's.
  ASSERT_EQ(Published.size(), 2u);
  EXPECT_EQ(diagnosticCount(Published[0]), 0u);
  EXPECT_EQ(Published[0].get("version"), nullptr);
  EXPECT_EQ(diagnosticCount(Published[1]), 0u);
  EXPECT_EQ(Published[1].getInteger("version"), 1);
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
  // A second run would start at once, on the same thread.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(H.startCount(), 1u);
}

TEST(LspProtocolTest, FileUris) {
  EXPECT_EQ(pathToUri("/a b/c#%.c"), "file:///a%20b/c%23%25.c");
  EXPECT_EQ(uriToPath("file:///a%20b/c%23%25.c"), "/a b/c#%.c");
  EXPECT_EQ(uriToPath("file://localhost/x/../y.c"), "/y.c");
  EXPECT_EQ(uriToPath("file://server/share/y.c"), std::nullopt);
  EXPECT_EQ(uriToPath("untitled:Untitled-1"), std::nullopt);
  EXPECT_EQ(uriToPath("file:///a%2"), std::nullopt);
}

} // namespace
