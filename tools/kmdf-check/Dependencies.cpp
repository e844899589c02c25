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

/// Strips what stands between a call and the name of its callee: `(F)()`,
/// `(*F)()`, `(&F)()`.
static const Expr *calleeName(const Expr *Callee) {
  while (true) {
    Callee = Callee->IgnoreParenImpCasts();
    const auto *UO = dyn_cast<UnaryOperator>(Callee);
    if (!UO || (UO->getOpcode() != UO_Deref && UO->getOpcode() != UO_AddrOf))
      return Callee;
    Callee = UO->getSubExpr();
  }
}

/// The function named by \p E, through what calleeName strips: the
/// function whose address \p E is.
static const DeclRefExpr *functionName(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(calleeName(E));
  return Ref && isa<FunctionDecl>(Ref->getDecl()) ? Ref : nullptr;
}

/// The type \p T points to, or \p T itself when it is not a pointer: the
/// function type of a function pointer, and of a function designator.
static QualType pointee(QualType T) {
  if (const auto *Ptr = T->getAs<PointerType>())
    return Ptr->getPointeeType();
  return T;
}

/// The global array or pointer that \p Call reads its callee from, in the
/// shape of the WDK's wrappers: `((PFN_X)WdfFunctions[XTableIndex])(...)`.
static const VarDecl *dispatchTableOf(const CallExpr *Call) {
  const auto *Element =
      dyn_cast<ArraySubscriptExpr>(Call->getCallee()->IgnoreParenCasts());
  if (!Element)
    return nullptr;
  const auto *Table =
      dyn_cast<DeclRefExpr>(Element->getBase()->IgnoreParenImpCasts());
  const auto *VD = Table ? dyn_cast<VarDecl>(Table->getDecl()) : nullptr;
  if (!VD || !VD->hasGlobalStorage() || VD->isStaticLocal())
    return nullptr;
  return VD->getCanonicalDecl();
}

/// Collects the functions some code refers to: by name (a call, an address
/// taken), as an operator, as the constructor or destructor of an object it
/// makes, as a variable's cleanup, and every overrider of a virtual one
/// (the analyzer inlines the overrider when it knows the dynamic type).
/// A function whose address is only taken is kept apart: the analyzer can
/// enter it only through a call through a pointer.
class ReferenceCollector : public RecursiveASTVisitor<ReferenceCollector> {
  using Base = RecursiveASTVisitor<ReferenceCollector>;

public:
  ReferenceCollector(ASTContext &Ctx, const OverriderMap &Overriders,
                     const Dependencies::TableSet &OpaqueTables,
                     bool SkipFunctionBodies, References &Out)
      : Ctx(Ctx), Overriders(Overriders), OpaqueTables(OpaqueTables),
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
    if (const auto *FD = dyn_cast<FunctionDecl>(E->getDecl())) {
      if (CalleeNames.count(E))
        add(FD);
      else
        addAddressTaken(FD, ConvertedNames.count(E));
    }
    return true;
  }
  bool VisitCastExpr(CastExpr *E) {
    // Called before the function's name is visited. An address converted
    // to another type may be called through a pointer of any type.
    const DeclRefExpr *Name = functionName(E->getSubExpr());
    if (!Name)
      return true;
    if (!Ctx.hasSameType(pointee(E->getType()), Name->getDecl()->getType()))
      ConvertedNames.insert(Name);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    if (const auto *FD = dyn_cast<FunctionDecl>(E->getMemberDecl()))
      add(FD);
    return true;
  }
  bool VisitCallExpr(CallExpr *E) {
    // Called before the callee's own name is visited.
    if (const auto *FD = dyn_cast_or_null<FunctionDecl>(E->getCalleeDecl())) {
      add(FD);
      CalleeNames.insert(calleeName(E->getCallee()));
      return true;
    }
    // A call through a pointer may enter a function whose address the
    // analysis has seen taken (one of the pointer's type, unless something
    // was converted); not a call through a table that the analysis can only
    // read as unknown values.
    const VarDecl *Table = dispatchTableOf(E);
    if (!Table || !OpaqueTables.count(Table))
      addPointerCall(E);
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
  void addAddressTaken(const FunctionDecl *FD, bool Converted) {
    const auto *Canonical = FD->getCanonicalDecl();
    if (!(Converted ? ConvertedSeen : AddressSeen).insert(Canonical).second)
      return;
    (Converted ? Out.AddressConverted : Out.AddressTaken).push_back(Canonical);
    // A call through a pointer to a virtual member may enter an overrider.
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Canonical)) {
      auto It = Overriders.find(MD);
      if (It != Overriders.end())
        for (const CXXMethodDecl *O : It->second)
          addAddressTaken(O, Converted);
    }
  }

  /// A call through a pointer: of the type of the functions it may enter,
  /// unless the pointer is converted on the way (any function then).
  void addPointerCall(const CallExpr *E) {
    const Expr *Callee = E->getCallee()->IgnoreParenImpCasts();
    QualType T = pointee(Callee->getType());
    if (isa<ExplicitCastExpr>(Callee) || !T->isFunctionType()) {
      Out.CallsThroughAnyPointer = true;
      return;
    }
    const Type *Canonical = Ctx.getCanonicalType(T).getTypePtr();
    if (!llvm::is_contained(Out.PointerCallTypes, Canonical))
      Out.PointerCallTypes.push_back(Canonical);
  }

  void add(const FunctionDecl *FD) {
    if (!FD)
      return;
    const auto *Canonical = FD->getCanonicalDecl();
    if (!Seen.insert(Canonical).second)
      return;
    Out.Called.push_back(Canonical);
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
  const Dependencies::TableSet &OpaqueTables;
  bool SkipFunctionBodies;
  References &Out;
  llvm::SmallPtrSet<const FunctionDecl *, 16> Seen;
  llvm::SmallPtrSet<const FunctionDecl *, 16> AddressSeen;
  llvm::SmallPtrSet<const FunctionDecl *, 16> ConvertedSeen;
  llvm::SmallPtrSet<const Expr *, 16> CalleeNames;
  llvm::SmallPtrSet<const Expr *, 16> ConvertedNames;
  llvm::SmallPtrSet<const CXXRecordDecl *, 8> Records;
};

