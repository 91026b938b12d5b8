//===- RunCommand.cpp - `drbook run`: setting a run up and finishing it ----===//
#include "RunContext.h"

#include "Interrupt.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Duration.h"
#include "drbook/basic/Files.h"
#include "drbook/basic/Visible.h"
#include "drbook/exec/ProcessTree.h"
#include "drbook/proof/Signing.h"
#include "drbook/proof/Timestamp.h"
#include "drbook/run/ConsolePlan.h"
#include "drbook/run/EventStream.h"
#include "drbook/run/PlanFile.h"
#include "drbook/run/Proof.h"
#include "drbook/run/Recap.h"
#include "drbook/serve/LiveConsole.h"

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
  // Fail, or a run that stopped before reaching an end, has failed.
  if (kind == NodeKind::Pass)
    return "passed";
  if (kind == NodeKind::Abort)
    return "aborted";
  return kind == NodeKind::Escalate ? "escalated" : "failed";
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
  for (const JournalEvent &e : r.journal->resumedEvents()) {
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
  llvm::Expected<std::string> text =
      readWholeFile(dir + "/" + proof_files::Plan, file_limits::Document);
  if (!text) {
    error("cannot resume: " + llvm::toString(text.takeError()));
    return nullptr;
  }
  std::unique_ptr<Program> p =
      programFromPlan(std::move(*text), dir + "/" + proof_files::Plan, colors, failure);
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

/// Reads the answers file, if one was given. Fails with a message on stderr.
bool loadAnswers(const RunOptions &opts, nlohmann::json &answers) {
  if (opts.answersPath.empty())
    return true;
  llvm::Expected<std::string> text = readWholeFile(opts.answersPath, file_limits::Answers);
  if (!text) {
    error("cannot read the answers file: " + llvm::toString(text.takeError()));
    return false;
  }
  std::optional<nlohmann::json> parsed = parseJson(*text);
  if (!parsed) {
    error(opts.answersPath + ": " + jsonError(*text));
    return false;
  }
  if (!parsed->is_object()) {
    error("the answers file " + opts.answersPath + " is not a JSON object");
    return false;
  }
  if (parsed->contains("params") && !(*parsed)["params"].is_object()) {
    error("the answers file's params must be an object of parameter values by name");
    return false;
  }
  answers = *parsed;
  return true;
}

/// `--actor`, else the answers file's `actor`, else the login name. An actor is a name that is
/// journaled and shown with every decision: a line of at most 200 bytes without control
/// characters. False, after saying why, for anything else.
bool chooseActor(const RunOptions &opts, const nlohmann::json &answers, std::string &actor) {
  constexpr size_t MaxActorBytes = 200;
  actor = opts.actor;
  if (actor.empty() && answers.contains("actor")) {
    if (!answers["actor"].is_string()) {
      error("the answers file's actor must be a string, not " + answers["actor"].dump());
      return false;
    }
    actor = answers["actor"].get<std::string>();
  }
  if (actor.empty())
    actor = defaultActor();
  if (actor.size() > MaxActorBytes || visible(actor) != actor) {
    error("the actor must be a name of at most " + std::to_string(MaxActorBytes) +
          " bytes without control characters (it is " + std::to_string(actor.size()) + " bytes)");
    return false;
  }
  return true;
}

/// Binds params (recorded ones on resume) and secrets.
bool bindRun(Run &run, const RunOptions &opts, const nlohmann::json &answers,
             const std::optional<Resumed> &resumed) {
  if (resumed && !opts.params.empty()) {
    error("--param cannot be combined with --resume: a resumed run keeps its parameters");
    return false;
  }
  // Secrets first: a resumed run checks the parameters sealed under them.
  if (llvm::Error err = bindSecrets(run.prog, run.redactor, run.bindings)) {
    error(llvm::toString(std::move(err)));
    return false;
  }
  llvm::Error bound =
      resumed ? bindRecordedParams(run.prog, resumed->start["params"],
                                   resumed->start.value("sealed_params", nlohmann::json::object()),
                                   answers, run.bindings)
              : bindParams(run.prog, opts.params, answers, run.bindings);
  if (bound) {
    error(llvm::toString(std::move(bound)));
    return false;
  }
  return true;
}

/// A run killed outright (kill -9, a crashed machine's hung SSH session) can leave the
/// commands of the step it was in running. Before anything reruns, every process holding the
/// mark of an in-flight step under an earlier drbook of this journal is shown and stopped, so
/// that no step runs twice at once; daemons that completed steps started are left alone.
void stopLeftovers(Run &run) {
  std::set<std::string> drbooks;
  for (const JournalEvent &e : run.journal->resumedEvents())
    if ((e.kind == "start" || e.kind == "resume") && e.record.contains("process_mark") &&
        e.record["process_mark"].is_string())
      drbooks.insert(e.record["process_mark"].get<std::string>());
  std::vector<pid_t> left;
  for (const std::string &prefix : drbooks)
    for (const auto &[node, start] : run.inFlight)
      for (pid_t pid : markedProcesses(prefix + node)) {
        run.display.notice("Still running from the interrupted run: pid " + std::to_string(pid) +
                           " " + processCommandLine(pid) + "; stopping it before going on.");
        left.push_back(pid);
      }
  stopProcesses(left, 5000);
}

/// Takes over a resumed journal: completed steps are replayed, started ones are in flight.
void prepareReplay(Run &run, Resumed &resumed, const std::string &dir, const std::string &actor) {
  run.journal = std::move(resumed.journal);
  run.proofDir = dir;
  removeInterruptedWrites(dir);
  std::set<std::string> completed;
  for (const JournalEvent &e : run.journal->resumedEvents()) {
    run.rto.add(e);
    if (e.record.contains("next") && !e.node.empty() && !run.replay.count(e.node)) {
      run.replay[e.node] = e.record;
      completed.insert(e.node);
    }
    if (e.kind == "action-start")
      run.inFlight[e.node] = e.record;
  }
  for (const std::string &done : completed)
    run.inFlight.erase(done);
  stopLeftovers(run);
  if (auto started = parseTimestamp(resumed.start.value("ts", "")))
    run.display.startClock(*started);
  run.record("", "resume",
             {{"from_seq", run.journal->lastSeq()},
              {"previous_head", run.journal->head()},
              {"actor", actor},
              {"plan", {{"sha256", run.prog.planDigest}}},
              {"completed_steps", completed.size()},
              {"in_flight", run.inFlight.size()},
              {"process_mark", processMarkPrefix()}});
  run.display.notice("Resuming " + run.g.runbookName + " in " + dir + ": " +
                     std::to_string(completed.size()) + " step(s) already done.");
  for (const std::string &line : resumeRecap(run.prog, run.journal->resumedEvents()))
    run.display.notice("  " + line);
  run.journal->forgetResumedEvents(); // the replay holds what the rest of the run needs
}

/// Creates the proof directory of a new run, with its source, plan and empty journal.
/// Whether `dir` is missing or an empty directory: a proof is written only where nothing of
/// anyone else's can be overwritten.
bool isNewDirectory(const std::string &dir) {
  if (!llvm::sys::fs::exists(dir))
    return true;
  std::error_code ec;
  llvm::sys::fs::directory_iterator it(dir, ec);
  return !ec && it == llvm::sys::fs::directory_iterator();
}

int openProofDirectory(Run &run, const RunOptions &opts, const std::string &dir) {
  if (llvm::sys::fs::exists(dir + "/" + proof_files::Journal)) {
    error("proof directory " + dir + " already holds a run; use --resume " + dir +
          " to continue it, or another --proof-dir");
    return ExitUsage;
  }
  if (!isNewDirectory(dir)) {
    error("proof directory " + dir +
          " already exists and is not empty; a proof is written "
          "only into a new or empty directory");
    return ExitUsage;
  }
  llvm::Error err = writeProofInputs(dir, run.prog);
  llvm::Expected<std::unique_ptr<Journal>> j =
      err ? llvm::Expected<std::unique_ptr<Journal>>(std::move(err))
          : Journal::create(dir + "/" + proof_files::Journal);
  if (!j) {
    error(llvm::toString(j.takeError()) + "; the run did not start");
    discardProofDirectory(dir, run.prog);
    return ExitStorage;
  }
  run.journal = std::move(*j);
  if (!opts.durable)
    run.journal->setDurable(false);
  run.proofDir = dir;
  return ExitOk;
}

/// The `start` event: what runs, how, by whom, with which parameters.
void recordStart(Run &run, const std::string &actor, NodeId first, const std::string &dir) {
  const Program &prog = run.prog;
  const ast::Module &root = prog.root();
  nlohmann::json objectives = nlohmann::json::object();
  if (prog.graph->rtoMs)
    objectives["rto_ms"] = *prog.graph->rtoMs;
  if (root.rpoMillis)
    objectives["rpo_ms"] = *root.rpoMillis;
  run.record("", "start",
             {{"runbook",
               {{"name", prog.graph->runbookName},
                {"title", root.title},
                {"version", root.version},
                {"owner", root.ownerName}}},
              {"mode", spelling(run.opts.mode)},
              {"source", {{"path", prog.sourcePath}, {"sha256", prog.sourceDigest}}},
              {"plan", {{"sha256", prog.planDigest}}},
              {"params", run.bindings.recorded},
              {"sealed_params", sealedParams(prog, run.redactor, run.bindings)},
              {"objectives", objectives},
              {"phases", run.opts.phases},
              {"actor", actor},
              {"drbook_version", DrbookVersion},
              {"process_mark", processMarkPrefix()},
              {"next", prog.graph->nodes[first].id},
              {"edge", "next"}});
  run.display.notice((run.opts.dryRun ? "Dry run of " : "Running ") + prog.graph->runbookName +
                     (root.title.empty() ? "" : " \"" + root.title + "\"") + " (" +
                     spelling(run.opts.mode) + ")" + (dir.empty() ? "" : "; proof in " + dir));
}

/// Records the end at terminal node `end` and shows the outcome; returns the exit code.
int finishAt(Run &run, NodeId end) {
  const Node &terminal = run.g.nodes[end];
  std::string status = terminalStatus(terminal.kind);
  nlohmann::json payload = {{"status", status}, {"step", terminal.label}};
  if (auto *t = llvm::dyn_cast_or_null<ast::TerminalStep>(terminal.step)) {
    try {
      payload["reason"] = interpolate(*t->message, run.topFrame(), Quoting::None);
    } catch (const EvalError &) {
      payload["reason"] = sourceText(t->message->range);
    }
  }
  int64_t measured = run.dryRun ? 0 : run.recordEnd(terminal.id, payload);
  run.display.stop();
  if (run.dryRun) {
    run.display.notice("Dry run: nothing was executed; along the choices shown, the run would "
                       "end " +
                       status);
    return ExitOk;
  }
  run.display.notice(
      std::string(status == "passed" ? "Run passed" : "Run " + status) +
      (payload.contains("reason") ? ": " + run.redact(payload["reason"].get<std::string>()) : ""));
  if (!run.dryRun) {
    std::string rto = "Measured RTO " + formatElapsed(measured);
    if (std::optional<int64_t> objective = run.g.objectiveFor(end))
      rto += " against " +
             (terminal.scenario >= 0 && run.g.scenarios[terminal.scenario].rtoMs
                  ? "scenario " + run.g.scenarios[terminal.scenario].name + "'s objective of "
                  : std::string("an objective of ")) +
             formatDuration(*objective) + ": " +
             (status == "passed" && measured <= *objective ? "met" : "not met");
    run.display.notice(rto);
  }
  return status == "passed" ? ExitOk : ExitProblems;
}

/// Walks the plan (after the start event of a new run) and records how the run ended.
int execute(Run &run, bool resumed, const std::string &actor, const std::string &dir) {
  NodeId first = run.g.edges[run.onlyEdge(run.g.start)].to;
  if (!resumed)
    try {
      recordStart(run, actor, first, dir);
    } catch (const StopRun &stop) {
      // Nothing ran: leave no directory that looks like a run but can never be resumed.
      error(run.redact(stop.what()) + "; the run did not start");
      run.journal.reset();
      discardProofDirectory(dir, run.prog);
      return stop.exitCode;
    }
  try {
    Walk walk;
    return finishAt(run, run.walk(first, NoId, walk));
  } catch (const StopRun &stop) {
    run.display.stop();
    error(run.redact(stop.what()));
    if (stop.exitCode != ExitInternal && run.journal)
      try {
        run.recordEnd("", {{"status", "interrupted"}, {"reason", stop.what()}});
      } catch (const StopRun &) {
      }
    if (stop.exitCode == ExitStorage)
      error("the journal is complete up to its last whole line; once the cause is fixed, "
            "continue with: drbook run --resume " +
            dir);
    else if (run.journal && stop.exitCode != ExitInternal)
      error("the run is recorded up to here; resume it with: drbook run --resume " + dir);
    bool cleanup = std::any_of(run.g.nodes.begin(), run.g.nodes.end(),
                               [](const Node &n) { return n.kind == NodeKind::Finally; });
    if (cleanup && run.journal && stop.exitCode != ExitInternal)
      error("the run has not ended, so its cleanup (`finally`) has not run yet; resuming the "
            "run runs it");
    return stop.exitCode;
  }
}

/// The run that SIGINT/SIGTERM interrupts, once its journal is open, and its event stream.
std::atomic<Run *> interruptedRun{nullptr};
std::atomic<EventStream *> interruptedStream{nullptr};

void recordInterrupt(int sig) {
  Run *run = interruptedRun.load();
  if (!run)
    return;
  try {
    run->recordEnd("", {{"status", "interrupted"}, {"reason", interruptReason(sig)}});
  } catch (const StopRun &) {
  }
  if (EventStream *stream = interruptedStream.load())
    stream->drain();
  std::fprintf(stderr,
               "drbook: the run is recorded up to here; resume it with: drbook run "
               "--resume %s\n",
               run->proofDir.c_str());
}

/// The key --sign-key names, if any; false, after saying why, when it cannot be read.
bool loadSignKey(const RunOptions &opts, std::optional<SigningKey> &key) {
  if (opts.signKeyPath.empty())
    return true;
  llvm::Expected<SigningKey> k = loadSigningKey(opts.signKeyPath);
  if (!k) {
    error("cannot load the signing key: " + llvm::toString(k.takeError()));
    return false;
  }
  key.emplace(std::move(*k));
  return true;
}

/// Whether a finished run's proof was written to the end: a crash after the journal's `end`
/// event can leave it without its statement, proof.md or signature.
bool proofWritten(const std::string &dir) {
  llvm::Expected<std::string> text =
      readWholeFile(dir + "/" + proof_files::Statement, file_limits::Document);
  std::optional<nlohmann::json> st = text ? parseJson(*text) : std::nullopt;
  if (!text)
    llvm::consumeError(text.takeError());
  if (!st || !st->is_object() || !llvm::sys::fs::exists(dir + "/" + proof_files::Markdown))
    return false;
  bool signedRun = (*st)["predicate"].is_object() && (*st)["predicate"].contains("signer");
  return !signedRun || llvm::sys::fs::exists(dir + "/" + proof_files::Envelope);
}

/// `--resume` of a run that already finished: writes what of its proof a crash left out.
int finishProof(const RunOptions &opts, Resumed &resumed) {
  const std::string &dir = opts.resumeDir;
  int status = resumed.finishedStatus == "passed" ? ExitOk : ExitProblems;
  if (proofWritten(dir)) {
    std::printf("The run in %s already finished (%s); nothing to resume.\n", dir.c_str(),
                resumed.finishedStatus.c_str());
    return status;
  }
  std::unique_ptr<Program> prog = programForResume(dir, resumed.start, opts.colors);
  std::optional<SigningKey> key;
  if (!loadSignKey(opts, key))
    return ExitUsage;
  if (!prog)
    return ExitProblems;
  removeInterruptedWrites(dir);
  if (llvm::Error err = finalizeProof(dir, *prog, 0, key ? &*key : nullptr)) {
    error("cannot write the proof: " + llvm::toString(std::move(err)));
    return ExitInternal;
  }
  std::printf("The run in %s had finished (%s) before its proof was written; the proof is "
              "complete now%s.\n",
              dir.c_str(), resumed.finishedStatus.c_str(),
              key ? ", signed" : " (unsigned: pass --sign-key to sign it)");
  return status;
}

/// Loads what the run executes: the program of a new run, or of the run being resumed.
std::unique_ptr<Program> loadForRun(const RunOptions &opts, Operator &op,
                                    std::optional<Resumed> &resumed, int &exitCode) {
  exitCode = ExitProblems;
  if (opts.resumeDir.empty()) {
    LoadFailure failure;
    std::unique_ptr<Program> prog = loadProgram(opts.input, opts.colors, failure);
    if (!prog) {
      std::fputs(failure.diagnostics.c_str(), stderr);
      error(failure.message);
      if (failure.unreadable)
        exitCode = ExitUsage;
    }
    return prog;
  }
  resumed = openForResume(opts.resumeDir, op);
  if (!resumed) {
    exitCode = ExitUsage; // not a proof directory of a run, or one another run holds
    return nullptr;
  }
  if (!resumed->finishedStatus.empty()) {
    exitCode = finishProof(opts, *resumed);
    return nullptr;
  }
  return programForResume(opts.resumeDir, resumed->start, opts.colors);
}

} // namespace

