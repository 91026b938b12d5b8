//===- main.cpp - drbookc: the drbook compiler and checker -----------------===//
//
// Dispatch only: every subcommand is in its own file (Check.cpp, Build.cpp, GraphCommand.cpp,
// Rules.cpp); the phase ladder `drbookc FILE -emit=…` is in Emit.cpp.
//
//===----------------------------------------------------------------------===//
#include "Commands.h"

#include "drbook/basic/Suggest.h"
#include "drbook/basic/Terminal.h"
#include "drbook/basic/Version.h"
#include "drbook/driver/Compilation.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <exception>

namespace cl = llvm::cl;

bool drbookc::useColors(bool onStdout) { return drbook::terminalCaps(onStdout ? 1 : 2).colors; }

int drbookc::failureExit(const drbook::Compilation &c) {
  for (const drbook::Diagnostic &d : c.diags.sorted())
    if (d.rule == "input")
      return ExitUsage;
  return ExitProblems;
}

namespace {

const char *const Overview =
    "drbookc: the drbook compiler\n\n"
    "  drbookc check FILE|DIR...   verify runbooks\n"
    "  drbookc build FILE -o PLAN  write the verified plan\n"
    "  drbookc graph FILE          draw the step graph\n"
    "  drbookc fmt FILE|DIR...|-   lay runbooks out canonically\n"
    "  drbookc render FILE         the operator's checklist\n"
    "  drbookc diff OLD NEW        what a change does to a runbook\n"
    "  drbookc import RUNBOOK.md   a first drbook draft of a Markdown runbook\n"
    "  drbookc rules               explain every rule\n"
    "  drbookc FILE -emit=PHASE    print one phase's result\n\n"
    "  --color=auto|always|never   colour the output (auto: on a "
    "terminal, unless NO_COLOR is set)\n"
    "  --completion=bash|zsh|fish  write the shell's completions\n"
    "  --man                       write the manual page\n";

/// The selected subcommand's exit code.
int runSelected() {
  using namespace drbookc;
  if (checkSelected())
    return runCheck();
  if (buildSelected())
    return runBuild();
  if (graphSelected())
    return runGraph();
  if (fmtSelected())
    return runFmt();
  if (renderSelected())
    return runRender();
  if (diffSelected())
    return runDiff();
  if (importSelected())
    return runImport();
  if (rulesSelected())
    return runRules();
  return runEmit();
}

} // namespace

int main(int argc, char **argv) {
  using namespace drbookc;
  // `drbookc chek FILE` would otherwise read as a file named `chek` and a stray argument.
  std::string unknown = drbook::unknownCommand(
      argc > 1 ? argv[1] : "",
      {"check", "build", "graph", "fmt", "render", "diff", "import", "rules"},
      /*filesToo=*/true);
  if (!unknown.empty()) {
    llvm::errs() << "drbookc: " << unknown << "\n";
    return ExitUsage;
  }
  if (int code; drbook::generateDocs(argc, argv, "drbookc",
                                     "check, compile, format and render drbook runbooks", code))
    return code;
  std::vector<char *> args(argv, argv + argc);
  if (std::string error; !drbook::takeColorOption(args, error)) {
    llvm::errs() << "drbookc: " << error << "\n";
    return ExitUsage;
  }
  argc = static_cast<int>(args.size());
  argv = args.data();
  cl::SetVersionPrinter(
      [](llvm::raw_ostream &os) { os << "drbookc " << drbook::DrbookVersion << "\n"; });
  if (!cl::ParseCommandLineOptions(argc, argv, Overview, &llvm::errs()))
    return ExitUsage;
  // A bug in drbook must not look like a verdict about the runbook: report it as such.
  try {
    return runSelected();
  } catch (const std::exception &e) {
    llvm::errs() << "drbookc: internal error: " << e.what() << "\n";
    return ExitInternal;
  }
}
