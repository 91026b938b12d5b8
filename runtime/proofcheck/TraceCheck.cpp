//===- TraceCheck.cpp - Checking a recorded run against its plan ------------===//
#include "TraceCheck.h"

#include "drbook/run/Evaluator.h"
#include "drbook/run/Params.h"
#include "drbook/run/ProbeExec.h"
#include "drbook/run/Proof.h"

#include <set>

namespace drbook::proofcheck {

using namespace drbook::run;

using namespace drbook::graph;

static void problem(VerifyReport &r, const JournalEvent &e, std::string message) {
  r.problems.push_back({proof_files::Journal, static_cast<unsigned>(e.line), std::move(message)});
}

/// The world as the journal recorded it up to one event: what the verifier evaluates
/// decisions and expectations against.
class RecordedWorld : public ValueSource {
public:
  RecordedWorld(const Program &p, const Bindings &b) : p(p), b(b) {
    for (unsigned i = 0; i < p.graph->states.size(); ++i)
      states[i] = p.graph->states[i].values.empty()
                      ? Value()
                      : Value(p.graph->states[i].values[p.graph->states[i].initial]);
  }
  Value declValue(const ast::Decl &d) override {
    switch (d.kind) {
    case ast::Decl::Kind::Param:
      if (auto it = b.values.find(&d); it != b.values.end())
        return it->second;
      throw EvalError("param '" + d.name + "' was not recorded");
    case ast::Decl::Kind::State:
      if (auto it = p.stateIndex.find(&d); it != p.stateIndex.end())
        return stateValue(it->second);
      break;
    case ast::Decl::Kind::Decision:
      if (auto it = decisions.find(d.name); it != decisions.end())
        return it->second;
      throw EvalError("decision '" + d.name + "' was not taken before");
    case ast::Decl::Kind::Capture: {
      auto &c = llvm::cast<ast::CaptureDecl>(d);
      if (auto it = captured.find(c.writtenName()); it != captured.end()) {
        if (llvm::Expected<Value> v = valueFromJson(it->second, c.type))
          return *v;
        else
          llvm::consumeError(v.takeError());
      }
      throw EvalError("'" + c.writtenName() + "' was not captured before (a secret?)");
    }
    case ast::Decl::Kind::Secret: // never journaled
    case ast::Decl::Kind::Probe:
    case ast::Decl::Kind::Action:
    case ast::Decl::Kind::Host:
    case ast::Decl::Kind::ActionParam:
    case ast::Decl::Kind::Scenario:
    case ast::Decl::Kind::Module:
    case ast::Decl::Kind::Procedure:
      break;
    }
    throw EvalError("'" + d.name + "' is not recorded in the journal (a secret?)");
  }
  Value probeRecord(const ast::ProbeDecl &probe, const Value &args) override {
    std::string name = probeKey(p.probeName(probe), args);
    auto it = observed.find(name);
    if (it == observed.end())
      throw EvalError("probe '" + name + "' has no observation in this phase");
    return it->second;
  }
  Value stateValue(unsigned i) {
    const auto &vals = p.graph->states[i].values;
    bool isBool = vals.size() == 2 && vals[0] == "false" && vals[1] == "true";
    Value v = states[i];
    if (isBool && v.is_string())
      return v.get<std::string>() == "true";
    return v;
  }
  /// Member index of each state, for invariant predicates.
  std::vector<unsigned> stateIndices() {
    std::vector<unsigned> out(p.graph->states.size(), 0);
    for (unsigned i = 0; i < out.size(); ++i) {
      std::string text = states[i].is_string() ? states[i].get<std::string>() : states[i].dump();
      const auto &vals = p.graph->states[i].values;
      for (unsigned k = 0; k < vals.size(); ++k)
        if (vals[k] == text)
          out[i] = k;
    }
    return out;
  }

