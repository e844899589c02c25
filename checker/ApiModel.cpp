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

// Sources: the WDK's wdfinterrupt.h, wdfsync.h and wdm.h, and the DDI
// reference pages of these functions. WdfInterruptTryToAcquireLock exists for
// passive-level interrupts only. KeAcquireSpinLock is a macro over
// KeAcquireSpinLockRaiseToDpc on x64 and over KfAcquireSpinLock on x86; some
// headers declare it as a function. The Kef/Kf names are the x86 exports the
// macros of the other routines expand to.
static const LockFunction LockFunctionTable[] = {
    // clang-format off
    // Name, args, family, operation, lock arg, how it names the lock, result,
    // condition arg, queue-handle arg.
    {"WdfInterruptAcquireLock", 1, LockFamily::Interrupt, LockOperation::Acquire, 0, LockArgument::Handle, LockResult::None, {}, {}},
    {"WdfInterruptReleaseLock", 1, LockFamily::Interrupt, LockOperation::Release, 0, LockArgument::Handle, LockResult::None, {}, {}},
    {"WdfInterruptTryToAcquireLock", 1, LockFamily::Interrupt, LockOperation::TryAcquire, 0, LockArgument::Handle, LockResult::Boolean, {}, {}},
    {"WdfInterruptSynchronize", 3, LockFamily::Interrupt, LockOperation::Synchronize, 0, LockArgument::Handle, LockResult::None, {}, {}},
    {"WdfSpinLockAcquire", 1, LockFamily::WdfSpinLock, LockOperation::Acquire, 0, LockArgument::Handle, LockResult::None, {}, {}},
    {"WdfSpinLockRelease", 1, LockFamily::WdfSpinLock, LockOperation::Release, 0, LockArgument::Handle, LockResult::None, {}, {}},
    // A NULL Timeout waits for ever and always returns STATUS_SUCCESS; any
    // other returns STATUS_SUCCESS with the lock or STATUS_TIMEOUT without.
    {"WdfWaitLockAcquire", 2, LockFamily::WdfWaitLock, LockOperation::Acquire, 0, LockArgument::Handle, LockResult::NtStatusTimeout, 1, {}},
    {"WdfWaitLockRelease", 1, LockFamily::WdfWaitLock, LockOperation::Release, 0, LockArgument::Handle, LockResult::None, {}, {}},
    {"KeAcquireSpinLockRaiseToDpc", 1, LockFamily::KeSpinLock, LockOperation::Acquire, 0, LockArgument::Object, LockResult::None, {}, {}},
    {"KeAcquireSpinLock", 2, LockFamily::KeSpinLock, LockOperation::Acquire, 0, LockArgument::Object, LockResult::None, {}, {}},
    {"KfAcquireSpinLock", 1, LockFamily::KeSpinLock, LockOperation::Acquire, 0, LockArgument::Object, LockResult::None, {}, {}},
    {"KeReleaseSpinLock", 2, LockFamily::KeSpinLock, LockOperation::Release, 0, LockArgument::Object, LockResult::None, {}, {}},
    {"KfReleaseSpinLock", 2, LockFamily::KeSpinLock, LockOperation::Release, 0, LockArgument::Object, LockResult::None, {}, {}},
    {"KeAcquireSpinLockAtDpcLevel", 1, LockFamily::KeSpinLock, LockOperation::Acquire, 0, LockArgument::Object, LockResult::None, {}, {}},
    {"KefAcquireSpinLockAtDpcLevel", 1, LockFamily::KeSpinLock, LockOperation::Acquire, 0, LockArgument::Object, LockResult::None, {}, {}},
    {"KeReleaseSpinLockFromDpcLevel", 1, LockFamily::KeSpinLock, LockOperation::Release, 0, LockArgument::Object, LockResult::None, {}, {}},
    {"KefReleaseSpinLockFromDpcLevel", 1, LockFamily::KeSpinLock, LockOperation::Release, 0, LockArgument::Object, LockResult::None, {}, {}},
    {"KeTryToAcquireSpinLockAtDpcLevel", 1, LockFamily::KeSpinLock, LockOperation::TryAcquire, 0, LockArgument::Object, LockResult::Boolean, {}, {}},
    {"KeAcquireInStackQueuedSpinLock", 2, LockFamily::KeSpinLock, LockOperation::Acquire, 0, LockArgument::Object, LockResult::None, {}, 1},
    {"KeAcquireInStackQueuedSpinLockAtDpcLevel", 2, LockFamily::KeSpinLock, LockOperation::Acquire, 0, LockArgument::Object, LockResult::None, {}, 1},
    {"KeReleaseInStackQueuedSpinLock", 1, LockFamily::KeSpinLock, LockOperation::Release, 0, LockArgument::QueueHandle, LockResult::None, {}, {}},
    {"KeReleaseInStackQueuedSpinLockFromDpcLevel", 1, LockFamily::KeSpinLock, LockOperation::Release, 0, LockArgument::QueueHandle, LockResult::None, {}, {}},
    // clang-format on
};