static Display::Options displayOptions(const RunOptions &opts, const Program &prog) {
  Display::Options d;
  d.quiet = opts.quiet;
  d.live = opts.live && !opts.dryRun; // a dry run prints plain lines, it has no clock to show
  d.color = opts.colors;
  d.rtoMs = prog.graph->rtoMs;
  return d;
}

/// The stream `--events` names, opened before anything runs so that a wrong path stops the
/// run before it starts; false after saying why.
static bool openEvents(const RunOptions &opts, std::unique_ptr<EventStream> &events) {
  if (opts.eventsPath.empty() && opts.eventsFd < 0)
    return true;
  if (opts.dryRun) {
    error("--events streams a run's journal; a dry run writes none");
    return false;
  }
  llvm::Expected<std::unique_ptr<EventStream>> stream =
      EventStream::open(opts.eventsFd >= 0 ? "on standard output" : opts.eventsPath, opts.eventsFd);
  if (!stream) {
    error(llvm::toString(stream.takeError()));
    return false;
  }
  events = std::move(*stream);
  return true;
}

/// Feeds the journal's events, the ones already in it first, to the stream.
static void streamEvents(Journal &journal, EventStream *events) {
  if (events)
    journal.observe([events](llvm::StringRef line) { events->send(line); });
}

/// The live console of `--serve`, fed by the journal from its first event; false after
/// saying why it cannot listen.
static bool startConsole(const RunOptions &opts, Run &run, const std::string &dir,
                         std::unique_ptr<serve::LiveConsole> &console,
                         std::unique_ptr<RemoteAnswers> &answers) {
  if (!opts.serve)
    return true;
  llvm::Expected<std::unique_ptr<serve::LiveConsole>> started =
      serve::LiveConsole::start(opts.serveAddress, dir);
  if (!started) {
    error(llvm::toString(started.takeError()));
    return false;
  }
  console = std::move(*started);
  showPlan(*console, *run.prog.graph, "drbook");
  serve::LiveConsole *view = console.get();
  run.journal->observe([view](llvm::StringRef line) { view->send(line); });
  if (opts.serveAnswer) {
    answers = answersFrom(*console);
    run.op.setRemote(answers.get(), opts.twoPerson);
  }
  run.display.notice("Live view: " + console->url());
  return true;
}

