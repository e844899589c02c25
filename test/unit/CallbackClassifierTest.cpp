//===- CallbackClassifierTest.cpp - Recognizing KMDF callbacks -----------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "AstHelpers.h"
#include "kmdf-check/ApiModel.h"

#include "gtest/gtest.h"

using namespace kmdf;
using namespace kmdf::test;

namespace {

const char *const Prelude = R"(
  typedef struct WDFINTERRUPT__ *WDFINTERRUPT;
  typedef void *WDFOBJECT;
  typedef long NTSTATUS;
  typedef unsigned char BOOLEAN;
  typedef void EVT_WDF_INTERRUPT_DPC(WDFINTERRUPT Interrupt, WDFOBJECT Obj);
  typedef BOOLEAN EVT_WDF_INTERRUPT_ISR(WDFINTERRUPT Interrupt, unsigned long Id);
  typedef NTSTATUS EVT_WDF_INTERRUPT_ENABLE(WDFINTERRUPT Interrupt, WDFOBJECT Dev);
  typedef NTSTATUS DRIVER_INITIALIZE(void *DriverObject, void *RegistryPath);
  typedef void EVT_SERCX2_CONTROL(WDFOBJECT Controller);
  typedef void EVT_MYCX_CONTROL(WDFOBJECT Controller);
)";

class CallbackClassifierTest : public ::testing::TestWithParam<Lang> {
protected:
  std::optional<CallbackRole>
  classify(const std::string &Body, const std::string &Name,
           const CallbackClassifier &C = CallbackClassifier()) {
    AST = parse(std::string(Prelude) + Body, GetParam());
    EXPECT_TRUE(AST);
    if (!AST)
      return std::nullopt;
    const clang::FunctionDecl *FD = findDefinition(*AST, Name);
    EXPECT_NE(FD, nullptr) << Name;
    return C.classify(FD);
  }
  std::unique_ptr<clang::ASTUnit> AST;
};

TEST_P(CallbackClassifierTest, RoleTypeDeclarationMakesACallback) {
  auto Role = classify(R"(
    EVT_WDF_INTERRUPT_DPC MyDpc;
    void MyDpc(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {}
  )",
                       "MyDpc");
  ASSERT_TRUE(Role.has_value());
  EXPECT_EQ(Role->RoleType, "EVT_WDF_INTERRUPT_DPC");
  EXPECT_EQ(Role->FrameworkHeld, nullptr);
}

TEST_P(CallbackClassifierTest, PlainPrototypeIsNoCallback) {
  auto Role = classify(R"(
    void MyDpc(WDFINTERRUPT Interrupt, WDFOBJECT Obj);
    void MyDpc(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {}
  )",
                       "MyDpc");
  EXPECT_FALSE(Role.has_value());
}

TEST_P(CallbackClassifierTest, PointerTypedefIsNoRoleDeclaration) {
  // Taking the address into a PFN_ variable does not declare a role.
  auto Role = classify(R"(
    typedef EVT_WDF_INTERRUPT_DPC *PFN_WDF_INTERRUPT_DPC;
    void MyDpc(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {}
    PFN_WDF_INTERRUPT_DPC Registered = MyDpc;
  )",
                       "MyDpc");
  EXPECT_FALSE(Role.has_value());
}

TEST_P(CallbackClassifierTest, IsrRoleHoldsTheInterruptLock) {
  auto Role = classify(R"(
    EVT_WDF_INTERRUPT_ISR MyIsr;
    BOOLEAN MyIsr(WDFINTERRUPT Interrupt, unsigned long Id) { return 1; }
  )",
                       "MyIsr");
  ASSERT_TRUE(Role.has_value());
  ASSERT_NE(Role->FrameworkHeld, nullptr);
  EXPECT_EQ(Role->FrameworkHeld->CallbackName, "EvtInterruptIsr");
  EXPECT_EQ(Role->FrameworkHeld->HeldParam, 0u);
}

TEST_P(CallbackClassifierTest, AliasOfARoleTypeKeepsTheRole) {
  auto Role = classify(R"(
    typedef EVT_WDF_INTERRUPT_ENABLE MY_ENABLE;
    MY_ENABLE MyEnable;
    NTSTATUS MyEnable(WDFINTERRUPT Interrupt, WDFOBJECT Dev) { return 0; }
  )",
                       "MyEnable");
  ASSERT_TRUE(Role.has_value());
  EXPECT_EQ(Role->RoleType, "EVT_WDF_INTERRUPT_ENABLE");
  ASSERT_NE(Role->FrameworkHeld, nullptr);
  EXPECT_EQ(Role->FrameworkHeld->CallbackName, "EvtInterruptEnable");
}

TEST_P(CallbackClassifierTest, DriverEntry) {
  auto Role = classify(R"(
    DRIVER_INITIALIZE DriverEntry;
    NTSTATUS DriverEntry(void *DriverObject, void *RegistryPath) { return 0; }
  )",
                       "DriverEntry");
  ASSERT_TRUE(Role.has_value());
  EXPECT_EQ(Role->RoleType, "DRIVER_INITIALIZE");
}

