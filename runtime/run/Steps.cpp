//===- Steps.cpp - Checks, decisions, branches, manual steps and waits -----===//
#include "RunContext.h"

#include "drbook/ast/Walk.h"

#include "drbook/basic/Duration.h"
#include "drbook/proof/Timestamp.h"

#include "llvm/ADT/StringExtras.h"

#include <functional>
#include <set>
#include <thread>

namespace drbook::run {

/// The answer source of a decision a dry run takes without asking.
static const char *const DryRunFirstOption = "dry run: first option";

using namespace drbook::graph;

/// Stops the run when the operator cannot or did not answer.
static void requireAnswer(const Reply &r, const Node &node, const std::string &question) {
  if (r.status == Reply::Status::EndOfInput)
    throw StopRun("aborted",
                  "input ended at '" + node.label + "' (" + node.id + "); the run stops here");
  if (r.status == Reply::Status::Unanswered)
    throw StopRun("stopped",
                  "the answers file does not answer " + question + " at step '" + node.label +
                      "' (" + node.id + ")" +
                      (r.value.empty() ? "" : "; its answer '" + r.value + "' is not allowed"));
}

int64_t elapsedMs(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               since)
      .count();
}

/// `probe.field` paths read by the `when` arms up to `upTo`, with their current values.
nlohmann::json Run::decisionInputs(const ast::DecideStep &s, size_t upTo) {
  nlohmann::json inputs = nlohmann::json::object();
  Frame frame = topFrame();
  // A probe's field path is one input: its value is recorded and its parts are not looked
  // into; neither are calls (aggregates are read whole by the arm that calls them).
  auto visit = [&](const ast::Expr &e) {
    if (llvm::isa<ast::CallExpr>(e))
      return false;
    auto *f = llvm::dyn_cast<ast::FieldExpr>(&e);
    if (!f)
      return true;
    std::string path = recordFieldPath(e);
    const ast::Expr *base = f->base.get();
    while (auto *inner = llvm::dyn_cast<ast::FieldExpr>(base))
      base = inner->base.get();
    auto *name = llvm::dyn_cast<ast::NameExpr>(base);
    if (!name || !llvm::isa_and_nonnull<ast::ProbeDecl>(name->name.decl) || path.empty())
      return false;
    try {
      inputs[path] = evaluate(e, frame);
    } catch (const std::exception &) {
    }
    return false;
  };
  for (size_t i = 0; i < s.whens.size() && i <= upTo; ++i)
    if (s.whens[i].condition)
      ast::forEachSubExpr(*s.whens[i].condition, visit);
  return inputs;
}

/// A value as the operator reads it in one line: text of several lines as its last one,
/// anything else as JSON; at most 80 characters.
static std::string brief(const Value &v) {
  // One line shows as JSON, so that its trailing newline is seen (`stdout == "0"` does not
  // match "0\n"); several as the last of them.
  std::string text = v.dump();
  if (v.is_string()) {
    llvm::StringRef all = llvm::StringRef(v.get_ref<const std::string &>()).rtrim("\r\n");
    size_t newline = all.rfind('\n');
    if (newline != llvm::StringRef::npos)
      text = "last line \"" + all.drop_front(newline + 1).str() + "\"";
  }
  return text.size() > 80 ? text.substr(0, 77) + "..." : text;
}

/// The field `path` (`status`, `json.replicas`) of a probe's record, if it has it.
static const Value *recordField(const Value &record, llvm::StringRef path) {
  const Value *at = &record;
  llvm::SmallVector<llvm::StringRef, 4> parts;
  path.split(parts, '.');
  for (llvm::StringRef part : parts) {
    if (!at->is_object() || !at->contains(part.str()))
      return nullptr;
    at = &(*at)[part.str()];
  }
  return at;
}

/// Every field of the record that `cond` reads, as observed: `status 503, json.ready false`.
static std::string observedFields(const ast::Expr &cond, const Value &record) {
  std::vector<std::string> observed;
  std::set<std::string> seen;
  std::function<void(const ast::Expr &)> visit = [&](const ast::Expr &e) {
    if (llvm::isa<ast::NameExpr>(e) || llvm::isa<ast::FieldExpr>(e)) {
      std::string path = recordFieldPath(e);
      if (const Value *v = path.empty() ? nullptr : recordField(record, path))
        if (seen.insert(path).second)
          observed.push_back(path + " " + brief(*v));
    } else if (auto *b = llvm::dyn_cast<ast::BinaryExpr>(&e)) {
      visit(*b->lhs);
      visit(*b->rhs);
    } else if (auto *u = llvm::dyn_cast<ast::UnaryExpr>(&e)) {
      visit(*u->operand);
    }
  };
  visit(cond);
  return llvm::join(observed, ", ");
}

