//===- ApiModel.h - What the checkers know about the KMDF API ---*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The model of the KMDF and kernel locking API, kept apart from the
// path-sensitive code: the lock families and the rule (checker) of each, the
// functions that take, try, release or synchronize on a lock with everything
// a call does (which argument names the lock and how, what it returns, on
// which result the lock is held), the calls a rule forbids while a lock is
// held, which role types make a function a KMDF callback, which callbacks the
// framework calls with a lock already held, which framework accessors are
// pure, and which callees belong to the framework or the kernel.
//
// A new lock family is a LockFamily, its row in the family table, its
// functions in the lock-function table and its rule in the rule table: the
// modelling checker and the reports are shared (docs/design.md).
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

/// A family of locks that one rule is about.
enum class LockFamily : unsigned char {
  Interrupt,   ///< WDFINTERRUPT: WdfInterruptAcquireLock/ReleaseLock.
  WdfSpinLock, ///< WDFSPINLOCK: WdfSpinLockAcquire/Release.
  WdfWaitLock, ///< WDFWAITLOCK: WdfWaitLockAcquire/Release.
  KeSpinLock,  ///< KSPIN_LOCK: KeAcquireSpinLock and its kin.
};

/// How a lock is named: by a handle value (a WDF object handle, the same
/// lock wherever it is copied) or by the memory of the lock object itself (a
/// KSPIN_LOCK, passed by address).
enum class LockKeying : unsigned char { ByHandle, ByObject };

/// What is constant about a lock family: its words, its handle type, how its
/// locks are named.
struct LockFamilyInfo {
  LockFamily Family;
  llvm::StringRef Noun; ///< Starts a message: "WDF spin lock"
  /// Joins the noun to the quoted expression: "Interrupt lock of 'X'" (the
  /// lock of an interrupt object), "WDF spin lock 'X'" (the lock itself).
  llvm::StringRef Joiner;
  /// The typedef of the handle (ByHandle) or of the lock object (ByObject).
  llvm::StringRef HandleType;
  LockKeying Keying;
  /// True for locks that raise IRQL to DISPATCH_LEVEL or above: a request
  /// must not be sent while one is held (ReqSendWhileSpinlock).
  bool RaisesIrql;
};

/// A rule: one checker, with its own name, bug types and documentation page.
enum class Rule : unsigned char {
  WdfInterruptLock,
  WdfSpinlock,
  WdfWaitlock,
  Spinlock,
  ReqSendWhileSpinlock,
};

struct RuleInfo {
  Rule Id;
  llvm::StringRef CheckerName; ///< e.g. "kmdf.WdfSpinlock"
  llvm::StringRef RuleName;    ///< SDV's rule name, the docs page's name.
  llvm::StringRef Description; ///< One line for -analyzer-checker-help.
  /// The family whose acquires and releases the rule judges; none for rules
  /// about other calls made under a lock.
  std::optional<LockFamily> Family;
};

enum class LockOperation : unsigned char {
  Acquire,    ///< Takes the lock (maybe only on some results: see Result).
  Release,    ///< Gives the lock back.
  TryAcquire, ///< Takes the lock only when it returns nonzero.
  Synchronize ///< Takes the lock around a callback and gives it back.
};

/// How the lock argument of a lock function names the lock.
enum class LockArgument : unsigned char {
  Handle,     ///< The handle value (WDFSPINLOCK Lock).
  Object,     ///< The address of the lock object (PKSPIN_LOCK SpinLock).
  QueueHandle ///< The address of the queue handle an in-stack queued
              ///< acquire filled (PKLOCK_QUEUE_HANDLE LockHandle).
};

/// What a lock function returns, and on which result it holds the lock.
enum class LockResult : unsigned char {
  None,    ///< VOID, or a value the model does not need (an old IRQL).
  Boolean, ///< TRUE (1) when it took the lock, FALSE (0) when not.
  /// STATUS_SUCCESS when it took the lock, STATUS_TIMEOUT when it gave up.
  NtStatusTimeout,
};

