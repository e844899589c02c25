//===- ApiModel.h - What the checker knows about the KMDF API ---*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The model of the KMDF API, kept apart from the path-sensitive checker: which
// functions take, try, release or synchronize on a lock, which role types make
// a function a KMDF callback, which callbacks the framework calls with a lock
// already held, which framework accessors are pure, and which callees belong
// to the framework or the kernel rather than to the driver.
//
// A new lock rule (WdfSpinLock, WdfWaitLock, Ke spin locks) is a new LockKind
// and new rows in these tables, not a new checker.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_APIMODEL_H
#define KMDF_CHECK_APIMODEL_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace clang {
class FunctionDecl;
class QualType;
} // namespace clang

namespace kmdf {

/// A family of locks with one rule. Each kind is one checker frontend.
enum class LockKind : unsigned char {
  Interrupt, ///< WDFINTERRUPT locks: the WdfInterruptLock rule.
};

enum class LockOperation : unsigned char {
  Acquire,    ///< Takes the lock; a second acquire deadlocks.
  Release,    ///< Gives the lock back.
  TryAcquire, ///< Takes the lock only when it returns nonzero.
  Synchronize ///< Takes the lock around a callback and gives it back.
};

/// One row of the lock API: a function and what it does to which argument.
struct LockFunction {
  llvm::StringRef Name;
  unsigned NumArgs;
  LockKind Kind;
  LockOperation Operation;
  unsigned HandleArg;
};

/// What is constant about a lock kind: its rule, its checker and its words.
struct LockKindInfo {
  LockKind Kind;
  llvm::StringRef CheckerName; ///< e.g. "kmdf.WdfInterruptLock"
  llvm::StringRef RuleName;    ///< SDV's rule name, e.g. "WdfInterruptLock"
  llvm::StringRef Noun;        ///< Starts a message: "Interrupt lock"
  llvm::StringRef HandleType;  ///< The typedef of the handle: "WDFINTERRUPT"
  llvm::StringRef Description; ///< One line for -analyzer-checker-help.
};

/// A callback role that the framework invokes with a lock already held.
struct FrameworkHeldRole {
  llvm::StringRef RoleType;     ///< e.g. "EVT_WDF_INTERRUPT_ISR"
  llvm::StringRef CallbackName; ///< The documented name: "EvtInterruptIsr"
  LockKind Kind;
  unsigned HeldParam; ///< The parameter whose lock the framework holds.
};

/// A framework accessor whose result depends only on its arguments, such as
/// the object-context accessor behind GetDeviceContext(). Calling it twice
/// with the same arguments yields the same value.
struct PureAccessor {
  llvm::StringRef Name;
  unsigned NumArgs;
};

llvm::ArrayRef<LockFunction> lockFunctions();
llvm::ArrayRef<LockKindInfo> lockKinds();
const LockKindInfo &lockKindInfo(LockKind Kind);
const LockKindInfo *findLockKindByChecker(llvm::StringRef CheckerName);
llvm::ArrayRef<FrameworkHeldRole> frameworkHeldRoles();
llvm::ArrayRef<PureAccessor> pureAccessors();

/// Role-type prefixes that mark KMDF callbacks when no option adds more.
llvm::ArrayRef<llvm::StringRef> defaultCallbackRolePrefixes();

/// True for names of framework and kernel routines (Wdf*, Ke*, Io*, ...):
/// they never release a driver's lock behind its back.
bool isFrameworkOrKernelApiName(llvm::StringRef Name);

/// True if \p FD belongs to the framework, the kernel or the C runtime rather
/// than to the driver: a builtin, a function declared in a system header, or
/// one with a framework or kernel name.
bool isFrameworkFunction(const clang::FunctionDecl *FD);

/// True if \p T, looked at through its typedefs, is the handle type of
/// \p Kind (or a pointer to it, when \p AllowPointer is set).
bool isLockHandleType(clang::QualType T, LockKind Kind, bool AllowPointer);

/// The role of a KMDF callback, found from its role-type declaration.
struct CallbackRole {
  std::string RoleType; ///< The matching role typedef, e.g. "EVT_WDF_DPC".
  /// Set when the framework calls this role with a lock held.
  const FrameworkHeldRole *FrameworkHeld = nullptr;
};

/// Decides which functions are KMDF callbacks. A function is one when any of
/// its declarations is written with a role type (`EVT_WDF_INTERRUPT_DPC
/// MyDpc;`), directly or through further typedefs of it.
class CallbackClassifier {
public:
  /// \p ExtraPrefixes are added to defaultCallbackRolePrefixes().
  explicit CallbackClassifier(llvm::ArrayRef<std::string> ExtraPrefixes = {});

  std::optional<CallbackRole> classify(const clang::FunctionDecl *FD) const;

  /// True if a typedef named \p Name is a callback role type.
  bool isRoleTypeName(llvm::StringRef Name) const;

private:
  std::vector<std::string> Prefixes;
};

/// Splits the CallbackRolePrefixes option value: identifiers separated by ';'
/// or whitespace. Returns std::nullopt if an entry is not an identifier.
std::optional<std::vector<std::string>>
parseRolePrefixList(llvm::StringRef Value);

} // namespace kmdf

#endif // KMDF_CHECK_APIMODEL_H
