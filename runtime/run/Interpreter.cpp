//===- Interpreter.cpp - Walking the step graph -----------------------------===//
//
// One node at a time: a node's step runs, its completion is journaled with the edge taken,
// and the walk follows that edge. Each node is visited at most once per run (the graph has
// no cycles; `wait` polls inside its node), which is what makes resuming simple: a node
// whose completion is in the journal is not run again, its recorded outcome is replayed.
//
//===----------------------------------------------------------------------===//
#include "RunContext.h"

#include "Interrupt.h"

#include "drbook/basic/Files.h"
#include "drbook/proof/Digest.h"
#include "drbook/proof/Timestamp.h"
#include "drbook/run/Proof.h"

#include "llvm/ADT/StringExtras.h"

#include <cstring>
#include <thread>

namespace drbook::run {

using namespace drbook::graph;

/// The step a thread is executing: on-demand probe observations are recorded at it.
thread_local std::string currentNode;

// The plan's node kind in the journal's kebab case; the terminal kinds all record the run's
// `end`.
const char *eventKind(NodeKind kind) {
  if (isTerminal(kind))
    return "end";
  if (kind == NodeKind::Handler)
    return "on-failure";
  return kind == NodeKind::ParallelJoin ? "parallel-join" : spelling(kind);
}

Run::Run(Program &program, const RunOptions &options, Display &display, Operator &op)
    : prog(program), g(*program.graph), opts(options), display(display), op(op) {
  for (unsigned i = 0; i < g.states.size(); ++i)
    setState(i,
             g.states[i].values.empty() ? Value() : Value(g.states[i].values[g.states[i].initial]));
}

void Run::setState(unsigned index, const Value &v) {
  if (index >= g.states.size())
    return;
  const std::vector<std::string> &values = g.states[index].values;
  bool isBool = values.size() == 2 && values[0] == "false" && values[1] == "true";
  Value stored = v;
  if (isBool && v.is_string())
    stored = v.get<std::string>() == "true";
  std::lock_guard<std::mutex> guard(mu);
  states[index] = stored;
}

nlohmann::json Run::stateSnapshot() {
  std::lock_guard<std::mutex> guard(mu);
  nlohmann::json out = nlohmann::json::object();
  for (const auto &[i, v] : states)
    out[g.states[i].name] = v;
  return out;
}

Value Run::declValue(const ast::Decl &d) {
  switch (d.kind) {
  case ast::Decl::Kind::Param:
  case ast::Decl::Kind::Secret: {
    auto it = bindings.values.find(&d);
    if (it == bindings.values.end())
      throw EvalError("'" + d.name + "' has no value");
    return it->second;
  }
  case ast::Decl::Kind::State: {
    auto idx = prog.stateIndex.find(&d);
    std::lock_guard<std::mutex> guard(mu);
    if (idx == prog.stateIndex.end() || !states.count(idx->second))
      throw EvalError("state '" + d.name + "' is not tracked");
    return states[idx->second];
  }
  case ast::Decl::Kind::Decision: {
    std::lock_guard<std::mutex> guard(mu);
    auto it = decisions.find(d.name);
    if (it == decisions.end())
      throw EvalError("decision '" + d.name + "' has not been taken in this run");
    return it->second;
  }
  case ast::Decl::Kind::Probe:
    return probeRecord(llvm::cast<ast::ProbeDecl>(d), Value());
  case ast::Decl::Kind::Capture:
    return capturedValue(llvm::cast<ast::CaptureDecl>(d));
  case ast::Decl::Kind::Action:
  case ast::Decl::Kind::Host:
  case ast::Decl::Kind::ActionParam:
  case ast::Decl::Kind::Scenario:
  case ast::Decl::Kind::Module:
  case ast::Decl::Kind::Procedure:
    break;
  }
  throw EvalError("'" + d.name + "' is not a value");
}

Value Run::probeRecord(const ast::ProbeDecl &probe, const Value &args) {
  {
    std::lock_guard<std::mutex> guard(mu);
    auto it = probeCache.find(probeKey(prog.probeName(probe), args));
    if (it != probeCache.end() && it->second.epoch == phaseEpoch)
      return it->second.record;
  }
  // Not observed yet in this phase: observe it now, recorded at the step that needs it.
  return runProbe(probe, args, currentNode, "condition").record;
}

void Run::bindProbeArgs(const ast::ProbeDecl &probe, const Value &args) {
  for (size_t i = 0; i < probe.params.size(); ++i) {
    const ast::CaptureDecl &param = *probe.params[i];
    loopValues()[&param] = args.is_array() && i < args.size() ? args[i]
                           : param.defaultValue ? evaluate(*param.defaultValue, topFrame())
                                                : Value();
  }
}

Value Run::stepProbeArgs(const std::vector<ast::ExprPtr> *args) {
  if (!args || args->empty())
    return Value();
  Value out = Value::array();
  for (const ast::ExprPtr &a : *args)
    out.push_back(evaluate(*a, topFrame()));
  return out;
}

// A `run` or `manual` step's label with its placeholders filled in, as the operator reads it:
// `run "echo restoring db1"`, not `run "echo restoring {host}"`. Shortened as the compiler
// shortens labels; the label itself when its text cannot be evaluated here.
std::string Run::shownLabel(const Node &node) {
  const ast::Expr *text = nullptr;
  const char *kind = nullptr;
  if (auto *r = llvm::dyn_cast_or_null<ast::RunStep>(node.step)) {
    text = r->command.get();
    kind = "run \"";
  } else if (auto *m = llvm::dyn_cast_or_null<ast::ManualStep>(node.step)) {
    text = m->text.get();
    kind = m->kind == ast::Step::Kind::Verify ? "verify \"" : "manual \"";
  }
  auto *str = llvm::dyn_cast_or_null<ast::StringExpr>(text);
  if (!str || str->isPlain())
    return node.label;
  try {
    std::string filled = interpolate(*text, topFrame(), Quoting::None);
    if (filled.size() > 46)
      filled = filled.substr(0, 43) + "...";
    return kind + filled + "\"";
  } catch (const std::exception &) {
    return node.label;
  }
}

ProbeSettings Run::probeSettings(const ast::ProbeDecl &probe, const char *reason,
                                 const Frame &frame) {
  ProbeSettings settings;
  if (auto it = prog.aggregateFields.find(&probe); it != prog.aggregateFields.end())
    settings.aggregateFields = it->second;
  // A wait's polls show on its one updating line, not as each poll's raw output.
  bool polling = std::strcmp(reason, "wait") == 0;
  // A secret output is not known until the command has finished: nothing is shown live.
  bool quiet = polling || hasSecretOutput(probe.outputs);
  settings.onLine = [this, quiet, name = prog.probeName(probe)](OutputStream,
                                                                llvm::StringRef line) {
    if (!quiet)
      display.output(line.str(), name); // Display redacts everything it prints
  };
  settings.addSecret = [this, &probe](const std::string &pw) {
    redactor.addSecret(prog.probeName(probe) + ".dsn", pw);
  };
  addEnv(prog.root().env, frame, settings.environment);
  addEnv(probe.env, frame, settings.environment);
  return settings;
}

// An observation as the journal keeps it: without the verdict fields, long texts as excerpts
// (outputs/ keeps the whole text).
static nlohmann::json journaled(const Value &record) {
  nlohmann::json shown = record;
  shown.erase("ok");
  shown.erase("failed");
  for (const char *field : {"body", "stdout", "stderr"})
    if (shown.contains(field) && shown[field].is_string() &&
        shown[field].get_ref<const std::string &>().size() > 2048)
      shown[field] = shown[field].get<std::string>().substr(0, 2048) + "...";
  return shown;
}

ProbeObservation Run::runProbe(const ast::ProbeDecl &probe, const Value &givenArgs,
                               const std::string &node, const char *reason) {
  // Bound in this thread, where the probe's options are evaluated. Observations are named by
  // the arguments as written, so a condition finds the step's observation.
  bindProbeArgs(probe, givenArgs);
  std::string key = probeKey(prog.probeName(probe), givenArgs);
  if (dryRun) {
    // A dry run runs nothing, probes included, whatever asks for an observation.
    ProbeObservation none;
    none.kind = prog.probeName(probe);
    none.record = {{"verdict", "not observed (dry run)"}};
    std::string unused; // stand-ins for its outputs, which a dry run cannot read
    none.captured = captureProbeOutputs(probe, none.record, unused);
    return none;
  }
  Frame frame = topFrame();
  ProbeObservation o = observe(probe, frame, probeSettings(probe, reason, frame));
  // Outputs are read, and a secret one registered, before anything of the observation is
  // recorded or shown.
  std::string unread;
  if (o.ok && !probe.outputs.empty())
    o.captured = captureProbeOutputs(probe, o.record, unread);
  if (!unread.empty()) {
    o.ok = false;
    o.record["ok"] = false;
    o.record["failed"] = true;
  }
  nlohmann::json payload = {{"probe", prog.probeName(probe)},
                            {"probe_kind", o.kind},
                            {"target", o.target},
                            {"observed", journaled(o.record)},
                            {"verdict", o.record.contains("error") ? "error"
                                        : o.ok                     ? "ok"
                                                                   : "failed"},
                            {"duration_ms", o.durationMs},
                            {"reason", reason}};
  if (probe.expect)
    payload["expect"] = sourceText(probe.expect->range);
  if (!o.expectError.empty())
    payload["expect_error"] = o.expectError;
  if (!probe.params.empty() && givenArgs.is_array())
    payload["args"] = givenArgs;
  if (!unread.empty())
    payload["capture_error"] = unread;
  if (!o.captured.is_null())
    payload["captured"] = o.captured;
  if (o.output.size() > 2048)
    payload["output"] = saveOutput(node, prog.probeName(probe), o.output);
  record(node, "probe", payload, /*sync=*/false);
  {
    std::lock_guard<std::mutex> guard(mu);
    probeCache[key] = {phaseEpoch, o.record};
  }
  return o;
}

/// Every string in `v`, redacted; a number that shows a secret (a PIN in a JSON body) becomes
/// the redacted text.
static void redactJson(nlohmann::json &v, Redactor &r) {
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (r.redactInPlace(s))
      v = s;
  } else if (v.is_number()) {
    std::string s = v.dump();
    if (r.redactInPlace(s))
      v = s;
  } else if (v.is_structured()) {
    for (auto &item : v)
      redactJson(item, r);
    if (v.is_object()) {
      // Keys may hold text too (a JSON body echoed back).
      nlohmann::json renamed = nlohmann::json::object();
      bool changed = false;
      for (auto &item : v.items()) {
        std::string key = item.key();
        changed |= r.redactInPlace(key);
        renamed[key] = item.value();
      }
      if (changed)
        v = std::move(renamed);
    }
  }
}