static const LockFamilyInfo LockFamilyTable[] = {
    // clang-format off
    {LockFamily::Interrupt, "Interrupt lock", " of ", "WDFINTERRUPT", LockKeying::ByHandle, /*RaisesIrql=*/true},
    {LockFamily::WdfSpinLock, "WDF spin lock", " ", "WDFSPINLOCK", LockKeying::ByHandle, /*RaisesIrql=*/true},
    {LockFamily::WdfWaitLock, "WDF wait lock", " ", "WDFWAITLOCK", LockKeying::ByHandle, /*RaisesIrql=*/false},
    {LockFamily::KeSpinLock, "Kernel spin lock", " ", "KSPIN_LOCK", LockKeying::ByObject, /*RaisesIrql=*/true},
    // clang-format on
};

static const RuleInfo RuleTable[] = {
    {Rule::WdfInterruptLock, "kmdf.WdfInterruptLock", "WdfInterruptLock",
     "Check that KMDF interrupt locks are acquired and released in strict "
     "alternation and not held when a callback returns",
     LockFamily::Interrupt},
    {Rule::WdfSpinlock, "kmdf.WdfSpinlock", "WdfSpinlock",
     "Check that WDF spin locks are acquired and released in strict "
     "alternation and not held when a callback returns",
     LockFamily::WdfSpinLock},
    {Rule::WdfWaitlock, "kmdf.WdfWaitlock", "WdfWaitlock",
     "Check that WDF wait locks are acquired and released in strict "
     "alternation, timed acquires included, and not held when a callback "
     "returns",
     LockFamily::WdfWaitLock},
    {Rule::Spinlock, "kmdf.Spinlock", "Spinlock",
     "Check that kernel spin locks (KeAcquireSpinLock and its kin) are "
     "acquired and released in strict alternation and not held when a "
     "callback returns",
     LockFamily::KeSpinLock},
    {Rule::ReqSendWhileSpinlock, "kmdf.ReqSendWhileSpinlock",
     "ReqSendWhileSpinlock",
     "Check that no request is sent with WdfRequestSend while the driver "
     "holds a spin lock or an interrupt lock",
     std::nullopt},
};

// WdfRequestSend may complete the request, and run completion routines of
// the drivers below, on the calling thread: not while a spin lock is held.
static const RestrictedCall RestrictedCallTable[] = {
    {"WdfRequestSend", 3, Rule::ReqSendWhileSpinlock},
};

