//===- SourceLayout.cpp - What decides each function's analysis -----------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "SourceLayout.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Endian.h"

using namespace clang;

namespace kmdf::tool {

//===----------------------------------------------------------------------===//
// Digest, declKey
//===----------------------------------------------------------------------===//

Digest &Digest::add(llvm::StringRef Text) {
  add(static_cast<uint64_t>(Text.size()));
  Hash.update(Text);
  return *this;
}

Digest &Digest::add(uint64_t Number) {
  uint8_t Bytes[8];
  llvm::support::endian::write64le(Bytes, Number);
  Hash.update(llvm::ArrayRef<uint8_t>(Bytes));
  return *this;
}

uint64_t Digest::get() {
  llvm::MD5::MD5Result Result;
  Hash.final(Result);
  return Result.low();
}

std::string declKey(const Decl *D) {
  llvm::SmallString<128> USR;
  if (index::generateUSRForDecl(D, USR))
    return "name:" + AnalysisDeclContext::getFunctionName(D);
  // The USR of a declaration local to a function (the implicit destructor
  // of a structure declared in a body) starts with the file's name and the
  // declaration's offset in it: a line added above would change the key.
  // The rest names the enclosing function; two such declarations that end
  // up with one key make the file analyzed whole.
  llvm::StringRef Key = USR;
  if (Key.starts_with("c:")) {
    auto [File, Rest] = Key.drop_front(2).split('@');
    llvm::StringRef Digits = Rest.take_while(llvm::isDigit);
    if (!Digits.empty() && Rest.drop_front(Digits.size()).starts_with("@"))
      return ("c:" + File + "@" + Rest.drop_front(Digits.size())).str();
  }
  return std::string(Key);
}

//===----------------------------------------------------------------------===//
// PreprocessorLog
//===----------------------------------------------------------------------===//

PreprocessorLog::PreprocessorLog(const Preprocessor &PP) : PP(PP) {}

uint64_t PreprocessorLog::definitionHash(const MacroInfo *MI) {
  if (!MI)
    return 0;
  auto It = DefinitionHashes.find(MI);
  if (It != DefinitionHashes.end())
    return It->second;
  Digest D;
  D.add(MI->isBuiltinMacro()).add(MI->isFunctionLike());
  D.add(MI->isC99Varargs()).add(MI->isGNUVarargs());
  for (const IdentifierInfo *Param : MI->params())
    D.add(Param->getName());
  for (const Token &Tok : MI->tokens()) {
    D.add(Tok.getKind()).add(Tok.hasLeadingSpace());
    D.add(PP.getSpelling(Tok));
  }
  uint64_t Hash = D.get();
  DefinitionHashes[MI] = Hash;
  return Hash;
}

void PreprocessorLog::FileChanged(SourceLocation Loc, FileChangeReason Reason,
                                  SrcMgr::CharacteristicKind, FileID) {
  if (Reason == EnterFile)
    Files.push_back(PP.getSourceManager().getFileID(Loc));
}

void PreprocessorLog::MacroExpands(const Token &Name, const MacroDefinition &MD,
                                   SourceRange Range, const MacroArgs *) {
  const SourceManager &SM = PP.getSourceManager();
  SourceLocation At = SM.getExpansionLoc(Range.getBegin());
  const MacroInfo *MI = MD.getMacroInfo();
  llvm::StringRef Macro = Name.getIdentifierInfo()->getName();
  Digest D;
  D.add("expands").add(Macro).add(definitionHash(MI));
  bool UsesLine = false;
  if (MI && MI->isBuiltinMacro()) {
    if (Macro == "__COUNTER__")
      UsesCounter = true;
    if (Macro == "__LINE__") {
      UsesLine = true;
      D.add(SM.getPresumedLineNumber(At));
    }
  }
  Events.push_back({At, D.get(), UsesLine});
}

void PreprocessorLog::MacroDefined(const Token &Name,
                                   const MacroDirective *MD) {
  const MacroInfo *MI = MD->getMacroInfo();
  if (!MI || MI->isBuiltinMacro())
    return;
  Definitions.push_back({Name.getIdentifierInfo()->getName().str(),
                         MI->getDefinitionLoc(), MI->getDefinitionEndLoc(),
                         definitionHash(MI)});
}

void PreprocessorLog::test(llvm::StringRef Kind, SourceLocation Loc,
                           const Token &Name, const MacroDefinition &MD) {
  Digest D;
  D.add(Kind).add(Name.getIdentifierInfo()->getName());
  D.add(static_cast<bool>(MD)).add(definitionHash(MD.getMacroInfo()));
  Events.push_back(
      {PP.getSourceManager().getExpansionLoc(Loc), D.get(), false});
}

void PreprocessorLog::Defined(const Token &Name, const MacroDefinition &MD,
                              SourceRange Range) {
  test("defined", Range.getBegin(), Name, MD);
}

void PreprocessorLog::If(SourceLocation Loc, SourceRange,
                         ConditionValueKind Value) {
  Events.push_back({PP.getSourceManager().getExpansionLoc(Loc),
                    Digest().add("if").add(Value).get(), false});
}

void PreprocessorLog::Elif(SourceLocation Loc, SourceRange,
                           ConditionValueKind Value, SourceLocation) {
  Events.push_back({PP.getSourceManager().getExpansionLoc(Loc),
                    Digest().add("elif").add(Value).get(), false});
}

void PreprocessorLog::Ifdef(SourceLocation Loc, const Token &Name,
                            const MacroDefinition &MD) {
  test("ifdef", Loc, Name, MD);
}

void PreprocessorLog::Ifndef(SourceLocation Loc, const Token &Name,
                             const MacroDefinition &MD) {
  test("ifndef", Loc, Name, MD);
}

void PreprocessorLog::Elifdef(SourceLocation Loc, const Token &Name,
                              const MacroDefinition &MD) {
  test("elifdef", Loc, Name, MD);
}

void PreprocessorLog::Elifndef(SourceLocation Loc, const Token &Name,
                               const MacroDefinition &MD) {
  test("elifndef", Loc, Name, MD);
}

void PreprocessorLog::PragmaDirective(SourceLocation Loc,
                                      PragmaIntroducerKind Introducer) {
  const SourceManager &SM = PP.getSourceManager();
  if (Loc.isInvalid())
    return;
  // The pragma's text, to the end of its line: what it does.
  llvm::StringRef Rest(SM.getCharacterData(SM.getSpellingLoc(Loc)));
  Digest D;
  D.add("pragma").add(Introducer).add(Rest.take_until([](char C) {
    return C == '\n' || C == '\r';
  }));
  Events.push_back({SM.getExpansionLoc(Loc), D.get(), false, true});
}

//===----------------------------------------------------------------------===//
// SourceLayout
//===----------------------------------------------------------------------===//

namespace {

/// Every function definition written in the translation unit (templates as
/// written, not their instantiations).
class DefinitionFinder : public RecursiveASTVisitor<DefinitionFinder> {
public:
  std::vector<const FunctionDecl *> Found;

  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->doesThisDeclarationHaveABody() && !FD->isImplicit())
      Found.push_back(FD);
    return true;
  }
};

} // namespace

