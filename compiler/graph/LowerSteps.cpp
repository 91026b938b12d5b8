//===- LowerSteps.cpp - Lowering the steps of a phase ----------------------===//
//
// Each step becomes one node (two for `if`/`match`/`parallel`: the branch and its join).
// Lowering threads a list of dangling edges: the edges that lead to whatever comes next. A
// terminal step leaves none, so anything after it is unreachable.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"
#include "drbook/basic/Saturating.h"

#include "drbook/graph/Exhaustiveness.h"

#include <algorithm>

namespace drbook::graph {

using namespace drbook::ast;

// `ready("db1")`: a probe as the step writes it, with its arguments.
static std::string probeRefText(const NameRef &probe, const std::vector<ExprPtr> *args) {
  std::string out = probe.str();
  if (!args || args->empty())
    return out;
  out += "(";
  for (size_t i = 0; i < args->size(); ++i)
    out += (i ? ", " : "") + ((*args)[i] ? sourceText((*args)[i]->range) : "");
  return out + ")";
}

static std::string probeList(const ProbeStep &s) {
  std::string out;
  for (size_t i = 0; i < s.probes.size(); ++i)
    out += (i ? ", " : "") + probeRefText(s.probes[i], i < s.args.size() ? &s.args[i] : nullptr);
  return out;
}

static std::string joinNames(const std::vector<NameRef> &names, const char *sep) {
  std::string out;
  for (const NameRef &n : names)
    out += (out.empty() ? "" : sep) + n.str();
  return out;
}

// Command and message texts go into labels on one line, and a long one loses its middle: the
// label names the step in messages and pictures, and commands that share a long prefix (`kubectl
// -n prod rollout restart deployment/…`) still differ at their ends. The source location shows
// the rest.
static std::string shortText(const Expr *e) {
  std::string text;
  for (char c : e ? sourceText(e->range) : "") {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space || (!text.empty() && text.back() != ' '))
      text += space ? ' ' : c;
  }
  constexpr size_t Head = 64, Tail = 32;
  if (text.size() <= Head + Tail + 3)
    return text;
  size_t head = Head, tail = text.size() - Tail;
  while (head > 0 && (text[head] & 0xC0) == 0x80) // never split a UTF-8 sequence
    --head;
  while (tail < text.size() && (text[tail] & 0xC0) == 0x80)
    ++tail;
  return text.substr(0, head) + "..." + text.substr(tail);
}

std::string stepIdSuffix(const Step &s) {
  switch (s.kind) {
  case Step::Kind::Check:
    return "check:" + joinNames(llvm::cast<ProbeStep>(s).probes, ",");
  case Step::Kind::Must:
    return "must:" + joinNames(llvm::cast<ProbeStep>(s).probes, ",");
  case Step::Kind::Do:
    return "do:" + llvm::cast<DoStep>(s).action.str();
  case Step::Kind::Run:
    return "run";
  case Step::Kind::Manual:
    return "manual";
  case Step::Kind::Verify:
    return "verify";
  case Step::Kind::Note:
    return "note";
  case Step::Kind::Decide:
    return "decide:" + llvm::cast<DecideStep>(s).name;
  case Step::Kind::If:
    return "if";
  case Step::Kind::Match:
    return "match";
  case Step::Kind::Parallel:
    return "parallel";
  case Step::Kind::Wait:
    return "wait:" + llvm::cast<WaitStep>(s).probe.str();
  case Step::Kind::Abort:
    return "abort";
  case Step::Kind::Escalate:
    return "escalate";
  case Step::Kind::Ask:
    return "ask:" + llvm::cast<AskStep>(s).value->name;
  case Step::Kind::Each: // a parallel one is a parallel: its branches' ids are its own
    return llvm::cast<EachStep>(s).parallel ? "parallel"
                                            : "each:" + llvm::cast<EachStep>(s).var->name;
  }
  return "step";
}

NodeId Lowerer::connect(Node node, Tails &in) {
  auto [it, fresh] = usedIds.try_emplace(node.id, 1);
  if (!fresh)
    node.id += "#" + std::to_string(++it->second);
  NodeId id = g->addNode(std::move(node));
  attach(in, id);
  return id;
}

void Lowerer::attach(Tails &in, NodeId to) {
  for (Dangling &d : in) {
    EdgeId e = g->addEdge(d.from, to, d.kind, std::move(d.label), d.range, d.aux);
    g->edges[e].var = d.var;
    g->edges[e].allowed = d.allowed;
  }
  in.clear();
}

