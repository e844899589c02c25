//===- Ctu.cpp - Whole-driver (cross-translation-unit) analysis -----------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The cache folder holds:
//
//   manifest.json            per compile command: its dialect, the external
//                            definitions of its file, every file its parse
//                            read (size and modification time), and its AST
//                            dump (size, modification time, hash)
//   <dialect>/externalDefMap.txt   the analyzer's index for that dialect,
//                            pointing at the dumps
//   <dialect>/ast/<file>-<hash>.ast   the AST dump of each command, written
//                            by the parse that finds its definitions
//
// A command whose inputs and dump are unchanged is not parsed again. The
// index is derived from the manifest on every run, and read back with
// clang's own parser before any analysis uses it. Because every entry of the
// index is a dump, the analyzer never parses a file on demand, and so never
// reads an invocation list (whose absence would silently turn CTU off).
//
//===----------------------------------------------------------------------===//

#include "Ctu.h"

#include "kmdf-check/Version.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/Basic/Version.h"
#include "clang/CrossTU/CrossTranslationUnit.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Serialization/PCHContainerOperations.h"
#include "clang/StaticAnalyzer/Core/AnalyzerOptions.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Compiler.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <cstdlib>
#include <map>
#include <mutex>
#include <set>

using namespace clang;
namespace fs = llvm::sys::fs;
namespace json = llvm::json;
namespace path = llvm::sys::path;

namespace kmdf::tool {
namespace {

/// The manifest's format; a manifest of another format, kmdf-check or LLVM
/// is ignored and rebuilt. The AST dumps are tied to the clang that wrote
/// them (clang refuses a dump of another version), and kmdf-check links the
/// system's clang library: its version is the one at run time, not the one
/// kmdf-check was built with, so both are named.
std::string manifestFormat() {
  return "kmdf-check-ctu/2 " KMDF_CHECK_VERSION " LLVM " KMDF_CHECK_LLVM_VERSION
         " (" +
         getClangFullVersion() + ")";
}
constexpr llvm::StringLiteral ManifestName = "manifest.json";
constexpr llvm::StringLiteral IndexName = "externalDefMap.txt";
/// What earlier versions wrote beside the index, for on-demand parsing.
constexpr llvm::StringLiteral OldInvocationListName = "invocations.yaml";
constexpr llvm::StringLiteral DumpFolder = "ast";

using InputStamp = CtuFileStamp;

std::string join(llvm::ArrayRef<std::string> Items, llvm::StringRef Sep) {
  std::string Out;
  for (const std::string &Item : Items)
    Out += (Out.empty() ? "" : Sep.str()) + Item;
  return Out;
}

/// An external definition: its lookup name (the USR) and its name for
/// people.
struct Definition {
  std::string Usr;
  std::string Name;
};

/// What the parse of one compile command found.
struct IndexedCommand {
  std::string File; ///< Absolute, without "." and "..".
  std::string Directory;
  std::vector<std::string> Args; ///< analysisCommandLine()
  std::string Dialect;
  bool Parsed = false; ///< Without errors; only then is it in the index.
  std::string Error;   ///< The first error otherwise.
  std::vector<Definition> Definitions;
  std::vector<InputStamp> Inputs;
  /// The AST dump, when Parsed: its path, size and modification time as
  /// written, and the hash of its bytes.
  InputStamp Dump;
  uint64_t DumpHash = 0;