SourceLayout::SourceLayout(ASTContext &Ctx, const PreprocessorLog &Log)
    : Ctx(Ctx), SM(Ctx.getSourceManager()), Log(Log), Main(SM.getMainFileID()) {
  findRegions();
  hashHeaders();
  hashContext();
  if (Log.usesCounter())
    Unsupported = "it expands __COUNTER__";
}

void SourceLayout::findRegions() {
  llvm::StringRef Buffer = SM.getBufferData(Main);
  DefinitionFinder Finder;
  Finder.TraverseDecl(Ctx.getTranslationUnitDecl());

  struct Span {
    unsigned Begin, End;
    const FunctionDecl *FD;
  };
  std::vector<Span> Spans;
  for (const FunctionDecl *FD : Finder.Found) {
    SourceRange Range = FD->getSourceRange();
    SourceLocation B = SM.getExpansionLoc(Range.getBegin());
    SourceLocation E = SM.getExpansionRange(Range.getEnd()).getEnd();
    if (B.isInvalid() || E.isInvalid() || SM.getFileID(B) != Main ||
        SM.getFileID(E) != Main)
      continue;
    unsigned Begin = SM.getFileOffset(B), End = SM.getFileOffset(E);
    if (End < Begin)
      continue;
    // Whole lines: the text before a definition on its first line (and
    // after it on its last) belongs to it.
    size_t LineStart = Buffer.rfind('\n', Begin);
    Begin = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
    size_t LineEnd = Buffer.find('\n', End);
    End = LineEnd == llvm::StringRef::npos ? Buffer.size() : LineEnd + 1;
    Spans.push_back({Begin, End, FD});
  }
  llvm::sort(Spans, [](const Span &A, const Span &B) {
    return A.Begin < B.Begin || (A.Begin == B.Begin && A.End > B.End);
  });

  llvm::StringMap<unsigned> KeyUses;
  for (const Span &S : Spans) {
    if (!Regions.empty() && S.Begin < Regions.back().End) {
      Regions.back().End = std::max(Regions.back().End, S.End);
      continue;
    }
    Region R;
    R.Key = declKey(S.FD);
    unsigned Uses = ++KeyUses[R.Key];
    if (Uses > 1)
      R.Key += "#" + std::to_string(Uses);
    R.Begin = S.Begin;
    R.End = S.End;
    Regions.push_back(std::move(R));
  }
  for (Region &R : Regions) {
    R.FirstLine = SM.getLineNumber(Main, R.Begin);
    R.LastLine = SM.getLineNumber(Main, R.End - 1);
  }

  llvm::StringMap<unsigned> DefinitionUses;
  for (const PreprocessorLog::Definition &Def : Log.definitions()) {
    SourceLocation B = SM.getExpansionLoc(Def.Begin);
    SourceLocation E = SM.getExpansionLoc(Def.End);
    if (SM.getFileID(B) != Main || SM.getFileID(E) != Main)
      continue;
    unsigned Begin = SM.getFileOffset(B);
    size_t LineEnd = Buffer.find('\n', SM.getFileOffset(E));
    unsigned End = LineEnd == llvm::StringRef::npos ? Buffer.size() : LineEnd;
    std::string Key =
        Def.Name + "#" + std::to_string(++DefinitionUses[Def.Name]);
    Definitions.push_back({Begin, End, std::move(Key), Def.Hash, &Def});
  }
  llvm::sort(Definitions, [](const DefinitionSpan &A, const DefinitionSpan &B) {
    return A.Begin < B.Begin;
  });
}

