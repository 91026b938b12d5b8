//===- RandomGraphs.cpp - Small random step graphs -------------------------===//
#include "RandomGraphs.h"

namespace drbook::testing {

using namespace drbook::graph;

namespace {

class Generator {
public:
  Generator(uint32_t seed, unsigned maxNodes, bool guardHeavy)
      : rng(seed), maxNodes(maxNodes), guardHeavy(guardHeavy) {}

  std::unique_ptr<StepGraph> run() {
    g = std::make_unique<StepGraph>();
    tables();
    unsigned n = pick(maxNodes / 2 + 2, maxNodes);
    for (unsigned i = 0; i < n; ++i)
      g->addNode(node(i, n));
    for (NodeId i = 0; i < n; ++i)
      edges(i, n);
    g->start = 0;
    invariants();
    if (chance(50))
      g->rtoMs = pick(0, 12) * 10;
    g->finalize();
    return std::move(g);
  }

private:
  unsigned pick(unsigned lo, unsigned hi) {
    return std::uniform_int_distribution<unsigned>(lo, hi)(rng);
  }
  bool chance(unsigned percent) { return pick(1, 100) <= percent; }
  ValueMask full(size_t n) { return (ValueMask(1) << n) - 1; }
  ValueMask someValues(size_t n) {
    ValueMask m = 0;
    while (!m)
      m = pick(0, static_cast<unsigned>(full(n)));
    return m;
  }

  void tables() {
    // State names make some states backup-like guards for the destructive rule.
    const char *names[] = {"traffic", "backup", "db"};
    unsigned states = pick(1, 3);
    for (unsigned s = 0; s < states; ++s) {
      StateVar v;
      v.name = names[s];
      unsigned values = pick(2, 3);
      for (unsigned i = 0; i < values; ++i)
        v.values.push_back(v.name + std::to_string(i));
      v.initial = pick(0, values - 1);
      g->states.push_back(v);
    }
    unsigned vars = pick(0, 2);
    for (unsigned i = 0; i < vars; ++i) {
      RunVar v;
      v.name = "var" + std::to_string(i);
      for (unsigned k = 0, n = pick(2, 3); k < n; ++k)
        v.values.push_back("v" + std::to_string(k));
      g->runVars.push_back(v);
    }
    for (unsigned a = 0, n = pick(1, 3); a < n; ++a)
      g->actions.push_back({"act" + std::to_string(a), "", false, false, nullptr});
    g->probes.push_back({"probe", std::nullopt, nullptr});
  }

  unsigned predicate(unsigned depth) {
    Predicate p;
    p.root = term(p, depth);
    p.text = "p" + std::to_string(g->predicates.size());
    g->predicates.push_back(std::move(p));
    return static_cast<unsigned>(g->predicates.size() - 1);
  }

  unsigned term(Predicate &p, unsigned depth) {
    Predicate::Term t;
    unsigned kind = depth == 0 ? pick(0, 5) : pick(0, 8);
    if (kind <= 3) {
      t.op = Predicate::Op::Atom;
      t.state = pick(0, static_cast<unsigned>(g->states.size() - 1));
      t.allowed = someValues(g->states[t.state].values.size());
    } else if (kind == 4) {
      t.op = chance(50) ? Predicate::Op::Unknown : Predicate::Op::True;
    } else if (kind == 5) {
      t.op = Predicate::Op::False;
    } else if (kind == 6) {
      t.op = Predicate::Op::Not;
      t.lhs = term(p, depth - 1);
    } else {
      t.op = kind == 7 ? Predicate::Op::And : Predicate::Op::Or;
      t.lhs = term(p, depth - 1);
      t.rhs = term(p, depth - 1);
    }
    p.terms.push_back(t);
    return static_cast<unsigned>(p.terms.size() - 1);
  }