  std::string key() const {
    std::string Key = Directory;
    for (const std::string &Arg : Args)
      (Key += '\0') += Arg;
    return Key;
  }
};

/// \p File, relative to \p Directory (or to the current folder when that is
/// empty), as an absolute path without "." and "..".
std::string absolute(llvm::StringRef Directory, llvm::StringRef File) {
  llvm::SmallString<256> Path(File);
  if (!path::is_absolute(Path) && !Directory.empty())
    Path = (Directory + "/" + File).str();
  fs::make_absolute(Path);
  path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

std::optional<InputStamp> stamp(llvm::StringRef Path) {
  fs::file_status Status;
  if (fs::status(Path, Status) || !fs::is_regular_file(Status))
    return std::nullopt;
  InputStamp S;
  S.Path = Path.str();
  S.Size = Status.getSize();
  S.Modified = std::chrono::duration_cast<std::chrono::nanoseconds>(
                   Status.getLastModificationTime().time_since_epoch())
                   .count();
  return S;
}

bool sameStamp(const InputStamp &Old) {
  std::optional<InputStamp> Now = stamp(Old.Path);
  return Now && Now->Size == Old.Size && Now->Modified == Old.Modified;
}

/// Whether the last run's parse of \p C still holds: every file it read is
/// as it was, and so is its dump (a dump removed, truncated or written over
/// since is made again).
bool unchanged(const IndexedCommand &C) {
  if (C.Inputs.empty())
    return false;
  if (C.Parsed && (C.Dump.Path.empty() || !sameStamp(C.Dump)))
    return false;
  return llvm::all_of(C.Inputs, sameStamp);
}

/// A folder name for a dialect: letters, digits and ".+-_" only.
std::string dialectFolder(llvm::StringRef Dialect) {
  std::string Name;
  for (char C : Dialect)
    Name += llvm::isAlnum(C) || llvm::StringRef(".+-_").contains(C) ? C : '_';
  return Name;
}

/// Where the AST dump of \p C goes: in its dialect's folder, named after its
/// file (for people) and a hash of its command and of the clang that writes
/// it (two commands of one file, or two LLVMs sharing the folder, never
/// write over each other's dump).
std::string dumpPath(llvm::StringRef CacheDir, const IndexedCommand &C) {
  llvm::SmallString<256> Path(CacheDir);
  uint64_t Hash = llvm::xxh3_64bits(C.key() + '\0' + manifestFormat());
  path::append(Path, dialectFolder(C.Dialect), DumpFolder,
               path::filename(C.File) + "-" + llvm::utohexstr(Hash, true, 16) +
                   ".ast");
  return std::string(Path);
}

//===----------------------------------------------------------------------===//
// Parsing a file for its external definitions
//===----------------------------------------------------------------------===//

/// Collects what another translation unit may import from this one: the
/// functions with external linkage defined in the main file, and the
/// constant variables the analyzer can import too (as clang-extdef-mapping
/// lists them).
class DefinitionCollector : public ASTConsumer {
public:
  explicit DefinitionCollector(IndexedCommand &Out) : Out(Out) {}

  void HandleTranslationUnit(ASTContext &Context) override {
    collect(Context, Context.getTranslationUnitDecl());
    llvm::sort(Out.Definitions, [](const Definition &A, const Definition &B) {
      return A.Usr < B.Usr;
    });
    Out.Definitions.erase(
        std::unique(Out.Definitions.begin(), Out.Definitions.end(),
                    [](const Definition &A, const Definition &B) {
                      return A.Usr == B.Usr;
                    }),
        Out.Definitions.end());
    recordInputs(Context.getSourceManager());
  }

private:
  bool inMainFile(const SourceManager &SM, SourceLocation Loc) {
    return Loc.isValid() && SM.isInMainFile(SM.getExpansionLoc(Loc));
  }

  void add(const NamedDecl *D) {
    std::optional<std::string> Usr =
        cross_tu::CrossTranslationUnitContext::getLookupName(D);
    if (Usr && !Usr->empty())
      Out.Definitions.push_back({*Usr, D->getQualifiedNameAsString()});
  }

  void collect(ASTContext &Context, const DeclContext *DC) {
    const SourceManager &SM = Context.getSourceManager();
    for (const Decl *D : DC->decls()) {
      if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
        if (FD->isThisDeclarationADefinition() && FD->hasBody() &&
            !FD->isDependentContext() && FD->isExternallyVisible() &&
            inMainFile(SM, FD->getLocation()))
          add(FD);
      } else if (const auto *VD = dyn_cast<VarDecl>(D)) {
        if (VD->isThisDeclarationADefinition() == VarDecl::Definition &&
            VD->hasInit() && !VD->getDeclContext()->isDependentContext() &&
            VD->isExternallyVisible() && cross_tu::shouldImport(VD, Context) &&
            inMainFile(SM, VD->getLocation()))
          add(VD);
      }
      if (const auto *Inner = dyn_cast<DeclContext>(D))
        if (!isa<FunctionDecl>(D))
          collect(Context, Inner);
    }
  }

  /// Every file the parse read, so that a later run knows whether it must
  /// parse again.
  void recordInputs(const SourceManager &SM) {
    FileManager &Files = SM.getFileManager();
    std::set<std::string> Seen;
    for (auto It = SM.fileinfo_begin(), End = SM.fileinfo_end(); It != End;
         ++It) {
      llvm::SmallString<256> Path(It->first.getName());
      Files.makeAbsolutePath(Path);
      path::remove_dots(Path, /*remove_dot_dot=*/true);
      if (!Seen.insert(std::string(Path)).second)
        continue;
      if (std::optional<InputStamp> S = stamp(Path))
        Out.Inputs.push_back(std::move(*S));
    }
  }

  IndexedCommand &Out;
};

/// One parse of a file gives both its external definitions and its AST
/// dump: what `clang -emit-ast` writes (the driver runs -emit-pch for it),
/// so that the analyzer's loader reads it as it reads any dump. The
/// compiler writes the dump to a temporary file renamed when the parse
/// ends, and removes it if the parse failed: a run killed halfway never
/// leaves a truncated dump under the dump's name.
class IndexAction : public GeneratePCHAction {
public:
  IndexAction(llvm::StringRef CacheDir, IndexedCommand &Out)
      : CacheDir(CacheDir), Out(Out) {}

