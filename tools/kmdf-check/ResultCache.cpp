//===- ResultCache.cpp - Results of unchanged files, kept -----------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ResultCache.h"
#include "Ctu.h"

#include "kmdf-check/SourceDigest.h"
#include "kmdf-check/Version.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/PreprocessorOutputOptions.h"
#include "clang/Frontend/Utils.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

namespace kmdf::tool {

namespace fs = llvm::sys::fs;
namespace json = llvm::json;

// Everything in AnalysisOptions can change a finding, so key() hashes every
// field. A field added to it must be added to key() too (or be shown not to
// matter); then update the size here. (With --ctu: the index, and through
// FileResult::ImportedFiles the files imported.)
static_assert(sizeof(AnalysisOptions) ==
                  6 * sizeof(std::vector<std::string>) + sizeof(std::string) +
                      sizeof(std::shared_ptr<const CtuIndex>),
              "AnalysisOptions changed: make ResultCache::key() cover the new "
              "field, then update this size");

namespace {

/// The format of an entry; another one is not read. Entries live in a
/// subfolder of that name, so a newer kmdf-check does not read older ones.
constexpr llvm::StringLiteral EntryFormat = "kmdf-check result cache 2";
constexpr llvm::StringLiteral EntryFolder = "v1";

/// A SHA-256 of fields, each preceded by its length so that no two lists
/// of fields hash alike.
class KeyBuilder {
public:
  void add(llvm::StringRef Field) {
    uint8_t Length[8];
    llvm::support::endian::write64le(Length, Field.size());
    Hash.update(Length);
    Hash.update(llvm::ArrayRef(reinterpret_cast<const uint8_t *>(Field.data()),
                               Field.size()));
  }
  void addList(llvm::ArrayRef<std::string> Fields) {
    add(std::to_string(Fields.size()));
    for (const std::string &Field : Fields)
      add(Field);
  }
  std::string finish() { return llvm::toHex(Hash.final(), /*LowerCase=*/true); }

private:
  llvm::SHA256 Hash;
};

/// Hashes what is written to it.
class DigestStream : public llvm::raw_ostream {
public:
  ~DigestStream() override { flush(); }
  std::string finish() {
    flush();
    return llvm::toHex(Hash.final(), /*LowerCase=*/true);
  }

private:
  void write_impl(const char *Ptr, size_t Size) override {
    Hash.update(llvm::ArrayRef(reinterpret_cast<const uint8_t *>(Ptr), Size));
    Pos += Size;
  }
  uint64_t current_pos() const override { return Pos; }

  llvm::SHA256 Hash;
  uint64_t Pos = 0;
};

/// Preprocesses the file as `clang -E` does, into \p Key: the digest of the
/// preprocessed text (with the line markers, which name the headers), then
/// every file read, with the digest of its contents (which also covers what
/// the preprocessed text leaves out: comments, spacing, columns).
class DigestAction : public clang::PreprocessorFrontendAction {
public:
  explicit DigestAction(KeyBuilder &Key) : Key(Key) {}