void Run::barrier() {
  if (dryRun || !journal)
    return;
  if (llvm::Error err = journal->sync())
    throw StopRun("error", "cannot record the run: " + llvm::toString(std::move(err)), ExitStorage);
}

JournalEvent Run::record(const std::string &node, const std::string &kind, nlohmann::json payload,
                         bool sync) {
  holdIfInterrupted();
  redactJson(payload, redactor);
  if (dryRun || !journal)
    return {};
  llvm::Expected<JournalEvent> e = journal->append(redact(node), kind, payload, sync);
  if (!e)
    throw StopRun("error", "cannot record the run: " + llvm::toString(e.takeError()), ExitStorage);
  std::lock_guard<std::mutex> guard(rtoLock);
  rto.add(*e);
  return *e;
}

int64_t Run::recordEnd(const std::string &node, nlohmann::json payload) {
  int64_t measured = 0;
  if (journal) {
    std::lock_guard<std::mutex> guard(rtoLock);
    measured = rto.measuredMs(formatTimestamp(std::chrono::system_clock::now()));
  }
  payload["rto_measured_ms"] = measured;
  payload["redactions"] = redactor.count();
  record(node, "end", std::move(payload));
  return measured;
}

EdgeId Run::edge(NodeId n, EdgeKind k, const std::string *label) const {
  for (EdgeId e : g.out(n))
    if (g.edges[e].kind == k && (!label || g.edges[e].label == *label))
      return e;
  return NoId;
}