NodeId Lowerer::addStepNode(Node node, const Step &step, const StepSite &site, Tails &in) {
  node.id = site.id;
  node.step = &step;
  node.range = step.range;
  placeIn(node, site.scope);
  if (isTerminal(node.kind) && !site.scope.cleanup)
    return endRun(std::move(node), in);
  return connect(std::move(node), in);
}

NodeId Lowerer::failureTarget(const Step &step, const StepSite &site) {
  if (!step.onFailure)
    return site.scope.failTarget;
  auto it = stepHandlers.find(&step);
  if (it != stepHandlers.end())
    return it->second;
  NodeId handler = lowerHandler(*step.onFailure, site.scope, site.prefix + "/on_failure",
                                "on failure of " + g->nodes.back().label);
  stepHandlers.emplace(&step, handler);
  return handler;
}

Tails Lowerer::lowerBlock(const Block &block, const Scope &scope, const std::string &prefix,
                          Tails in) {
  for (size_t i = 0; i < block.steps.size(); ++i) {
    const Step &s = *block.steps[i];
    std::string at = prefix + "/" + std::to_string(i);
    in = lowerStep(s, {scope, at + ":" + stepIdSuffix(s), at}, std::move(in));
  }
  return in;
}

Tails Lowerer::lowerStep(const Step &s, const StepSite &site, Tails in) {
  Tails out = lowerStepKind(s, site, std::move(in));
  // A step that cannot fail still gets its `on failure` block lowered, unconnected, so that
  // it is reported as unreachable rather than silently dropped.
  if (s.onFailure && !stepHandlers.count(&s))
    failureTarget(s, site);
  return out;
}

Tails Lowerer::lowerStepKind(const Step &s, const StepSite &site, Tails in) {
  switch (s.kind) {
  case Step::Kind::Check:
  case Step::Kind::Must:
    return lowerProbeStep(llvm::cast<ProbeStep>(s), site, std::move(in));
  case Step::Kind::Do:
    return lowerDo(llvm::cast<DoStep>(s), site, std::move(in));
  case Step::Kind::Run:
    return lowerRun(llvm::cast<RunStep>(s), site, std::move(in));
  case Step::Kind::Manual:
  case Step::Kind::Verify:
  case Step::Kind::Note:
    return lowerManual(llvm::cast<ManualStep>(s), site, std::move(in));
  case Step::Kind::Decide:
    return lowerDecide(llvm::cast<DecideStep>(s), site, std::move(in));
  case Step::Kind::If:
    return lowerIf(llvm::cast<IfStep>(s), site, std::move(in));
  case Step::Kind::Match:
    return lowerMatch(llvm::cast<MatchStep>(s), site, std::move(in));
  case Step::Kind::Parallel:
    return lowerParallel(llvm::cast<ParallelStep>(s), site, std::move(in));
  case Step::Kind::Wait:
    return lowerWait(llvm::cast<WaitStep>(s), site, std::move(in));
  case Step::Kind::Abort:
  case Step::Kind::Escalate: {
    auto &t = llvm::cast<TerminalStep>(s);
    Node n;
    bool abort = s.kind == Step::Kind::Abort;
    n.kind = abort ? NodeKind::Abort : NodeKind::Escalate;
    n.label = std::string(abort ? "abort " : "escalate ") + shortText(t.message.get());
    addStepNode(std::move(n), s, site, in);
    return {};
  }
  case Step::Kind::Ask:
    return lowerAsk(llvm::cast<AskStep>(s), site, std::move(in));
  case Step::Kind::Each:
    return lowerEach(llvm::cast<EachStep>(s), site, std::move(in));
  }
  return in;
}

// Every attempt times out but the last: timeout × (retries + 1), plus the pauses the
// interpreter makes between attempts (1 s, 2 s, 4 s …, at most 30 s each).
// Saturating, so that huge numbers fail the RTO check instead of wrapping past it.
static int64_t worstAttempts(int64_t timeoutMs, int64_t retries) {
  retries = std::max<int64_t>(retries, 0);
  int64_t total = mulSaturating(timeoutMs, addSaturating(retries, 1));
  for (int64_t k = 0; k < std::min<int64_t>(retries, 5); ++k) // 1 s, 2 s, … 16 s
    total = addSaturating(total, int64_t(1000) << k);
  return addSaturating(total, mulSaturating(std::max<int64_t>(retries - 5, 0), 30000));
}

