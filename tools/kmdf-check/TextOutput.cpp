//===- TextOutput.cpp - Findings in clang's diagnostic format -------------===//
//
// Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Output.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace kmdf::tool {

std::string displayPath(llvm::StringRef File, llvm::StringRef Base) {
  namespace path = llvm::sys::path;
  if (Base.empty())
    return File.str();
  llvm::SmallString<256> Prefix(Base);
  if (!path::is_separator(Prefix.back()))
    Prefix += path::get_separator();
  if (!File.starts_with(Prefix))
    return File.str();
  return File.drop_front(Prefix.size()).str();
}

static void writeLine(llvm::raw_ostream &OS, const SourcePosition &Pos,
                      llvm::StringRef Base, llvm::StringRef Kind,
                      llvm::StringRef Message) {
  OS << displayPath(Pos.File, Base) << ':' << Pos.Line << ':' << Pos.Column
     << ": " << Kind << ": " << Message;
}

void writeText(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings,
               llvm::StringRef Base) {
  for (const Finding &F : Findings) {
    writeLine(OS, F.Position, Base, "warning", F.Message);
    OS << " [" << F.CheckName << "]\n";
    for (const PathNote &Note : F.Path) {
      bool RepeatsWarning = &Note == &F.Path.back() &&
                            Note.Position == F.Position &&
                            Note.Message == F.Message;
      if (RepeatsWarning)
        continue;
      writeLine(OS, Note.Position, Base, "note", Note.Message);
      OS << '\n';
    }
  }
}

} // namespace kmdf::tool
