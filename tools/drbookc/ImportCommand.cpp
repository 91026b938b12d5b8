//===- ImportCommand.cpp - drbookc import RUNBOOK.md: a first drbook draft -===//
//
// The program is laid out with fmt's canonical layout, so an imported file is already
// formatted; it is written to standard output unless `-o` names a file.
//
//===----------------------------------------------------------------------===//
#include "Commands.h"

#include "drbook/basic/Diagnostics.h"
#include "drbook/basic/Files.h"
#include "drbook/import/Import.h"
#include "drbook/syntax/Format.h"
#include "drbook/syntax/Parser.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace drbook;
namespace cl = llvm::cl;

namespace {

cl::SubCommand importCommand("import", "Turn a Markdown runbook into a drbook program to review");

cl::opt<std::string> input(cl::Positional, cl::desc("<runbook.md> | -"), cl::sub(importCommand));
cl::opt<std::string> output("o", cl::desc("Where to write it ('-', the default: standard output)"),
                            cl::value_desc("file"), cl::init("-"), cl::sub(importCommand));

/// The imported text laid out canonically; nothing when it does not parse, which would be a
/// fault of the importer, reported with the text's own errors.
std::optional<std::string> laidOut(const std::string &text, llvm::StringRef name) {
  llvm::SourceMgr sources;
  DiagnosticEngine diags(sources);
  unsigned id = sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, (name + ".drbook").str()), llvm::SMLoc());
  std::optional<std::string> formatted = syntax::formatSource(sources, id, diags);
  if (!formatted) {
    diags.printText(llvm::errs(), drbookc::useColors());
    llvm::errs() << "drbookc import: the program written for '" << name
                 << "' does not parse; this is a fault of drbookc import\n";
  }
  return formatted;
}

/// Markdown that is not UTF-8 text is refused with where it stops being text: the program
/// written from it would not be a runbook.
bool isText(llvm::StringRef markdown, llvm::StringRef name) {
  llvm::SourceMgr sources;
  DiagnosticEngine diags(sources);
  // The buffer is `markdown` itself, not a copy, so its pointers locate the diagnostic.
  sources.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(markdown, name, false),
                             llvm::SMLoc());
  bool text = syntax::checkText(markdown, llvm::SMLoc::getFromPointer(markdown.data()), diags);
  diags.printText(llvm::errs(), drbookc::useColors());
  return text;
}

} // namespace

bool drbookc::importSelected() { return static_cast<bool>(importCommand); }

int drbookc::runImport() {
  if (input.empty()) {
    llvm::errs() << "drbookc import: no input file\n";
    return ExitUsage;
  }
  auto in = input == "-" ? llvm::MemoryBuffer::getSTDIN() : llvm::MemoryBuffer::getFile(input);
  if (!in) {
    std::error_code ec = in.getError();
    if (ec == std::errc::no_such_file_or_directory)
      llvm::errs() << "drbookc import: no such file or directory: '" << input << "'\n";
    else
      llvm::errs() << "drbookc import: cannot read '" << input << "': " << ec.message() << "\n";
    return ExitUsage;
  }
  std::string name = input == "-" ? "stdin.md" : input.getValue();
  if (!isText((*in)->getBuffer(), name))
    return ExitProblems;
  std::optional<std::string> text = laidOut(import::importRunbook((*in)->getBuffer(), name), name);
  if (!text)
    return ExitInternal;
  if (output == "-") {
    llvm::outs() << *text;
    return ExitOk;
  }
  if (llvm::Error err = writeFileDurably(output, *text, 0644)) {
    llvm::errs() << "drbookc import: " << llvm::toString(std::move(err)) << "\n";
    return ExitUsage;
  }
  return ExitOk;
}