// A step that can fail: success continues, failure goes to the handler in force.
static Tails okOrFail(StepGraph &g, NodeId node, NodeId failTo) {
  g.addEdge(node, failTo, EdgeKind::Failure);
  return {Dangling(node, EdgeKind::Ok)};
}

Tails Lowerer::lowerProbeStep(const ProbeStep &s, const StepSite &site, Tails in) {
  Node n;
  bool must = s.kind == Step::Kind::Must;
  n.kind = must ? NodeKind::Must : NodeKind::Check;
  n.label = std::string(must ? "must " : (s.soft ? "check soft " : "check ")) + probeList(s);
  // Checks gate containment and recovery; elsewhere they only record, unless the step says
  // what to do when it fails.
  bool gatingPhase = site.scope.phase == static_cast<int8_t>(PhaseKind::Containment) ||
                     site.scope.phase == static_cast<int8_t>(PhaseKind::Recovery);
  n.gate = must || (gatingPhase && !s.soft) || s.onFailure;
  for (const NameRef &ref : s.probes) {
    const Decl *d = ref.decl;
    auto it = d ? probeIndex.find(d) : probeIndex.end();
    if (it == probeIndex.end())
      continue;
    n.probes.push_back(it->second);
    // The probes of one step run side by side: the slowest bounds the step.
    n.durationMs =
        std::max(n.durationMs, g->probes[it->second].timeoutMs.value_or(DefaultProbeTimeoutMs));
  }
  NodeId node = addStepNode(std::move(n), s, site, in);
  if (!g->nodes[node].gate)
    return next(node);
  return okOrFail(*g, node, failureTarget(s, site));
}

Tails Lowerer::lowerDo(const DoStep &s, const StepSite &site, Tails in) {
  if (const auto *proc = llvm::dyn_cast_or_null<ProcedureDecl>(s.action.decl))
    return lowerCall(s, *proc, site, std::move(in));
  Node n;
  n.kind = NodeKind::Action;
  n.label = "do " + s.action.str();
  const auto *action = llvm::dyn_cast_or_null<ActionDecl>(s.action.decl);
  if (action) {
    n.action = static_cast<int32_t>(actionIndex.at(action));
    n.label = "do " + g->actions[n.action].name;
    n.destructive = action->destructive;
    CallSummary call = summarizeCall(*action, bindArguments(*action, s));
    n.effects = std::move(call.effects);
    n.requires = std::move(call.requires);
    n.timed = call.timeoutMs.has_value();
    n.durationMs = worstAttempts(call.timeoutMs.value_or(0), call.retries);
    applyEstimate(action->estimate, n);
  }
  NodeId node = addStepNode(std::move(n), s, site, in);
  return okOrFail(*g, node, failureTarget(s, site));
}

Tails Lowerer::lowerRun(const RunStep &s, const StepSite &site, Tails in) {
  Node n;
  n.kind = NodeKind::Action;
  n.label = "run " + shortText(s.command.get());
  n.destructive = s.destructive;
  std::optional<int64_t> timeout = durationOf(s.timeout.get());
  int64_t retries = 0;
  if (s.retries) {
    ConstValue v = evalConst(*s.retries, nullptr);
    if (v.kind == ConstValue::Kind::Int)
      retries = int64Saturating(v.number);
  }
  n.timed = timeout.has_value();
  n.durationMs = worstAttempts(timeout.value_or(0), retries);
  NodeId node = addStepNode(std::move(n), s, site, in);
  return okOrFail(*g, node, failureTarget(s, site));
}

// An estimate gives a step its usual time, and its worst case when nothing bounds it harder:
// an action's timeout is enforced, an estimate is the author's word.
void Lowerer::applyEstimate(const Estimate &e, Node &n) const {
  if (!e)
    return;
  std::optional<int64_t> worst = durationOf(e.worstCase());
  n.expectedMs = durationOf(e.expected.get()).value_or(-1);
  bool timeoutBounds = n.kind == NodeKind::Action && n.timed;
  if (!timeoutBounds && worst) {
    n.timed = true;
    n.durationMs = *worst;
  }
}

Tails Lowerer::lowerManual(const ManualStep &s, const StepSite &site, Tails in) {
  Node n;
  static const std::pair<NodeKind, const char *> kinds[] = {
      {NodeKind::Manual, "manual "}, {NodeKind::Verify, "verify "}, {NodeKind::Note, "note "}};
  auto [kind, word] = kinds[s.kind == Step::Kind::Manual   ? 0
                            : s.kind == Step::Kind::Verify ? 1
                                                           : 2];
  n.kind = kind;
  n.label = word + shortText(s.text.get());
  applyEstimate(s.estimate, n); // without one, the operator's time counts as 0
  for (const NameRef &ref : s.approves)
    if (const auto *a = llvm::dyn_cast_or_null<ActionDecl>(ref.decl))
      n.approves.push_back(actionIndex.at(a));
  NodeId node = addStepNode(std::move(n), s, site, in);
  if (kind == NodeKind::Note)
    return next(node);
  return okOrFail(*g, node, failureTarget(s, site));
}