/// Who else follows the run: the `--events` stream and the live console with its answers.
struct Followers {
  std::unique_ptr<EventStream> events;
  std::unique_ptr<serve::LiveConsole> console;
  std::unique_ptr<RemoteAnswers> remote;
};

/// Opens the run's journal (a new one, or the resumed run's) and hands it to its followers.
/// ExitOk, or the exit status of what stopped it.
static int openJournal(Run &run, const RunOptions &opts, std::optional<Resumed> &resumed,
                       const std::string &actor, std::string &dir, Followers &f) {
  auto now = std::chrono::system_clock::now();
  run.display.startClock(now);
  if (resumed) {
    dir = opts.resumeDir;
    streamEvents(*resumed->journal, f.events.get());
    prepareReplay(run, *resumed, dir, actor);
  } else if (!opts.dryRun) {
    dir = opts.proofDir.empty() ? defaultProofDir(run.prog.graph->runbookName, now) : opts.proofDir;
    if (int status = openProofDirectory(run, opts, dir); status != ExitOk)
      return status;
    streamEvents(*run.journal, f.events.get());
  }
  if (run.journal && !startConsole(opts, run, dir, f.console, f.remote))
    return ExitUsage;
  return ExitOk;
}

/// After the walk: the proof, then the followers' last events.
static int finishRun(Run &run, const RunOptions &opts, const std::string &dir, Followers &f,
                     const std::optional<SigningKey> &key, int exitCode) {
  if (f.events)
    f.events->drain(); // the stream's readers have every event before the proof is announced
  run.op.setRemote(nullptr, false);
  if (opts.dryRun || !run.journal)
    return exitCode;
  if (llvm::Error err = finalizeProof(dir, run.prog, run.redactor.count(), key ? &*key : nullptr)) {
    error("cannot write the proof: " + llvm::toString(std::move(err)) +
          "; the journal is complete: once the cause is fixed, finish the proof with: drbook "
          "run --resume " +
          dir);
    return ExitStorage;
  }
  run.display.notice("Proof: " + dir + " (drbook verify " + dir + ")");
  if (f.console)
    f.console->finish(); // open pages get the last events and the proof's link
  return exitCode;
}

