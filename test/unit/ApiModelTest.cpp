//===- ApiModelTest.cpp - Unit tests for the KMDF API model --------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "kmdf-check/ApiModel.h"

#include "llvm/ADT/StringSet.h"

#include "gtest/gtest.h"

using namespace kmdf;

namespace {

const LockFunction *findLockFunction(llvm::StringRef Name) {
  for (const LockFunction &F : lockFunctions())
    if (F.Name == Name)
      return &F;
  return nullptr;
}

TEST(ApiModelTest, LockFunctionRowsAreWellFormed) {
  llvm::StringSet<> Names;
  for (const LockFunction &F : lockFunctions()) {
    EXPECT_TRUE(Names.insert(F.Name).second)
        << "duplicate row " << F.Name.str();
    EXPECT_LT(F.LockArg, F.NumArgs) << F.Name.str();
    if (F.ConditionArg) {
      EXPECT_LT(*F.ConditionArg, F.NumArgs) << F.Name.str();
      EXPECT_EQ(F.Operation, LockOperation::Acquire) << F.Name.str();
    }
    if (F.QueueHandleArg) {
      EXPECT_LT(*F.QueueHandleArg, F.NumArgs) << F.Name.str();
      EXPECT_EQ(F.Operation, LockOperation::Acquire) << F.Name.str();
    }
    // A lock is named the way its family names locks.
    bool ByObject = lockFamilyInfo(F.Family).Keying == LockKeying::ByObject;
    EXPECT_EQ(ByObject, F.ArgKind != LockArgument::Handle) << F.Name.str();
    if (F.Operation == LockOperation::TryAcquire) {
      EXPECT_EQ(F.Result, LockResult::Boolean) << F.Name.str();
    }
  }
}

TEST(ApiModelTest, EachFamilyAcquiresAndReleases) {
  for (const LockFamilyInfo &Family : lockFamilies()) {
    bool Acquires = false, Releases = false;
    for (const LockFunction &F : lockFunctions()) {
      if (F.Family != Family.Family)
        continue;
      Acquires |= F.Operation == LockOperation::Acquire;
      Releases |= F.Operation == LockOperation::Release;
    }
    EXPECT_TRUE(Acquires && Releases) << Family.Noun.str();
  }
}

TEST(ApiModelTest, InterruptLockFunctions) {
  const LockFunction *Acquire = findLockFunction("WdfInterruptAcquireLock");
  ASSERT_NE(Acquire, nullptr);
  EXPECT_EQ(Acquire->Operation, LockOperation::Acquire);
  EXPECT_EQ(Acquire->Family, LockFamily::Interrupt);
  EXPECT_EQ(Acquire->NumArgs, 1u);
  ASSERT_NE(findLockFunction("WdfInterruptReleaseLock"), nullptr);
  EXPECT_EQ(findLockFunction("WdfInterruptReleaseLock")->Operation,
            LockOperation::Release);
  ASSERT_NE(findLockFunction("WdfInterruptTryToAcquireLock"), nullptr);
  EXPECT_EQ(findLockFunction("WdfInterruptTryToAcquireLock")->Operation,
            LockOperation::TryAcquire);
  ASSERT_NE(findLockFunction("WdfInterruptSynchronize"), nullptr);
  EXPECT_EQ(findLockFunction("WdfInterruptSynchronize")->NumArgs, 3u);
}

TEST(ApiModelTest, TimedWaitLockAcquireHoldsOnlyOnSuccess) {
  const LockFunction *F = findLockFunction("WdfWaitLockAcquire");
  ASSERT_NE(F, nullptr);
  EXPECT_EQ(F->Family, LockFamily::WdfWaitLock);
  EXPECT_EQ(F->NumArgs, 2u);
  EXPECT_EQ(F->Result, LockResult::NtStatusTimeout);
  ASSERT_TRUE(F->ConditionArg.has_value());
  EXPECT_EQ(*F->ConditionArg, 1u) << "the Timeout argument";
}

TEST(ApiModelTest, KernelSpinLocksAreNamedByTheirMemory) {
  EXPECT_EQ(lockFamilyInfo(LockFamily::KeSpinLock).Keying,
            LockKeying::ByObject);
  for (llvm::StringRef Name :
       {"KeAcquireSpinLockRaiseToDpc", "KeReleaseSpinLock",
        "KeAcquireSpinLockAtDpcLevel", "KeReleaseSpinLockFromDpcLevel",
        "KeAcquireInStackQueuedSpinLock"}) {
    const LockFunction *F = findLockFunction(Name);
    ASSERT_NE(F, nullptr) << Name.str();
    EXPECT_EQ(F->ArgKind, LockArgument::Object) << Name.str();
  }
  const LockFunction *Queued =
      findLockFunction("KeAcquireInStackQueuedSpinLock");
  ASSERT_TRUE(Queued->QueueHandleArg.has_value());
  EXPECT_EQ(*Queued->QueueHandleArg, 1u);
  const LockFunction *QueuedRelease =
      findLockFunction("KeReleaseInStackQueuedSpinLock");
  ASSERT_NE(QueuedRelease, nullptr);
  EXPECT_EQ(QueuedRelease->ArgKind, LockArgument::QueueHandle);
}

TEST(ApiModelTest, EveryRuleHasACheckerAndEveryFamilyARule) {
  for (const RuleInfo &Rule : rules()) {
    EXPECT_TRUE(Rule.CheckerName.starts_with("kmdf."));
    EXPECT_EQ(Rule.CheckerName, "kmdf." + Rule.RuleName.str());
    EXPECT_FALSE(Rule.Description.empty());
    EXPECT_EQ(findRuleByChecker(Rule.CheckerName), &Rule);
    EXPECT_EQ(&ruleInfo(Rule.Id), &Rule);
  }
  for (const LockFamilyInfo &Family : lockFamilies()) {
    EXPECT_FALSE(Family.Noun.empty());
    EXPECT_EQ(ruleOfFamily(Family.Family).Family, Family.Family);
  }
  EXPECT_EQ(ruleOfFamily(LockFamily::Interrupt).CheckerName,
            "kmdf.WdfInterruptLock");
  EXPECT_EQ(ruleOfFamily(LockFamily::WdfSpinLock).CheckerName,
            "kmdf.WdfSpinlock");
  EXPECT_EQ(ruleOfFamily(LockFamily::WdfWaitLock).CheckerName,
            "kmdf.WdfWaitlock");
  EXPECT_EQ(ruleOfFamily(LockFamily::KeSpinLock).CheckerName, "kmdf.Spinlock");
  EXPECT_EQ(findRuleByChecker("kmdf.NoSuchRule"), nullptr);
  EXPECT_FALSE(ruleInfo(Rule::ReqSendWhileSpinlock).Family.has_value());
}

TEST(ApiModelTest, RequestSendIsForbiddenUnderSpinLocksOnly) {
  ASSERT_EQ(restrictedCalls().size(), 1u);
  EXPECT_EQ(restrictedCalls().front().Name, "WdfRequestSend");
  EXPECT_EQ(restrictedCalls().front().ByRule, Rule::ReqSendWhileSpinlock);
  EXPECT_TRUE(lockFamilyInfo(LockFamily::WdfSpinLock).RaisesIrql);
  EXPECT_TRUE(lockFamilyInfo(LockFamily::KeSpinLock).RaisesIrql);
  EXPECT_TRUE(lockFamilyInfo(LockFamily::Interrupt).RaisesIrql);
  EXPECT_FALSE(lockFamilyInfo(LockFamily::WdfWaitLock).RaisesIrql)
      << "a wait lock does not raise IRQL: sending under it is fine";
}

TEST(ApiModelTest, FrameworkHeldRolesAreTheFourInterruptCallbacks) {
  llvm::StringSet<> Roles;
  for (const FrameworkHeldRole &R : frameworkHeldRoles()) {
    Roles.insert(R.RoleType);
    EXPECT_EQ(R.HeldParam, 0u) << R.RoleType.str();
  }
  EXPECT_EQ(Roles.size(), 4u);
  EXPECT_TRUE(Roles.contains("EVT_WDF_INTERRUPT_ISR"));
  EXPECT_TRUE(Roles.contains("EVT_WDF_INTERRUPT_SYNCHRONIZE"));
  EXPECT_TRUE(Roles.contains("EVT_WDF_INTERRUPT_ENABLE"));
  EXPECT_TRUE(Roles.contains("EVT_WDF_INTERRUPT_DISABLE"));
  // The DPC and the work item run without the interrupt lock.
  EXPECT_FALSE(Roles.contains("EVT_WDF_INTERRUPT_DPC"));
  EXPECT_FALSE(Roles.contains("EVT_WDF_INTERRUPT_WORKITEM"));
}

TEST(ApiModelTest, ContextAccessorIsPure) {
  bool Found = false;
  for (const PureAccessor &A : pureAccessors()) {
    if (A.Name == "WdfObjectGetTypedContextWorker") {
      Found = true;
      EXPECT_EQ(A.NumArgs, 2u);
    }
    EXPECT_NE(A.Name, "WdfRequestGetIoQueue") << "forwarding changes it";
  }
  EXPECT_TRUE(Found);
}

TEST(ApiModelTest, FrameworkAndKernelNames) {
  for (llvm::StringRef Name :
       {"WdfInterruptGetDevice", "KeStallExecutionProcessor", "KfRaiseIrql",
        "KefAcquireSpinLockAtDpcLevel", "RtlZeroMemory", "ExAllocatePool2",
        "ObReferenceObject", "ZwClose", "MmMapIoSpaceEx",
        "InterlockedIncrement", "READ_REGISTER_ULONG", "WRITE_REGISTER_ULONG",
        "__builtin_memcpy", "WPP_SF_d"})
    EXPECT_TRUE(isFrameworkOrKernelApiName(Name)) << Name.str();
}

TEST(ApiModelTest, DriverNamesAreNotFrameworkNames) {
  for (llvm::StringRef Name :
       {"IoctlDispatch", "ExitWorker", "MmioRead", "KeyboardIsr", "Wdf", "Ke",
        "MyReleaseLock", "DeviceReleaseInterruptLock", "Helper", "wdfHelper",
        "Polling",
        // Drivers name their own helpers after the component they serve;
        // such a helper may take or release a lock.
        "IoReleaseDeviceLock", "HidSendReportLocked", "UsbdSubmitUrbLocked",
        "WmiUpdateUnderLock", "PoSetDeviceIdle", "NdisIndicateLocked"})
    EXPECT_FALSE(isFrameworkOrKernelApiName(Name)) << Name.str();
}

TEST(ApiModelTest, RolePrefixListParsing) {
  auto Empty = parseRolePrefixList("");
  ASSERT_TRUE(Empty.has_value());
  EXPECT_TRUE(Empty->empty());

  auto Two = parseRolePrefixList("EVT_SERCX2_;EVT_SPB_");
  ASSERT_TRUE(Two.has_value());
  EXPECT_EQ(*Two, (std::vector<std::string>{"EVT_SERCX2_", "EVT_SPB_"}));

  auto Spaced = parseRolePrefixList(" EVT_UCX_ ;; EVT_ACX_  EVT_X ");
  ASSERT_TRUE(Spaced.has_value());
  EXPECT_EQ(*Spaced,
            (std::vector<std::string>{"EVT_UCX_", "EVT_ACX_", "EVT_X"}));

  EXPECT_FALSE(parseRolePrefixList("EVT-SPB").has_value());
  EXPECT_FALSE(parseRolePrefixList("1EVT").has_value());
  EXPECT_FALSE(parseRolePrefixList("EVT_A,EVT_B").has_value());
}

TEST(ApiModelTest, DefaultRolePrefixes) {
  CallbackClassifier Default;
  EXPECT_TRUE(Default.isRoleTypeName("EVT_WDF_INTERRUPT_DPC"));
  EXPECT_TRUE(Default.isRoleTypeName("EVT_WDFDEVICE_WDM_IRP_PREPROCESS"));
  EXPECT_TRUE(Default.isRoleTypeName("DRIVER_INITIALIZE"));
  EXPECT_TRUE(Default.isRoleTypeName("DRIVER_UNLOAD"));
  // Class extensions' role types count by default.
  for (llvm::StringRef Role :
       {"EVT_SERCX2_PIO_TRANSMIT_DRAIN_FIFO", "EVT_SERCX_CONTROL",
        "EVT_SPB_CONTROLLER_LOCK", "GPIO_CLIENT_READ_PINS_MASK",
        "EVT_UFX_DEVICE_HOST_CONNECT", "EVT_UCX_CONTROLLER_USBDEVICE_ADD",
        "EVT_UDECX_WDF_DEVICE_QUERY_USB_CAPABILITY",
        "EVT_UCM_CONNECTOR_SET_DATA_ROLE", "EVT_ACX_STREAM_PREPARE_HARDWARE",
        "EVT_NET_ADAPTER_CREATE_TXQUEUE", "EVT_PACKET_QUEUE_ADVANCE",
        "EVT_SENSOR_DRIVER_START_SENSOR", "EVT_VHF_ASYNC_OPERATION",
        "EVT_DMF_DEVICE_MODULES_ADD"})
    EXPECT_TRUE(Default.isRoleTypeName(Role)) << Role.str();
  EXPECT_FALSE(Default.isRoleTypeName("EVT_MYCX_CALLBACK"));
  EXPECT_FALSE(Default.isRoleTypeName("PFN_WDF_INTERRUPT_DPC"));
  EXPECT_FALSE(Default.isRoleTypeName("PFN_SPB_CONTROLLER_LOCK"));
  EXPECT_FALSE(Default.isRoleTypeName("WDFINTERRUPT"));

  CallbackClassifier Extended({"EVT_MYCX_"});
  EXPECT_TRUE(Extended.isRoleTypeName("EVT_MYCX_CALLBACK"));
  EXPECT_TRUE(Extended.isRoleTypeName("EVT_WDF_INTERRUPT_DPC"));
}

} // namespace
