//===- ImportFuzzer.cpp - Fuzzing `drbookc import` --------------------------===//
//
// The input is a Markdown page: anyone's runbook. Whatever it holds, the importer must not
// crash, and the program it writes must parse: every piece of the page's text has to land in
// a string or a comment. Pages that are not UTF-8 text are refused before the importer, as
// `drbookc import` does.
//
//===----------------------------------------------------------------------===//
#include "drbook/import/Import.h"
#include "drbook/syntax/Format.h"
#include "drbook/syntax/Parser.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace drbook;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef markdown(reinterpret_cast<const char *>(data), size);
  {
    llvm::SourceMgr sources;
    DiagnosticEngine diags(sources);
    sources.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(markdown, "page.md", false),
                               llvm::SMLoc());
    if (!syntax::checkText(markdown, llvm::SMLoc::getFromPointer(markdown.data()), diags))
      return 0;
  }
  std::string program = import::importRunbook(markdown, "page.md");
  llvm::SourceMgr sources;
  DiagnosticEngine diags(sources);
  unsigned id = sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(program, "page.drbook"), llvm::SMLoc());
  if (!syntax::formatSource(sources, id, diags)) {
    diags.printText(llvm::errs(), false);
    llvm::errs() << program;
    std::abort(); // the importer wrote something that is not drbook
  }
  return 0;
}
