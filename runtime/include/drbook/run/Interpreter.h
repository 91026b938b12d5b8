//===- Interpreter.h - `drbook run`: executing a verified plan -------------===//
//
// Runs a compiled and verified runbook: walks its step graph from `start`, runs probes and
// commands for real, takes decisions from probe values or the operator, and records every
// step in a hash-chained journal in the proof directory, finishing with the statement,
// optional signature and the human proof. docs/cli.md describes the options, and
// docs/proof-format.md the files written.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_INTERPRETER_H
#define DRBOOK_RUN_INTERPRETER_H

#include "drbook/basic/ExitCode.h"

#include <string>
#include <vector>

namespace drbook::run {

enum class RunMode { Incident, Drill };

/// `incident` or `drill`.
const char *spelling(RunMode mode);

struct RunOptions {
  /// A `.drbook` file or a plan written by `drbookc build`; empty with `resumeDir`.
  std::string input;
  /// `name=value` bindings from `--param`.
  std::vector<std::string> params;
  std::string answersPath, proofDir, resumeDir, signKeyPath, actor;
  /// Phases to run (`--phases`); all when empty.
  std::vector<std::string> phases;
  RunMode mode = RunMode::Incident;
  bool dryRun = false, yes = false, quiet = false;
  /// fsync every journal event (the default); off only for the interpreter benchmark.
  bool durable = true;
  bool colors = false, live = false;
  /// `--events FILE|-`: every journal event, as its line, once durable. `-` arrives as
  /// `eventsFd`, standard output set aside for the stream.
  std::string eventsPath;
  int eventsFd = -1;
  /// `--serve[=HOST:PORT]`: the live console; `serveAddress` empty for loopback, any port.
  bool serve = false;
  std::string serveAddress;
  /// `--serve-answer`: questions may be answered from the page; `--two-person`: a destructive
  /// action needs a yes from two different people.
  bool serveAnswer = false, twoPerson = false;
};

/// Runs (or dry-runs, or resumes) a runbook and returns the process exit code: 0 when the
/// run passed, 1 when it failed, aborted, escalated or stopped, 2 for bad input, 3 for an
/// internal failure. Messages go to stdout (progress) and stderr (errors).
int runRunbook(const RunOptions &options);

} // namespace drbook::run

#endif
