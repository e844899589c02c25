//===- SourceLayout.h - What decides each function's analysis --*- C++ -*-===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The incremental analysis splits the main file into the function
// definitions ("regions", whole lines each) and the rest ("context"), and
// fingerprints each:
//
//   - a region by its text, its place among the context's tokens (which
//     declarations it sees), and the preprocessor's state wherever the region
//     asks for it: each macro it expands (with the macro's definition), each
//     macro an #ifdef or defined() tests, each #if it evaluates, and the
//     line number when it expands __LINE__; the events of a header included
//     inside the function are the function's;
//   - the context by its tokens (comments and white space do not count, and
//     #define/#undef lines count only where a macro is used), by the same
//     preprocessor events outside the regions, the headers' included, and by
//     every #pragma with the function it is in (a `#pragma pack` inside one
//     function changes the layout of the structures after it);
//   - the headers and the predefined macros by their contents (those included
//     inside a function too).
//
// It also encodes source locations in a form that survives edits elsewhere
// in the file, so that the reports of one run can be compared with those of
// another.
//
//===----------------------------------------------------------------------===//

#ifndef KMDF_CHECK_TOOL_SOURCELAYOUT_H
#define KMDF_CHECK_TOOL_SOURCELAYOUT_H

#include "clang/Basic/SourceLocation.h"
#include "clang/Lex/PPCallbacks.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MD5.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Decl;
class FunctionDecl;
class MacroInfo;
class Preprocessor;
class SourceManager;
} // namespace clang

namespace kmdf::tool {

/// A 64-bit digest of a sequence of strings and numbers; each part is
/// length-prefixed, so ("ab", "c") and ("a", "bc") differ.
class Digest {
public:
  Digest &add(llvm::StringRef Text);
  Digest &add(uint64_t Number);
  uint64_t get();

private:
  llvm::MD5 Hash;
};

/// A name for a declaration that is the same in every parse of the same
/// code: its USR, else its printed name.
std::string declKey(const clang::Decl *D);

/// Records, while the file is preprocessed, what the fingerprints need:
/// macro expansions and tests, #if values, macro definitions, the files
/// entered.
class PreprocessorLog : public clang::PPCallbacks {
public:
  struct Event {
    clang::SourceLocation Loc; ///< Where, as a file location.
    uint64_t Hash;             ///< What (macro, definition, value).
    bool UsesLine = false;     ///< Expanded __LINE__.
    /// A #pragma (or _Pragma): its effect (packing, warnings) lasts past
    /// the function it is written in.
    bool Pragma = false;
  };
  struct Definition {
    std::string Name;
    clang::SourceLocation Begin, End; ///< The #define's text.
    uint64_t Hash;                    ///< Of the definition.
  };

  PreprocessorLog(const clang::Preprocessor &PP);

  void FileChanged(clang::SourceLocation Loc, FileChangeReason Reason,
                   clang::SrcMgr::CharacteristicKind FileType,
                   clang::FileID PrevFID) override;
  void MacroExpands(const clang::Token &Name, const clang::MacroDefinition &MD,
                    clang::SourceRange Range,
                    const clang::MacroArgs *Args) override;
  void MacroDefined(const clang::Token &Name,
                    const clang::MacroDirective *MD) override;
  void Defined(const clang::Token &Name, const clang::MacroDefinition &MD,
               clang::SourceRange Range) override;
  void If(clang::SourceLocation Loc, clang::SourceRange Condition,
          ConditionValueKind Value) override;
  void Elif(clang::SourceLocation Loc, clang::SourceRange Condition,
            ConditionValueKind Value, clang::SourceLocation IfLoc) override;
  void Ifdef(clang::SourceLocation Loc, const clang::Token &Name,
             const clang::MacroDefinition &MD) override;
  void Ifndef(clang::SourceLocation Loc, const clang::Token &Name,
              const clang::MacroDefinition &MD) override;
  void Elifdef(clang::SourceLocation Loc, const clang::Token &Name,
               const clang::MacroDefinition &MD) override;
  void Elifndef(clang::SourceLocation Loc, const clang::Token &Name,
                const clang::MacroDefinition &MD) override;
  void PragmaDirective(clang::SourceLocation Loc,
                       clang::PragmaIntroducerKind Introducer) override;