EdgeId Run::onlyEdge(NodeId n) const {
  llvm::ArrayRef<EdgeId> out = g.out(n);
  return out.empty() ? NoId : out.front();
}

NodeId Run::transition(NodeId n, EdgeId e, const std::string &kind, nlohmann::json payload) {
  if (e == NoId)
    throw StopRun("error", "step '" + g.nodes[n].id + "' has no way on; the plan is incomplete",
                  ExitInternal);
  const Edge &edge = g.edges[e];
  payload["next"] = g.nodes[edge.to].id;
  payload["edge"] = spelling(edge.kind);
  if (!edge.label.empty())
    payload["label"] = edge.label;
  if (!payload.contains("step"))
    payload["step"] = g.nodes[n].label;
  record(g.nodes[n].id, kind, std::move(payload), /*sync=*/false);
  return edge.to;
}

nlohmann::json Run::saveOutput(const std::string &node, const std::string &what,
                               const std::string &text) {
  std::string redacted = redact(text);
  nlohmann::json d = {{"bytes", redacted.size()}};
  if (dryRun || proofDir.empty())
    return d;
  unsigned n = ++outputCounter;
  std::string name;
  for (char c : node + "-" + what)
    name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  if (name.size() > 80)
    name = name.substr(0, 80);
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%04u-", n);
  std::string rel = std::string(proof_files::Outputs) + "/" + prefix + name + ".txt";
  if (llvm::Error err = writeFileDurably(proofDir + "/" + rel, redacted, 0600))
    throw StopRun("error", "cannot save output: " + llvm::toString(std::move(err)), ExitStorage);
  d["file"] = rel;
  d["sha256"] = sha256Hex(redacted);
  return d;
}