// The framework runs these callbacks inside the interrupt lock (the spin
// lock at DIRQL, the passive lock for passive-level interrupts); the
// interrupt is their first parameter.
static const FrameworkHeldRole FrameworkHeldRoleTable[] = {
    {"EVT_WDF_INTERRUPT_ISR", "EvtInterruptIsr", LockFamily::Interrupt, 0},
    {"EVT_WDF_INTERRUPT_SYNCHRONIZE", "EvtInterruptSynchronize",
     LockFamily::Interrupt, 0},
    {"EVT_WDF_INTERRUPT_ENABLE", "EvtInterruptEnable", LockFamily::Interrupt,
     0},
    {"EVT_WDF_INTERRUPT_DISABLE", "EvtInterruptDisable", LockFamily::Interrupt,
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

// The role-type families of KMDF and of the class extensions and frameworks
// built on it, from their public headers and DDI reference pages. Each
// callback of theirs is declared with a typedef of this prefix
// (`EVT_SERCX2_PIO_TRANSMIT_DRAIN_FIFO MyDrainFifo;`), and each is called
// by the framework, so it must return with no lock held.
static const RolePrefix DefaultRolePrefixes[] = {
    {"EVT_WDF_", "KMDF"},
    {"EVT_WDFDEVICE_", "KMDF (WDM IRP preprocessing)"},
    {"DRIVER_INITIALIZE", "the I/O manager (DriverEntry)"},
    {"DRIVER_UNLOAD", "the I/O manager"},
    {"EVT_SERCX2_", "SerCx2 (serial controllers)"},
    {"EVT_SERCX_", "SerCx (serial controllers)"},
    {"EVT_SPB_", "SpbCx (I2C and SPI controllers)"},
    {"GPIO_CLIENT_", "GpioClx (GPIO controllers)"},
    {"EVT_UFX_", "UfxClient (USB function controllers)"},
    {"EVT_UCX_", "UcxClient (USB host controllers)"},
    {"EVT_UDECX_", "UdeCx (emulated USB devices)"},
    {"EVT_UCM_", "UcmCx (USB Type-C connectors)"},
    {"EVT_UCMTCPCI_", "UcmTcpciCx (USB Type-C port controllers)"},
    {"EVT_UCMUCSI_", "UcmUcsiCx (UCSI)"},
    {"EVT_URS_", "UrsCx (USB dual-role controllers)"},
    {"EVT_ACX_", "ACX (audio)"},
    {"EVT_NET_", "NetAdapterCx (network adapters and devices)"},
    {"EVT_PACKET_QUEUE_", "NetAdapterCx (packet queues)"},
    {"EVT_WIFI_", "WiFiCx"},
    {"EVT_MBB_", "MBBCx (mobile broadband)"},
    {"EVT_SENSOR_DRIVER_", "SensorsCx"},
    {"EVT_VHF_", "VHF (virtual HID)"},
    {"EVT_IDD_CX_", "IddCx (indirect displays)"},
    {"EVT_DMF_", "DMF (Driver Module Framework)"},
};

llvm::ArrayRef<LockFunction> lockFunctions() { return LockFunctionTable; }
llvm::ArrayRef<LockFamilyInfo> lockFamilies() { return LockFamilyTable; }
llvm::ArrayRef<RuleInfo> rules() { return RuleTable; }
llvm::ArrayRef<RestrictedCall> restrictedCalls() { return RestrictedCallTable; }
llvm::ArrayRef<FrameworkHeldRole> frameworkHeldRoles() {
  return FrameworkHeldRoleTable;
}
llvm::ArrayRef<PureAccessor> pureAccessors() { return PureAccessorTable; }
llvm::ArrayRef<RolePrefix> defaultCallbackRolePrefixes() {
  return DefaultRolePrefixes;
}

const LockFamilyInfo &lockFamilyInfo(LockFamily Family) {
  const auto *It = llvm::find_if(
      LockFamilyTable, [Family](const auto &I) { return I.Family == Family; });
  assert(It != std::end(LockFamilyTable) && "every lock family has a row");
  return *It;
}

const RuleInfo &ruleInfo(Rule Id) {
  const auto *It =
      llvm::find_if(RuleTable, [Id](const RuleInfo &I) { return I.Id == Id; });
  assert(It != std::end(RuleTable) && "every rule has a row");
  return *It;
}

const RuleInfo &ruleOfFamily(LockFamily Family) {
  const auto *It = llvm::find_if(
      RuleTable, [Family](const RuleInfo &I) { return I.Family == Family; });
  assert(It != std::end(RuleTable) && "every lock family has a rule");
  return *It;
}

const RuleInfo *findRuleByChecker(llvm::StringRef CheckerName) {
  const auto *It = llvm::find_if(RuleTable, [CheckerName](const RuleInfo &I) {
    return I.CheckerName == CheckerName;
  });
  return It == std::end(RuleTable) ? nullptr : It;
}

bool isFrameworkOrKernelApiName(llvm::StringRef Name) {
  // Kernel naming: a component prefix followed by a capital letter
  // (KeStallExecutionProcessor, RtlCopyMemory). The capital keeps driver
  // names such as ExitWorker out. Only components whose prefixes drivers do
  // not use for their own helpers: a driver's IoDispatchHelper, HidSendReport
  // or UsbdSelectConfig is the driver's, and may take or release a lock.
  static const llvm::StringRef ComponentPrefixes[] = {
      "Wdf", "Ke", "Kf", "Kef", "Ex",  "Rtl", "Mm",
      "Ob",  "Zw", "Ps", "Hal", "Dbg", "Kd"};
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

/// True if \p T is a handle made by DECLARE_HANDLE(\p Name): a pointer to
/// `struct Name__`. The analyzer's memory regions know only canonical types,
/// without the typedef.
static bool isDeclaredHandle(QualType T, llvm::StringRef Name) {
  const auto *PT = T->getAs<PointerType>();
  const RecordDecl *RD = PT ? PT->getPointeeType()->getAsRecordDecl() : nullptr;
  const IdentifierInfo *II = RD ? RD->getIdentifier() : nullptr;
  return II && II->getName().size() == Name.size() + 2 &&
         II->getName().starts_with(Name) && II->getName().ends_with("__");
}

bool isLockHandleType(QualType T, LockFamily Family, bool AllowPointer) {
  if (T.isNull())
    return false;
  const LockFamilyInfo &Info = lockFamilyInfo(Family);
  llvm::StringRef Want = Info.HandleType;
  auto IsHandle = [Want](llvm::StringRef Name) { return Name == Want; };
  auto Is = [&](QualType Q) {
    return anyTypedefName(Q, IsHandle) ||
           (Info.Keying == LockKeying::ByHandle && isDeclaredHandle(Q, Want));
  };
  if (Is(T))
    return true;
  return AllowPointer && T->isPointerType() && Is(T->getPointeeType());
}

std::optional<LockFamily> lockFamilyOfType(QualType T, bool AllowPointer) {
  for (const LockFamilyInfo &Info : LockFamilyTable)
    if (isLockHandleType(T, Info.Family, AllowPointer))
      return Info.Family;
  return std::nullopt;
}

CallbackClassifier::CallbackClassifier(llvm::ArrayRef<std::string> Extra) {
  for (const RolePrefix &P : defaultCallbackRolePrefixes())
    Prefixes.push_back(P.Prefix.str());
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