  Node node(unsigned i, unsigned n) {
    Node node;
    node.id = "n" + std::to_string(i);
    node.label = node.id;
    node.phase = static_cast<int8_t>(pick(0, 4)) - 1;
    if (i == 0) {
      node.kind = NodeKind::Start;
      return node;
    }
    if (i == n - 1) {
      node.kind = NodeKind::Pass;
      return node;
    }
    static const NodeKind kinds[] = {
        NodeKind::Action,     NodeKind::Action, NodeKind::Action,   NodeKind::Manual,
        NodeKind::Must,       NodeKind::Check,  NodeKind::Decision, NodeKind::Branch,
        NodeKind::PhaseEntry, NodeKind::Join,   NodeKind::Pass,     NodeKind::Abort,
        NodeKind::Escalate,   NodeKind::Fail,   NodeKind::Wait,     NodeKind::Must};
    static const NodeKind guardKinds[] = {NodeKind::Action, NodeKind::Action, NodeKind::Action,
                                          NodeKind::Manual, NodeKind::Manual, NodeKind::Branch,
                                          NodeKind::Abort};
    node.kind = guardHeavy ? guardKinds[pick(0, sizeof guardKinds / sizeof *guardKinds - 1)]
                           : kinds[pick(0, sizeof kinds / sizeof *kinds - 1)];
    node.durationMs = pick(0, 4) * 10;
    if (node.kind == NodeKind::Action) {
      node.action = static_cast<int32_t>(pick(0, static_cast<unsigned>(g->actions.size() - 1)));
      node.destructive = chance(guardHeavy ? 60 : 25);
      for (unsigned s = 0; s < g->states.size(); ++s)
        if (chance(40))
          node.effects.push_back({s, someValues(g->states[s].values.size()), chance(30)});
      if (chance(40))
      node.requires.push_back(predicate(2));
    }
    if (node.kind == NodeKind::Decision || node.kind == NodeKind::Branch)
      node.exhaustive = chance(80);
    if (node.kind == NodeKind::Wait)
      node.probes.push_back(0);
    return node;
  }

  void edges(NodeId i, unsigned n) {
    const Node &from = g->nodes[i];
    if (isTerminal(from.kind))
      return;
    unsigned outs = pick(1, 3);
    bool canFail = from.kind == NodeKind::Action || from.kind == NodeKind::Manual ||
                   from.kind == NodeKind::Must || from.kind == NodeKind::Wait;
    bool tests =
        (from.kind == NodeKind::Decision || from.kind == NodeKind::Branch) && !g->runVars.empty();
    uint32_t var = tests ? pick(0, static_cast<unsigned>(g->runVars.size() - 1)) : NoId;
    for (unsigned k = 0; k < outs; ++k) {
      NodeId to = pick(i + 1, n - 1);
      EdgeKind kind =
          canFail ? (k == 0 ? EdgeKind::Ok : (chance(50) ? EdgeKind::Failure : EdgeKind::Ok))
                  : (tests ? EdgeKind::Value : EdgeKind::Next);
      EdgeId e = g->addEdge(i, to, kind, tests ? "v" : "");
      if (tests && chance(85)) {
        g->edges[e].var = var;
        g->edges[e].allowed = someValues(g->runVars[var].values.size());
      }
    }
  }

  EventRef event(bool allowPhase) {
    EventRef e;
    if (allowPhase && chance(30)) {
      e.kind = EventRef::Kind::Phase;
      e.index = pick(0, 3);
    } else {
      e.kind = EventRef::Kind::Action;
      e.index = pick(0, static_cast<unsigned>(g->actions.size() - 1));
    }
    e.name = "e";
    return e;
  }

  void invariants() {
    for (unsigned k = 0, n = pick(1, 4); k < n; ++k) {
      InvariantInfo inv;
      inv.kind = static_cast<ast::InvariantKind>(pick(0, 2));
      inv.subject = event(false);
      if (inv.kind == ast::InvariantKind::Before)
        inv.predicate = predicate(1);
      else
        inv.other = event(true);
      g->invariants.push_back(inv);
    }
  }

  std::mt19937 rng;
  unsigned maxNodes;
  bool guardHeavy;
  std::unique_ptr<StepGraph> g;
};

} // namespace

std::unique_ptr<StepGraph> randomGraph(uint32_t seed, unsigned maxNodes, bool guardHeavy) {
  return Generator(seed, maxNodes, guardHeavy).run();
}

} // namespace drbook::testing
