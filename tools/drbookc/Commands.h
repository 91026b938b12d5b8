//===- Commands.h - The subcommands of drbookc -----------------------------===//
//
// Each subcommand lives in its own file with its own options (llvm::cl::SubCommand); main
// parses the command line once and runs the one selected. Each returns the process exit code:
// 0 clean, 1 problems found, 2 usage error, 3 internal failure.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOKC_COMMANDS_H
#define DRBOOKC_COMMANDS_H

#include <string>

namespace drbook {
struct Compilation;
}

namespace drbookc {

enum ExitCode { ExitClean = 0, ExitProblems = 1, ExitUsage = 2, ExitInternal = 3 };

/// `drbookc FILE -emit=ast|typed|graph|plan`: stop after a phase and print its result.
int runEmit();
/// `drbookc check FILE|DIR…`.
bool checkSelected();
int runCheck();
/// `drbookc build FILE -o PLAN`.
bool buildSelected();
int runBuild();
/// `drbookc graph FILE --format dot|mermaid|json`.
bool graphSelected();
int runGraph();
/// `drbookc rules`.
bool rulesSelected();
int runRules();

/// Colour on stderr only on a terminal and never with NO_COLOR.
bool useColors();
/// The plan of a verified compilation, with paths relative to the working directory: what
/// `build` writes and `-emit=plan` prints.
std::string renderPlan(const drbook::Compilation &c);

} // namespace drbookc

#endif