Tails Lowerer::lowerAsk(const AskStep &s, const StepSite &site, Tails in) {
  Node n;
  n.kind = NodeKind::Ask;
  n.label = "ask " + s.value->name;
  // The operator's time to answer is not bounded; like a manual step without an estimate,
  // it counts as 0 towards the RTO.
  NodeId node = addStepNode(std::move(n), s, site, in);
  return next(node);
}

Tails Lowerer::lowerWait(const WaitStep &s, const StepSite &site, Tails in) {
  Node n;
  n.kind = NodeKind::Wait;
  n.label = "wait " + probeRefText(s.probe, &s.args);
  if (const Decl *d = s.probe.decl) {
    auto it = probeIndex.find(d);
    if (it != probeIndex.end())
      n.probes.push_back(it->second);
  }
  std::optional<int64_t> within = durationOf(s.within.get());
  n.timed = within.has_value() && *within > 0;
  n.durationMs = within.value_or(0);
  NodeId node = addStepNode(std::move(n), s, site, in);
  return okOrFail(*g, node, failureTarget(s, site));
}

Tails Lowerer::joinArms(NodeId branch, Tails arms, const StepSite &site) {
  if (arms.empty())
    return {};
  Node j;
  j.kind = NodeKind::Join;
  j.id = site.prefix + "/join";
  j.label = "end of " + g->nodes[branch].label;
  j.range = g->nodes[branch].range;
  placeIn(j, site.scope);
  NodeId join = connect(std::move(j), arms);
  g->nodes[branch].partner = join;
  return next(join);
}

Tails Lowerer::lowerIf(const IfStep &s, const StepSite &site, Tails in) {
  Node n;
  n.kind = NodeKind::Branch;
  n.subject = s.condition ? sourceText(s.condition->range) : "";
  n.label = "if " + n.subject;
  NodeId node = addStepNode(std::move(n), s, site, in);
  if (s.condition)
    g->nodes[node].range = headerRange(s.range, s.condition->range.End);
  Dangling then(node, EdgeKind::Then);
  Dangling otherwise(node, EdgeKind::Else);
  if (std::optional<RunTest> test = s.condition ? testOf(*s.condition) : std::nullopt) {
    then.var = otherwise.var = test->var;
    then.allowed = test->allowed;
    otherwise.allowed = ~test->allowed & runVarMask(test->var);
  }
  // Failures inside the arms go to this step's own `on failure`, if it has one.
  Scope inner = site.scope;
  inner.failTarget = failureTarget(s, site);
  Tails arms = lowerBlock(s.thenBlock, inner, site.prefix + "/then", {then});
  Tails elseTails = {otherwise};
  if (s.elseBlock) {
    elseTails = lowerBlock(*s.elseBlock, inner, site.prefix + "/else", elseTails);
  }
  arms.insert(arms.end(), elseTails.begin(), elseTails.end());
  return joinArms(node, std::move(arms), site);
}

std::vector<std::string> Lowerer::subjectMembers(const Expr &subject) const {
  if (subject.type && subject.type->kind == TypeKind::Enum)
    return subject.type->members;
  if (subject.type && subject.type->kind == TypeKind::Bool)
    return {"false", "true"};
  auto *name = llvm::dyn_cast<NameExpr>(&subject);
  if (!name)
    return {};
  const Decl *d = name->name.decl;
  if (auto *p = llvm::dyn_cast_or_null<ParamDecl>(d)) {
    if (p->typeSyntax.kind == TypeSyntax::Kind::Enum)
      return p->typeSyntax.members;
    if (p->typeSyntax.name == "bool")
      return {"false", "true"};
  }
  if (auto *dd = llvm::dyn_cast_or_null<DecisionDecl>(d); dd && dd->step)
    for (const auto &[n, values] : decisions)
      if (n == dd->name)
        return values;
  int state = stateOf(subject);
  if (state >= 0)
    return g->states[state].values;
  auto it = decisions.find(name->name.str());
  return it == decisions.end() ? std::vector<std::string>{} : it->second;
}

