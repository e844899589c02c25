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

TEST(ApiModelTest, InterruptLockFunctionsAreModeled) {
  llvm::StringSet<> Names;
  for (const LockFunction &F : lockFunctions()) {
    EXPECT_TRUE(Names.insert(F.Name).second)
        << "duplicate row " << F.Name.str();
    EXPECT_LT(F.HandleArg, F.NumArgs) << F.Name.str();
  }
  auto Find = [](llvm::StringRef Name) -> const LockFunction * {
    for (const LockFunction &F : lockFunctions())
      if (F.Name == Name)
        return &F;
    return nullptr;
  };
  const LockFunction *Acquire = Find("WdfInterruptAcquireLock");
  ASSERT_NE(Acquire, nullptr);
  EXPECT_EQ(Acquire->Operation, LockOperation::Acquire);
  EXPECT_EQ(Acquire->NumArgs, 1u);
  ASSERT_NE(Find("WdfInterruptReleaseLock"), nullptr);
  EXPECT_EQ(Find("WdfInterruptReleaseLock")->Operation, LockOperation::Release);
  ASSERT_NE(Find("WdfInterruptTryToAcquireLock"), nullptr);
  EXPECT_EQ(Find("WdfInterruptTryToAcquireLock")->Operation,
            LockOperation::TryAcquire);
  ASSERT_NE(Find("WdfInterruptSynchronize"), nullptr);
  EXPECT_EQ(Find("WdfInterruptSynchronize")->NumArgs, 3u);
  EXPECT_EQ(Find("WdfSpinLockAcquire"), nullptr) << "not a rule yet";
}

TEST(ApiModelTest, EveryLockKindHasACheckerAndWords) {
  for (const LockKindInfo &Info : lockKinds()) {
    EXPECT_TRUE(Info.CheckerName.starts_with("kmdf."));
    EXPECT_FALSE(Info.Noun.empty());
    EXPECT_FALSE(Info.Description.empty());
    EXPECT_EQ(findLockKindByChecker(Info.CheckerName), &Info);
    EXPECT_EQ(&lockKindInfo(Info.Kind), &Info);
  }
  EXPECT_EQ(lockKindInfo(LockKind::Interrupt).CheckerName,
            "kmdf.WdfInterruptLock");
  EXPECT_EQ(findLockKindByChecker("kmdf.NoSuchRule"), nullptr);
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
       {"WdfInterruptGetDevice", "KeStallExecutionProcessor",
        "IoGetCurrentIrpStackLocation", "RtlZeroMemory", "ExAllocatePool2",
        "ObReferenceObject", "ZwClose", "MmMapIoSpaceEx", "PoSetPowerState",
        "InterlockedIncrement", "READ_REGISTER_ULONG", "WRITE_REGISTER_ULONG",
        "__builtin_memcpy", "WPP_SF_d"})
    EXPECT_TRUE(isFrameworkOrKernelApiName(Name)) << Name.str();
}

TEST(ApiModelTest, DriverNamesAreNotFrameworkNames) {
  for (llvm::StringRef Name :
       {"IoctlDispatch", "ExitWorker", "MmioRead", "KeyboardIsr", "Wdf", "Ke",
        "MyReleaseLock", "DeviceReleaseInterruptLock", "Helper", "wdfHelper",
        "Polling"})
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
  EXPECT_FALSE(Default.isRoleTypeName("EVT_SERCX2_CONTROL"));
  EXPECT_FALSE(Default.isRoleTypeName("PFN_WDF_INTERRUPT_DPC"));
  EXPECT_FALSE(Default.isRoleTypeName("WDFINTERRUPT"));

  CallbackClassifier Extended({"EVT_SERCX2_"});
  EXPECT_TRUE(Extended.isRoleTypeName("EVT_SERCX2_CONTROL"));
  EXPECT_TRUE(Extended.isRoleTypeName("EVT_WDF_INTERRUPT_DPC"));
}

} // namespace