  std::unique_ptr<ASTConsumer>
  CreateASTConsumer(CompilerInstance &CI, llvm::StringRef InFile) override {
    Out.Dialect = ctuDialect(CI);
    Out.Dump.Path = dumpPath(CacheDir, Out);
    llvm::StringRef Folder = path::parent_path(Out.Dump.Path);
    if (std::error_code EC = fs::create_directories(Folder)) {
      DiagnosticsEngine &Diags = CI.getDiagnostics();
      Diags.Report(Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                         "cannot create '%0': %1"))
          << Folder << EC.message();
      return nullptr;
    }
    CI.getFrontendOpts().OutputFile = Out.Dump.Path;
    std::unique_ptr<ASTConsumer> Writer =
        GeneratePCHAction::CreateASTConsumer(CI, InFile);
    if (!Writer)
      return nullptr;
    std::vector<std::unique_ptr<ASTConsumer>> Consumers;
    Consumers.push_back(std::make_unique<DefinitionCollector>(Out));
    Consumers.push_back(std::move(Writer));
    return std::make_unique<MultiplexConsumer>(std::move(Consumers));
  }

private:
  std::string CacheDir;
  IndexedCommand &Out;
};

/// The hash of the file at \p Path: xxh3 of the xxh3 of each MiB. It is
/// read in pieces, not mapped: CtuDumpCheck hashes each dump an analysis
/// loads, and the whole of a dump mapped and read would count in the
/// process's memory, where clang reads only the parts it needs (a dump of a
/// file that includes the WDK's headers is about 10 MB).
std::optional<uint64_t> hashFile(llvm::StringRef Path) {
  llvm::Expected<fs::file_t> File = fs::openNativeFileForRead(Path);
  if (!File) {
    llvm::consumeError(File.takeError());
    return std::nullopt;
  }
  std::vector<char> Piece(1 << 20);
  std::vector<uint64_t> Hashes;
  bool Ok = true;
  for (;;) {
    // readNativeFile may return less than asked: fill the piece.
    size_t Filled = 0;
    while (Filled < Piece.size()) {
      llvm::Expected<size_t> Read = fs::readNativeFile(
          *File, llvm::MutableArrayRef(Piece).drop_front(Filled));
      if (!Read) {
        llvm::consumeError(Read.takeError());
        Ok = false;
        break;
      }
      if (*Read == 0)
        break;
      Filled += *Read;
    }
    if (!Ok || Filled == 0)
      break;
    Hashes.push_back(llvm::xxh3_64bits(llvm::StringRef(Piece.data(), Filled)));
    if (Filled < Piece.size())
      break;
  }
  fs::closeFile(*File);
  if (!Ok)
    return std::nullopt;
  return llvm::xxh3_64bits(
      llvm::StringRef(reinterpret_cast<const char *>(Hashes.data()),
                      Hashes.size() * sizeof(uint64_t)));
}

void parseForIndex(llvm::StringRef CacheDir,
                   const tooling::CompileCommand &Command,
                   IndexedCommand &Out) {
  std::vector<AnalysisError> Errors;
  Out.Parsed = runFrontendAction(Command, Out.Args,
                                 std::make_unique<IndexAction>(CacheDir, Out),
                                 /*FS=*/nullptr, Errors);
  if (Out.Parsed) {
    // The dump as written, so that a later run notices if another hand
    // changes it, and the analysis checks the bytes it loads.
    std::optional<InputStamp> Dump = stamp(Out.Dump.Path);
    std::optional<uint64_t> Hash = hashFile(Out.Dump.Path);
    if (Dump && Hash) {
      Out.Dump = std::move(*Dump);
      Out.DumpHash = *Hash;
    } else {
      Out.Parsed = false;
      Errors.push_back(
          {{}, "its AST dump '" + Out.Dump.Path + "' was not written"});
    }
  }
  if (!Out.Parsed) {
    Out.Dump = {};
    Out.DumpHash = 0;
  }
  if (!Out.Parsed && !Errors.empty()) {
    Out.Definitions.clear();
    const AnalysisError &E = Errors.front();
    Out.Error = E.Message;
    if (!E.Position.File.empty())
      Out.Error = E.Position.File + ":" + std::to_string(E.Position.Line) +
                  ": " + E.Message;
  }
  // Stamp the main file even when the parse failed before reading it all,
  // so that an unchanged broken file is not parsed on every run.
  if (llvm::none_of(Out.Inputs,
                    [&](const InputStamp &S) { return S.Path == Out.File; }))
    if (std::optional<InputStamp> S = stamp(Out.File))
      Out.Inputs.push_back(std::move(*S));
}

//===----------------------------------------------------------------------===//
// The manifest
//===----------------------------------------------------------------------===//

json::Value toJson(const IndexedCommand &C) {
  json::Array Args;
  for (const std::string &A : C.Args)
    Args.push_back(A);
  json::Array Defs;
  for (const Definition &D : C.Definitions)
    Defs.push_back(json::Array{D.Usr, D.Name});
  json::Array Inputs;
  for (const InputStamp &S : C.Inputs)
    Inputs.push_back(
        json::Array{S.Path, static_cast<int64_t>(S.Size), S.Modified});
  // The hash in hexadecimal: JSON numbers hold 53 bits exactly.
  json::Array Dump{C.Dump.Path, static_cast<int64_t>(C.Dump.Size),
                   C.Dump.Modified, llvm::utohexstr(C.DumpHash, true, 16)};
  return json::Object{{"file", C.File},
                      {"directory", C.Directory},
                      {"arguments", std::move(Args)},
                      {"dialect", C.Dialect},
                      {"parsed", C.Parsed},
                      {"error", C.Error},
                      {"definitions", std::move(Defs)},
                      {"inputs", std::move(Inputs)},
                      {"dump", std::move(Dump)}};
}

std::optional<IndexedCommand> fromJson(const json::Value &V) {
  const json::Object *O = V.getAsObject();
  if (!O)
    return std::nullopt;
  IndexedCommand C;
  auto Str = [&](llvm::StringRef Key, std::string &Out) {
    std::optional<llvm::StringRef> S = O->getString(Key);
    if (S)
      Out = S->str();
    return S.has_value();
  };
  std::optional<bool> Parsed = O->getBoolean("parsed");
  const json::Array *Args = O->getArray("arguments");
  const json::Array *Defs = O->getArray("definitions");
  const json::Array *Inputs = O->getArray("inputs");
  const json::Array *Dump = O->getArray("dump");
  if (!Str("file", C.File) || !Str("directory", C.Directory) ||
      !Str("dialect", C.Dialect) || !Str("error", C.Error) || !Parsed ||
      !Args || !Defs || !Inputs || !Dump || Dump->size() != 4 ||
      !(*Dump)[0].getAsString() || !(*Dump)[1].getAsInteger() ||
      !(*Dump)[2].getAsInteger() || !(*Dump)[3].getAsString() ||
      (*Dump)[3].getAsString()->getAsInteger(16, C.DumpHash))
    return std::nullopt;
  C.Parsed = *Parsed;
  C.Dump = {(*Dump)[0].getAsString()->str(),
            static_cast<uint64_t>(*(*Dump)[1].getAsInteger()),
            *(*Dump)[2].getAsInteger()};
  for (const json::Value &A : *Args) {
    std::optional<llvm::StringRef> S = A.getAsString();
    if (!S)
      return std::nullopt;
    C.Args.push_back(S->str());
  }
  for (const json::Value &D : *Defs) {
    const json::Array *Pair = D.getAsArray();
    if (!Pair || Pair->size() != 2 || !(*Pair)[0].getAsString() ||
        !(*Pair)[1].getAsString())
      return std::nullopt;
    C.Definitions.push_back(
        {(*Pair)[0].getAsString()->str(), (*Pair)[1].getAsString()->str()});
  }
  for (const json::Value &I : *Inputs) {
    const json::Array *Triple = I.getAsArray();
    if (!Triple || Triple->size() != 3 || !(*Triple)[0].getAsString() ||
        !(*Triple)[1].getAsInteger() || !(*Triple)[2].getAsInteger())
      return std::nullopt;
    C.Inputs.push_back({(*Triple)[0].getAsString()->str(),
                        static_cast<uint64_t>(*(*Triple)[1].getAsInteger()),
                        *(*Triple)[2].getAsInteger()});
  }
  return C;
}

/// The commands of the last run, by key; empty when there is no usable
/// manifest (none, unreadable, or from another kmdf-check or LLVM).
std::map<std::string, IndexedCommand> loadManifest(llvm::StringRef CacheDir,
                                                   CtuIndexReport &Report) {
  std::map<std::string, IndexedCommand> Result;
  llvm::SmallString<256> Path(CacheDir);
  path::append(Path, ManifestName);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return Result;
  llvm::Expected<json::Value> Parsed = json::parse((*Buffer)->getBuffer());
  const json::Object *Root = Parsed ? Parsed->getAsObject() : nullptr;
  if (!Parsed)
    llvm::consumeError(Parsed.takeError());
  std::optional<llvm::StringRef> Format =
      Root ? Root->getString("format") : std::nullopt;
  const json::Array *Commands = Root ? Root->getArray("commands") : nullptr;
  if (!Format || *Format != manifestFormat() || !Commands) {
    Report.Notes.push_back("the index in '" + CacheDir.str() +
                           "' was made by another version of kmdf-check or "
                           "LLVM, or is damaged: it is rebuilt");
    return Result;
  }
  for (const json::Value &V : *Commands)
    if (std::optional<IndexedCommand> C = fromJson(V))
      Result.emplace(C->key(), std::move(*C));
  return Result;
}

llvm::Error writeFile(llvm::StringRef Path, llvm::StringRef Content) {
  // Unchanged content is not rewritten: an analysis of another kmdf-check
  // process may be reading it.
  if (llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Old =
          llvm::MemoryBuffer::getFile(Path))
    if ((*Old)->getBuffer() == Content)
      return llvm::Error::success();
  // A temporary file renamed over the old one: a reader sees either.
  return llvm::writeToOutput(Path, [&](llvm::raw_ostream &OS) {
    OS << Content;
    return llvm::Error::success();
  });
}

llvm::Error saveManifest(llvm::StringRef CacheDir,
                         llvm::ArrayRef<IndexedCommand> Commands) {
  json::Array List;
  for (const IndexedCommand &C : Commands)
    List.push_back(toJson(C));
  json::Object Root{{"format", manifestFormat()},
                    {"commands", std::move(List)}};
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << llvm::formatv("{0:1}", json::Value(std::move(Root))) << '\n';
  llvm::SmallString<256> Path(CacheDir);
  path::append(Path, ManifestName);
  return writeFile(Path, OS.str());
}

//===----------------------------------------------------------------------===//
// The index of each dialect
//===----------------------------------------------------------------------===//

/// Writes \p Dialect's index, pointing at the dumps, then reads it back with
/// the analyzer's own parser.
llvm::Expected<CtuDialectIndex>
writeDialect(llvm::StringRef CacheDir, llvm::StringRef Dialect,
             const std::map<std::string, std::string> &UsrToDump,
             const std::map<std::string, CtuDump> &Dumps) {
  CtuDialectIndex D;
  D.Dialect = Dialect.str();
  llvm::SmallString<256> Dir(CacheDir);
  path::append(Dir, dialectFolder(Dialect));
  if (std::error_code EC = fs::create_directories(Dir))
    return llvm::createStringError(EC, "cannot create '%s': %s", Dir.c_str(),
                                   EC.message().c_str());
  D.Dir = std::string(Dir);
  D.IndexFile = (Dir + "/" + IndexName).str();
  // An invocation list of an earlier kmdf-check is no longer read: removed
  // so that nobody takes it for a part of the index.
  fs::remove(Dir + "/" + OldInvocationListName);

  std::string Index;
  llvm::StringSet<> Files;
  for (const auto &[Usr, Dump] : UsrToDump) {
    Index += std::to_string(Usr.size()) + ":" + Usr + " " + Dump + "\n";
    Files.insert(Dump);
  }
  if (llvm::Error E = writeFile(D.IndexFile, Index))
    return E;

  // The analyzer reports none of these problems: it would silently run
  // without CTU, stop it for every file, or parse a file on demand with an
  // invocation list that does not exist. Read the index the way it will.
  llvm::Expected<llvm::StringMap<std::string>> ReadIndex =
      cross_tu::parseCrossTUIndex(D.IndexFile);
  if (!ReadIndex)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "the index '%s' cannot be read back: %s", D.IndexFile.c_str(),
        llvm::toString(ReadIndex.takeError()).c_str());
  for (const auto &Entry : *ReadIndex) {
    llvm::StringRef Dump = Entry.getValue();
    if (!path::is_absolute(Dump) || !Dump.ends_with(".ast") ||
        !Dumps.count(Dump.str()) || !fs::exists(Dump))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "the index '%s' names '%s', which is not an AST dump of kmdf-check",
          D.IndexFile.c_str(), Dump.str().c_str());
  }
  D.Files = Files.size();
  D.Definitions = ReadIndex->size();
  return D;
}