/// How much of a failed http probe's body is shown as evidence.
constexpr size_t EvidenceLines = 5, EvidenceLineChars = 160;

/// The start of a failed http probe's body, under its result: what the server said is the
/// evidence the operator needs (`{"status":"degraded","db":"timeout"}`). Display redacts.
void Run::showBody(const std::string &probe, const Value &record) {
  auto body = record.find("body");
  if (body == record.end() || !body->is_string())
    return;
  llvm::SmallVector<llvm::StringRef, 8> lines;
  llvm::StringRef(body->get_ref<const std::string &>()).split(lines, '\n', EvidenceLines);
  for (size_t i = 0; i < lines.size() && i < EvidenceLines; ++i) {
    llvm::StringRef line = lines[i];
    bool cut = line.size() > EvidenceLineChars || (i + 1 == EvidenceLines && lines.size() > i + 1);
    display.output(line.take_front(EvidenceLineChars).str() + (cut ? " ..." : ""), probe);
  }
}

/// Why a probe failed its `expect`, as the operator needs it at 03:00: the expectation and
/// every field of the record it reads, `expected status == 200; observed status 503`.
static std::string expectationDetail(const ast::ProbeDecl &probe, const Value &record) {
  std::string observed = observedFields(*probe.expect, record);
  return "expected " + sourceText(probe.expect->range) +
         (observed.empty() ? "" : "; observed " + observed);
}

