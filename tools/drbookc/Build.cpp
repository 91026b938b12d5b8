//===- Build.cpp - drbookc build FILE -o PLAN: write the verified plan ----===//
#include "Commands.h"

#include "drbook/basic/Files.h"
#include "drbook/driver/Compilation.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace drbook;
namespace cl = llvm::cl;

namespace {
cl::SubCommand buildCommand("build", "Verify a runbook and write its plan (canonical JSON)");
cl::opt<std::string> input(cl::Positional, cl::desc("<runbook.drbook>"), cl::sub(buildCommand));
cl::opt<std::string> output("o",
                            cl::desc("Where to write the plan (default: FILE.drplan.json; "
                                     "'-': standard output)"),
                            cl::value_desc("plan"), cl::sub(buildCommand));
} // namespace

bool drbookc::buildSelected() { return static_cast<bool>(buildCommand); }

// Paths in the plan are relative to the runbook's own directory, as `drbook run` writes them,
// so a plan does not depend on where it was built from.
std::string drbookc::renderPlan(const Compilation &c) {
  llvm::SmallString<256> dir(c.root ? llvm::StringRef(c.root->path) : llvm::StringRef("."));
  llvm::sys::fs::make_absolute(dir);
  llvm::sys::path::remove_filename(dir);
  return drbook::renderPlan(c, std::string(dir));
}

int drbookc::runBuild() {
  if (input.empty()) {
    llvm::errs() << "drbookc build: no input file\n";
    return ExitUsage;
  }
  Compilation c;
  bool ok = compile(c, input, Stage::Verify);
  c.diags.printText(llvm::errs(), useColors());
  if (!ok)
    return failureExit(c);
  if (!c.graph) {
    llvm::errs() << "drbookc build: '" << input << "' is a module; only runbooks have plans\n";
    return ExitUsage;
  }
  std::string text = drbookc::renderPlan(c);
  std::string path = output;
  if (path == "-") {
    llvm::outs() << text;
    return ExitOk;
  }
  if (path.empty()) {
    llvm::SmallString<256> p(input.getValue());
    llvm::sys::path::replace_extension(p, ".drplan.json");
    path = std::string(p);
  }
  // Durably: a plan file is never half written, and once built it survives a crash.
  if (llvm::Error err = drbook::writeFileDurably(path, text, 0644)) {
    llvm::errs() << "drbookc build: cannot write '" << path
                 << "': " << llvm::toString(std::move(err)) << "\n";
    return ExitProblems;
  }
  return ExitOk;
}
