//===- FmtCommand.cpp - drbookc fmt FILE|DIR…|-: the canonical layout ------===//
//
// Files are rewritten in place (only when their layout changes), `-` reads standard input and
// writes standard output, and `--check` writes nothing: it shows what would change as a
// unified diff and exits 1, for CI and pre-commit hooks.
//
//===----------------------------------------------------------------------===//
#include "Commands.h"

#include "drbook/basic/Files.h"
#include "drbook/syntax/Format.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace drbook;
namespace cl = llvm::cl;

namespace {

cl::SubCommand fmtCommand("fmt", "Lay runbooks out in the canonical format");

cl::list<std::string> inputs(cl::Positional, cl::desc("<file or directory>... | -"),
                             cl::sub(fmtCommand));
cl::opt<bool> checkOnly("check",
                        cl::desc("Change nothing; show what would change as a unified diff and "
                                 "exit 1 if anything would"),
                        cl::sub(fmtCommand));

/// The formatted text of `buffer`, or nothing after reporting why it cannot be formatted.
std::optional<std::string> formatted(std::unique_ptr<llvm::MemoryBuffer> buffer) {
  llvm::SourceMgr sources;
  DiagnosticEngine diags(sources);
  unsigned id = sources.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  std::optional<std::string> text = syntax::formatSource(sources, id, diags);
  diags.printText(llvm::errs(), drbookc::useColors());
  return text;
}

/// Prints the unified diff from `before` to `after` of the file shown as `name`, through
/// diff(1), which every Debian system has.
bool printDiff(llvm::StringRef name, llvm::StringRef before, llvm::StringRef after) {
  auto diffTool = llvm::sys::findProgramByName("diff");
  llvm::SmallString<128> a, b, out;
  if (!diffTool || llvm::sys::fs::createTemporaryFile("drbook-fmt", "a", a) ||
      llvm::sys::fs::createTemporaryFile("drbook-fmt", "b", b) ||
      llvm::sys::fs::createTemporaryFile("drbook-fmt", "diff", out)) {
    llvm::errs() << "drbookc fmt: cannot show the difference for '" << name << "'\n";
    return false;
  }
  llvm::FileRemover removeA(a), removeB(b), removeOut(out);
  for (auto [path, text] : {std::pair{a.str(), before}, std::pair{b.str(), after}}) {
    std::error_code ec;
    llvm::raw_fd_ostream file(path, ec);
    file << text;
  }
  std::string labelA = ("a/" + name).str(), labelB = ("b/" + name).str();
  llvm::Optional<llvm::StringRef> redirects[] = {llvm::None, llvm::StringRef(out), llvm::None};
  llvm::sys::ExecuteAndWait(*diffTool, {"diff", "-u", "--label", labelA, "--label", labelB, a, b},
                            llvm::None, redirects);
  if (auto diff = llvm::MemoryBuffer::getFile(out))
    llvm::outs() << (*diff)->getBuffer();
  return true;
}

int formatStdin() {
  auto in = llvm::MemoryBuffer::getSTDIN();
  if (!in) {
    llvm::errs() << "drbookc fmt: cannot read standard input: " << in.getError().message() << "\n";
    return ExitUsage;
  }
  std::string before = (*in)->getBuffer().str();
  auto buffer = llvm::MemoryBuffer::getMemBufferCopy(before, "<stdin>");
  std::optional<std::string> after = formatted(std::move(buffer));
  if (!after)
    return ExitProblems;
  if (!checkOnly) {
    llvm::outs() << *after;
    return ExitOk;
  }
  if (*after == before)
    return ExitOk;
  printDiff("<stdin>", before, *after);
  return ExitProblems;
}

/// Formats one file; returns whether its layout was (or, with --check, would be) changed, or
/// nothing when it could not be formatted.
std::optional<bool> formatFile(const std::string &path) {
  auto in = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/true);
  if (!in) {
    llvm::errs() << "drbookc fmt: cannot read '" << path << "': " << in.getError().message()
                 << "\n";
    return std::nullopt;
  }
  std::string before = (*in)->getBuffer().str();
  std::optional<std::string> after = formatted(std::move(*in));
  if (!after)
    return std::nullopt;
  if (*after == before)
    return false;
  if (checkOnly)
    return printDiff(path, before, *after), true;
  auto status = llvm::sys::fs::getPermissions(path);
  mode_t mode = status ? static_cast<mode_t>(*status) : 0644;
  if (llvm::Error err = writeFileDurably(path, *after, mode)) {
    llvm::errs() << "drbookc fmt: " << llvm::toString(std::move(err)) << "\n";
    return std::nullopt;
  }
  llvm::errs() << "drbookc fmt: reformatted " << path << "\n";
  return true;
}

} // namespace

bool drbookc::fmtSelected() { return static_cast<bool>(fmtCommand); }

int drbookc::runFmt() {
  if (inputs.empty()) {
    llvm::errs() << "drbookc fmt: no files or directories given (use '-' for standard input)\n";
    return ExitUsage;
  }
  if (llvm::is_contained(inputs, "-")) {
    if (inputs.size() > 1) {
      llvm::errs() << "drbookc fmt: '-' (standard input) cannot be given with files\n";
      return ExitUsage;
    }
    return formatStdin();
  }
  std::vector<std::string> files;
  if (!collectRunbooks(inputs, "fmt", files))
    return ExitUsage;
  bool failed = false, changed = false;
  for (const std::string &file : files) {
    std::optional<bool> result = formatFile(file);
    failed |= !result;
    changed |= result.value_or(false);
  }
  return failed || (checkOnly && changed) ? ExitProblems : ExitOk;
}