void SourceLayout::hashHeaders() {
  Digest D;
  llvm::StringMap<unsigned> Entries;
  for (FileID FID : Log.files()) {
    if (FID == Main || FID.isInvalid())
      continue;
    std::string Name;
    if (OptionalFileEntryRef File = SM.getFileEntryRefForID(FID))
      Name = File->getName().str();
    else
      Name = SM.getBufferName(SM.getLocForStartOfFile(FID)).str();
    std::string Key = Name + "#" + std::to_string(++Entries[Name]);
    D.add(Key).add(SM.getBufferData(FID));
    FileKeys[FID] = std::move(Key);
  }
  HeadersHash = D.get();
}

void SourceLayout::hashContext() {
  llvm::StringRef Buffer = SM.getBufferData(Main);
  const LangOptions &LangOpts = Ctx.getLangOpts();
  Lexer Raw(SM.getLocForStartOfFile(Main), LangOpts, Buffer.begin(),
            Buffer.begin(), Buffer.end());
  Raw.SetCommentRetentionState(false);

  // Each region's place among the context's tokens: the declarations
  // before it are the ones it sees.
  std::vector<uint64_t> ContextIndex(Regions.size(), 0);
  size_t Next = 0; // The next region to reach.
  uint64_t Count = 0;
  Digest Context;
  bool InMacroDirective = false;
  Token Tok;
  std::optional<Token> Pending;
  while (true) {
    if (Pending) {
      Tok = *Pending;
      Pending.reset();
    } else {
      Raw.LexFromRawLexer(Tok);
    }
    if (Tok.is(tok::eof))
      break;
    unsigned Offset = SM.getFileOffset(Tok.getLocation());
    while (Next < Regions.size() && Regions[Next].Begin <= Offset)
      ContextIndex[Next++] = Count;
    if (regionAtOffset(Offset))
      continue;
    if (Tok.isAtStartOfLine())
      InMacroDirective = false;
    if (InMacroDirective)
      continue;
    if (Tok.is(tok::hash) && Tok.isAtStartOfLine()) {
      // #define and #undef count where their macros are used.
      Token Directive;
      Raw.LexFromRawLexer(Directive);
      if (Directive.is(tok::raw_identifier) && !Directive.isAtStartOfLine() &&
          (Directive.getRawIdentifier() == "define" ||
           Directive.getRawIdentifier() == "undef")) {
        InMacroDirective = true;
        continue;
      }
      Pending = Directive;
    }
    Context.add(Buffer.substr(Offset, Tok.getLength()));
    ++Count;
  }
  while (Next < Regions.size())
    ContextIndex[Next++] = Count;

  // The preprocessor's events: in a region, they are that region's; the
  // others (the context's, the headers') are the context's.
  std::vector<Digest> RegionDigests(Regions.size());
  for (size_t I = 0; I < Regions.size(); ++I) {
    RegionDigests[I].add(Buffer.slice(Regions[I].Begin, Regions[I].End));
    RegionDigests[I].add(ContextIndex[I]);
  }
  for (const PreprocessorLog::Event &E : Log.events()) {
    const Region *R = regionOfLocation(E.Loc);
    if (E.Pragma)
      Context.add(R ? R->Key : "").add(E.Hash);
    else if (R)
      RegionDigests[R - Regions.data()].add(E.Hash);
    else
      Context.add(E.Hash);
  }
  for (size_t I = 0; I < Regions.size(); ++I)
    Regions[I].Hash = RegionDigests[I].get();
  ContextHash = Context.get();
}