  const Program &p;
  const Bindings &b;
  std::map<unsigned, Value> states;
  std::map<std::string, Value> decisions;
  std::map<std::string, Value> observed;
  /// Captured values as the journal recorded them, by name (`snapshot.id`).
  std::map<std::string, Value> captured;
};

namespace {

// A probe with parameters is judged with the arguments its observation recorded; the defaults
// fill the rest, as they did in the run.
void bindParams(const ast::ProbeDecl &probe, const Value &args, RecordedWorld &world) {
  Frame frame;
  frame.source = &world;
  for (size_t i = 0; i < probe.params.size(); ++i) {
    const ast::CaptureDecl &param = *probe.params[i];
    if (args.is_array() && i < args.size())
      world.captured[param.writtenName()] = args[i];
    else if (param.defaultValue)
      world.captured[param.writtenName()] = evaluate(*param.defaultValue, frame);
  }
}

void checkProbe(const Program &p, const JournalEvent &e, RecordedWorld &world, VerifyReport &r) {
  const nlohmann::json &rec = e.record;
  std::string name = rec.value("probe", "");
  const ast::ProbeDecl *decl = nullptr;
  for (const ProbeInfo &info : p.graph->probes)
    if (info.name == name)
      decl = info.decl;
  if (!decl) {
    problem(r, e, "probe '" + name + "' is not in the plan");
    return;
  }
  Value record = rec.value("observed", Value::object());
  std::string verdict = rec.value("verdict", "");
  Value args = rec.value("args", Value());
  bindParams(*decl, args, world);
  // Excerpted outputs are not the observed text; an expectation over them is not re-checked.
  bool excerpted = false;
  for (const char *f : {"body", "stdout", "stderr"})
    if (record.contains(f) && record[f].is_string() && record[f].get<std::string>().size() > 2048)
      excerpted = true;
  if (verdict != "error" && !excerpted && !rec.contains("expect_error")) {
    Frame frame;
    frame.source = &world;
    std::string why;
    Value copy = record;
    // An output that could not be read fails an observation whose expectation held.
    bool ok = judge(*decl, copy, frame, why) && !rec.contains("capture_error");
    if (why.empty() && ok != (verdict == "ok"))
      problem(r, e,
              "probe '" + name + "' is recorded as " + verdict +
                  ", but its expectation over the "
                  "recorded observation is " +
                  (ok ? "met" : "not met"));
  }
  record["ok"] = verdict == "ok";
  record["failed"] = verdict != "ok";
  world.observed[probeKey(name, args)] = record;
}

void checkDecision(const Program &p, const JournalEvent &e, RecordedWorld &world, VerifyReport &r) {
  const nlohmann::json &rec = e.record;
  NodeId n = p.node(e.node);
  if (n == NoId || !p.graph->nodes[n].step)
    return;
  auto *s = llvm::dyn_cast<ast::DecideStep>(p.graph->nodes[n].step);
  if (!s)
    return;
  std::string by = rec.value("by", "");
  std::string value = rec.value("value", "");
  if (!rec.contains("value")) {
    world.decisions.erase(s->name);
    return;
  }
  world.decisions[s->name] = rec["value"];
  if (by == "operator") {
    for (const ast::AskOption &o : s->askOptions)
      if (o.value == value)
        return;
    problem(r, e, "decision '" + s->name + "': '" + value + "' is not one of the options asked");
    return;
  }
  Frame frame;
  frame.source = &world;
  std::string expected;
  for (const ast::WhenArm &w : s->whens) {
    bool holds = false;
    try {
      holds = evaluateCondition(*w.condition, frame);
    } catch (const EvalError &err) {
      problem(r, e, "decision '" + s->name + "' cannot be re-checked: " + err.what());
      return;
    }
    if (holds) {
      expected = w.value;
      break;
    }
  }
  if (expected.empty() && s->otherwise)
    expected = *s->otherwise;
  if (expected != value)
    problem(r, e,
            "decision '" + s->name + "' took '" + value + "' (" + by +
                "), but the recorded observations give '" +
                (expected.empty() ? "no value" : expected) + "'");
}

/// Checks that event `e` of step `n` went along an edge of the plan; returns where it went.
NodeId checkEdge(const Program &p, const JournalEvent &e, NodeId n, VerifyReport &r) {
  const StepGraph &g = *p.graph;
  const nlohmann::json &rec = e.record;
  NodeId next = p.node(rec.value("next", ""));
  std::string kind = rec.value("edge", ""), label = rec.value("label", "");
  for (EdgeId id : g.out(n)) {
    const Edge &edge = g.edges[id];
    if (edge.to == next && spelling(edge.kind) == kind && edge.label == label)
      return next;
  }
  problem(r, e,
          "'" + e.node + "' -> '" + rec.value("next", "") + "' (" + kind +
              (label.empty() ? "" : " " + label) + ") is not an edge of the plan");
  return next;
}

} // namespace

TraceChecker::TraceChecker(const Program &p, VerifyReport &r)
    : p(p), r(r), world(std::make_unique<RecordedWorld>(p, bindings)), reachable{p.graph->start},
      firstOther(p.graph->invariants.size(), NoId), unanswered(p.graph->invariants.size()),
      problemsBefore(r.problems.size()) {}

TraceChecker::~TraceChecker() = default;

/// The params the run started with, as the journal recorded them: a sealed parameter's
/// redacted text is all a verifier has, and all the journal's observations were made of.
void TraceChecker::bindRecordedParams(const JournalEvent &start) {
  boundParams = true;
  nlohmann::json recorded = {{"params", start.record.value("params", nlohmann::json::object())}};
  if (llvm::Error err = bindParams(p, {}, recorded, bindings))
    problem(r, start,
            "the recorded params do not fit the runbook: " + llvm::toString(std::move(err)));
}

/// The invariants over step `n` having happened at event `e`; `after X eventually Y` is
/// settled at the end, from the occurrences still waiting for their Y.
void TraceChecker::checkInvariantsAt(const JournalEvent &e, NodeId n) {
  const StepGraph &g = *p.graph;
  std::vector<unsigned> values = world->stateIndices();
  for (unsigned i = 0; i < g.invariants.size(); ++i) {
    const InvariantInfo &inv = g.invariants[i];
    if (inv.kind == ast::InvariantKind::AfterEventually && g.matches(n, inv.other))
      unanswered[i].clear();
    if (!g.matches(n, inv.subject))
      continue;
    if (inv.kind == ast::InvariantKind::Before && inv.predicate != NoId) {
      const Predicate &pred = g.predicates[inv.predicate];
      if (pred.eval(pred.root, values) == Truth::False)
        problem(r, e,
                "invariant \"" + inv.title + "\" is broken: " + g.nodes[n].label + " ran when " +
                    pred.text + " did not hold");
    }
    if (inv.kind == ast::InvariantKind::NeverAfter && firstOther[i] != NoId)
      problem(r, e,
              "invariant \"" + inv.title + "\" is broken: " + g.nodes[n].label + " ran after " +
                  g.nodes[firstOther[i]].label);
    if (inv.kind == ast::InvariantKind::AfterEventually)
      unanswered[i].push_back(n);
  }
  for (unsigned i = 0; i < g.invariants.size(); ++i)
    if (g.invariants[i].kind == ast::InvariantKind::NeverAfter && firstOther[i] == NoId &&
        g.matches(n, g.invariants[i].other))
      firstOther[i] = n;
}

void TraceChecker::add(const JournalEvent &e) {
  const StepGraph &g = *p.graph;
  const nlohmann::json &rec = e.record;
  if (e.kind == "start" && !boundParams)
    bindRecordedParams(e);
  NodeId n = e.node.empty() ? (e.kind == "start" ? g.start : NoId) : p.node(e.node);
  if (!e.node.empty() && n == NoId) {
    problem(r, e, "step '" + e.node + "' is not in the plan");
    return;
  }
  if (e.kind == "phase")
    world->observed.clear(); // probes are re-observed in each phase
  if (e.kind == "probe")
    checkProbe(p, e, *world, r);
  if (e.kind == "action-start")
    started.insert(n);
  if (e.kind == "fork" && rec.contains("branches"))
    for (const auto &b : rec["branches"])
      reachable.insert(p.node(b.get<std::string>()));
  if (e.kind == "end") {
    status = rec.value("status", "");
    if (n != NoId && !reachable.count(n))
      problem(r, e, "the run ended at '" + e.node + "', which no recorded step leads to");
  }
  if (rec.contains("next") && n != NoId)
    step(e, n);
}

/// An event that moved the run on from step `n`.
void TraceChecker::step(const JournalEvent &e, NodeId n) {
  const StepGraph &g = *p.graph;
  const nlohmann::json &rec = e.record;
  if (!reachable.count(n))
    problem(r, e, "step '" + e.node + "' ran, but no recorded step leads to it");
  reachable.insert(checkEdge(p, e, n, r));
  if (e.kind == "decision")
    checkDecision(p, e, *world, r);
  // An action occurs when its commands started; one refused before (requires, a declined
  // confirmation) did not happen.
  if (e.kind != "skip" && (g.nodes[n].kind != NodeKind::Action || started.count(n)))
    checkInvariantsAt(e, n);
  if (rec.contains("captured") && rec["captured"].is_object())
    for (const auto &item : rec["captured"].items())
      world->captured[item.key()] = item.value();
  if (rec.contains("effects") && rec["effects"].is_object() && rec.value("verdict", "") == "ok")
    for (const auto &item : rec["effects"].items())
      for (unsigned i = 0; i < g.states.size(); ++i)
        if (g.states[i].name == item.key())
          world->states[i] = item.value();
}

void TraceChecker::finish() {
  const StepGraph &g = *p.graph;
  // `after X eventually Y` can only be judged on a run that completed.
  if (status == "passed")
    for (unsigned i = 0; i < g.invariants.size(); ++i)
      for (NodeId n : unanswered[i])
        r.problems.push_back({proof_files::Journal, 0,
                              "invariant \"" + g.invariants[i].title +
                                  "\" is broken: " + g.nodes[n].label + " ran and " +
                                  g.invariants[i].other.name + " never followed"});
  if (r.problems.size() == problemsBefore)
    r.passed.push_back("every step follows an edge of the plan; decisions, probe verdicts and "
                       "invariants agree with the recorded observations");
}

} // namespace drbook::proofcheck