/// Removes the dumps of \p CacheDir that no command of the manifest has any
/// more (a command changed, a file left the database), and the temporary
/// files of writes that a killed run left (an hour old: another run may be
/// writing one now).
void removeOldDumps(llvm::StringRef CacheDir,
                    llvm::ArrayRef<IndexedCommand> Commands) {
  std::set<std::string> Kept;
  for (const IndexedCommand &C : Commands)
    if (!C.Dump.Path.empty())
      Kept.insert(C.Dump.Path);
  auto HourAgo = std::chrono::system_clock::now() - std::chrono::hours(1);
  std::error_code EC;
  for (fs::directory_iterator Dialect(CacheDir, EC), End; Dialect != End && !EC;
       Dialect.increment(EC)) {
    llvm::SmallString<256> Folder(Dialect->path());
    path::append(Folder, DumpFolder);
    std::error_code InnerEC;
    for (fs::directory_iterator It(Folder, InnerEC); It != End && !InnerEC;
         It.increment(InnerEC)) {
      llvm::StringRef Name = It->path();
      if (Kept.count(Name.str()))
        continue;
      fs::file_status Status;
      bool Old = !fs::status(Name, Status) &&
                 Status.getLastModificationTime() < HourAgo;
      if (Name.ends_with(".ast") || Old)
        fs::remove(Name);
    }
  }
}