TEST_P(CallbackClassifierTest, ClassExtensionRolesAreCallbacks) {
  const char *Code = R"(
    EVT_SERCX2_CONTROL MyControl;
    void MyControl(WDFOBJECT Controller) {}
  )";
  auto Role = classify(Code, "MyControl");
  ASSERT_TRUE(Role.has_value());
  EXPECT_EQ(Role->RoleType, "EVT_SERCX2_CONTROL");
}

TEST_P(CallbackClassifierTest, OtherRolesNeedTheOption) {
  const char *Code = R"(
    EVT_MYCX_CONTROL MyControl;
    void MyControl(WDFOBJECT Controller) {}
  )";
  EXPECT_FALSE(classify(Code, "MyControl").has_value());
  auto Role = classify(Code, "MyControl", CallbackClassifier({"EVT_MYCX_"}));
  ASSERT_TRUE(Role.has_value());
  EXPECT_EQ(Role->RoleType, "EVT_MYCX_CONTROL");
}

INSTANTIATE_TEST_SUITE_P(Languages, CallbackClassifierTest,
                         ::testing::Values(Lang::C, Lang::CXX),
                         [](const ::testing::TestParamInfo<Lang> &Info) {
                           return Info.param == Lang::C ? "C" : "CXX";
                         });

TEST(CallbackClassifierCxxTest, StaticMemberCallback) {
  auto AST = parse(std::string(Prelude) + R"(
    class Device {
    public:
      static EVT_WDF_INTERRUPT_DPC EvtDpc;
    };
    void Device::EvtDpc(WDFINTERRUPT Interrupt, WDFOBJECT Obj) {}
  )",
                   Lang::CXX);
  ASSERT_TRUE(AST);
  const clang::FunctionDecl *FD = findDefinition(*AST, "Device::EvtDpc");
  ASSERT_NE(FD, nullptr);
  // The out-of-class definition has no typedef sugar; the member
  // declaration does.
  auto Role = CallbackClassifier().classify(FD);
  ASSERT_TRUE(Role.has_value());
  EXPECT_EQ(Role->RoleType, "EVT_WDF_INTERRUPT_DPC");
}

TEST(CallbackClassifierCxxTest, ExternCCallback) {
  auto AST = parse(std::string(Prelude) + R"(
    extern "C" DRIVER_INITIALIZE DriverEntry;
    extern "C" NTSTATUS DriverEntry(void *DriverObject, void *RegistryPath) {
      return 0;
    }
  )",
                   Lang::CXX);
  ASSERT_TRUE(AST);
  auto Role =
      CallbackClassifier().classify(findDefinition(*AST, "DriverEntry"));
  ASSERT_TRUE(Role.has_value());
  EXPECT_EQ(Role->RoleType, "DRIVER_INITIALIZE");
}

TEST(LockHandleTypeTest, SeesThroughTypedefs) {
  auto AST = parse(std::string(Prelude) + R"(
    typedef WDFINTERRUPT MY_INTERRUPT;
    void f(WDFINTERRUPT A, MY_INTERRUPT B, WDFINTERRUPT *C, WDFOBJECT D) {}
  )",
                   Lang::C);
  ASSERT_TRUE(AST);
  const clang::FunctionDecl *FD = findDefinition(*AST, "f");
  ASSERT_NE(FD, nullptr);
  auto Type = [FD](unsigned I) { return FD->getParamDecl(I)->getType(); };
  EXPECT_TRUE(isLockHandleType(Type(0), LockFamily::Interrupt, false));
  EXPECT_TRUE(isLockHandleType(Type(1), LockFamily::Interrupt, false));
  EXPECT_FALSE(isLockHandleType(Type(2), LockFamily::Interrupt, false));
  EXPECT_TRUE(isLockHandleType(Type(2), LockFamily::Interrupt, true));
  EXPECT_FALSE(isLockHandleType(Type(3), LockFamily::Interrupt, true));
}

TEST(FrameworkFunctionTest, SystemHeadersAndNames) {
  auto AST = parse(R"(
    # 1 "/usr/include/wdk/wdm.h" 1 3
    void SomeSystemRoutine(void *p);
    # 3 "input.c" 2
    void WdfDeviceSetFailed(void *Device, int Action);
    void MyOpaqueHelper(void *p);
    void use(void) {
      SomeSystemRoutine(0); WdfDeviceSetFailed(0, 0); MyOpaqueHelper(0);
      __builtin_trap();
    }
  )",
                   Lang::C);
  ASSERT_TRUE(AST);
  using namespace clang::ast_matchers;
  auto Callee = [&](const std::string &Name) {
    auto M = match(functionDecl(hasName(Name)).bind("f"), AST->getASTContext());
    return M.empty() ? nullptr : M.front().getNodeAs<clang::FunctionDecl>("f");
  };
  EXPECT_TRUE(isFrameworkFunction(Callee("SomeSystemRoutine")));
  EXPECT_TRUE(isFrameworkFunction(Callee("WdfDeviceSetFailed")));
  EXPECT_FALSE(isFrameworkFunction(Callee("MyOpaqueHelper")));
  EXPECT_FALSE(isFrameworkFunction(nullptr));
}

} // namespace
