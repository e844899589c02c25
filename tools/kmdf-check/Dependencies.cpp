//===- Dependencies.cpp - The functions an analysis may enter -------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Dependencies.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace kmdf::tool {

namespace {

using OverriderMap =
    llvm::DenseMap<const CXXMethodDecl *, std::vector<const CXXMethodDecl *>>;

/// Collects the functions some code refers to: by name (a call, an address
/// taken), as an operator, as the constructor or destructor of an object it
/// makes, as a variable's cleanup, and every overrider of a virtual one
/// (the analyzer inlines the overrider when it knows the dynamic type).
class ReferenceCollector : public RecursiveASTVisitor<ReferenceCollector> {
  using Base = RecursiveASTVisitor<ReferenceCollector>;

public:
  ReferenceCollector(ASTContext &Ctx, const OverriderMap &Overriders,
                     bool SkipFunctionBodies,
                     std::vector<const FunctionDecl *> &Out)
      : Ctx(Ctx), Overriders(Overriders),
        SkipFunctionBodies(SkipFunctionBodies), Out(Out) {}

  bool shouldVisitImplicitCode() const { return true; }
  bool shouldVisitTemplateInstantiations() const { return false; }

  bool TraverseDecl(Decl *D) {
    if (SkipFunctionBodies)
      if (const auto *FD = dyn_cast_or_null<FunctionDecl>(D))
        if (FD->doesThisDeclarationHaveABody())
          return true;
    return Base::TraverseDecl(D);
  }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (const auto *FD = dyn_cast<FunctionDecl>(E->getDecl()))
      add(FD);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    if (const auto *FD = dyn_cast<FunctionDecl>(E->getMemberDecl()))
      add(FD);
    return true;
  }
  bool VisitCallExpr(CallExpr *E) {
    if (const auto *FD = dyn_cast_or_null<FunctionDecl>(E->getCalleeDecl()))
      add(FD);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    add(E->getConstructor());
    addDestructor(E->getType());
    return true;
  }
  bool VisitCXXInheritedCtorInitExpr(CXXInheritedCtorInitExpr *E) {
    add(E->getConstructor());
    return true;
  }
  bool VisitCXXNewExpr(CXXNewExpr *E) {
    add(E->getOperatorNew());
    add(E->getOperatorDelete());
    addDestructor(E->getAllocatedType());
    return true;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *E) {
    add(E->getOperatorDelete());
    addDestructor(E->getDestroyedType());
    return true;
  }
  bool VisitCXXBindTemporaryExpr(CXXBindTemporaryExpr *E) {
    add(E->getTemporary()->getDestructor());
    return true;
  }
  bool VisitMaterializeTemporaryExpr(MaterializeTemporaryExpr *E) {
    addDestructor(E->getType());
    return true;
  }
  bool VisitCXXDefaultArgExpr(CXXDefaultArgExpr *E) {
    return TraverseStmt(E->getExpr());
  }
  bool VisitCXXDefaultInitExpr(CXXDefaultInitExpr *E) {
    return TraverseStmt(E->getExpr());
  }
  bool VisitLambdaExpr(LambdaExpr *E) {
    add(E->getCallOperator());
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    addDestructor(VD->getType());
    if (const auto *Cleanup = VD->getAttr<CleanupAttr>())
      add(Cleanup->getFunctionDecl());
    return true;
  }
  bool VisitCXXDestructorDecl(CXXDestructorDecl *D) {
    // A destructor destroys the members and bases, without a word for it.
    if (const CXXRecordDecl *RD = D->getParent())
      addMembersAndBases(RD);
    return true;
  }

private:
  void add(const FunctionDecl *FD) {
    if (!FD)
      return;
    const auto *Canonical = FD->getCanonicalDecl();
    if (!Seen.insert(Canonical).second)
      return;
    Out.push_back(Canonical);
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Canonical)) {
      auto It = Overriders.find(MD);
      if (It != Overriders.end())
        for (const CXXMethodDecl *O : It->second)
          add(O);
    }
  }

  void addDestructor(QualType T) {
    if (T.isNull() || T->isReferenceType())
      return;
    T = Ctx.getBaseElementType(T);
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition())
      return;
    RD = RD->getDefinition();
    if (!Records.insert(RD).second)
      return;
    add(RD->getDestructor());
    addMembersAndBases(RD);
  }

  void addMembersAndBases(const CXXRecordDecl *RD) {
    if (!RD->hasDefinition())
      return;
    RD = RD->getDefinition();
    for (const FieldDecl *Field : RD->fields())
      addDestructor(Field->getType());
    for (const CXXBaseSpecifier &Base : RD->bases())
      addDestructor(Base.getType());
    for (const CXXBaseSpecifier &Base : RD->vbases())
      addDestructor(Base.getType());
  }

  ASTContext &Ctx;
  const OverriderMap &Overriders;
  bool SkipFunctionBodies;
  std::vector<const FunctionDecl *> &Out;
  llvm::SmallPtrSet<const FunctionDecl *, 16> Seen;
  llvm::SmallPtrSet<const CXXRecordDecl *, 8> Records;
};