NodeId Run::replayed(NodeId n, const nlohmann::json &event) {
  if (event.contains("effects") && event["effects"].is_object())
    for (const auto &item : event["effects"].items())
      for (unsigned i = 0; i < g.states.size(); ++i)
        if (g.states[i].name == item.key())
          setState(i, item.value());
  if (event.contains("captured"))
    restoreCaptures(event["captured"]);
  if (event.value("kind", "") == "decision" && event.contains("decision")) {
    std::lock_guard<std::mutex> guard(mu);
    decisions[event["decision"].get<std::string>()] = event["value"];
  }
  if (g.nodes[n].kind == NodeKind::PhaseEntry) {
    std::lock_guard<std::mutex> guard(mu);
    ++phaseEpoch;
  }
  NodeId next = prog.node(event.value("next", ""));
  if (next == NoId)
    throw StopRun("error",
                  "the journal names a next step '" + event.value("next", "") +
                      "' that is not in the plan",
                  ExitProblems);
  return next;
}

NodeId Run::walk(NodeId n, NodeId stop, Walk &w) {
  while (n != NoId && n != stop) {
    const Node &node = g.nodes[n];
    if (!w.branchPrefix.empty() && !llvm::StringRef(node.id).startswith(w.branchPrefix))
      return n; // a failure path leaving the parallel branch
    if (isTerminal(node.kind))
      return n;
    n = visit(n, w);
  }
  return n;
}

NodeId Run::skip(NodeId n) {
  const Node &node = g.nodes[n];
  EdgeId e = edge(n, EdgeKind::Ok);
  if (e == NoId)
    e = edge(n, EdgeKind::Next);
  if (!dryRun)
    display.info("skipped (--phases): " + node.label);
  return transition(n, e, "skip", {{"reason", "phase-not-selected"}});
}

NodeId Run::visitPhase(NodeId n, Walk &w) {
  const Node &node = g.nodes[n];
  const char *name = ast::spelling(static_cast<ast::PhaseKind>(node.phase));
  {
    std::lock_guard<std::mutex> guard(mu);
    ++phaseEpoch;
  }
  w.skipping = !opts.phases.empty() &&
               std::find(opts.phases.begin(), opts.phases.end(), name) == opts.phases.end();
  if (w.skipping) {
    display.phase(node.label + " (skipped)");
    return transition(n, onlyEdge(n), "skip", {{"phase", name}, {"reason", "phase-not-selected"}});
  }
  display.phase(node.label);
  if (node.scenario >= 0 && g.scenarios[node.scenario].rtoMs)
    display.objective(*g.scenarios[node.scenario].rtoMs);
  nlohmann::json payload = {{"phase", name}};
  if (node.scenario >= 0)
    payload["scenario"] = g.scenarios[node.scenario].name;
  return transition(n, onlyEdge(n), "phase", std::move(payload));
}

