//===- RunContext.h - The state of one run, shared by its steps ------------===//
//
// Private to the interpreter. One Run holds the program, the bindings, the journal and the
// values steps read and write (states, decisions, probe results of the current phase). The
// graph walk lives in Interpreter.cpp, the steps in Steps.cpp and Actions.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_RUNCONTEXT_H
#define DRBOOK_RUN_RUNCONTEXT_H

#include "drbook/basic/Version.h"
#include "drbook/exec/Redactor.h"
#include "drbook/proof/Journal.h"
#include "drbook/run/Display.h"
#include "drbook/run/Evaluator.h"
#include "drbook/run/Interpreter.h"
#include "drbook/run/Operator.h"
#include "drbook/run/Params.h"
#include "drbook/run/ProbeExec.h"
#include "drbook/run/Program.h"
#include "drbook/run/Proof.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>

namespace drbook::run {

/// Ends the run early: the operator's input ended, a question went unanswered, the journal
/// could not be written. Carries the status the proof records.
struct StopRun : std::runtime_error {
  StopRun(std::string status, const std::string &message, int exitCode = ExitProblems)
      : std::runtime_error(message), status(std::move(status)), exitCode(exitCode) {}
  std::string status;
  int exitCode;
};

/// What one graph walk (the run, or one parallel branch) knows about itself.
struct Walk {
  /// Inside a phase `--phases` leaves out: steps are recorded as skipped, not run.
  bool skipping = false;
  /// Parallel branch: nodes whose id does not start with this are outside it.
  std::string branchPrefix;
};

/// What a wait's polling came to: whether its condition held, after how many polls, the
/// evaluation error if any, and what the last poll observed.
struct WaitPolls {
  bool ok = false;
  unsigned polls = 0;
  std::string why, latest;
};

class Run : public ValueSource {
public:
  Run(Program &program, const RunOptions &options, Display &display, Operator &op);

  // ValueSource
  Value declValue(const ast::Decl &decl) override;
  Value probeRecord(const ast::ProbeDecl &probe, const Value &args) override;

  /// Walks from `n` until a terminal node, `stop`, or (in a branch) a node outside it.
  graph::NodeId walk(graph::NodeId n, graph::NodeId stop, Walk &w);

  /// Appends an event (redacted) to the journal; fatal (StopRun) if it cannot be written.
  /// With `sync` false the event is written but fsync'd only by the next barrier() or synced
  /// event: steps record their bookkeeping unsynced, and the barrier before anything
  /// observable (a command, a probe, a question) makes all of it durable with one fsync.
  JournalEvent record(const std::string &node, const std::string &kind, nlohmann::json payload,
                      bool sync = true);
  /// Makes every recorded event durable.
  void barrier();
  /// Records the `end` event: status, reason, measured RTO, redactions.
  /// Returns the measured RTO in milliseconds.
  int64_t recordEnd(const std::string &node, nlohmann::json payload);
  /// Records the step's completion and returns the node the edge leads to.
  graph::NodeId transition(graph::NodeId n, graph::EdgeId e, const std::string &kind,
                           nlohmann::json payload);
  /// The edge of kind `k` (and label, when given) out of `n`, or NoId.
  graph::EdgeId edge(graph::NodeId n, graph::EdgeKind k, const std::string *label = nullptr) const;
  /// The only edge out of `n` (structural nodes).
  graph::EdgeId onlyEdge(graph::NodeId n) const;

  /// Writes a full output to outputs/ (redacted) and returns its journal description.
  nlohmann::json saveOutput(const std::string &node, const std::string &what,
                            const std::string &text);
  /// A command's captured stream as the journal records it: `{bytes, excerpt, file, sha256}`.
  nlohmann::json capturedOutput(const std::string &node, const std::string &what,
                                const CapturedOutput &out);
  /// Redacts secrets (and DSN passwords) from text shown or recorded.
  std::string redact(const std::string &text) { return redactor.redact(text); }

  Frame topFrame() {
    Frame f;
    f.source = this;
    return f;
  }
  /// Runs one probe now, records the observation at `node`, and caches it for the phase.
  /// `reason` is `check`, `must`, `wait` or `condition` (read by an expression).
  /// `args`: the arguments of a probe with parameters, in order (null for one without).
  ProbeObservation runProbe(const ast::ProbeDecl &probe, const Value &args, const std::string &node,
                            const char *reason);
  /// Binds a probe's parameters (per thread) to `args`, defaults filling the rest.
  void bindProbeArgs(const ast::ProbeDecl &probe, const Value &args);
  /// The arguments a step (`check ready("a")`, `wait ready(h)`) gives its probe, evaluated.
  Value stepProbeArgs(const std::vector<ast::ExprPtr> *args);
  /// How `probe` runs for `reason`: its output shown live or not, its environment.
  ProbeSettings probeSettings(const ast::ProbeDecl &probe, const char *reason, const Frame &frame);

  Program &prog;
  const graph::StepGraph &g;
  const RunOptions &opts;
  Display &display;
  Operator &op;
  Redactor redactor;
  Bindings bindings;
  std::unique_ptr<Journal> journal;
  std::string proofDir;
  bool dryRun = false;
  /// The measured RTO so far, fed every event recorded (and, on resume, read back): the
  /// journal keeps no events in memory. Parallel branches record at once, hence the lock.
  RtoClock rto;
  std::mutex rtoLock;