/// Who overrides whom, over every method of the translation unit.
class OverriderFinder : public RecursiveASTVisitor<OverriderFinder> {
public:
  explicit OverriderFinder(OverriderMap &Out) : Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool VisitCXXMethodDecl(CXXMethodDecl *MD) {
    for (const CXXMethodDecl *Overridden : MD->overridden_methods())
      Out[Overridden->getCanonicalDecl()].push_back(MD->getCanonicalDecl());
    return true;
  }

private:
  OverriderMap &Out;
};

} // namespace

Dependencies::Dependencies(ASTContext &Ctx) : Ctx(Ctx) {
  TranslationUnitDecl *TU = Ctx.getTranslationUnitDecl();
  if (Ctx.getLangOpts().CPlusPlus)
    OverriderFinder(Overriders).TraverseDecl(TU);
  // Overriders of overriders count too.
  for (auto &[Method, List] : Overriders) {
    for (size_t I = 0; I < List.size(); ++I) {
      auto It = Overriders.find(List[I]);
      if (It == Overriders.end())
        continue;
      for (const CXXMethodDecl *More : It->second)
        if (!llvm::is_contained(List, More))
          List.push_back(More);
    }
  }
  ReferenceCollector(Ctx, Overriders, /*SkipFunctionBodies=*/true, Global)
      .TraverseDecl(TU);
}

const FunctionDecl *Dependencies::bodyOf(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  return FD && FD->hasBody(Def) ? Def : nullptr;
}

const std::vector<const FunctionDecl *> &
Dependencies::direct(const FunctionDecl *Canonical) {
  auto It = Direct.find(Canonical);
  if (It != Direct.end())
    return It->second;
  std::vector<const FunctionDecl *> Refs;
  if (const FunctionDecl *Def = bodyOf(Canonical))
    ReferenceCollector(Ctx, Overriders, /*SkipFunctionBodies=*/false, Refs)
        .TraverseDecl(const_cast<FunctionDecl *>(Def));
  return Direct[Canonical] = std::move(Refs);
}

std::vector<const FunctionDecl *>
Dependencies::closure(const FunctionDecl *Root) {
  std::vector<const FunctionDecl *> Order;
  llvm::SmallPtrSet<const FunctionDecl *, 32> Seen;
  auto Visit = [&](const FunctionDecl *FD) {
    const FunctionDecl *Canonical = FD->getCanonicalDecl();
    if (Seen.insert(Canonical).second)
      Order.push_back(Canonical);
  };
  Visit(Root);
  for (const FunctionDecl *FD : Global)
    Visit(FD);
  for (size_t I = 0; I < Order.size(); ++I)
    for (const FunctionDecl *Ref : direct(Order[I]))
      Visit(Ref);
  for (const FunctionDecl *&FD : Order)
    if (const FunctionDecl *Def = bodyOf(FD))
      FD = Def;
  return Order;
}

} // namespace kmdf::tool
