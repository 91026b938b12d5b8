//===- ProbeExec.h - Running a runbook's probe and judging its result ------===//
//
// A probe declaration becomes a request for one of the runtime's probe kinds (parameters
// interpolated, the bearer secret substituted), its result becomes a record with the
// language's field names, and the probe's `expect` decides `ok`.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_PROBEEXEC_H
#define DRBOOK_RUN_PROBEEXEC_H

#include "drbook/exec/ProcessRunner.h"
#include "drbook/run/Evaluator.h"

#include <functional>
#include <string>
#include <vector>

namespace drbook::run {

/// One observation of a probe.
struct ProbeObservation {
  /// `http`, `cmd`, …
  std::string kind;
  /// What was probed, as the operator reads it: `GET http://…/api/ready`, the command.
  std::string target;
  /// The result record: the kind's fields, `ok`, `failed`, and `error` when nothing could be
  /// observed. Raw: the caller redacts before recording.
  Value record;
  bool ok = false;
  /// The full output (HTTP body, command stdout and stderr) for outputs/.
  std::string output;
  /// Why `expect` could not be evaluated, if it could not.
  std::string expectError;
  /// The probe's outputs read from this observation, as the journal records them; null when
  /// it has none or the observation failed.
  nlohmann::json captured;
  int64_t durationMs = 0;
};

/// How to run one probe.
struct ProbeSettings {
  /// Log probes: the record fields to compute aggregates of.
  std::vector<std::string> aggregateFields;
  /// Cmd probes: each output line as it arrives.
  std::function<void(OutputStream, llvm::StringRef)> onLine;
  /// Cmd probes: variables added to the command's environment.
  std::vector<std::pair<std::string, std::string>> environment;
  /// Passwords found in a sql DSN are reported here, to be redacted.
  std::function<void(const std::string &)> addSecret;
};

/// Runs `probe` with names taken from `frame` and judges the result with its `expect`.
/// Never throws: what could not be observed or evaluated leaves `ok` false and says why.
ProbeObservation observe(const ast::ProbeDecl &probe, const Frame &frame,
                         const ProbeSettings &settings);

/// Sets `ok` and `failed` on `record` from the probe's `expect` (or the kind's default when
/// there is none). Returns `ok`; an expectation that cannot be evaluated is not met and its
/// reason goes to `why`.
bool judge(const ast::ProbeDecl &probe, Value &record, const Frame &frame, std::string &why);

/// The timeout a probe runs with: its own, or the verifier's default.
int64_t probeTimeoutMs(const ast::ProbeDecl &probe, const Frame &frame);

} // namespace drbook::run

#endif