  void ExecuteAction() override {
    clang::CompilerInstance &CI = getCompilerInstance();
    clang::PreprocessorOutputOptions Opts;
    Opts.ShowCPP = 1;
    Opts.ShowLineMarkers = 1;
    DigestStream Text;
    clang::DoPrintPreprocessedInput(CI.getPreprocessor(), &Text, Opts);
    Key.add(Text.finish());

    const clang::SourceManager &SM = CI.getSourceManager();
    std::vector<InputFile> Read;
    for (auto It = SM.fileinfo_begin(), End = SM.fileinfo_end(); It != End;
         ++It) {
      std::optional<llvm::MemoryBufferRef> Buffer =
          It->second->getBufferIfLoaded();
      if (!Buffer)
        continue; // Looked at, never read.
      llvm::SmallString<256> Path(It->first.getName());
      SM.getFileManager().makeAbsolutePath(Path);
      llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
      Read.push_back({std::string(Path), contentDigest(Buffer->getBuffer())});
    }
    llvm::sort(Read);
    Key.add(std::to_string(Read.size()));
    for (const InputFile &File : Read) {
      Key.add(File.Path);
      Key.add(File.Digest);
    }
  }

private:
  KeyBuilder &Key;
};

// Entries as JSON. Every field of a finding is kept: a result from the cache
// is the result of the analysis, byte for byte in every output.

json::Value toJSON(const SourcePosition &P) {
  return json::Object{{"file", P.File},
                      {"line", P.Line},
                      {"column", P.Column},
                      {"utf16Column", P.Utf16Column}};
}

/// A message at a position: a path note, or a note of the analysis.
template <typename PlacedMessage>
json::Value placedToJSON(const PlacedMessage &Note) {
  return json::Object{{"position", toJSON(Note.Position)},
                      {"message", Note.Message}};
}

json::Value toJSON(const Finding &F) {
  json::Array Path;
  for (const PathNote &Note : F.Path)
    Path.push_back(placedToJSON(Note));
  return json::Object{
      {"check", F.CheckName},           {"message", F.Message},
      {"position", toJSON(F.Position)}, {"function", F.Function},
      {"lineText", F.LineText},         {"ordinal", F.Ordinal},
      {"topFunction", F.TopFunction},   {"path", std::move(Path)}};
}

bool readNumber(const json::Object &O, llvm::StringRef Key, unsigned &Out) {
  std::optional<int64_t> N = O.getInteger(Key);
  if (!N || *N < 0 || *N > std::numeric_limits<unsigned>::max())
    return false;
  Out = static_cast<unsigned>(*N);
  return true;
}

bool readString(const json::Object &O, llvm::StringRef Key, std::string &Out) {
  std::optional<llvm::StringRef> S = O.getString(Key);
  if (!S)
    return false;
  Out = S->str();
  return true;
}

bool readPosition(const json::Object *O, SourcePosition &P) {
  return O && readString(*O, "file", P.File) &&
         readNumber(*O, "line", P.Line) && readNumber(*O, "column", P.Column) &&
         readNumber(*O, "utf16Column", P.Utf16Column);
}

template <typename PlacedMessage>
bool readPlaced(const json::Value &V, PlacedMessage &Note) {
  const json::Object *O = V.getAsObject();
  return O && readPosition(O->getObject("position"), Note.Position) &&
         readString(*O, "message", Note.Message);
}

bool readFinding(const json::Value &V, Finding &F) {
  const json::Object *O = V.getAsObject();
  const json::Array *Path = O ? O->getArray("path") : nullptr;
  if (!Path || !readString(*O, "check", F.CheckName) ||
      !readString(*O, "message", F.Message) ||
      !readPosition(O->getObject("position"), F.Position) ||
      !readString(*O, "function", F.Function) ||
      !readString(*O, "lineText", F.LineText) ||
      !readNumber(*O, "ordinal", F.Ordinal) ||
      !readString(*O, "topFunction", F.TopFunction))
    return false;
  for (const json::Value &Step : *Path) {
    PathNote Note;
    if (!readPlaced(Step, Note))
      return false;
    F.Path.push_back(std::move(Note));
  }
  return true;
}

/// The entry \p Text holds for \p Key and \p File, or nothing.
std::optional<FileResult> readEntry(llvm::StringRef Text, llvm::StringRef Key,
                                    llvm::StringRef File) {
  llvm::Expected<json::Value> Parsed = json::parse(Text);
  if (!Parsed) {
    llvm::consumeError(Parsed.takeError());
    return std::nullopt;
  }
  const json::Object *O = Parsed->getAsObject();
  if (!O || O->getString("format") != EntryFormat ||
      O->getString("key") != Key || O->getString("file") != File)
    return std::nullopt;
  const json::Array *Imported = O->getArray("importedFiles");
  const json::Array *Findings = O->getArray("findings");
  const json::Array *Notes = O->getArray("notes");
  if (!Imported || !Findings || !Notes)
    return std::nullopt;
  FileResult Result;
  Result.File = File.str();
  Result.FromCache = true;
  for (const json::Value &V : *Imported) {
    const json::Object *I = V.getAsObject();
    InputFile Input;
    if (!I || !readString(*I, "path", Input.Path) ||
        !readString(*I, "digest", Input.Digest))
      return std::nullopt;
    Result.ImportedFiles.push_back(std::move(Input));
  }
  for (const json::Value &V : *Findings) {
    Finding F;
    if (!readFinding(V, F))
      return std::nullopt;
    Result.Findings.push_back(std::move(F));
  }
  for (const json::Value &V : *Notes) {
    AnalysisError Note;
    if (!readPlaced(V, Note))
      return std::nullopt;
    Result.Notes.push_back(std::move(Note));
  }
  return Result;
}

/// With --ctu, what other files define decides which calls are followed: a
/// definition added elsewhere changes the index, and so the key. (The files
/// a result did import are checked through FileResult::ImportedFiles.)
void addCtuIndex(KeyBuilder &Key, const CtuIndex *Index) {
  Key.add(Index ? "ctu" : "no ctu");
  if (!Index)
    return;
  for (const CtuDialectIndex &Dialect : Index->Dialects) {
    Key.add(Dialect.Dialect);
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text =
        llvm::MemoryBuffer::getFile(Dialect.IndexFile);
    Key.add(Text ? contentDigest((*Text)->getBuffer()) : "unreadable");
  }
}

} // namespace

llvm::Error ResultCache::prepare() const {
  llvm::SmallString<256> Folder(Dir);
  llvm::sys::path::append(Folder, EntryFolder);
  if (std::error_code EC = fs::create_directories(Folder))
    return llvm::createStringError(EC, "cannot create '%s': %s", Folder.c_str(),
                                   EC.message().c_str());
  return llvm::Error::success();
}

std::string ResultCache::entryPath(llvm::StringRef Key) const {
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, EntryFolder, Key.take_front(2),
                          Key.str() + ".json");
  return std::string(Path);
}

