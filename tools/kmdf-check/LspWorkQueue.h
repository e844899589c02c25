//===- LspWorkQueue.h - The language server's analysis thread ---*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The language server analyzes on a thread of its own, one file at a time,
// so that the message loop always answers at once. Work is keyed by file: a
// file waits in the queue at most once, and the work for a file can be
// cancelled, whether it waits or runs (a newer text, a close, shutdown).
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_LSPWORKQUEUE_H
#define KMDF_CHECK_TOOL_LSPWORKQUEUE_H

#include "Cancellation.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace kmdf::tool::lsp {

class WorkQueue {
public:
  /// Does the work for a file; should return soon after its Cancellation is
  /// set.
  using Work =
      std::function<void(const std::string &File, const Cancellation &Cancel)>;

  explicit WorkQueue(Work Run);
  ~WorkQueue() { stop(); }
  WorkQueue(const WorkQueue &) = delete;
  WorkQueue &operator=(const WorkQueue &) = delete;

  /// Queues work for \p File, unless it already waits.
  void schedule(const std::string &File);
  /// Drops the work waiting for \p File and cancels the running one.
  void cancel(const std::string &File);
  /// Drops all waiting work and cancels the running one.
  void cancelAll();
  /// cancelAll, then waits for the running work to return; schedule does
  /// nothing from then on.
  void stop();

private:
  void loop();

  Work Run;
  std::mutex Mutex;
  std::condition_variable Wakeup;
  std::deque<std::string> Waiting;
  /// The file being worked on, and its cancellation.
  std::string Running;
  std::shared_ptr<Cancellation> RunningCancel;
  bool Stopping = false;
  std::thread Thread; ///< Last: it uses the members above.
};

} // namespace kmdf::tool::lsp

#endif // KMDF_CHECK_TOOL_LSPWORKQUEUE_H