const Region *SourceLayout::regionAtOffset(unsigned Offset) const {
  auto It = llvm::upper_bound(
      Regions, Offset, [](unsigned O, const Region &R) { return O < R.Begin; });
  if (It == Regions.begin())
    return nullptr;
  --It;
  return Offset < It->End ? &*It : nullptr;
}

const Region *SourceLayout::regionOfLocation(SourceLocation Loc) const {
  // A header's text is in the headers' digest; which function it was
  // included in is what decides the rest.
  for (unsigned Depth = 0; Loc.isValid() && Depth < 256; ++Depth) {
    Loc = SM.getExpansionLoc(Loc);
    FileID FID = SM.getFileID(Loc);
    if (FID == Main)
      return regionAtOffset(SM.getFileOffset(Loc));
    Loc = SM.getIncludeLoc(FID);
  }
  return nullptr;
}

const Region *SourceLayout::regionAtLine(unsigned Line) const {
  auto It = llvm::upper_bound(Regions, Line, [](unsigned L, const Region &R) {
    return L < R.FirstLine;
  });
  if (It == Regions.begin())
    return nullptr;
  --It;
  return Line <= It->LastLine ? &*It : nullptr;
}

const Region *SourceLayout::regionByKey(llvm::StringRef Key) const {
  for (const Region &R : Regions)
    if (R.Key == Key)
      return &R;
  return nullptr;
}

const Region *SourceLayout::regionOf(const FunctionDecl *FD) const {
  if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
    FD = Pattern;
  if (FD->isImplicit())
    return nullptr;
  SourceLocation B = SM.getExpansionLoc(FD->getSourceRange().getBegin());
  if (B.isInvalid() || SM.getFileID(B) != Main)
    return nullptr;
  return regionAtOffset(SM.getFileOffset(B));
}

const PreprocessorLog::Definition *
SourceLayout::definitionAt(unsigned Offset, std::string &Key) const {
  auto It = llvm::upper_bound(
      Definitions, Offset,
      [](unsigned O, const DefinitionSpan &S) { return O < S.Begin; });
  if (It == Definitions.begin())
    return nullptr;
  --It;
  if (Offset > It->End)
    return nullptr;
  Key = It->Key;
  return It->Def;
}

uint64_t SourceLayout::definitionHash(llvm::StringRef Key) const {
  for (const DefinitionSpan &S : Definitions)
    if (S.Key == Key)
      return S.Hash;
  return 0;
}

llvm::StringRef SourceLayout::fileKey(FileID FID) const {
  auto It = FileKeys.find(FID);
  return It == FileKeys.end() ? llvm::StringRef() : llvm::StringRef(It->second);
}

//===----------------------------------------------------------------------===//
// LocationEncoder
//===----------------------------------------------------------------------===//

LocationEncoder::LocationEncoder(const SourceManager &SM,
                                 const SourceLayout &Layout)
    : SM(SM), Layout(Layout) {}

void LocationEncoder::reset() {
  RegionsUsed.clear();
  UsedContext = false;
}

std::string LocationEncoder::encode(SourceLocation Loc) {
  if (Loc.isInvalid())
    return "-";
  if (Loc.isFileID()) {
    auto [FID, Offset] = SM.getDecomposedLoc(Loc);
    if (FID == SM.getMainFileID()) {
      if (const Region *R = Layout.regionAtOffset(Offset)) {
        RegionsUsed.emplace_back(R->Key, R->Hash);
        return "R" + R->Key + "+" + std::to_string(Offset - R->Begin);
      }
      std::string Key;
      if (const PreprocessorLog::Definition *Def =
              Layout.definitionAt(Offset, Key)) {
        RegionsUsed.emplace_back("#define " + Key, Def->Hash);
        return "D" + Key + "+" +
               std::to_string(Offset -
                              SM.getFileOffset(SM.getExpansionLoc(Def->Begin)));
      }
      UsedContext = true;
      return "C+" + std::to_string(Offset);
    }
    llvm::StringRef File = Layout.fileKey(FID);
    if (File.empty()) {
      // Scratch space (token pasting) and the like: its offsets depend on
      // everything before.
      UsedContext = true;
      return "?+" + std::to_string(Offset);
    }
    return ("F" + File + "+" + llvm::Twine(Offset)).str();
  }
  auto [FID, Offset] = SM.getDecomposedLoc(Loc);
  const SrcMgr::ExpansionInfo &X = SM.getSLocEntry(FID).getExpansion();
  return "M(" + encode(X.getSpellingLoc()) + "," +
         encode(X.getExpansionLocStart()) + "," +
         encode(X.getExpansionLocEnd()) +
         (X.isMacroArgExpansion() ? ",a)+" : ")+") + std::to_string(Offset);
}

} // namespace kmdf::tool