std::optional<std::string>
ResultCache::key(const clang::tooling::CompilationDatabase &Database,
                 llvm::StringRef File, const AnalysisOptions &Options) const {
  std::vector<clang::tooling::CompileCommand> Commands =
      Database.getCompileCommands(File);
  if (Commands.empty())
    return std::nullopt;
  KeyBuilder Key;
  Key.add(EntryFormat);
  Key.add(KMDF_CHECK_VERSION);
  Key.add(KMDF_CHECK_SOURCE_DIGEST);
  Key.add(clang::getClangFullVersion());
  Key.add(File);
  Key.addList(Options.Checkers);
  Key.addList(Options.Modeling);
  Key.addList(Options.Silenced);
  Key.add(std::to_string(Options.Config.size()));
  for (const auto &[Name, Value] : Options.Config) {
    Key.add(Name);
    Key.add(Value);
  }
  // ExtraArgs and ExtraArgsBefore are in the command lines; HtmlDir is
  // empty (kmdf-check does not cache HTML runs).
  Key.add(Options.HtmlDir);
  addCtuIndex(Key, Options.Ctu.get());
  Key.add(std::to_string(Commands.size()));
  for (const clang::tooling::CompileCommand &Command : Commands) {
    std::vector<std::string> Args = analysisCommandLine(Command, Options);
    Key.add(Command.Directory);
    Key.add(Command.Filename);
    Key.addList(Args);
    std::vector<AnalysisError> Errors;
    if (!runFrontendAction(Command, std::move(Args),
                           std::make_unique<DigestAction>(Key), nullptr,
                           Errors))
      return std::nullopt;
  }
  return Key.finish();
}

std::optional<FileResult> ResultCache::lookup(llvm::StringRef Key,
                                              llvm::StringRef File) const {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      llvm::MemoryBuffer::getFile(entryPath(Key), /*IsText=*/true);
  if (!Buffer)
    return std::nullopt;
  std::optional<FileResult> Result =
      readEntry((*Buffer)->getBuffer(), Key, File);
  if (!Result)
    return std::nullopt;
  for (const InputFile &Imported : Result->ImportedFiles) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Now =
        llvm::MemoryBuffer::getFile(Imported.Path);
    if (!Now || contentDigest((*Now)->getBuffer()) != Imported.Digest)
      return std::nullopt;
  }
  // Used now: a clean-up that removes entries no run used lately keeps it.
  int FD = -1;
  if (!fs::openFileForWrite(entryPath(Key), FD, fs::CD_OpenExisting,
                            fs::OF_Append)) {
    std::chrono::system_clock::time_point Now =
        std::chrono::system_clock::now();
    (void)fs::setLastAccessAndModificationTime(FD, Now, Now);
    llvm::sys::Process::SafelyCloseFileDescriptor(FD);
  }
  return Result;
}

void ResultCache::store(llvm::StringRef Key, const FileResult &Result) {
  // A file analyzed again without --ctu is not stored: what failed (a
  // damaged dump, a crash) is tried again, and reported again, next run.
  if (Result.failed() || !Result.Warnings.empty())
    return;
  json::Array Imported, Findings, Notes;
  for (const InputFile &Input : Result.ImportedFiles)
    Imported.push_back(
        json::Object{{"path", Input.Path}, {"digest", Input.Digest}});
  for (const Finding &F : Result.Findings)
    Findings.push_back(toJSON(F));
  for (const AnalysisError &Note : Result.Notes)
    Notes.push_back(placedToJSON(Note));
  json::Value Entry = json::Object{{"format", EntryFormat},
                                   {"key", Key},
                                   {"file", Result.File},
                                   {"importedFiles", std::move(Imported)},
                                   {"findings", std::move(Findings)},
                                   {"notes", std::move(Notes)}};

  // Written beside its place and renamed there: whoever reads the entry,
  // another thread or another run, sees all of it or none.
  std::string Path = entryPath(Key);
  auto Fail = [&](const llvm::Twine &Why, std::error_code EC) {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (!FirstWriteError)
      FirstWriteError = (Why + " '" + Path + "': " + EC.message()).str();
  };
  if (std::error_code EC =
          fs::create_directories(llvm::sys::path::parent_path(Path)))
    return Fail("cannot create the folder of", EC);
  int FD = -1;
  llvm::SmallString<256> Temp;
  if (std::error_code EC =
          fs::createUniqueFile(Path + ".tmp-%%%%%%%%", FD, Temp))
    return Fail("cannot write", EC);
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Entry;
    OS.close();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      fs::remove(Temp);
      return Fail("cannot write", EC);
    }
  }
  if (std::error_code EC = fs::rename(Temp, Path)) {
    fs::remove(Temp);
    return Fail("cannot write", EC);
  }
}

std::optional<std::string> ResultCache::writeError() const {
  std::lock_guard<std::mutex> Lock(Mutex);
  return FirstWriteError;
}

} // namespace kmdf::tool
