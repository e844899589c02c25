//===- Cancellation.h - Asking a running analysis to stop -------*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A flag one thread sets and another polls: the language server sets it when
// the text being analyzed is gone (a newer save, a close, exit), the analysis
// polls it between and inside the functions it analyzes.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_CANCELLATION_H
#define KMDF_CHECK_TOOL_CANCELLATION_H

#include <atomic>

namespace kmdf::tool {

class Cancellation {
public:
  void cancel() { Cancelled.store(true, std::memory_order_relaxed); }
  bool isCancelled() const { return Cancelled.load(std::memory_order_relaxed); }

private:
  std::atomic<bool> Cancelled{false};
};

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_CANCELLATION_H
