//===- SignalHandlers.cpp - LLVM's signal handlers, installed first -------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// LLVM installs its signal handlers the first time something asks for them
// (clang does when it writes an output file, such as an AST dump), and gives
// the thread that asked an alternate signal stack from the heap. kmdf-check's
// main asks on the main thread. In these tests the first to ask would be a
// worker of the index builder's thread pool; when that thread ends,
// AddressSanitizer takes the stack for one of its own mappings and fails to
// unmap it. Installing the handlers before any test runs, on the main thread,
// gives the tests the tool's order.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Signals.h"

#include "gtest/gtest.h"

namespace {

class SignalHandlersFirst : public ::testing::Environment {
public:
  void SetUp() override { llvm::sys::PrintStackTraceOnErrorSignal(""); }
};

[[maybe_unused]] ::testing::Environment *const Installed =
    ::testing::AddGlobalTestEnvironment(new SignalHandlersFirst);

} // namespace