/// One walk over the whole translation unit: who overrides whom, over every
/// method, and the opaque tables: global variables with no initializer whose
/// every mention is the table of a call through one of its elements. Nothing
/// writes such a table, so an element is an unknown value to the analyzer,
/// never a function it could enter.
class TranslationUnitScan : public RecursiveASTVisitor<TranslationUnitScan> {
public:
  explicit TranslationUnitScan(OverriderMap &Overriders)
      : Overriders(Overriders) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool VisitCXXMethodDecl(CXXMethodDecl *MD) {
    for (const CXXMethodDecl *Overridden : MD->overridden_methods())
      Overriders[Overridden->getCanonicalDecl()].push_back(
          MD->getCanonicalDecl());
    return true;
  }
  bool VisitCallExpr(CallExpr *E) {
    if (const VarDecl *Table = dispatchTableOf(E))
      ++Calls[Table];
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (const auto *VD = dyn_cast<VarDecl>(E->getDecl()))
      if (VD->hasGlobalStorage())
        ++Mentions[VD->getCanonicalDecl()];
    return true;
  }

  void collectOpaqueTables(Dependencies::TableSet &Out) const {
    for (const auto &[Table, Count] : Calls) {
      auto It = Mentions.find(Table);
      if (It != Mentions.end() && It->second == Count &&
          !Table->getAnyInitializer())
        Out.insert(Table);
    }
  }

private:
  OverriderMap &Overriders;
  llvm::DenseMap<const VarDecl *, unsigned> Calls;
  llvm::DenseMap<const VarDecl *, unsigned> Mentions;
};

} // namespace

Dependencies::Dependencies(ASTContext &Ctx) : Ctx(Ctx) {
  TranslationUnitDecl *TU = Ctx.getTranslationUnitDecl();
  TranslationUnitScan Scan(Overriders);
  Scan.TraverseDecl(TU);
  Scan.collectOpaqueTables(OpaqueTables);
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
  References Outside;
  ReferenceCollector(Ctx, Overriders, OpaqueTables,
                     /*SkipFunctionBodies=*/true, Outside)
      .TraverseDecl(TU);
  Global = std::move(Outside.Called);
  llvm::append_range(Global, Outside.AddressTaken);
  llvm::append_range(Global, Outside.AddressConverted);
}

const FunctionDecl *Dependencies::bodyOf(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  return FD && FD->hasBody(Def) ? Def : nullptr;
}

const References &Dependencies::direct(const FunctionDecl *Canonical) {
  auto It = Direct.find(Canonical);
  if (It != Direct.end())
    return It->second;
  References Refs;
  if (const FunctionDecl *Def = bodyOf(Canonical))
    ReferenceCollector(Ctx, Overriders, OpaqueTables,
                       /*SkipFunctionBodies=*/false, Refs)
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
  // A function whose address is taken waits until some function of the
  // closure calls through a pointer of its type (of any type, once the
  // address or the pointer is converted): before, the analysis has no way
  // into it.
  std::vector<const FunctionDecl *> Typed, Converted;
  llvm::SmallPtrSet<const Type *, 8> CalledTypes;
  bool AnyPointer = false;
  for (size_t I = 0; I < Order.size(); ++I) {
    const References &Refs = direct(Order[I]);
    for (const FunctionDecl *Ref : Refs.Called)
      Visit(Ref);
    llvm::append_range(Typed, Refs.AddressTaken);
    llvm::append_range(Converted, Refs.AddressConverted);
    CalledTypes.insert(Refs.PointerCallTypes.begin(),
                       Refs.PointerCallTypes.end());
    AnyPointer |= Refs.CallsThroughAnyPointer;
    if (!AnyPointer && CalledTypes.empty())
      continue;
    for (const FunctionDecl *FD : Converted)
      Visit(FD);
    Converted.clear();
    llvm::erase_if(Typed, [&](const FunctionDecl *FD) {
      if (!AnyPointer &&
          !CalledTypes.count(Ctx.getCanonicalType(FD->getType()).getTypePtr()))
        return false;
      Visit(FD);
      return true;
    });
  }
  for (const FunctionDecl *&FD : Order)
    if (const FunctionDecl *Def = bodyOf(FD))
      FD = Def;
  return Order;
}

} // namespace kmdf::tool