NodeId Run::visitFork(NodeId n, Walk &w) {
  const Node &fork = g.nodes[n];
  NodeId join = fork.partner;
  std::string at = fork.id.substr(0, fork.id.rfind(':'));
  std::vector<EdgeId> branches;
  nlohmann::json targets = nlohmann::json::array();
  for (EdgeId e : g.out(n)) {
    branches.push_back(e);
    targets.push_back(g.nodes[g.edges[e].to].id);
  }
  if (!replay.count(fork.id))
    record(fork.id, "fork", {{"branches", targets}, {"step", fork.label}});
  std::vector<NodeId> ends(branches.size(), NoId);
  std::vector<std::exception_ptr> errors(branches.size());
  LoopValues bound = loopValues(); // a branch's thread starts with the loops it is in
  auto runBranch = [&](size_t i) {
    loopValues() = bound;
    Walk inner = w;
    inner.branchPrefix = at + "/branch." + std::to_string(g.edges[branches[i]].aux) + "/";
    try {
      NodeId first = g.edges[branches[i]].to;
      ends[i] = first == join ? join : walk(first, join, inner);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  };
  // Skipped phases and dry runs run nothing, so their branches go one after another.
  if (w.skipping || dryRun || branches.size() < 2) {
    for (size_t i = 0; i < branches.size(); ++i)
      runBranch(i);
  } else {
    std::vector<std::thread> threads;
    int beside = static_cast<int>(branches.size()) - 1;
    op.questions().branches(beside);
    for (size_t i = 0; i < branches.size(); ++i)
      threads.emplace_back(runBranch, i);
    for (std::thread &t : threads)
      t.join();
    op.questions().branches(-beside);
  }
  for (std::exception_ptr &e : errors)
    if (e)
      std::rethrow_exception(e);
  for (NodeId end : ends)
    if (end != join)
      return end; // the first branch that left the parallel decides where the run goes
  return join;
}

NodeId Run::visitReplayed(NodeId n, Walk &w, const nlohmann::json &record) {
  NodeKind kind = g.nodes[n].kind;
  if (kind == NodeKind::PhaseEntry)
    w.skipping = record.value("kind", "") == "skip";
  if (kind == NodeKind::Fork)
    return visitFork(n, w);
  return replayed(n, record);
}

NodeId Run::visit(NodeId n, Walk &w) {
  const Node &node = g.nodes[n];
  currentNode = node.id;
  if (auto it = replay.find(node.id); it != replay.end())
    return visitReplayed(n, w, it->second);
  if (w.skipping && skippable(node.kind))
    return skip(n);
  if (observes(node.kind))
    barrier();
  switch (node.kind) {
  case NodeKind::PhaseEntry:
    return visitPhase(n, w);
  case NodeKind::Fork:
    return visitFork(n, w);
  case NodeKind::Finally:
  case NodeKind::Handler:
    display.info("-> " + node.label);
    [[fallthrough]];
  case NodeKind::Join:
  case NodeKind::ParallelJoin:
    return transition(n, onlyEdge(n), eventKind(node.kind), nlohmann::json::object());
  case NodeKind::Check:
  case NodeKind::Must:
    return visitProbes(n);
  case NodeKind::Action:
    return visitAction(n);
  case NodeKind::Manual:
  case NodeKind::Verify:
    return visitManual(n);
  case NodeKind::Note:
    return visitNote(n);
  case NodeKind::Decision:
    return visitDecision(n);
  case NodeKind::Branch:
    return visitBranch(n);
  case NodeKind::Wait:
    return visitWait(n);
  case NodeKind::Ask:
    return visitAsk(n);
  case NodeKind::Call:
    return visitCall(n);
  case NodeKind::Start:
  case NodeKind::Pass:
  case NodeKind::Fail:
  case NodeKind::Abort:
  case NodeKind::Escalate:
    break;
  }
  return NoId;
}

} // namespace drbook::run
