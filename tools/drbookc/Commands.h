//===- Commands.h - The subcommands of drbookc -----------------------------===//
//
// Each subcommand lives in its own file with its own options (llvm::cl::SubCommand); main
// parses the command line once and runs the one selected. Each returns the process exit code:
// 0 clean, 1 problems found, 2 usage error, 3 internal failure.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOKC_COMMANDS_H
#define DRBOOKC_COMMANDS_H

#include "drbook/basic/CommandLine.h"
#include "drbook/basic/ExitCode.h"
#include "drbook/basic/Suggest.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"

#include <string>
#include <vector>

namespace drbook {
struct Compilation;
}

namespace drbookc {

using drbook::ExitCode;
using drbook::ExitInternal;
using drbook::ExitOk;
using drbook::ExitProblems;
using drbook::ExitUsage;

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
/// `drbookc fmt FILE|DIR…|-`.
bool fmtSelected();
int runFmt();
/// `drbookc render FILE --format md|html`.
bool renderSelected();
int runRender();
/// `drbookc diff OLD NEW`.
bool diffSelected();
int runDiff();
/// `drbookc import RUNBOOK.md`.
bool importSelected();
int runImport();
/// `drbookc rules`.
bool rulesSelected();
int runRules();

using drbook::ChoiceParser;

/// The files the command line names, directories searched for *.drbook files (sorted). A
/// missing path or a directory without runbooks is reported as `drbookc COMMAND: …`.
bool collectRunbooks(const std::vector<std::string> &inputs, const char *command,
                     std::vector<std::string> &files);

/// The exit code of a compilation that failed: 2 when its file could not be read (missing, a
/// directory, unreadable), 1 when the runbook has problems.
int failureExit(const drbook::Compilation &c);

/// Colour only on a terminal (stderr, or stdout where `check` reports) and never with NO_COLOR.
bool useColors(bool onStdout = false);
/// The plan of a verified compilation, with paths relative to the working directory: what
/// `build` writes and `-emit=plan` prints.
std::string renderPlan(const drbook::Compilation &c);

} // namespace drbookc

#endif