/// runRunbook() but for what its commands leave behind.
static int runAndRecord(const RunOptions &opts) {
  // Before any thread starts, so that only the watcher ever receives these signals.
  watchInterrupts(recordInterrupt);
  nlohmann::json answers;
  if (!loadAnswers(opts, answers))
    return ExitUsage;
  std::string actor;
  if (!chooseActor(opts, answers, actor))
    return ExitUsage;
  Operator op(answers, opts.yes, actor, stdin, stdout);
  std::optional<Resumed> resumed;
  int exitCode = ExitOk;
  std::unique_ptr<Program> prog = loadForRun(opts, op, resumed, exitCode);
  if (!prog)
    return exitCode;
  if (std::vector<std::string> wrong = answersProblems(*prog, answers); !wrong.empty()) {
    error(llvm::join(wrong, "\n") + "\nnothing was run; correct the answers file and start again");
    return ExitUsage;
  }
  std::optional<SigningKey> key;
  Followers followers;
  if (!loadSignKey(opts, key) || !openEvents(opts, followers.events))
    return ExitUsage;
  Display display(displayOptions(opts, *prog));
  op.questions().onScreen = [&display](bool on) { display.hold(on); };
  Run run(*prog, opts, display, op);
  display.redactWith(run.redactor);
  run.dryRun = opts.dryRun;
  if (!bindRun(run, opts, answers, resumed))
    return ExitUsage;
  std::string dir;
  if (int status = openJournal(run, opts, resumed, actor, dir, followers); status != ExitOk)
    return status;
  if (run.journal)
    interruptedRun = &run;
  interruptedStream = followers.events.get();
  exitCode = execute(run, resumed.has_value(), actor, dir);
  display.stop();
  interruptedRun = nullptr;
  interruptedStream = nullptr;
  return finishRun(run, opts, dir, followers, key, exitCode);
}

int runRunbook(const RunOptions &opts) {
  // Orphans of the commands are re-parented here, so that they can be reaped and, at a
  // timeout or an interruption, found and stopped.
  becomeChildSubreaper();
  return runAndRecord(opts);
}

} // namespace drbook::run
