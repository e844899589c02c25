//===- PluginEntry.cpp - The entry points clang looks for in a plugin -----===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// clang loads an analyzer plugin only if it exports both symbols below and
// the version string equals its own, to the point release.
//
//===----------------------------------------------------------------------===//

#include "kmdf-check/Registration.h"

#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

#define KMDF_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))

// Only the test build of a mismatched plugin sets this
// (checker/CMakeLists.txt).
#ifndef KMDF_PLUGIN_API_VERSION
#define KMDF_PLUGIN_API_VERSION CLANG_ANALYZER_API_VERSION_STRING
#endif

KMDF_PLUGIN_EXPORT const char clang_analyzerAPIVersionString[] =
    KMDF_PLUGIN_API_VERSION;

KMDF_PLUGIN_EXPORT void
clang_registerCheckers(clang::ento::CheckerRegistry &Registry) {
  kmdf::registerCheckers(Registry);
}
