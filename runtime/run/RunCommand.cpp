//===- RunCommand.cpp - `drbook run`: setting a run up and finishing it ----===//
#include "RunContext.h"

#include "Interrupt.h"

#include "drbook/run/PlanFile.h"
#include "drbook/run/Proof.h"
#include "drbook/runtime/CanonicalJson.h"
#include "drbook/runtime/Files.h"
#include "drbook/runtime/Signing.h"
#include "drbook/runtime/Timestamp.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <optional>

namespace drbook::run {

using namespace drbook::graph;

const char *spelling(RunMode mode) { return mode == RunMode::Drill ? "drill" : "incident"; }

namespace {

void error(const std::string &message) {
  std::fflush(stdout);
  std::fprintf(stderr, "drbook: error: %s\n", message.c_str());
}

const char *terminalStatus(NodeKind kind) {
  switch (kind) {
  case NodeKind::Pass:
    return "passed";
  case NodeKind::Abort:
    return "aborted";
  case NodeKind::Escalate:
    return "escalated";
  default:
    return "failed";
  }
}

/// The previous run's journal, read back for `--resume`.
struct Resumed {
  std::unique_ptr<Journal> journal;
  nlohmann::json start;
  std::string finishedStatus;
};

std::optional<Resumed> openForResume(const std::string &dir, Operator &op) {
  std::string path = dir + "/" + proof_files::Journal;
  if (!llvm::sys::fs::exists(path)) {
    error("cannot resume: " + path + " does not exist");
    return std::nullopt;
  }
  llvm::Expected<std::unique_ptr<Journal>> j = Journal::open(path);
  if (!j) {
    error("cannot resume: " + llvm::toString(j.takeError()));
    return std::nullopt;
  }
  Resumed r;
  r.journal = std::move(*j);
  if (std::optional<TornLine> torn = r.journal->tornLine()) {
    std::string what = "the journal's last line (line " + std::to_string(torn->line) + ", " +
                       std::to_string(torn->length) + " bytes) is torn: " + torn->reason +
                       "; it was being written when the run stopped";
    std::fprintf(stderr, "drbook: warning: %s\n", what.c_str());
    Reply reply = op.tornLine(what);
    if (!reply.answered() || reply.value != "continue") {
      error(reply.status == Reply::Status::Unanswered
                ? "the answers file does not allow discarding the torn line (set \"torn_line\": "
                  "\"continue\"); nothing was changed"
                : "not resuming; the journal is left as it is");
      return std::nullopt;
    }
    llvm::Expected<TornLine> removed = r.journal->truncateTornLine();
    if (!removed) {
      error(llvm::toString(removed.takeError()));
      return std::nullopt;
    }
    llvm::Expected<JournalEvent> ev = r.journal->append("", "torn-line",
                                                        {{"line", removed->line},
                                                         {"offset", removed->offset},
                                                         {"length", removed->length},
                                                         {"reason", removed->reason},
                                                         {"sha256", removed->digest},
                                                         {"by", reply.by},
                                                         {"actor", reply.actor}});
    if (!ev) {
      error(llvm::toString(ev.takeError()));
      return std::nullopt;
    }
  }
  for (const JournalEvent &e : r.journal->events()) {
    if (e.kind == "start")
      r.start = e.record;
    // An interrupted run (input ended, a question unanswered) may be resumed.
    if (e.kind == "end")
      r.finishedStatus = e.record.value("status", "finished");
  }
  if (r.finishedStatus == "interrupted")
    r.finishedStatus.clear();
  if (r.start.is_null()) {
    error("cannot resume: the journal has no start event");
    return std::nullopt;
  }
  return r;
}

/// Loads the program a resumed run was started with, from the plan kept in its proof
/// directory: the run goes on with exactly the plan it started with.
std::unique_ptr<Program> programForResume(const std::string &dir, const nlohmann::json &start,
                                          bool colors) {
  LoadFailure failure;
  llvm::Expected<std::string> text = readWholeFile(dir + "/" + proof_files::Plan);
  if (!text) {
    error("cannot resume: " + llvm::toString(text.takeError()));
    return nullptr;
  }
  std::unique_ptr<Program> p =
      programFromPlan(*text, dir + "/" + proof_files::Plan, colors, failure);
  if (!p) {
    std::fputs(failure.diagnostics.c_str(), stderr);
    error("cannot resume: " + failure.message);
    return nullptr;
  }
  std::string recorded = start.value("plan", nlohmann::json::object()).value("sha256", "");
  if (p->planDigest != recorded) {
    error("cannot resume: " + dir + "/plan.json is not the plan the run started with (digest " +
          p->planDigest + ", recorded " + recorded + ")");
    return nullptr;
  }
  return p;
}

} // namespace

/// The run that SIGINT/SIGTERM interrupts, once its journal is open.
std::atomic<Run *> interruptedRun{nullptr};

int runRunbook(const RunOptions &opts) {
  becomeChildSubreaper();
  // Before any thread starts, so that only the watcher ever receives these signals.
  watchInterrupts([](int sig) {
    if (Run *run = interruptedRun.load())
      try {
        run->recordEnd(
            "", {{"status", "interrupted"},
                 {"reason", sig == SIGINT ? "interrupted (SIGINT)" : "terminated (SIGTERM)"}});
      } catch (const StopRun &) {
      }
  });
  nlohmann::json answers;
  if (!opts.answersPath.empty()) {
    llvm::Expected<std::string> text = readWholeFile(opts.answersPath);
    if (!text) {
      error("cannot read the answers file: " + llvm::toString(text.takeError()));
      return ExitUsage;
    }
    std::optional<nlohmann::json> parsed = parseJson(*text);
    if (!parsed || !parsed->is_object()) {
      error("the answers file " + opts.answersPath + " is not a JSON object");
      return ExitUsage;
    }
    answers = *parsed;
  }
  std::string actor = opts.actor;
  if (actor.empty() && answers.is_object() && answers.contains("actor") &&
      answers["actor"].is_string())
    actor = answers["actor"].get<std::string>();
  if (actor.empty())
    actor = defaultActor();
  Operator op(answers, opts.yes, actor, stdin, stdout);

  std::optional<Resumed> resumed;
  std::unique_ptr<Program> prog;
  if (!opts.resumeDir.empty()) {
    resumed = openForResume(opts.resumeDir, op);
    if (!resumed)
      return ExitProblems;
    if (!resumed->finishedStatus.empty()) {
      std::printf("The run in %s already finished (%s); nothing to resume.\n",
                  opts.resumeDir.c_str(), resumed->finishedStatus.c_str());
      return resumed->finishedStatus == "passed" ? ExitOk : ExitProblems;
    }
    prog = programForResume(opts.resumeDir, resumed->start, opts.colors);
    if (!prog)
      return ExitProblems;
  } else {
    LoadFailure failure;
    prog = loadProgram(opts.input, opts.colors, failure);
    if (!prog) {
      std::fputs(failure.diagnostics.c_str(), stderr);
      error(failure.message);
      return ExitProblems;
    }
  }

  std::optional<SigningKey> key;
  if (!opts.signKeyPath.empty()) {
    llvm::Expected<SigningKey> k = loadSigningKey(opts.signKeyPath);
    if (!k) {
      error("cannot load the signing key: " + llvm::toString(k.takeError()));
      return ExitUsage;
    }
    key.emplace(std::move(*k));
  }

  Display::Options dopts;
  dopts.quiet = opts.quiet;
  dopts.live = opts.live && !opts.dryRun;
  dopts.color = opts.colors;
  dopts.rtoMs = prog->graph->rtoMs;
  Display display(dopts);
  Run run(*prog, opts, display, op);
  run.dryRun = opts.dryRun;

  llvm::Error bound = llvm::Error::success();
  if (resumed) {
    if (!opts.params.empty()) {
      llvm::consumeError(std::move(bound));
      error("--param cannot be combined with --resume: a resumed run keeps its parameters");
      return ExitUsage;
    }
    bound = bindRecordedParams(*prog, resumed->start["params"], run.bindings);
  } else {
    bound = bindParams(*prog, opts.params, answers, run.bindings);
  }
  if (bound) {
    error(llvm::toString(std::move(bound)));
    return ExitUsage;
  }
  if (llvm::Error err = bindSecrets(*prog, run.redactor, run.bindings)) {
    error(llvm::toString(std::move(err)));
    return ExitUsage;
  }

  std::string dir;
  auto now = std::chrono::system_clock::now();
  if (resumed) {
    dir = opts.resumeDir;
    run.journal = std::move(resumed->journal);
    std::set<std::string> completed;
    for (const JournalEvent &e : run.journal->events()) {
      if (e.record.contains("next") && !e.node.empty() && !run.replay.count(e.node)) {
        nlohmann::json ev = e.record;
        run.replay[e.node] = ev;
        completed.insert(e.node);
      }
      if (e.kind == "action-start")
        run.inFlight[e.node] = e.record;
    }
    for (const std::string &done : completed)
      run.inFlight.erase(done);
    if (auto started = parseTimestamp(resumed->start.value("ts", "")))
      display.startClock(*started);
    run.proofDir = dir;
    std::vector<JournalEvent> before = run.journal->events();
    run.record("", "resume",
               {{"from_seq", run.journal->lastSeq()},
                {"previous_head", run.journal->head()},
                {"actor", actor},
                {"plan", {{"sha256", prog->planDigest}}},
                {"completed_steps", completed.size()},
                {"in_flight", run.inFlight.size()}});
    display.notice("Resuming " + prog->graph->runbookName + " in " + dir + ": " +
                   std::to_string(completed.size()) + " step(s) already done.");
  } else if (!opts.dryRun) {
    dir = opts.proofDir.empty() ? defaultProofDir(prog->graph->runbookName, now) : opts.proofDir;
    if (llvm::sys::fs::exists(dir + "/" + proof_files::Journal)) {
      error("proof directory " + dir + " already holds a run; use --resume " + dir +
            " to continue it, or another --proof-dir");
      return ExitUsage;
    }
    if (llvm::Error err = writeProofInputs(dir, *prog)) {
      error(llvm::toString(std::move(err)));
      return ExitUsage;
    }
    llvm::Expected<std::unique_ptr<Journal>> j = Journal::create(dir + "/" + proof_files::Journal);
    if (!j) {
      error(llvm::toString(j.takeError()));
      return ExitUsage;
    }
    run.journal = std::move(*j);
    if (!opts.durable)
      run.journal->setDurable(false);
    run.proofDir = dir;
  }
  display.startClock(now);
  if (run.journal)
    interruptedRun = &run;

  int exitCode = ExitOk;
  std::string status = "passed";
  try {
    NodeId first = prog->graph->edges[run.onlyEdge(prog->graph->start)].to;
    if (!resumed) {
      const ast::Module &root = prog->root();
      nlohmann::json objectives = nlohmann::json::object();
      if (prog->graph->rtoMs)
        objectives["rto_ms"] = *prog->graph->rtoMs;
      if (root.rpoMillis)
        objectives["rpo_ms"] = *root.rpoMillis;
      nlohmann::json start = {
          {"runbook",
           {{"name", prog->graph->runbookName},
            {"title", root.title},
            {"version", root.version},
            {"owner", root.ownerName}}},
          {"mode", spelling(opts.mode)},
          {"source", {{"path", prog->sourcePath}, {"sha256", prog->sourceDigest}}},
          {"plan", {{"sha256", prog->planDigest}}},
          {"params", run.bindings.recorded},
          {"objectives", objectives},
          {"phases", opts.phases},
          {"actor", actor},
          {"drbook_version", DrbookVersion},
          {"next", prog->graph->nodes[first].id},
          {"edge", "next"}};
      run.record("", "start", start);
      display.notice((opts.dryRun ? "Dry run of " : "Running ") + prog->graph->runbookName +
                     (root.title.empty() ? "" : " \"" + root.title + "\"") + " (" +
                     spelling(opts.mode) + ")" + (dir.empty() ? "" : "; proof in " + dir));
    }
    Walk walk;
    NodeId end = run.walk(first, NoId, walk);
    const Node &terminal = prog->graph->nodes[end];
    status = terminalStatus(terminal.kind);
    nlohmann::json payload = {{"status", status}, {"step", terminal.label}};
    if (auto *t = llvm::dyn_cast_or_null<ast::TerminalStep>(terminal.step)) {
      try {
        payload["reason"] = interpolate(*t->message, run.topFrame(), Quoting::None);
      } catch (const EvalError &) {
        payload["reason"] = sourceText(t->message->range);
      }
    }
    int64_t measured = opts.dryRun ? 0 : run.recordEnd(terminal.id, payload);
    exitCode = status == "passed" ? ExitOk : ExitProblems;
    display.stop();
    display.notice(std::string(status == "passed" ? "Run passed" : "Run " + status) +
                   (payload.contains("reason")
                        ? ": " + run.redact(payload["reason"].get<std::string>())
                        : ""));
    if (!opts.dryRun) {
      std::string rto = "Measured RTO " + formatElapsed(measured);
      if (prog->graph->rtoMs)
        rto += " against an objective of " + formatDuration(*prog->graph->rtoMs) + ": " +
               (status == "passed" && measured <= *prog->graph->rtoMs ? "met" : "not met");
      display.notice(rto);
    }
  } catch (const StopRun &stop) {
    display.stop();
    status = stop.status;
    exitCode = stop.exitCode;
    error(run.redact(stop.what()));
    if (stop.exitCode != ExitInternal && run.journal)
      try {
        run.recordEnd("", {{"status", "interrupted"}, {"reason", stop.what()}});
      } catch (const StopRun &) {
      }
  }
  display.stop();
  interruptedRun = nullptr;
  if (opts.dryRun || !run.journal)
    return exitCode;
  if (llvm::Error err = finalizeProof(dir, *prog, run.journal->events(), run.journal->head(),
                                      run.redactor.count(), key ? &*key : nullptr)) {
    error("cannot write the proof: " + llvm::toString(std::move(err)));
    return ExitInternal;
  }
  display.notice("Proof: " + dir + " (drbook verify " + dir + ")");
  return exitCode;
}

} // namespace drbook::run
