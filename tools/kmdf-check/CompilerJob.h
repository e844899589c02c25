//===- CompilerJob.h - One clang -cc1 job, checkers linked in --*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// `kmdf-check -cc1 <clang -cc1 arguments>` runs one compiler job in process,
// like `clang -cc1 -load KmdfCheck.so`, but with the kmdf checkers linked in
// rather than loaded. The checker's own lit tests (-verify, path notes, state
// dumps) run through it in sanitized builds, where the instrumented checker
// cannot be loaded into Debian's uninstrumented clang.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_COMPILERJOB_H
#define KMDF_CHECK_TOOL_COMPILERJOB_H

#include "llvm/ADT/ArrayRef.h"

namespace kmdf::tool {

/// Runs the clang -cc1 job \p Args (the arguments after "-cc1"). Returns the
/// exit status clang -cc1 would: 0 on success, 1 on errors, including
/// -verify mismatches.
int runCompilerJob(llvm::ArrayRef<const char *> Args, const char *Argv0);

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_COMPILERJOB_H
