//===- LowerRunbook.cpp - Lowering a runbook: tables, phases, scenarios ----===//
//
// The shape of every graph: `start` → the runbook's own phases (detection first) → routing by
// the decision named `scenario` → each scenario's phases → `<scenario>/pass`. Failures go to the
// innermost `on failure` block (step, then phase, then runbook); when that block finishes
// without an explicit `abort`/`escalate`, the run ends at `fail`.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"

#include "drbook/ast/Walk.h"
#include "drbook/basic/Suggest.h"
#include "drbook/graph/Lower.h"

namespace drbook::graph {

using namespace drbook::ast;

Lowerer::Lowerer(const Module &root, llvm::ArrayRef<std::unique_ptr<Module>> imported,
                 DiagnosticEngine &diags)
    : root(root), diags(diags) {
  for (const auto &m : imported)
    modules.push_back(m.get());
}

void Lowerer::addState(const StateDecl &d) {
  StateVar s;
  s.name = qualifiedName(root, d);
  s.range = d.nameRange;
  if (d.typeSyntax.kind == TypeSyntax::Kind::Enum)
    s.values = d.typeSyntax.members;
  else if (d.typeSyntax.name == "bool")
    s.values = {"false", "true"};
  else
    return; // sema reports a state that is neither an enum nor a bool
  if (s.values.size() > MaxStateValues) {
    diags.error(d.nameRange,
                "state '" + d.name + "' has " + std::to_string(s.values.size()) +
                    " values; the verifier tracks at most " + std::to_string(MaxStateValues),
                "state-too-large");
    return;
  }
  if (d.initial) {
    ConstValue v = evalConst(*d.initial, nullptr);
    std::string name = v.kind == ConstValue::Kind::Bool ? (v.flag ? "true" : "false") : v.text;
    for (size_t i = 0; i < s.values.size(); ++i)
      if (s.values[i] == name)
        s.initial = static_cast<unsigned>(i);
  }
  stateIndex[&d] = static_cast<unsigned>(g->states.size());
  g->states.push_back(std::move(s));
}

void Lowerer::collectTables() {
  std::vector<const Module *> all{&root};
  all.insert(all.end(), modules.begin(), modules.end());
  for (const Module *m : all) {
    for (const DeclPtr &d : m->decls) {
      if (auto *s = llvm::dyn_cast<StateDecl>(d.get())) {
        addState(*s);
      } else if (auto *p = llvm::dyn_cast<ProbeDecl>(d.get())) {
        probeIndex[p] = static_cast<unsigned>(g->probes.size());
        g->probes.push_back({qualifiedName(root, *p), durationOf(p->timeout.get()), p});
      } else if (auto *a = llvm::dyn_cast<ActionDecl>(d.get())) {
        actionIndex[a] = static_cast<unsigned>(g->actions.size());
        g->actions.push_back(
            {qualifiedName(root, *a), a->title, a->destructive, a->idempotent, a, {}});
      } else if (auto *sc = llvm::dyn_cast<ScenarioDecl>(d.get()); sc && m == &root) {
        scenarioIndex[sc->name] = static_cast<unsigned>(g->scenarios.size());
        g->scenarios.push_back({sc->name, sc->title, sc->nameRange, sc, durationOf(sc->rto.get()),
                                sc->rto ? sc->rto->range : llvm::SMRange()});
      }
    }
  }
  // After the loop: an action may cover a state declared below it.
  for (ActionInfo &a : g->actions)
    for (const ActionClause &c : a.decl->clauses)
      for (const NameRef &ref : c.covers)
        if (auto it = stateIndex.find(ref.decl); it != stateIndex.end())
          a.covers.push_back(it->second);
  g->runbookName = root.name;
  g->runbookRange = root.nameRange;
  if (root.rtoMillis)
    g->rtoMs = root.rtoMillis;
  else if (root.rto)
    g->rtoMs = durationOf(root.rto.get());
  if (root.rto)
    g->rtoRange = root.rto->range;
}

EventRef Lowerer::eventFor(const NameRef &ref) const {
  EventRef e;
  e.name = ref.str();
  const Decl *d = ref.decl;
  if (d && actionIndex.count(d)) {
    e.kind = EventRef::Kind::Action;
    e.index = actionIndex.at(d);
  } else if (d && probeIndex.count(d)) {
    e.kind = EventRef::Kind::Probe;
    e.index = probeIndex.at(d);
  } else if (d && llvm::isa<ScenarioDecl>(d) && scenarioIndex.count(d->name)) {
    e.kind = EventRef::Kind::Scenario;
    e.index = scenarioIndex.at(d->name);
  } else if (!d) {
    for (PhaseKind k :
         {PhaseKind::Detection, PhaseKind::Containment, PhaseKind::Recovery, PhaseKind::Validation})
      if (e.name == spelling(k)) {
        e.kind = EventRef::Kind::Phase;
        e.index = static_cast<unsigned>(k);
      }
  }
  return e;
}

void Lowerer::collectInvariants(const Module &m) {
  for (const Invariant &inv : m.invariants) {
    InvariantInfo info;
    info.kind = inv.kind;
    info.title = inv.title;
    info.range = inv.range;
    info.subject = eventFor(inv.subject);
    if (inv.kind == InvariantKind::Before) {
      if (inv.condition)
        info.predicate = compilePredicate(*inv.condition, nullptr);
    } else {
      info.other = eventFor(inv.other);
    }
    // An invariant written in a scenario or a phase holds there only.
    for (EventRef *e : {&info.subject, &info.other}) {
      if (auto it = scenarioIndex.find(inv.scenario); it != scenarioIndex.end())
        e->scenario = static_cast<int32_t>(it->second);
      if (inv.phase)
        e->phase = static_cast<int8_t>(*inv.phase);
    }
    g->invariants.push_back(std::move(info));
  }
}

int32_t Lowerer::cleanupKey(int32_t scenario) const {
  bool own = scenario >= 0 && g->scenarios[scenario].decl && g->scenarios[scenario].decl->finally;
  return own ? scenario : -1;
}

// Where `key`'s names start: `fail`, or `db_loss/fail` for a scenario with its own cleanup.
static std::string keyPrefix(const StepGraph &g, int32_t key) {
  return key < 0 ? "" : g.scenarios[key].name + "/";
}

NodeId Lowerer::failNode(int32_t scenario) {
  int32_t key = cleanupKey(scenario);
  auto [it, fresh] = failNodes.emplace(key, NoId);
  if (fresh) {
    Node n;
    n.kind = NodeKind::Fail;
    n.id = keyPrefix(*g, key) + "fail";
    n.label = "the run fails";
    n.scenario = key;
    Tails none;
    it->second = endRun(std::move(n), none);
  }
  return it->second;
}

NodeId Lowerer::runbookHandler(int32_t scenario) {
  if (!root.onFailure)
    return failNode(scenario);
  int32_t key = cleanupKey(scenario);
  auto [it, fresh] = runbookHandlers.emplace(key, NoId);
  if (fresh) {
    Scope outer;
    outer.scenario = key;
    outer.failTarget = failNode(key);
    it->second = lowerHandler(*root.onFailure, outer, keyPrefix(*g, key) + "on_failure",
                              "on failure of the runbook");
  }
  return it->second;
}

NodeId Lowerer::lowerHandler(const Block &block, const Scope &outer, const std::string &prefix,
                             const std::string &what) {
  Node n;
  n.kind = NodeKind::Handler;
  n.id = prefix;
  n.label = what;
  n.range = block.range;
  placeIn(n, outer);
  n.inHandler = true;
  Tails none;
  NodeId entry = connect(std::move(n), none);
  Scope inner = outer;
  inner.prefix = prefix;
  inner.inHandler = true;
  Tails tails = lowerBlock(block, inner, prefix, next(entry));
  if (!tails.empty()) {
    // A handled failure that does not end the run fails it; in cleanup, the next step runs.
    attach(tails, outer.cleanup ? outer.failTarget : failNode(outer.scenario));
  }
  return entry;
}

Tails Lowerer::lowerPhase(const Phase &phase, const std::string &prefix, int32_t scenario,
                          Tails in) {
  Node n;
  n.kind = NodeKind::PhaseEntry;
  n.id = prefix;
  n.phase = static_cast<int8_t>(phase.kind);
  n.scenario = scenario;
  const char *name = spelling(phase.kind);
  n.label = scenario >= 0 ? "scenario " + g->scenarios[scenario].name + ": " + name : name;
  // Point at the phase keyword, not the whole block.
  n.range = {phase.range.Start,
             llvm::SMLoc::getFromPointer(phase.range.Start.getPointer() + strlen(name))};
  if (!phase.range.Start.isValid())
    n.range = {};
  NodeId entry = connect(std::move(n), in);
  Scope scope;
  scope.prefix = prefix;
  scope.phase = static_cast<int8_t>(phase.kind);
  scope.scenario = scenario;
  scope.failTarget = runbookHandler(scenario);
  if (phase.onFailure) {
    Scope outer = scope;
    scope.failTarget = lowerHandler(*phase.onFailure, outer, prefix + "/on_failure",
                                    std::string("on failure of ") + name);
  }
  return lowerBlock(phase.body, scope, prefix, next(entry));
}

Tails Lowerer::lowerPhases(const std::vector<const Phase *> &phases, const std::string &scope,
                           int32_t scenario, Tails in) {
  std::map<PhaseKind, unsigned> seen;
  for (const Phase *p : phases) {
    std::string prefix = (scope.empty() ? "" : scope + "/") + spelling(p->kind);
    if (unsigned n = ++seen[p->kind]; n > 1)
      prefix += "." + std::to_string(n);
    in = lowerPhase(*p, prefix, scenario, std::move(in));
  }
  return in;
}

std::unique_ptr<StepGraph> Lowerer::run() {
  g = std::make_unique<StepGraph>();
  // Reserved, not touched: growing a vector of a million nodes copies them all, repeatedly.
  size_t steps = 0;
  forEachStep(root, [&](const Step &) { ++steps; });
  g->nodes.reserve(steps + steps / 4 + 64);
  g->edges.reserve(2 * steps + 64);
  collectTables();
  Node start;
  start.kind = NodeKind::Start;
  start.id = "start";
  start.label = "start of " + root.name;
  start.range = root.nameRange;
  Tails none;
  g->start = connect(std::move(start), none);
  std::vector<const Phase *> top;
  for (const Phase &p : root.phases)
    top.push_back(&p);
  Tails tails = lowerPhases(top, "", -1, next(g->start));
  if (g->scenarios.empty()) {
    Node pass;
    pass.kind = NodeKind::Pass;
    pass.id = "pass";
    pass.label = "the run completes";
    pass.range = root.nameRange;
    endRun(std::move(pass), tails);
  } else {
    routeScenarios(std::move(tails));
  }
  collectInvariants(root);
  for (const Module *m : modules)
    collectInvariants(*m);
  collectCaptures();
  g->finalize();
  return std::move(g);
}

std::unique_ptr<StepGraph> lowerRunbook(const Module &root,
                                        llvm::ArrayRef<std::unique_ptr<Module>> imported,
                                        DiagnosticEngine &diags) {
  if (!root.isRunbook)
    return nullptr;
  return Lowerer(root, imported, diags).run();
}

} // namespace drbook::graph