std::vector<ProbeObservation> Run::observeAll(const std::vector<const ast::ProbeDecl *> &probes,
                                              const std::vector<Value> &args, const Node &node) {
  std::vector<ProbeObservation> seen(probes.size());
  if (probes.size() == 1)
    seen[0] = runProbe(*probes[0], args[0], node.id, eventKind(node.kind));
  if (probes.size() <= 1)
    return seen;
  // Probes only observe, so a check's probes run side by side.
  std::vector<std::thread> threads;
  std::vector<std::exception_ptr> errors(probes.size());
  for (size_t i = 0; i < probes.size(); ++i)
    threads.emplace_back([&, i] {
      try {
        seen[i] = runProbe(*probes[i], args[i], node.id, eventKind(node.kind));
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  for (std::thread &t : threads)
    t.join();
  for (auto &e : errors)
    if (e)
      std::rethrow_exception(e);
  return seen;
}

NodeId Run::visitProbes(NodeId n) {
  const Node &node = g.nodes[n];
  display.step(shownLabel(node));
  std::vector<const ast::ProbeDecl *> probes;
  std::vector<Value> args;
  auto *step = llvm::dyn_cast_or_null<ast::ProbeStep>(node.step);
  for (size_t i = 0; i < node.probes.size(); ++i) {
    probes.push_back(g.probes[node.probes[i]].decl);
    args.push_back(stepProbeArgs(step && i < step->args.size() ? &step->args[i] : nullptr));
  }
  if (dryRun) {
    for (size_t i = 0; i < probes.size(); ++i) {
      display.info("would observe probe " + probeKey(prog.probeName(*probes[i]), args[i]));
      // Observes nothing; stand-ins for its outputs.
      runProbe(*probes[i], args[i], node.id, eventKind(node.kind));
    }
    EdgeId e = node.gate ? edge(n, EdgeKind::Ok) : onlyEdge(n);
    return g.edges[e].to;
  }
  std::vector<ProbeObservation> seen = observeAll(probes, args, node);
  bool allOk = true;
  nlohmann::json results = nlohmann::json::object();
  for (size_t i = 0; i < probes.size(); ++i) {
    allOk &= seen[i].ok;
    const std::string name = probeKey(prog.probeName(*probes[i]), args[i]);
    results[name] = seen[i].ok ? "ok" : "failed";
    std::string detail = name + "  " + redact(seen[i].target);
    if (seen[i].record.contains("error"))
      detail += "  (" + redact(seen[i].record["error"].get<std::string>()) + ")";
    else if (!seen[i].ok && probes[i]->expect)
      detail += "  (" + redact(expectationDetail(*probes[i], seen[i].record)) + ")";
    else if (seen[i].record.contains("status"))
      detail += "  status " + seen[i].record["status"].dump();
    else if (seen[i].record.contains("exit"))
      detail += "  exit " + seen[i].record["exit"].dump();
    display.result(seen[i].ok, detail);
    if (!seen[i].ok)
      showBody(name, seen[i].record);
  }
  EdgeId e = node.gate ? edge(n, allOk ? EdgeKind::Ok : EdgeKind::Failure) : onlyEdge(n);
  nlohmann::json payload = {
      {"verdict", allOk ? "ok" : "failed"}, {"probes", results}, {"gate", node.gate}};
  // The outputs again with the step's completion, which is what a resumed run replays.
  for (const ProbeObservation &o : seen)
    if (o.captured.is_object())
      payload["captured"].update(o.captured);
  return transition(n, e, eventKind(node.kind), std::move(payload));
}

/// Where a decision's value came from, as the operator reads it: `rule`, `otherwise`,
/// `operator, terminal`, `operator, answers-file`, `first option, dry run`.
static std::string decisionSource(const nlohmann::json &payload) {
  std::string by = payload.value("by", std::string("rule"));
  if (by != "operator")
    return by;
  std::string source = payload.value("answer_source", std::string());
  if (source == DryRunFirstOption)
    return "first option, dry run";
  return "operator" + (source.empty() ? "" : ", " + source);
}

std::string Run::askDecision(NodeId n, const ast::DecideStep &s, nlohmann::json &payload) {
  const Node &node = g.nodes[n];
  std::vector<Choice> options;
  for (const ast::AskOption &o : s.askOptions)
    options.push_back({o.value, o.description});
  if (options.empty()) // a dry run over `when` arms: offer what the arms can choose
    for (EdgeId e : g.out(n))
      if (g.edges[e].kind == EdgeKind::Value)
        options.push_back({g.edges[e].label, ""});
  display.pause();
  Reply r = dryRun && !op.usesAnswersFile()
                ? Reply{Reply::Status::Answered, options[0].value, DryRunFirstOption, "", ""}
                : op.choose(node.id, s.name, s.askPrompt, options);
  if (!r.answered())
    record(node.id, r.status == Reply::Status::EndOfInput ? "operator-abort" : "unanswered",
           {{"decision", s.name}, {"step", node.label}});
  requireAnswer(r, node, "decision '" + s.name + "'");
  payload["by"] = "operator";
  payload["answer_source"] = r.by;
  payload["actor"] = r.actor;
  payload["options"] = nlohmann::json::array();
  for (const Choice &c : options)
    payload["options"].push_back(c.value);
  return r.value;
}

NodeId Run::visitDecision(NodeId n) {
  const Node &node = g.nodes[n];
  auto &s = llvm::cast<ast::DecideStep>(*node.step);
  display.step(shownLabel(node));
  std::optional<std::string> value;
  nlohmann::json payload = {{"decision", s.name}};
  Frame frame = topFrame();
  nlohmann::json errors = nlohmann::json::array();
  for (size_t i = 0; i < s.whens.size() && !value; ++i) {
    bool holds = false;
    if (dryRun)
      break;
    try {
      holds = evaluateCondition(*s.whens[i].condition, frame);
    } catch (const EvalError &err) {
      errors.push_back({{"arm", i}, {"error", err.what()}});
    }
    if (holds) {
      value = s.whens[i].value;
      payload["by"] = "rule";
      payload["arm"] = i;
      payload["rule"] = sourceText(s.whens[i].condition->range);
    }
  }
  if (!errors.empty())
    payload["errors"] = errors;
  if (!value && s.otherwise && !dryRun) {
    value = *s.otherwise;
    payload["by"] = "otherwise";
  }
  if (!value && (s.hasAsk || dryRun))
    value = askDecision(n, s, payload);
  if (!value) {
    display.result(false, "decide " + s.name + ": no condition holds");
    return transition(n, edge(n, EdgeKind::Failure), "decision", std::move(payload));
  }
  {
    std::lock_guard<std::mutex> guard(mu);
    decisions[s.name] = *value;
  }
  payload["value"] = *value;
  if (!dryRun)
    payload["inputs"] = decisionInputs(s, payload.value("arm", s.whens.size()));
  display.result(true, "decide " + s.name + " = " + *value + " (" + decisionSource(payload) + ")");
  return transition(n, edge(n, EdgeKind::Value, &*value), "decision", std::move(payload));
}

NodeId Run::visitBranch(NodeId n) {
  const Node &node = g.nodes[n];
  Frame frame = topFrame();
  nlohmann::json payload = nlohmann::json::object();
  try {
    if (!node.step) { // routing to the scenario detection chose
      std::string chosen = formatValue(declValue(*prog.decisions.at("scenario")), nullptr);
      payload["value"] = chosen;
      return transition(n, edge(n, EdgeKind::Value, &chosen), "branch", std::move(payload));
    }
    if (auto *s = llvm::dyn_cast<ast::IfStep>(node.step)) {
      bool holds = dryRun ? true : evaluateCondition(*s->condition, frame);
      payload["value"] = holds;
      return transition(n, edge(n, holds ? EdgeKind::Then : EdgeKind::Else), "branch",
                        std::move(payload));
    }
    if (auto *each = llvm::dyn_cast<ast::EachStep>(node.step))
      return visitElement(n, *each);
    auto &m = llvm::cast<ast::MatchStep>(*node.step);
    std::string subject = formatValue(evaluate(*m.subject, frame), m.subject->type);
    payload["value"] = subject;
    EdgeId wildcard = NoId;
    for (EdgeId e : g.out(n)) {
      const Edge &edge = g.edges[e];
      if (edge.kind != EdgeKind::Arm)
        continue;
      llvm::SmallVector<llvm::StringRef, 4> values;
      llvm::StringRef(edge.label).split(values, ',');
      for (llvm::StringRef v : values)
        if (v == subject)
          return transition(n, e, "branch", std::move(payload));
      if (edge.label == "_")
        wildcard = e;
    }
    return transition(n, wildcard != NoId ? wildcard : edge(n, EdgeKind::NoMatch), "branch",
                      std::move(payload));
  } catch (const EvalError &err) {
    record(node.id, "error", {{"step", node.label}, {"error", err.what()}});
    throw StopRun("failed", "cannot evaluate '" + node.label + "': " + err.what());
  } catch (const std::out_of_range &) {
    throw StopRun("failed", "no decision named 'scenario' was taken before routing");
  }
}

// A step written with `estimate`: what it was expected to take and its worst case, beside the
// measured time, so the proof can compare them.
void Run::recordEstimate(const Node &node, nlohmann::json &payload) {
  if (node.expectedMs < 0)
    return;
  payload["estimate_ms"] = node.expectedMs;
  payload["worst_ms"] = node.durationMs;
}

// An operator step's text with its placeholders filled in; as written when they cannot be.
std::string Run::operatorText(const ast::ManualStep &s) {
  try {
    return interpolate(*s.text, topFrame(), Quoting::None);
  } catch (const EvalError &) {
    return sourceText(s.text->range);
  }
}

NodeId Run::visitNote(NodeId n) {
  const Node &node = g.nodes[n];
  std::string text = operatorText(llvm::cast<ast::ManualStep>(*node.step));
  display.notice("note: " + text);
  if (dryRun)
    return g.edges[onlyEdge(n)].to;
  return transition(n, onlyEdge(n), "note", {{"text", text}});
}

// `manual` (done or failed) and `verify` (a verdict, yes or no): the operator's answer picks
// the edge, and the journal keeps who gave it, how, and how long it took.
NodeId Run::visitManual(NodeId n) {
  const Node &node = g.nodes[n];
  auto &s = llvm::cast<ast::ManualStep>(*node.step);
  bool verdict = node.kind == NodeKind::Verify;
  display.step(shownLabel(node));
  std::string text = operatorText(s);
  if (dryRun) {
    display.info((verdict ? "would ask the operator to verify: " : "would ask the operator: ") +
                 text);
    return g.edges[edge(n, EdgeKind::Ok)].to;
  }
  display.pause();
  auto asked = std::chrono::steady_clock::now();
  Reply r = verdict ? op.verify(node.id, text) : op.manual(node.id, text);
  if (!r.answered())
    record(node.id, r.status == Reply::Status::EndOfInput ? "operator-abort" : "unanswered",
           {{"text", text}, {"step", node.label}});
  requireAnswer(r, node, (verdict ? "verify step \"" : "manual step \"") + text + "\"");
  bool ok = r.value == (verdict ? "yes" : "done");
  display.result(ok, text + " (" + r.actor + ", " + r.by + ")");
  nlohmann::json payload = {{"text", text},
                            {"answer", verdict ? r.value
                                       : ok    ? "confirmed"
                                               : "declined"},
                            {"verdict", ok ? "ok" : "failed"},
                            {"answer_source", r.by},
                            {"actor", r.actor},
                            {"waited_ms", elapsedMs(asked)}};
  if (verdict)
    payload["validates"] = true;
  recordEstimate(node, payload);
  return transition(n, edge(n, ok ? EdgeKind::Ok : EdgeKind::Failure), "operator",
                    std::move(payload));
}

/// A wait's line on the status bar: `poll 3, 7 left; observed exists false`.
static std::string waitProgress(unsigned polls, std::chrono::steady_clock::time_point deadline,
                                int64_t every, const std::string &latest) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                  deadline - std::chrono::steady_clock::now())
                  .count();
  int64_t more = left <= 0 ? 0 : (left + every - 1) / every;
  return "poll " + std::to_string(polls) + ", " + std::to_string(more) + " left" +
         (latest.empty() ? "" : "; observed " + latest);
}

// Observes the probe every `every` until the wait's condition holds or `deadline` has passed,
// showing each poll on the status line.
WaitPolls Run::pollUntil(const Node &node, const ast::ProbeDecl &probe, const Frame &frame,
                         std::chrono::steady_clock::time_point deadline, int64_t every) {
  auto &s = llvm::cast<ast::WaitStep>(*node.step);
  WaitPolls w;
  for (;;) {
    ++w.polls;
    ProbeObservation o = runProbe(probe, stepProbeArgs(&llvm::cast<ast::WaitStep>(*node.step).args),
                                  node.id, "wait");
    Frame inner = frame;
    inner.fields = &o.record;
    try {
      w.ok = evaluateCondition(*s.until, inner);
    } catch (const EvalError &err) {
      w.why = err.what();
      w.ok = false;
    }
    w.latest = o.record.contains("error") && o.record["error"].is_string()
                   ? o.record["error"].get<std::string>()
                   : observedFields(*s.until, o.record);
    display.detail(waitProgress(w.polls, deadline, every, w.latest));
    if (w.ok)
      return w;
    auto now = std::chrono::steady_clock::now();
    if (now + std::chrono::milliseconds(every) > deadline) {
      if (now >= deadline)
        return w;
      // One last look at the deadline itself, so a wait is never shorter than written.
      std::this_thread::sleep_until(deadline);
      continue;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(every));
  }
}

NodeId Run::visitWait(NodeId n) {
  const Node &node = g.nodes[n];
  auto &s = llvm::cast<ast::WaitStep>(*node.step);
  display.step(shownLabel(node));
  const ast::ProbeDecl *probe = node.probes.empty() ? nullptr : g.probes[node.probes[0]].decl;
  Frame frame = topFrame();
  int64_t within = 0, every = 5000;
  try {
    within = evaluate(*s.within, frame).get<int64_t>();
    if (s.every)
      every = std::max<int64_t>(1, evaluate(*s.every, frame).get<int64_t>());
  } catch (const std::exception &err) {
    throw StopRun("failed", "cannot evaluate the bounds of '" + node.label + "': " + err.what());
  }
  if (dryRun || !probe) {
    display.info("would poll " + (probe ? prog.probeName(*probe) : std::string("?")) + " every " +
                 formatDuration(every) + " for up to " + formatDuration(within));
    return g.edges[edge(n, EdgeKind::Ok)].to;
  }
  auto start = std::chrono::steady_clock::now();
  display.info("waiting for " + prog.probeName(*probe) + " until " + sourceText(s.until->range) +
               ": at most " + formatDuration(within) + ", every " + formatDuration(every));
  WaitPolls w = pollUntil(node, *probe, frame, start + std::chrono::milliseconds(within), every);
  int64_t elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  display.result(w.ok, shownLabel(node) + " after " + std::to_string(w.polls) + " poll(s), " +
                           formatDuration(elapsed / 1000 * 1000) +
                           (w.ok || w.latest.empty() ? "" : "; last observed " + w.latest));
  nlohmann::json payload = {{"verdict", w.ok ? "ok" : "failed"},
                            {"polls", w.polls},
                            {"elapsed_ms", elapsed},
                            {"probe", prog.probeName(*probe)}};
  if (!w.why.empty())
    payload["error"] = w.why;
  return transition(n, edge(n, w.ok ? EdgeKind::Ok : EdgeKind::Failure), "wait",
                    std::move(payload));
}

} // namespace drbook::run