/// One row of the lock API: a function and everything a call to it does.
struct LockFunction {
  llvm::StringRef Name;
  unsigned NumArgs;
  LockFamily Family;
  LockOperation Operation;
  unsigned LockArg; ///< The argument that names the lock.
  LockArgument ArgKind;
  LockResult Result;
  /// For an Acquire: an optional pointer argument (WdfWaitLockAcquire's
  /// Timeout) that, when NULL, makes the acquire unconditional; when not
  /// NULL, the lock is held only on the success result.
  std::optional<unsigned> ConditionArg;
  /// For an in-stack queued acquire: the queue handle it fills, through
  /// which the lock is released.
  std::optional<unsigned> QueueHandleArg;
};

/// A call that a rule forbids while a lock of certain families is held.
struct RestrictedCall {
  llvm::StringRef Name;
  unsigned NumArgs;
  Rule ByRule;
};

/// A callback role that the framework invokes with a lock already held.
struct FrameworkHeldRole {
  llvm::StringRef RoleType;     ///< e.g. "EVT_WDF_INTERRUPT_ISR"
  llvm::StringRef CallbackName; ///< The documented name: "EvtInterruptIsr"
  LockFamily Family;
  unsigned HeldParam; ///< The parameter whose lock the framework holds.
};

/// A framework accessor whose result depends only on its arguments, such as
/// the object-context accessor behind GetDeviceContext(). Calling it twice
/// with the same arguments yields the same value.
struct PureAccessor {
  llvm::StringRef Name;
  unsigned NumArgs;
};

/// A family of callback role types, by typedef-name prefix, and where the
/// framework or class extension that calls them is documented.
struct RolePrefix {
  llvm::StringRef Prefix; ///< e.g. "EVT_SERCX2_"
  llvm::StringRef Owner;  ///< e.g. "SerCx2 (serial controllers)"
};

llvm::ArrayRef<LockFamilyInfo> lockFamilies();
const LockFamilyInfo &lockFamilyInfo(LockFamily Family);
llvm::ArrayRef<RuleInfo> rules();
const RuleInfo &ruleInfo(Rule Id);
/// The rule that judges the acquires and releases of \p Family.
const RuleInfo &ruleOfFamily(LockFamily Family);
const RuleInfo *findRuleByChecker(llvm::StringRef CheckerName);
llvm::ArrayRef<LockFunction> lockFunctions();
llvm::ArrayRef<RestrictedCall> restrictedCalls();
llvm::ArrayRef<FrameworkHeldRole> frameworkHeldRoles();
llvm::ArrayRef<PureAccessor> pureAccessors();

/// Role-type prefixes that mark callbacks when no option adds more: KMDF's
/// own and those of Microsoft's class extensions.
llvm::ArrayRef<RolePrefix> defaultCallbackRolePrefixes();

/// True for names of framework and kernel routines (Wdf*, Ke*, ...) and of
/// the compiler's intrinsics: they never release a driver's lock behind its
/// back. Driver helpers named like other kernel components (Io*, Hid*,
/// Usbd*) do not count: drivers name their own functions so.
bool isFrameworkOrKernelApiName(llvm::StringRef Name);

/// True if \p FD belongs to the framework, the kernel or the C runtime rather
/// than to the driver: a builtin, a function declared in a system header, or
/// one with a framework or kernel name.
bool isFrameworkFunction(const clang::FunctionDecl *FD);

/// True if \p T, looked at through its typedefs, is the handle (or lock
/// object) type of \p Family, or a pointer to it when \p AllowPointer is set.
bool isLockHandleType(clang::QualType T, LockFamily Family, bool AllowPointer);

/// The family whose handle or lock object type \p T is, if any.
std::optional<LockFamily> lockFamilyOfType(clang::QualType T,
                                           bool AllowPointer);

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
