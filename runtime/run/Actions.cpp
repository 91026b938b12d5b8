//===- Actions.cpp - Running an action: commands, retries, effects ---------===//
//
// An action's clauses are resolved for the call (arguments bound, `match`/`if` on them
// chosen, commands interpolated with every value shell-quoted), `requires` is checked, a
// destructive action is confirmed, and then its commands run one after another in their own
// process groups. `timeout` bounds one attempt of the whole action; `retries` repeats the
// attempt from the command that failed, after a growing pause. Effects apply on success.
//
//===----------------------------------------------------------------------===//
#include "Hosts.h"
#include "RunContext.h"
#include "drbook/basic/Duration.h"
#include "drbook/exec/ProcessTree.h"

#include "llvm/ADT/StringExtras.h"

#include <thread>

namespace drbook::run {

using namespace drbook::graph;

namespace {

/// An action call resolved for this run.
struct ActionCall {
  std::string name, title;
  bool destructive = false, idempotent = false;
  std::vector<std::string> commands;
  int64_t timeoutMs = 0;
  int64_t retries = 0;
  std::vector<const ast::Expr *>
  requires;
  std::vector<const ast::Effect *> effects;
  ActionArgs args;
  /// The outputs the action captures from its last command.
  const std::vector<ast::CapturePtr> *outputs = nullptr;
  /// The variables its commands get: the runbook's `env`, then the action's own.
  std::vector<std::pair<std::string, std::string>> env;
  /// Where (`on HOST`) and as whom its commands run.
  Placement place;
  bool secretOutputs() const { return outputs && hasSecretOutput(*outputs); }
};

void resolveClauses(const std::vector<ast::ActionClause> &clauses, const Frame &f,
                    ActionCall &call) {
  for (const ast::ActionClause &c : clauses) {
    switch (c.kind) {
    case ast::ActionClause::Kind::Run:
      call.commands.push_back(interpolate(*c.expr, f, Quoting::Shell));
      break;
    case ast::ActionClause::Kind::Requires:
      call.requires
      .push_back(c.expr.get());
      break;
    case ast::ActionClause::Kind::Effects:
      for (const ast::Effect &e : c.effects)
        call.effects.push_back(&e);
      break;
    case ast::ActionClause::Kind::Timeout:
      call.timeoutMs = evaluate(*c.expr, f).get<int64_t>();
      break;
    case ast::ActionClause::Kind::Retries:
      call.retries = evaluate(*c.expr, f).get<int64_t>();
      break;
    case ast::ActionClause::Kind::Covers: // what the verifier counts it guarding
      break;
    case ast::ActionClause::Kind::Match: {
      std::string subject = formatValue(evaluate(*c.expr, f), c.expr->type);
      const ast::ActionClause::Arm *chosen = nullptr;
      for (const auto &arm : c.arms) {
        if (std::find(arm.values.begin(), arm.values.end(), subject) != arm.values.end()) {
          chosen = &arm;
          break;
        }
        if (arm.wildcard && !chosen)
          chosen = &arm;
      }
      if (chosen)
        resolveClauses(chosen->clauses, f, call);
      break;
    }
    case ast::ActionClause::Kind::If: {
      bool holds = evaluateCondition(*c.expr, f);
      if (holds && !c.arms.empty())
        resolveClauses(c.arms[0].clauses, f, call);
      else if (!holds && c.arms.size() > 1)
        resolveClauses(c.arms[1].clauses, f, call);
      break;
    }
    }
  }
}

/// The commands as the operator is shown them: secrets redacted.
std::vector<std::string> shownCommands(Run &run, const ActionCall &call) {
  std::vector<std::string> shown;
  for (const std::string &command : call.commands)
    shown.push_back(run.redact(command));
  return shown;
}

ActionCall resolveCall(const Node &node, const StepGraph &g, Frame top, const ast::Module &root) {
  ActionCall call;
  addEnv(root.env, top, call.env);
  if (auto *run = llvm::dyn_cast<ast::RunStep>(node.step)) {
    call.name = "run";
    call.title = node.label;
    call.destructive = run->destructive;
    call.idempotent = run->idempotent;
    call.commands.push_back(interpolate(*run->command, top, Quoting::Shell));
    if (run->timeout)
      call.timeoutMs = evaluate(*run->timeout, top).get<int64_t>();
    if (run->retries)
      call.retries = evaluate(*run->retries, top).get<int64_t>();
    call.place =
        placeCommands(llvm::dyn_cast_or_null<ast::HostDecl>(run->host.decl), nullptr, nullptr, top);
    return call;
  }
  auto &doStep = llvm::cast<ast::DoStep>(*node.step);
  const ActionInfo &info = g.actions.at(node.action);
  const ast::ActionDecl &decl = *info.decl;
  call.name = info.name;
  call.title = info.title;
  call.destructive = info.destructive;
  call.idempotent = info.idempotent;
  for (size_t i = 0; i < decl.params.size(); ++i) {
    const ast::ActionParamDecl &param = *decl.params[i];
    if (i < doStep.args.size()) {
      call.args[&param] = evaluate(*doStep.args[i], top);
    } else if (param.defaultValue) {
      Frame inner = top;
      inner.args = &call.args;
      call.args[&param] = evaluate(*param.defaultValue, inner);
    } else {
      throw EvalError("no value for parameter '" + param.name + "' of " + info.name);
    }
  }
  Frame inner = top;
  inner.args = &call.args;
  resolveClauses(decl.clauses, inner, call);
  addEnv(decl.env, inner, call.env);
  call.outputs = &decl.outputs;
  const ast::Decl *host = doStep.host.decl ? doStep.host.decl : decl.host.decl;
  call.place = placeCommands(llvm::dyn_cast_or_null<ast::HostDecl>(host), decl.user.get(),
                             decl.workdir.get(), inner);
  return call;
}

} // namespace

nlohmann::json Run::capturedOutput(const std::string &node, const std::string &what,
                                   const CapturedOutput &out) {
  std::string text = out.text();
  if (text.empty())
    return {{"bytes", 0}, {"excerpt", ""}, {"total_bytes", 0}};
  nlohmann::json d = saveOutput(node, what, text);
  std::string redacted = redact(text);
  d["excerpt"] = redacted.size() > 2048 ? redacted.substr(0, 1024) + "\n...\n" +
                                              redacted.substr(redacted.size() - 1024)
                                        : redacted;
  d["total_bytes"] = out.totalBytes;
  return d;
}

namespace {

/// Applies the effects of a completed call; returns them as recorded. Throws on an effect
/// that cannot be evaluated.
nlohmann::json applyEffects(Run &run, const ActionCall &call, const Frame &inner) {
  nlohmann::json effects = nlohmann::json::object();
  for (const ast::Effect *e : call.effects) {
    if (e->when && !evaluateCondition(*e->when, inner))
      continue;
    unsigned idx = run.prog.stateIndex.at(e->state.decl);
    Value v = evaluate(*e->value, inner);
    run.setState(idx, v);
    effects[run.g.states[idx].name] = v;
  }
  return effects;
}

/// Stops the run when a question went unanswered.
void requireReply(Run &run, const Reply &r, const Node &node, const std::string &question,
                  const std::string &missing) {
  if (r.answered())
    return;
  run.record(node.id, r.status == Reply::Status::EndOfInput ? "operator-abort" : "unanswered",
             {{"step", node.label}, {"question", question}});
  if (r.status == Reply::Status::EndOfInput)
    throw StopRun("aborted",
                  "input ended at '" + node.label + "' (" + node.id + "); the run stops here");
  throw StopRun("stopped", missing);
}

/// The questions asked before commands run: whether to run again a step that was running
/// when the run stopped, and the confirmation of a destructive action. Returns the next node
/// when the answer settles the step without running it.
std::optional<NodeId> askFirst(Run &run, NodeId n, const ActionCall &call, const Frame &inner) {
  const Node &node = run.g.nodes[n];
  bool inFlight = run.inFlight.count(node.id);
  if (inFlight && call.idempotent)
    run.display.info("re-running " + node.label +
                     " (idempotent; it was running when the run stopped)");
  if (inFlight && !call.idempotent) {
    run.display.pause();
    Reply r = run.op.resumeInFlight(node.id, node.label);
    requireReply(run, r, node, "resume in-flight step",
                 "the answers file does not say whether to re-run '" + node.label + "' (" +
                     node.id + "), which was running when the run stopped");
    run.record(node.id, "operator",
               {{"text", "re-run " + node.label + ", which was running when the run stopped?"},
                {"answer", r.value},
                {"answer_source", r.by},
                {"actor", r.actor}});
    if (r.value == "abort")
      throw StopRun("aborted", "the operator stopped at '" + node.label + "' on resume");
    if (r.value == "skip")
      return run.transition(n, run.edge(n, EdgeKind::Ok), "action-end",
                            {{"verdict", "ok"},
                             {"action", call.name},
                             {"reason", "completed before the run stopped (operator)"},
                             {"effects", applyEffects(run, call, inner)}});
  }
  if (!call.destructive)
    return std::nullopt;
  run.display.pause();
  auto asked = std::chrono::steady_clock::now();
  Reply r = run.op.confirmDestructive(node.id, call.name, call.title, shownCommands(run, call));
  requireReply(run, r, node, "confirm destructive action",
               "the answers file does not confirm destructive action '" + call.name +
                   "' at step '" + node.label + "' (" + node.id +
                   "); add it under \"confirm\" or run with --yes");
  run.record(node.id, "operator",
             {{"text", "run destructive action " + call.name + "?"},
              {"answer", r.value == "yes" ? "confirmed" : "declined"},
              {"answer_source", r.by},
              {"actor", r.actor},
              {"waited_ms", elapsedMs(asked)}});
  if (r.value == "yes")
    return std::nullopt;
  run.display.result(false, run.shownLabel(node) + ": refused by " + r.actor);
  return run.transition(
      n, run.edge(n, EdgeKind::Failure), "action-end",
      {{"verdict", "failed"}, {"action", call.name}, {"reason", "refused by " + r.actor}});
}

/// Runs command `index` of the call with at most `leftMs` (0: no limit); records it. The
/// last command's output is where the outputs are read from, into `captured`, before
/// anything of it is recorded, so that a secret output is redacted there too.
bool runCommand(Run &run, const Node &node, const ActionCall &call, size_t index, int attempt,
                int64_t leftMs, std::string &error, nlohmann::json &captured) {
  ProcessRequest req;
  KeyFile key; // a secret ssh identity, for as long as the command runs
  placeRequest(call.place, call.commands[index], call.env, key, req);
  req.mark = processMarkPrefix() + node.id; // found by --resume if this drbook is killed
  req.timeout = std::chrono::milliseconds(leftMs);
  // A secret output is not known until the command has finished: nothing is shown live.
  if (!call.secretOutputs())
    req.onLine = [&run](OutputStream, llvm::StringRef line) {
      run.display.output(line.str()); // Display redacts everything it prints
    };
  std::string where = call.place.host ? call.place.host->name : "";
  if (!call.place.user.empty())
    where += (where.empty() ? "as " : " as ") + call.place.user;
  run.display.info("$ " + call.commands[index] + (where.empty() ? "" : "   (" + where + ")"));
  llvm::Expected<ProcessResult> res = runProcess(req);
  nlohmann::json ev = {{"action", call.name == "run" ? "" : call.name},
                       {"command", call.commands[index]},
                       {"attempt", attempt},
                       {"index", index}};
  ev.update(call.place.describe());
  if (!res) {
    error = llvm::toString(res.takeError());
    ev["error"] = error;
    ev["verdict"] = "failed";
    run.record(node.id, "action", ev, /*sync=*/false);
    return false;
  }
  ev["exit"] = res->exitCode;
  ev["signal"] = res->signal;
  ev["timed_out"] = res->timedOut;
  ev["killed"] = res->killed;
  ev["duration_ms"] = res->duration.count();
  bool good = !res->timedOut && res->exitCode == 0;
  std::string unread;
  if (good && call.outputs && !call.outputs->empty() && index + 1 == call.commands.size())
    captured = run.captureOutputs(*call.outputs, res->out, res->err, unread);
  std::string tag = "cmd" + std::to_string(index) + "-try" + std::to_string(attempt);
  ev["stdout"] = run.capturedOutput(node.id, tag + "-stdout", res->out);
  ev["stderr"] = run.capturedOutput(node.id, tag + "-stderr", res->err);
  if (!unread.empty()) {
    good = false;
    ev["capture_error"] = unread;
  }
  ev["verdict"] = good ? "ok" : "failed";
  run.record(node.id, "action", ev, /*sync=*/false);
  std::string ssh =
      res->exitCode == 255 && !res->timedOut ? sshFailure(call.place, res->err.text()) : "";
  if (!unread.empty())
    error = unread;
  else if (!ssh.empty())
    error = ssh;
  else if (!good)
    error = res->timedOut
                ? "timed out after " + formatDuration(call.timeoutMs)
                : "exit " + std::to_string(res->exitCode) +
                      (res->signal ? " (signal " + std::to_string(res->signal) + ")" : "");
  return good;
}

/// Runs the call's commands, attempt after attempt; returns whether one attempt completed.
bool runAttempts(Run &run, const Node &node, const ActionCall &call, int &attempts,
                 std::string &error, nlohmann::json &captured) {
  size_t from = 0; // a retry starts again at the command that failed
  for (attempts = 1;; ++attempts) {
    bool ok = true;
    auto started = std::chrono::steady_clock::now();
    while (ok && from < call.commands.size()) {
      int64_t left = 0;
      if (call.timeoutMs > 0 && (left = call.timeoutMs - elapsedMs(started)) <= 0) {
        error = "timed out after " + formatDuration(call.timeoutMs);
        ok = false;
      } else if (runCommand(run, node, call, from, attempts, left, error, captured)) {
        ++from;
      } else {
        ok = false;
      }
    }
    if (ok || attempts > call.retries)
      return ok;
    int64_t pause = std::min<int64_t>(30000, 1000LL << std::min(attempts - 1, 5));
    run.display.info("attempt " + std::to_string(attempts) + " failed (" + error +
                     "); retrying in " + formatDuration(pause));
    std::this_thread::sleep_for(std::chrono::milliseconds(pause));
  }
}

} // namespace

/// A dry run shows the commands, and goes on with stand-ins for the outputs and with the
/// effects applied, as if the action had succeeded.
static NodeId dryRunAction(Run &run, NodeId n, const ActionCall &call, const Frame &inner) {
  for (const std::string &c : call.commands)
    run.display.info((call.destructive ? "would run (destructive): " : "would run: ") + c);
  std::string unused;
  if (call.outputs)
    run.captureOutputs(*call.outputs, {}, {}, unused);
  try {
    applyEffects(run, call, inner);
  } catch (const std::exception &) {
  }
  return run.g.edges[run.edge(n, EdgeKind::Ok)].to;
}

/// The failure path of an action whose `requires` does not hold at run time, if one does not.
static std::optional<NodeId> unmetRequirement(Run &run, NodeId n, const ActionCall &call,
                                              const Frame &inner) {
  for (const ast::Expr *req : call.requires) {
    bool holds = false;
    std::string why;
    try {
      holds = run.dryRun || evaluateCondition(*req, inner);
    } catch (const EvalError &err) {
      why = std::string(": ") + err.what();
    }
    if (holds)
      continue;
    std::string text = sourceText(req->range);
    run.display.result(false, run.g.nodes[n].label + ": requires " + text + " does not hold" + why);
    return run.transition(n, run.edge(n, EdgeKind::Failure), "action-end",
                          {{"verdict", "failed"},
                           {"action", call.name},
                           {"reason", "requires " + text + " does not hold" + why},
                           {"states", run.stateSnapshot()}});
  }
  return std::nullopt;
}

NodeId Run::visitAction(NodeId n) {
  const Node &node = g.nodes[n];
  display.step(shownLabel(node));
  Frame top = topFrame();
  ActionCall call;
  try {
    call = resolveCall(node, g, top, prog.root());
  } catch (const std::exception &err) {
    display.result(false, shownLabel(node) + ": " + err.what());
    return transition(
        n, edge(n, EdgeKind::Failure), "action-end",
        {{"verdict", "failed"}, {"reason", std::string("cannot prepare: ") + err.what()}});
  }
  Frame inner = top;
  inner.args = &call.args;
  if (std::optional<NodeId> refused = unmetRequirement(*this, n, call, inner))
    return *refused;
  if (dryRun)
    return dryRunAction(*this, n, call, inner);
  if (std::optional<NodeId> settled = askFirst(*this, n, call, inner))
    return *settled;
  record(node.id, "action-start",
         {{"action", call.name},
          {"title", call.title},
          {"commands", call.commands},
          {"destructive", call.destructive},
          {"idempotent", call.idempotent},
          {"timeout_ms", call.timeoutMs},
          {"retries", call.retries},
          {"placement", call.place.describe()}});
  int attempts = 0;
  std::string error;
  nlohmann::json captured;
  auto began = std::chrono::steady_clock::now();
  bool ok = runAttempts(*this, node, call, attempts, error, captured);
  int64_t took = elapsedMs(began);
  nlohmann::json effects = nlohmann::json::object();
  if (ok) {
    try {
      effects = applyEffects(*this, call, inner);
    } catch (const std::exception &err) {
      ok = false;
      error = std::string("cannot apply effects: ") + err.what();
    }
  }
  display.result(ok, shownLabel(node) + (ok ? "" : ": " + error));
  nlohmann::json payload = {{"verdict", ok ? "ok" : "failed"},
                            {"action", call.name},
                            {"attempts", attempts},
                            {"took_ms", took},
                            {"effects", effects}};
  if (!ok)
    payload["reason"] = error;
  if (ok && !captured.is_null())
    payload["captured"] = std::move(captured);
  recordEstimate(node, payload);
  return transition(n, edge(n, ok ? EdgeKind::Ok : EdgeKind::Failure), "action-end",
                    std::move(payload));
}

} // namespace drbook::run
