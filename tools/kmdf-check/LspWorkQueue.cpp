//===- LspWorkQueue.cpp - The language server's analysis thread -----------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LspWorkQueue.h"

#include "llvm/ADT/STLExtras.h"

namespace kmdf::tool::lsp {

WorkQueue::WorkQueue(Work Run)
    : Run(std::move(Run)), Thread([this] { loop(); }) {}

void WorkQueue::schedule(const std::string &File) {
  std::lock_guard<std::mutex> Lock(Mutex);
  if (Stopping || llvm::is_contained(Waiting, File))
    return;
  Waiting.push_back(File);
  Wakeup.notify_one();
}

void WorkQueue::cancel(const std::string &File) {
  std::lock_guard<std::mutex> Lock(Mutex);
  llvm::erase(Waiting, File);
  if (RunningCancel && Running == File)
    RunningCancel->cancel();
}

void WorkQueue::cancelAll() {
  std::lock_guard<std::mutex> Lock(Mutex);
  Waiting.clear();
  if (RunningCancel)
    RunningCancel->cancel();
}

void WorkQueue::stop() {
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Stopping = true;
    Waiting.clear();
    if (RunningCancel)
      RunningCancel->cancel();
    Wakeup.notify_one();
  }
  if (Thread.joinable())
    Thread.join();
}

void WorkQueue::loop() {
  while (true) {
    std::string File;
    std::shared_ptr<Cancellation> Cancel;
    {
      std::unique_lock<std::mutex> Lock(Mutex);
      Wakeup.wait(Lock, [this] { return Stopping || !Waiting.empty(); });
      if (Stopping)
        return;
      File = std::move(Waiting.front());
      Waiting.pop_front();
      Cancel = std::make_shared<Cancellation>();
      Running = File;
      RunningCancel = Cancel;
    }
    Run(File, *Cancel);
    std::lock_guard<std::mutex> Lock(Mutex);
    Running.clear();
    RunningCancel.reset();
  }
}

} // namespace kmdf::tool::lsp
