//===- ApiModel.cpp - What the checker knows about the KMDF API -----------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "kmdf-check/ApiModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Type.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <cassert>

using namespace clang;

namespace kmdf {

// Sources: the WDK's wdfinterrupt.h and the DDI reference pages of these
// functions. TryToAcquireLock exists for passive-level interrupts only.
static const LockFunction LockFunctionTable[] = {
    {"WdfInterruptAcquireLock", 1, LockKind::Interrupt, LockOperation::Acquire,
     0},
    {"WdfInterruptReleaseLock", 1, LockKind::Interrupt, LockOperation::Release,
     0},
    {"WdfInterruptTryToAcquireLock", 1, LockKind::Interrupt,
     LockOperation::TryAcquire, 0},
    {"WdfInterruptSynchronize", 3, LockKind::Interrupt,
     LockOperation::Synchronize, 0},
};

static const LockKindInfo LockKindTable[] = {
    {LockKind::Interrupt, "kmdf.WdfInterruptLock", "WdfInterruptLock",
     "Interrupt lock", "WDFINTERRUPT",
     "Check that KMDF interrupt locks are acquired and released in strict "
     "alternation and not held when a callback returns"},
};

// The framework runs these callbacks inside the interrupt lock (the spin
// lock at DIRQL, the passive lock for passive-level interrupts); the
// interrupt is their first parameter.
static const FrameworkHeldRole FrameworkHeldRoleTable[] = {
    {"EVT_WDF_INTERRUPT_ISR", "EvtInterruptIsr", LockKind::Interrupt, 0},
    {"EVT_WDF_INTERRUPT_SYNCHRONIZE", "EvtInterruptSynchronize",
     LockKind::Interrupt, 0},
    {"EVT_WDF_INTERRUPT_ENABLE", "EvtInterruptEnable", LockKind::Interrupt, 0},
    {"EVT_WDF_INTERRUPT_DISABLE", "EvtInterruptDisable", LockKind::Interrupt,
     0},
};

// Framework getters whose result is fixed for the life of their arguments.
// WdfRequestGetIoQueue is not one: forwarding moves a request to a new queue.
static const PureAccessor PureAccessorTable[] = {
    {"WdfObjectGetTypedContextWorker", 2},
    {"WdfInterruptGetDevice", 1},
    {"WdfIoQueueGetDevice", 1},
    {"WdfDpcGetParentObject", 1},
    {"WdfTimerGetParentObject", 1},
    {"WdfWorkItemGetParentObject", 1},
    {"WdfFileObjectGetDevice", 1},
    {"WdfObjectContextGetObject", 1},
};

static const llvm::StringRef DefaultRolePrefixes[] = {
    "EVT_WDF_", "EVT_WDFDEVICE_", "DRIVER_INITIALIZE", "DRIVER_UNLOAD"};

llvm::ArrayRef<LockFunction> lockFunctions() { return LockFunctionTable; }
llvm::ArrayRef<LockKindInfo> lockKinds() { return LockKindTable; }
llvm::ArrayRef<FrameworkHeldRole> frameworkHeldRoles() {
  return FrameworkHeldRoleTable;
}
llvm::ArrayRef<PureAccessor> pureAccessors() { return PureAccessorTable; }
llvm::ArrayRef<llvm::StringRef> defaultCallbackRolePrefixes() {
  return DefaultRolePrefixes;
}

const LockKindInfo &lockKindInfo(LockKind Kind) {
  const auto *It = llvm::find_if(
      LockKindTable, [Kind](const LockKindInfo &I) { return I.Kind == Kind; });
  assert(It != std::end(LockKindTable) && "every lock kind has a row");
  return *It;
}

const LockKindInfo *findLockKindByChecker(llvm::StringRef CheckerName) {
  const auto *It =
      llvm::find_if(LockKindTable, [CheckerName](const LockKindInfo &I) {
        return I.CheckerName == CheckerName;
      });
  return It == std::end(LockKindTable) ? nullptr : It;
}

bool isFrameworkOrKernelApiName(llvm::StringRef Name) {
  // Kernel naming: a component prefix followed by a capital letter
  // (KeStallExecutionProcessor, IoGetCurrentIrpStackLocation). The capital
  // keeps driver names such as IoctlDispatch or ExitWorker out.
  static const llvm::StringRef ComponentPrefixes[] = {
      "Wdf", "Ke", "Ex",   "Io",   "Rtl",  "Mm",  "Ob", "Zw",  "Nt",
      "Po",  "Ps", "Hal",  "Se",   "Cm",   "Dbg", "Kd", "Wmi", "Etw",
      "Flt", "Fs", "Iort", "Ndis", "Usbd", "Wdm", "Hid"};
  for (llvm::StringRef Prefix : ComponentPrefixes) {
    if (Name.size() > Prefix.size() && Name.starts_with(Prefix) &&
        llvm::isUpper(Name[Prefix.size()]))
      return true;
  }
  static const llvm::StringRef MacroLikePrefixes[] = {"READ_REGISTER_",
                                                      "WRITE_REGISTER_",
                                                      "READ_PORT_",
                                                      "WRITE_PORT_",
                                                      "Interlocked",
                                                      "WPP_",
                                                      "__"};
  return llvm::any_of(MacroLikePrefixes, [Name](llvm::StringRef Prefix) {
    return Name.starts_with(Prefix);
  });
}

bool isFrameworkFunction(const FunctionDecl *FD) {
  if (!FD)
    return false;
  if (FD->getBuiltinID() != 0)
    return true;
  const SourceManager &SM = FD->getASTContext().getSourceManager();
  if (SM.isInSystemHeader(FD->getCanonicalDecl()->getLocation()))
    return true;
  const IdentifierInfo *II = FD->getIdentifier();
  return II && isFrameworkOrKernelApiName(II->getName());
}

/// Calls \p Visit with the name of each typedef that \p T is spelled with,
/// outermost first, looking through attributes, parentheses, elaboration and
/// qualifiers. Stops early when \p Visit returns true.
template <typename Fn> static bool anyTypedefName(QualType T, Fn Visit) {
  // Sugar chains are short; the bound only guards against a malformed AST.
  for (unsigned Step = 0; Step < 64 && !T.isNull(); ++Step) {
    if (const auto *TT = dyn_cast<TypedefType>(T.getTypePtr()))
      if (Visit(TT->getDecl()->getName()))
        return true;
    QualType Next = T->getLocallyUnqualifiedSingleStepDesugaredType();
    if (Next == QualType(T.getTypePtr(), 0))
      return false;
    T = Next;
  }
  return false;
}

bool isLockHandleType(QualType T, LockKind Kind, bool AllowPointer) {
  if (T.isNull())
    return false;
  llvm::StringRef Want = lockKindInfo(Kind).HandleType;
  auto IsHandle = [Want](llvm::StringRef Name) { return Name == Want; };
  if (anyTypedefName(T, IsHandle))
    return true;
  return AllowPointer && T->isPointerType() &&
         anyTypedefName(T->getPointeeType(), IsHandle);
}

CallbackClassifier::CallbackClassifier(llvm::ArrayRef<std::string> Extra) {
  for (llvm::StringRef P : defaultCallbackRolePrefixes())
    Prefixes.push_back(P.str());
  Prefixes.insert(Prefixes.end(), Extra.begin(), Extra.end());
}

bool CallbackClassifier::isRoleTypeName(llvm::StringRef Name) const {
  return llvm::any_of(
      Prefixes, [Name](const std::string &P) { return Name.starts_with(P); });
}

std::optional<CallbackRole>
CallbackClassifier::classify(const FunctionDecl *FD) const {
  if (!FD)
    return std::nullopt;
  std::optional<CallbackRole> Role;
  auto Record = [&](llvm::StringRef Name) {
    if (!isRoleTypeName(Name))
      return false;
    if (!Role)
      Role = CallbackRole{Name.str(), nullptr};
    for (const FrameworkHeldRole &H : frameworkHeldRoles())
      if (H.RoleType == Name && H.HeldParam < FD->getNumParams())
        Role->FrameworkHeld = &H;
    return false; // Keep looking: an alias may hide a lock-holding role.
  };
  // In C the definition inherits the typedef sugar of the earlier role-type
  // declaration; in C++ only that declaration keeps it, so look at them all.
  for (const FunctionDecl *D : FD->redecls())
    anyTypedefName(D->getType(), Record);
  return Role;
}

std::optional<std::vector<std::string>>
parseRolePrefixList(llvm::StringRef Value) {
  std::vector<std::string> Result;
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Value.split(Parts, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef Part : Parts) {
    llvm::SmallVector<llvm::StringRef, 4> Words;
    llvm::SplitString(Part, Words, " \t");
    for (llvm::StringRef Word : Words) {
      bool IsIdentifier =
          (llvm::isAlpha(Word.front()) || Word.front() == '_') &&
          llvm::all_of(Word,
                       [](char C) { return llvm::isAlnum(C) || C == '_'; });
      if (!IsIdentifier)
        return std::nullopt;
      Result.push_back(Word.str());
    }
  }
  return Result;
}

} // namespace kmdf