  /// Resume: completion events by node id, and action-start events without completion.
  std::map<std::string, nlohmann::json> replay;
  std::map<std::string, nlohmann::json> inFlight;

private:
  graph::NodeId visit(graph::NodeId n, Walk &w);
  graph::NodeId replayed(graph::NodeId n, const nlohmann::json &event);
  graph::NodeId visitReplayed(graph::NodeId n, Walk &w, const nlohmann::json &record);
  graph::NodeId visitPhase(graph::NodeId n, Walk &w);
  graph::NodeId visitFork(graph::NodeId n, Walk &w);
  graph::NodeId skip(graph::NodeId n);

public:
  // Steps.cpp
  graph::NodeId visitProbes(graph::NodeId n);
  /// Observes each of `probes` for `node`'s step, side by side when there are several.
  std::vector<ProbeObservation> observeAll(const std::vector<const ast::ProbeDecl *> &probes,
                                           const std::vector<Value> &args, const graph::Node &node);
  graph::NodeId visitDecision(graph::NodeId n);
  /// Asks the operator (or the answers file) for a decision's value; records who chose.
  std::string askDecision(graph::NodeId n, const ast::DecideStep &s, nlohmann::json &payload);
  graph::NodeId visitBranch(graph::NodeId n);
  graph::NodeId visitManual(graph::NodeId n);
  graph::NodeId visitNote(graph::NodeId n);
  graph::NodeId visitCall(graph::NodeId n);
  void recordEstimate(const graph::Node &node, nlohmann::json &payload);
  std::string operatorText(const ast::ManualStep &s);
  graph::NodeId visitWait(graph::NodeId n);
  WaitPolls pollUntil(const graph::Node &node, const ast::ProbeDecl &probe, const Frame &frame,
                      std::chrono::steady_clock::time_point deadline, int64_t every);
  void showBody(const std::string &probe, const Value &record);
  std::string shownLabel(const graph::Node &node);
  nlohmann::json decisionInputs(const ast::DecideStep &s, size_t upTo);
  // Actions.cpp
  graph::NodeId visitAction(graph::NodeId n);
  // Ask.cpp
  graph::NodeId visitAsk(graph::NodeId n);
  /// The test of an `each` element: into the body with the loop variable bound, or out.
  graph::NodeId visitElement(graph::NodeId n, const ast::EachStep &s);
  // Captures.cpp
  /// Keeps a captured value for the steps after it (a secret is registered with the
  /// redactor); returns the form the journal records: redacted for a secret.
  nlohmann::json keepCapture(const ast::CaptureDecl &c, const Value &v);
  /// Reads and keeps every output of an action from its last command's output; returns the
  /// journal's `captured` object, or sets `error` (with what was observed) for one that
  /// cannot be read.
  nlohmann::json captureOutputs(const std::vector<ast::CapturePtr> &outputs,
                                const CapturedOutput &out, const CapturedOutput &err,
                                std::string &error);
  /// Keeps the value `read` gives for each of `outputs` (a stand-in in a dry run) and shows
  /// it; stops at the first that cannot be read, saying why in `error`.
  nlohmann::json
  keepOutputs(const std::vector<ast::CapturePtr> &outputs,
              llvm::function_ref<llvm::Expected<Value>(const ast::CaptureDecl &)> read,
              std::string &error);
  /// Takes back the values a journal event's `captured` recorded (resume).
  void restoreCaptures(const nlohmann::json &recorded);
  Value capturedValue(const ast::CaptureDecl &c);
  /// Reads and keeps a probe's outputs from its observation's record; as captureOutputs.
  nlohmann::json captureProbeOutputs(const ast::ProbeDecl &probe, const Value &record,
                                     std::string &error);

  /// State values by graph state index: enum member names, or booleans.
  std::map<unsigned, Value> states;
  /// Decisions taken so far, by name.
  std::map<std::string, Value> decisions;
  /// Sets a state from an effect's value.
  void setState(unsigned index, const Value &v);
  nlohmann::json stateSnapshot();

private:
  std::mutex mu;
  struct Cached {
    uint64_t epoch;
    Value record;
  };
  /// This phase's observations, by probeKey().
  std::map<std::string, Cached> probeCache;
  std::map<const ast::CaptureDecl *, Value> captured;
  uint64_t phaseEpoch = 0;
  std::atomic<unsigned> outputCounter{0};
};

/// What a dry run uses for a value it does not capture, so the steps after it can be shown:
/// `<snapshot.id>` for text, 0, false, an enum's first member or an empty list.
Value dryRunStandIn(const ast::CaptureDecl &c);

/// The loop variables bound on this thread (`each`): a parallel `each` binds one per branch,
/// so each branch's thread has its own, starting from those of the thread that forked it.
using LoopValues = std::map<const ast::CaptureDecl *, Value>;
LoopValues &loopValues();

/// Whether any of `outputs` is a secret (then nothing of its command is shown live).
bool hasSecretOutput(const std::vector<ast::CapturePtr> &outputs);

/// Adds the variables of an `env` block to `out`, replacing earlier ones of the same name.
void addEnv(const std::vector<ast::EnvBinding> &env, const Frame &f,
            std::vector<std::pair<std::string, std::string>> &out);

/// Milliseconds since `since`.
int64_t elapsedMs(std::chrono::steady_clock::time_point since);

/// The `check`, `must`, … spelling of a node kind in the journal.
const char *eventKind(graph::NodeKind kind);

} // namespace drbook::run

#endif