/// Test hook, for the tests of the fall-back analysis: with
/// KMDF_CHECK_CTU_FAULT=crash:<suffix> (or error:<suffix>) loading the dump
/// of a file whose path ends in <suffix> crashes (or fails), as an importer
/// crash or a dump that cannot be used would. Returns the kind, or empty.
llvm::StringRef injectedFault(llvm::StringRef Source) {
  const char *Env = std::getenv("KMDF_CHECK_CTU_FAULT");
  if (!Env)
    return "";
  auto [Kind, Suffix] = llvm::StringRef(Env).split(':');
  if (Suffix.empty() || !Source.ends_with(Suffix))
    return "";
  return Kind;
}

} // namespace

CtuIndex::~CtuIndex() {
  if (Temporary && !CacheDir.empty())
    fs::remove_directories(CacheDir);
}

const CtuDialectIndex *CtuIndex::find(llvm::StringRef Dialect) const {
  for (const CtuDialectIndex &D : Dialects)
    if (D.Dialect == Dialect)
      return &D;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Checking the dumps an analysis loads
//===----------------------------------------------------------------------===//

struct CtuDumpCheck::State {
  std::mutex Mutex;
  std::set<std::string> Read; ///< Dumps of the index the analysis read.
  std::vector<std::string> Problems;
};

namespace {

/// Gives the dump at \p Path a newer modification time than the manifest's,
/// so that the next index build writes it again.
void markStale(llvm::StringRef Path) {
  int FD;
  if (fs::openFileForReadWrite(Path, FD, fs::CD_OpenExisting, fs::OF_None))
    return;
  fs::setLastAccessAndModificationTime(FD, std::chrono::system_clock::now());
  llvm::sys::Process::SafelyCloseFileDescriptor(FD);
}

/// The analyzer's loader reads a dump through the raw PCH container reader
/// of the analysis' CompilerInstance; this one hands it the bytes only when
/// they are those the index build wrote and no file the dump was made from
/// changed since (clang would refuse the dump, silently for the analysis).
/// Anything else (a PCH of the user's own command) passes as it is.
class CheckingDumpReader : public PCHContainerReader {
public:
  CheckingDumpReader(const CtuIndex &Index,
                     std::shared_ptr<CtuDumpCheck::State> Seen)
      : Index(Index), Seen(std::move(Seen)) {}

  llvm::ArrayRef<llvm::StringRef> getFormats() const override {
    static const llvm::StringRef Formats[] = {"raw"};
    return Formats;
  }

  llvm::StringRef ExtractPCH(llvm::MemoryBufferRef Buffer) const override {
    llvm::StringRef Bytes = Buffer.getBuffer();
    auto It = Index.Dumps.find(Buffer.getBufferIdentifier().str());
    if (It == Index.Dumps.end())
      return Bytes;
    const std::string &Path = It->first;
    const CtuDump &Dump = It->second;
    llvm::StringRef Fault = injectedFault(Dump.Source);
    if (Fault == "crash")
      LLVM_BUILTIN_TRAP;
    std::string Problem;
    if (Fault == "error")
      Problem = "the AST dump of '" + Dump.Source +
                "' cannot be used: injected by KMDF_CHECK_CTU_FAULT";
    else if (Bytes.size() != Dump.Size || hashFile(Path) != Dump.Hash)
      Problem = "the AST dump of '" + Dump.Source + "' (" + Path +
                ") was damaged after it was written; it is written again on "
                "the next run";
    else
      for (const CtuFileStamp &Input : Dump.Inputs)
        if (!sameStamp(Input)) {
          Problem = "'" + Input.Path + "' changed after the AST dump of '" +
                    Dump.Source + "' was written";
          break;
        }
    std::lock_guard<std::mutex> Lock(Seen->Mutex);
    Seen->Read.insert(Path);
    if (Problem.empty())
      return Bytes;
    // Marked stale rather than removed: an analysis that never needed it
    // must not find it missing.
    if (Fault.empty())
      markStale(Path);
    Seen->Problems.push_back(std::move(Problem));
    // No bytes: clang's reader stops at once ("not a precompiled file")
    // instead of deserializing damaged data.
    return {};
  }

private:
  const CtuIndex &Index;
  std::shared_ptr<CtuDumpCheck::State> Seen;
};

} // namespace

CtuDumpCheck::CtuDumpCheck(const CtuIndex &Index)
    : Index(Index), Seen(std::make_shared<State>()),
      Operations(std::make_shared<PCHContainerOperations>()) {
  Operations->registerReader(std::make_unique<CheckingDumpReader>(Index, Seen));
}

std::string CtuDumpCheck::problem() const {
  std::lock_guard<std::mutex> Lock(Seen->Mutex);
  if (!Seen->Problems.empty())
    return Seen->Problems.front();
  // A dump removed since the index was built is never read, and the
  // analyzer does not say that it could not open it. Whether this analysis
  // needed it is unknown: any missing dump counts.
  for (const auto &[Path, Dump] : Index.Dumps)
    if (!Seen->Read.count(Path) && !fs::exists(Path))
      return "the AST dump of '" + Dump.Source + "' (" + Path +
             ") was removed after the index was built";
  return "";
}

std::string defaultCtuCacheDir(llvm::StringRef DatabaseDir) {
  llvm::SmallString<256> Dir(DatabaseDir);
  path::append(Dir, ".kmdf-check-ctu");
  return std::string(Dir);
}

std::string defaultCtuCacheDir(llvm::StringRef BuildPath,
                               llvm::ArrayRef<std::string> Sources) {
  if (!BuildPath.empty()) {
    std::string Path = absolute("", BuildPath);
    return defaultCtuCacheDir(fs::is_directory(Path) ? llvm::StringRef(Path)
                                                     : path::parent_path(Path));
  }
  if (Sources.empty())
    return "";
  std::string First = absolute("", Sources.front());
  for (llvm::StringRef Dir = path::parent_path(First); !Dir.empty();
       Dir = path::parent_path(Dir))
    for (const char *Name : {"compile_commands.json", "compile_flags.txt"})
      if (fs::exists(Dir + "/" + Name))
        return defaultCtuCacheDir(Dir);
  return "";
}

llvm::Error useCtuIndex(const tooling::CompilationDatabase &Database,
                        llvm::StringRef DatabaseDir, AnalysisOptions &Options,
                        CtuIndexReport *Report, unsigned Jobs) {
  CtuIndexOptions IndexOptions;
  IndexOptions.CacheDir = defaultCtuCacheDir(DatabaseDir);
  IndexOptions.Jobs = Jobs;
  llvm::Expected<std::shared_ptr<const CtuIndex>> Index =
      buildCtuIndex(Database, {}, Options, IndexOptions, Report);
  if (!Index)
    return Index.takeError();
  Options.Ctu = std::move(*Index);
  return llvm::Error::success();
}

std::string ctuDialect(const CompilerInstance &CI) {
  const LangOptions &Lang = CI.getLangOpts();
  std::string Name = Lang.ObjC ? "objective-" : "";
  if (!Lang.CPlusPlus)
    Name += "c";
  else if (Lang.CPlusPlus26)
    Name += "c++26";
  else if (Lang.CPlusPlus23)
    Name += "c++23";
  else if (Lang.CPlusPlus20)
    Name += "c++20";
  else if (Lang.CPlusPlus17)
    Name += "c++17";
  else if (Lang.CPlusPlus14)
    Name += "c++14";
  else if (Lang.CPlusPlus11)
    Name += "c++11";
  else
    Name += "c++98";
  return Name + " " + CI.getTarget().getTriple().str();
}

void configureCtu(CompilerInstance &CI, const CtuIndex &Index) {
  const CtuDialectIndex *D = Index.find(ctuDialect(CI));
  if (!D)
    return;
  AnalyzerOptions &Opts = CI.getAnalyzerOpts();
  Opts.IsNaiveCTUEnabled = true;
  Opts.CTUDir = D->Dir;
  Opts.CTUIndexName = D->IndexFile;
  // ctu-invocation-list is left alone: every entry of the index is an AST
  // dump (writeDialect checked), and the analyzer reads the list only to
  // parse a file on demand.
  // By default the first phase inlines only small foreign functions and
  // evaluates the others as opaque calls; a path then mixes the two (a
  // helper that takes the lock unseen, a small one that releases it
  // inlined) and reports what no execution does. Inlining every foreign
  // function, as functions of the same file are, keeps the semantics of
  // one large translation unit.
  Opts.CTUPhase1InliningMode = "all";
  // A large function is inlined at most max-times-inline-large times in one
  // translation unit's analysis. With the other files' helpers imported,
  // the callbacks' paths reach the same large functions far more often, and
  // the budget of one file ran out before the callbacks analyzed last (two
  // true bugs of the accuracy corpus were lost so). Each file of the index
  // brings the budget it has in a one-file run, unless the user chose one.
  if (Opts.MaxTimesInlineLarge == DefaultMaxTimesInlineLarge)
    Opts.MaxTimesInlineLarge *= std::max(1u, D->Files);
}

llvm::Expected<std::shared_ptr<const CtuIndex>>
buildCtuIndex(const tooling::CompilationDatabase &Database,
              llvm::ArrayRef<std::string> Files, const AnalysisOptions &Options,
              const CtuIndexOptions &IndexOptions, CtuIndexReport *Report) {
  CtuIndexReport LocalReport;
  CtuIndexReport &Out = Report ? *Report : LocalReport;
  auto Index = std::make_shared<CtuIndex>();
  llvm::SmallString<256> CacheDir(IndexOptions.CacheDir);
  if (CacheDir.empty()) {
    // An index for this run only.
    llvm::SmallString<256> Prefix;
    path::system_temp_directory(/*ErasedOnReboot=*/true, Prefix);
    path::append(Prefix, "kmdf-check-ctu");
    if (std::error_code EC = fs::createUniqueDirectory(Prefix, CacheDir))
      return llvm::createStringError(
          EC, "cannot create a temporary folder for the index: %s",
          EC.message().c_str());
    Index->Temporary = true;
  }
  fs::make_absolute(CacheDir);
  path::remove_dots(CacheDir, /*remove_dot_dot=*/true);
  Index->CacheDir = std::string(CacheDir);
  if (std::error_code EC = fs::create_directories(CacheDir))
    return llvm::createStringError(EC,
                                   "cannot create the index folder '%s': %s",
                                   CacheDir.c_str(), EC.message().c_str());

  // Every command of every file: the database's and the ones named.
  std::set<std::string> AllFiles;
  for (const std::string &File : Database.getAllFiles())
    AllFiles.insert(absolute("", File));
  for (const std::string &File : Files)
    AllFiles.insert(absolute("", File));
  std::vector<IndexedCommand> Commands;
  std::vector<tooling::CompileCommand> Sources;
  for (const std::string &File : AllFiles) {
    for (tooling::CompileCommand &Command : Database.getCompileCommands(File)) {
      IndexedCommand C;
      C.File = absolute(Command.Directory, Command.Filename);
      C.Directory = Command.Directory;
      C.Args = analysisCommandLine(Command, Options);
      Commands.push_back(std::move(C));
      Sources.push_back(std::move(Command));
    }
  }

  // Reuse what is unchanged; parse the rest, in parallel.
  std::map<std::string, IndexedCommand> Previous = loadManifest(CacheDir, Out);
  std::vector<size_t> ToParse;
  for (size_t I = 0; I < Commands.size(); ++I) {
    auto It = Previous.find(Commands[I].key());
    if (It != Previous.end() && unchanged(It->second)) {
      Commands[I] = It->second;
      ++Out.Reused;
    } else {
      ToParse.push_back(I);
    }
  }
  {
    std::mutex ProgressMutex;
    unsigned Started = 0;
    llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(IndexOptions.Jobs));
    for (size_t I : ToParse)
      Pool.async([&, I] {
        if (IndexOptions.Progress) {
          std::lock_guard<std::mutex> Lock(ProgressMutex);
          IndexOptions.Progress(++Started, ToParse.size(), Commands[I].File,
                                /*FromCache=*/false);
        }
        parseForIndex(CacheDir, Sources[I], Commands[I]);
      });
    Pool.wait();
  }
  Out.Parsed = ToParse.size();
  if (llvm::Error E = saveManifest(CacheDir, Commands))
    return E;

  removeOldDumps(CacheDir, Commands);

  // Per dialect: each definition's file, and the dump of each file (that of
  // its first command, when a file has several).
  struct DialectData {
    std::map<std::string, std::set<std::string>> UsrFiles;
    std::map<std::string, std::string> UsrName;
    std::map<std::string, const IndexedCommand *> FileCommand;
  };
  std::map<std::string, DialectData> Dialects;
  std::vector<std::string> Unparsed;
  for (const IndexedCommand &C : Commands) {
    if (!C.Parsed) {
      Unparsed.push_back(C.File);
      continue;
    }
    DialectData &D = Dialects[C.Dialect];
    for (const Definition &Def : C.Definitions) {
      D.UsrFiles[Def.Usr].insert(C.File);
      D.UsrName.emplace(Def.Usr, Def.Name);
    }
    D.FileCommand.emplace(C.File, &C);
  }

  std::vector<std::string> Conflicts;
  for (auto &[Dialect, D] : Dialects) {
    // One lookup name listed twice stops the analyzer's CTU altogether; a
    // name defined in two files (two variants of a driver in one database)
    // is left out, and its calls stay opaque as without --ctu.
    std::map<std::string, std::string> UsrToDump;
    for (const auto &[Usr, Where] : D.UsrFiles) {
      if (Where.size() == 1) {
        const IndexedCommand &C = *D.FileCommand.at(*Where.begin());
        UsrToDump.emplace(Usr, C.Dump.Path);
        CtuDump &Dump = Index->Dumps[C.Dump.Path];
        if (Dump.Source.empty())
          Dump = {C.File, C.Dialect, C.Dump.Size, C.DumpHash, C.Inputs};
        continue;
      }
      Conflicts.push_back(
          "'" + D.UsrName[Usr] + "' is defined in " +
          std::to_string(Where.size()) + " files (" +
          join(std::vector<std::string>(Where.begin(), Where.end()), ", ") +
          ")");
    }
    if (UsrToDump.empty())
      continue;
    llvm::Expected<CtuDialectIndex> Written =
        writeDialect(CacheDir, Dialect, UsrToDump, Index->Dumps);
    if (!Written)
      return Written.takeError();
    Index->Dialects.push_back(std::move(*Written));
  }

  if (!Conflicts.empty()) {
    std::string Note = "calls to a function defined in more than one file "
                       "are not followed across files: ";
    const size_t Shown = 5;
    for (size_t I = 0; I < Conflicts.size() && I < Shown; ++I)
      Note += (I ? "; " : "") + Conflicts[I];
    if (Conflicts.size() > Shown)
      Note += "; and " + std::to_string(Conflicts.size() - Shown) + " more";
    Out.Notes.push_back(Note);
  }
  if (!Unparsed.empty()) {
    llvm::sort(Unparsed);
    Unparsed.erase(std::unique(Unparsed.begin(), Unparsed.end()),
                   Unparsed.end());
    std::string Note = std::to_string(Unparsed.size()) +
                       (Unparsed.size() == 1 ? " file does" : " files do") +
                       " not parse, so calls into " +
                       (Unparsed.size() == 1 ? "it are" : "them are") +
                       " not followed: ";
    Out.Notes.push_back(Note + join(Unparsed, ", "));
  }
  if (Dialects.size() > 1) {
    std::string Note = "files of different languages or standards are "
                       "indexed apart, and calls from one to another are not "
                       "followed: ";
    std::vector<std::string> Names;
    for (const auto &Entry : Dialects)
      Names.push_back(Entry.first);
    Out.Notes.push_back(Note + join(Names, ", "));
  }
  return std::shared_ptr<const CtuIndex>(std::move(Index));
}

} // namespace kmdf::tool