Tails Lowerer::lowerMatch(const MatchStep &s, const StepSite &site, Tails in) {
  Node n;
  n.kind = NodeKind::Branch;
  n.subject = s.subject ? sourceText(s.subject->range) : "";
  n.label = "match " + n.subject;
  std::vector<std::vector<std::string>> armValues;
  bool wildcard = false;
  for (const MatchArm &arm : s.arms) {
    armValues.push_back(arm.values);
    wildcard |= arm.wildcard;
  }
  Coverage cover = coverMembers(s.subject ? subjectMembers(*s.subject) : std::vector<std::string>{},
                                armValues, wildcard);
  n.exhaustive = cover.exhaustive;
  n.uncovered = cover.uncovered;
  NodeId node = addStepNode(std::move(n), s, site, in);
  Scope inner = site.scope;
  inner.failTarget = failureTarget(s, site);
  if (s.subject)
    g->nodes[node].range = headerRange(s.range, s.subject->range.End);
  // The values each arm takes, when the subject is a run value: an arm's own values, minus
  // those of earlier arms; the wildcard and "no match" take what is left.
  uint32_t var = NoId;
  if (s.subject)
    if (std::optional<uint32_t> v = runVarOf(*s.subject))
      var = *v;
  ValueMask left = var != NoId ? runVarMask(var) : 0;
  auto constrain = [&](Dangling d, ValueMask armValues) {
    if (var != NoId) {
      d.var = var;
      d.allowed = armValues & left;
      left &= ~armValues;
    }
    return d;
  };
  Tails arms;
  for (const MatchArm &arm : s.arms) {
    std::string label = arm.wildcard ? "_" : "";
    ValueMask armValues = arm.wildcard ? ~ValueMask(0) : 0;
    for (const std::string &v : arm.values) {
      label += (label.empty() ? "" : ",") + v;
      if (var != NoId)
        for (size_t i = 0; i < g->runVars[var].values.size(); ++i)
          if (g->runVars[var].values[i] == v)
            armValues |= ValueMask(1) << i;
    }
    std::string armPrefix = site.prefix + "/arm." + (arm.wildcard ? "_" : arm.values.front());
    Dangling in(node, EdgeKind::Arm, label, arm.range);
    Tails out = lowerBlock(arm.body, inner, armPrefix, {constrain(in, armValues)});
    arms.insert(arms.end(), out.begin(), out.end());
  }
  // No arm applies: the match does nothing and the phase goes on.
  if (!cover.exhaustive)
    arms.push_back(constrain(Dangling(node, EdgeKind::NoMatch), ~ValueMask(0)));
  return joinArms(node, std::move(arms), site);
}

Tails Lowerer::lowerParallel(const ParallelStep &s, const StepSite &site, Tails in) {
  Node n;
  n.kind = NodeKind::Fork;
  n.label = "parallel";
  NodeId fork = addStepNode(std::move(n), s, site, in);
  g->nodes[fork].range = headerRange(
      s.range, llvm::SMLoc::getFromPointer(s.range.Start.getPointer() + strlen("parallel")));
  Scope inner = site.scope;
  inner.failTarget = failureTarget(s, site);
  Tails done;
  for (size_t i = 0; i < s.branches.size(); ++i) {
    if (s.branches[i].steps.empty())
      continue;
    auto aux = static_cast<uint32_t>(i);
    Tails out = lowerBlock(s.branches[i], inner, site.prefix + "/branch." + std::to_string(i),
                           {Dangling(fork, EdgeKind::Branch, "", s.branches[i].range, aux)});
    // Edges into the join say which branch they finish.
    for (Dangling &d : out)
      d.aux = aux;
    done.insert(done.end(), out.begin(), out.end());
  }
  bool anyBranch = false;
  for (const Block &b : s.branches)
    anyBranch |= !b.steps.empty();
  if (!anyBranch)
    done = next(fork);
  return parallelJoin(fork, std::move(done), site, s.range);
}

Tails Lowerer::parallelJoin(NodeId fork, Tails done, const StepSite &site, llvm::SMRange range) {
  if (done.empty())
    return {};
  Node j;
  j.kind = NodeKind::ParallelJoin;
  j.id = site.prefix + "/join";
  j.label = "end of parallel";
  j.range = range;
  placeIn(j, site.scope);
  NodeId join = connect(std::move(j), done);
  g->nodes[fork].partner = join;
  g->nodes[join].partner = fork;
  return next(join);
}

} // namespace drbook::graph