  const std::vector<Event> &events() const { return Events; }
  const std::vector<Definition> &definitions() const { return Definitions; }
  /// Every file entered, in order (the main file, <built-in>, headers).
  const std::vector<clang::FileID> &files() const { return Files; }
  /// __COUNTER__ was expanded: its value depends on every earlier use.
  bool usesCounter() const { return UsesCounter; }

private:
  uint64_t definitionHash(const clang::MacroInfo *MI);
  void test(llvm::StringRef Kind, clang::SourceLocation Loc,
            const clang::Token &Name, const clang::MacroDefinition &MD);

  const clang::Preprocessor &PP;
  std::vector<Event> Events;
  std::vector<Definition> Definitions;
  std::vector<clang::FileID> Files;
  llvm::DenseMap<const clang::MacroInfo *, uint64_t> DefinitionHashes;
  bool UsesCounter = false;
};

/// One function definition of the main file (or several sharing lines),
/// as whole lines.
struct Region {
  std::string Key;                      ///< declKey of its first function.
  unsigned Begin = 0, End = 0;          ///< Byte offsets, End exclusive.
  unsigned FirstLine = 0, LastLine = 0; ///< 1-based.
  uint64_t Hash = 0;
};

/// The main file cut into regions and context, with their fingerprints.
class SourceLayout {
public:
  SourceLayout(clang::ASTContext &Ctx, const PreprocessorLog &Log);

  /// Set when the file cannot be analyzed incrementally (and why): it
  /// expands __COUNTER__.
  const std::string &unsupported() const { return Unsupported; }

  /// The tokens and preprocessor events outside the regions.
  uint64_t contextHash() const { return ContextHash; }
  /// The headers', the predefined macros' and the command line's contents.
  uint64_t headersHash() const { return HeadersHash; }

  const std::vector<Region> &regions() const { return Regions; }
  const Region *regionAtOffset(unsigned Offset) const;
  const Region *regionAtLine(unsigned Line) const;
  const Region *regionByKey(llvm::StringRef Key) const;
  /// The region of the text of \p FD's body (its template's, for an
  /// instantiation); null for implicit functions and those in headers.
  const Region *regionOf(const clang::FunctionDecl *FD) const;
  /// The region \p Loc is in, following #include lines back to the main
  /// file: a header included inside a function belongs to that function.
  const Region *regionOfLocation(clang::SourceLocation Loc) const;

  /// The #define of the main file whose text holds \p Offset, as
  /// "name#ordinal", and the offset its text starts at.
  const PreprocessorLog::Definition *definitionAt(unsigned Offset,
                                                  std::string &Key) const;
  /// A stable name for an entered file other than the main file:
  /// "path#n" for its n-th entry.
  llvm::StringRef fileKey(clang::FileID FID) const;
  /// The digest of the #define named by definitionAt's key.
  uint64_t definitionHash(llvm::StringRef Key) const;

private:
  void findRegions();
  void hashContext();
  void hashHeaders();

  clang::ASTContext &Ctx;
  const clang::SourceManager &SM;
  const PreprocessorLog &Log;
  clang::FileID Main;
  std::vector<Region> Regions;
  uint64_t ContextHash = 0;
  uint64_t HeadersHash = 0;
  std::string Unsupported;
  struct DefinitionSpan {
    unsigned Begin, End;
    std::string Key;
    uint64_t Hash;
    const PreprocessorLog::Definition *Def;
  };
  std::vector<DefinitionSpan> Definitions;
  llvm::DenseMap<clang::FileID, std::string> FileKeys;
};

/// Encodes source locations so that two runs agree on them: a location in a
/// region counts from the region's start, one in a #define of the main file
/// from the #define's, one in a header by the header's entry, one inside a
/// macro expansion by the expansion's own locations. Equal within one parse
/// exactly when the locations are equal.
class LocationEncoder {
public:
  LocationEncoder(const clang::SourceManager &SM, const SourceLayout &Layout);

  std::string encode(clang::SourceLocation Loc);

  /// A location lay in the main file outside every region and #define:
  /// such an encoding changes whenever the file's layout does.
  bool usedContext() const { return UsedContext; }
  /// The regions and #defines the encodings referred to, with digests.
  const std::vector<std::pair<std::string, uint64_t>> &regionsUsed() const {
    return RegionsUsed;
  }
  void reset();

private:
  const clang::SourceManager &SM;
  const SourceLayout &Layout;
  llvm::DenseMap<clang::FileID, std::string> Expansions;
  std::vector<std::pair<std::string, uint64_t>> RegionsUsed;
  bool UsedContext = false;
};

} // namespace kmdf::tool

#endif // KMDF_CHECK_TOOL_SOURCELAYOUT_H
