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

  std::unique_ptr<StepGraph> runParallel() {
    g = std::make_unique<StepGraph>();
    tables();
    NodeId start = add(NodeKind::Start, "start");
    NodeId fail = add(NodeKind::Fail, "fail");
    NodeId handler = add(NodeKind::Escalate, "recovery/on_failure/0:escalate");
    exits = {fail, handler};
    NodeId at = chain(start, "pre/", pick(0, 2), "");
    NodeId fork = add(NodeKind::Fork, "recovery/0:parallel");
    link(at, fork);
    NodeId join = add(NodeKind::ParallelJoin, "recovery/0/join");
    g->nodes[fork].partner = join;
    g->nodes[join].partner = fork;
    for (uint32_t b = 0, n = pick(2, 3); b < n; ++b) {
      std::string prefix = "recovery/0/branch." + std::to_string(b) + "/";
      NodeId entry = g->addNode(stepNode(prefix + "0:step"));
      g->edges[g->addEdge(fork, entry, EdgeKind::Branch)].aux = b;
      NodeId last = chain(entry, prefix, pick(0, 2), prefix);
      EdgeId in = g->addEdge(last, join, nextKind(last));
      g->edges[in].aux = b;
      failure(last);
    }
    NodeId tail = chain(join, "post/", pick(1, 2), "");
    link(tail, add(NodeKind::Pass, "pass"));
    g->start = start;
    invariants();
    g->finalize();
    return std::move(g);
  }

private:
  NodeId add(NodeKind kind, std::string id) {
    Node n;
    n.kind = kind;
    n.id = n.label = std::move(id);
    n.phase = -1;
    return g->addNode(std::move(n));
  }

  /// An action (with effects, requires, maybe destructive), a confirmation or a validation.
  Node stepNode(std::string id) {
    Node n = node(1, 3);
    while (n.kind != NodeKind::Action && n.kind != NodeKind::Manual && n.kind != NodeKind::Must)
      n = node(1, 3);
    n.id = n.label = std::move(id);
    n.phase = -1;
    return n;
  }

  EdgeKind nextKind(NodeId n) const {
    NodeKind k = g->nodes[n].kind;
    return k == NodeKind::Start || k == NodeKind::ParallelJoin || k == NodeKind::Branch
               ? EdgeKind::Next
               : EdgeKind::Ok;
  }

  void link(NodeId from, NodeId to) { g->addEdge(from, to, nextKind(from)); }

  /// Sometimes a failure edge out of `n`, to `fail` or to the escalating handler.
  void failure(NodeId n) {
    if (g->nodes[n].kind != NodeKind::Start && g->nodes[n].kind != NodeKind::ParallelJoin &&
        g->nodes[n].kind != NodeKind::Branch && chance(30))
      g->addEdge(n, exits[pick(0, 1)], EdgeKind::Failure);
  }

  /// `count` steps after `from`, ids under `prefix`; inside a branch (`branch` non-empty)
  /// some are a test of a run value with an abort on one side. Returns the last.
  NodeId chain(NodeId from, const std::string &prefix, unsigned count, const std::string &branch) {
    NodeId at = from;
    for (unsigned k = 1; k <= count; ++k) {
      std::string id = prefix + std::to_string(k) + ":step";
      if (!branch.empty() && !g->runVars.empty() && chance(25)) {
        NodeId test = add(NodeKind::Branch, id);
        g->nodes[test].exhaustive = true;
        link(at, test);
        failure(at);
        NodeId abort = add(NodeKind::Abort, prefix + std::to_string(k) + "/then/0:abort");
        NodeId next = g->addNode(stepNode(prefix + std::to_string(k) + "/else/0:step"));
        ValueMask all = full(g->runVars[0].values.size()),
                  some = someValues(g->runVars[0].values.size());
        for (auto [to, mask] : {std::pair{abort, some}, std::pair{next, all & ~some}}) {
          EdgeId e = g->addEdge(test, to, EdgeKind::Value, "v");
          g->edges[e].var = 0;
          g->edges[e].allowed = mask;
        }
        at = next;
        continue;
      }
      NodeId next = g->addNode(stepNode(id));
      link(at, next);
      failure(at);
      at = next;
    }
    return at;
  }

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
      g->actions.push_back({"act" + std::to_string(a), "", false, false, nullptr, {}});
    // Some actions say which states their backup `covers`.
    for (ActionInfo &a : g->actions)
      for (unsigned s = 0; s < g->states.size() && pick(0, 2) == 0; ++s)
        a.covers.push_back(pick(0, static_cast<unsigned>(g->states.size() - 1)));
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
  std::vector<NodeId> exits;
  std::unique_ptr<StepGraph> g;
};

} // namespace

std::unique_ptr<StepGraph> randomParallelGraph(uint32_t seed) {
  return Generator(seed, 0, /*guardHeavy=*/false).runParallel();
}

std::unique_ptr<StepGraph> randomGraph(uint32_t seed, unsigned maxNodes, bool guardHeavy) {
  return Generator(seed, maxNodes, guardHeavy).run();
}

} // namespace drbook::testing
