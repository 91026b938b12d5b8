//===- BruteForce.cpp - Every path, judged by the definitions --------------===//
#include "BruteForce.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace drbook::testing {

using namespace drbook::graph;

namespace {

class Enumerator {
public:
  Enumerator(const StepGraph &g, size_t maxSteps, const std::vector<EdgeId> *only)
      : g(g), maxSteps(maxSteps), only(only) {}

  OracleResult run() {
    std::vector<unsigned> values;
    for (const StateVar &s : g.states)
      values.push_back(s.initial);
    std::vector<ValueMask> masks;
    for (const RunVar &v : g.runVars)
      masks.push_back((ValueMask(1) << v.values.size()) - 1);
    std::vector<EdgeId> path;
    visit(g.start, path, values, masks);
    return std::move(result);
  }

private:
  void found(const std::string &rule, NodeId n, unsigned inv, size_t length) {
    auto [it, fresh] = result.violations.emplace(ViolationKey{rule, n, inv}, length);
    if (!fresh)
      it->second = std::min(it->second, length);
  }

  bool completed(EdgeId e) const { return g.edges[e].kind != EdgeKind::Failure; }
  const Node &from(EdgeId e) const { return g.nodes[g.edges[e].from]; }

  static unsigned rank(const Node &n) { return n.inHandler || n.phase < 0 ? 0 : n.phase + 1; }

  bool validates(const Node &n) const {
    return n.kind == NodeKind::Must ||
           (n.phase == static_cast<int8_t>(ast::PhaseKind::Validation) &&
            (n.kind == NodeKind::Check || n.kind == NodeKind::Wait));
  }

  // A backup guards every destructive step after it (whose data it covers); a confirmation
  // (`manual`) only the next one of its own line of steps (the main line, or one parallel
  // branch): any destructive step of that line uses it up. An approval (`manual … approves A`)
  // guards every later run of A on its line. Neither carries into a branch or past the join.
  bool guarded(const std::vector<EdgeId> &path, NodeId n) const {
    std::map<std::string, bool> confirmed;
    std::map<std::string, std::set<unsigned>> approved;
    for (EdgeId e : path) {
      const Edge &edge = g.edges[e];
      const Node &node = from(e);
      if (completed(e) && backs(node) && covers(node, n))
        return true;
      if (edge.kind == EdgeKind::Branch) {
        confirmed[lineOf(edge.to)] = false;
        approved[lineOf(edge.to)].clear();
        continue;
      }
      std::string line = lineOf(edge.from);
      if (completed(e) && node.kind == NodeKind::Manual && !node.approves.empty())
        approved[line].insert(node.approves.begin(), node.approves.end());
      else if (completed(e) && node.kind == NodeKind::Manual)
        confirmed[line] = true;
      else if (node.destructive)
        confirmed[line] = false;
      if (g.nodes[edge.to].kind == NodeKind::ParallelJoin) {
        confirmed[line] = confirmed[""] = false;
        approved[line].clear();
        approved[""].clear();
      }
    }
    int32_t action = g.nodes[n].action;
    return confirmed[lineOf(n)] || (action >= 0 && approved[lineOf(n)].count(action));
  }

  // The parallel branch a node lies in (its id's `…/branch.N/` prefix), or "" for none.
  std::string lineOf(NodeId n) const {
    const std::string &id = g.nodes[n].id;
    size_t at = id.find("/branch.");
    return at == std::string::npos ? "" : id.substr(0, id.find('/', at + 1) + 1);
  }

  // A backup whose action says what it `covers` guards only the steps that change that data.
  bool covers(const Node &backup, NodeId n) const {
    if (backup.action < 0 || g.actions[backup.action].covers.empty())
      return true;
    for (const StateEffect &e : g.nodes[n].effects)
      if (llvm::is_contained(g.actions[backup.action].covers, e.state))
        return true;
    return false;
  }

  bool backs(const Node &n) const {
    if (n.kind != NodeKind::Action)
      return false;
    for (const StateEffect &e : n.effects) {
      const StateVar &s = g.states[e.state];
      if (s.name.find("backup") != std::string::npos && !e.mayKeep &&
          !((e.values >> s.initial) & 1))
        return true;
    }
    return false;
  }

  // Judges what can be judged on entering `n` along `path` with state `values`.
  void enter(NodeId n, const std::vector<EdgeId> &path, const std::vector<unsigned> &values,
             const std::vector<ValueMask> &masks) {
    const Node &node = g.nodes[n];
    size_t len = path.size();
    for (unsigned p : node.requires)
      if (g.predicates[p].eval(g.predicates[p].root, values) != Truth::True)
        found("requires-unmet", n, NoId, len);
    for (unsigned i = 0; i < g.invariants.size(); ++i) {
      const InvariantInfo &inv = g.invariants[i];
      if (!g.matches(n, inv.subject))
        continue;
      if (inv.kind == ast::InvariantKind::Before) {
        const Predicate &p = g.predicates[inv.predicate];
        if (p.eval(p.root, values) != Truth::True)
          found("invariant-before", n, i, len);
      } else if (inv.kind == ast::InvariantKind::NeverAfter) {
        for (EdgeId e : path)
          if (completed(e) && g.matches(g.edges[e].from, inv.other))
            found("invariant-never-after", n, i, len);
      }
    }
    if (node.kind == NodeKind::PhaseEntry && !node.inHandler) {
      unsigned latest = rank(g.nodes[g.start]);
      for (EdgeId e : path)
        latest = std::max(latest, rank(g.nodes[g.edges[e].to]));
      if (latest > rank(node))
        found("phase-order", n, NoId, len);
    }
    auto passedBefore = [&](auto predicate) {
      for (EdgeId e : path)
        if (completed(e) && predicate(from(e)))
          return true;
      return false;
    };
    if (node.kind == NodeKind::Pass && !passedBefore([&](const Node &x) { return validates(x); }))
      found("no-validation-on-path", n, NoId, len);
    if (node.destructive && !guarded(path, n))
      found("destructive-unguarded", n, NoId, len);
    if (!node.exhaustive && uncoveredCanArrive(n, masks))
      found("decision-not-exhaustive", n, NoId, len);
  }

  // A match on a run value misses a case only when the path can bring it an uncovered value.
  bool uncoveredCanArrive(NodeId n, const std::vector<ValueMask> &masks) const {
    for (EdgeId e : g.out(n))
      if (g.edges[e].kind == EdgeKind::NoMatch && g.edges[e].var != NoId)
        return (masks[g.edges[e].var] & g.edges[e].allowed) != 0;
    return true;
  }

  // Judges a complete path, ending at terminal `end`.
  void complete(NodeId end, const std::vector<EdgeId> &path) {
    const Node &last = g.nodes[end];
    if (last.kind == NodeKind::Pass) {
      int64_t total = 0;
      for (EdgeId e : path)
        total += from(e).durationMs;
      result.worstRun = std::max(result.worstRun, total);
    }
    bool normal = last.kind == NodeKind::Pass || last.kind == NodeKind::Abort ||
                  last.kind == NodeKind::Escalate;
    for (unsigned i = 0; i < g.invariants.size() && normal; ++i) {
      const InvariantInfo &inv = g.invariants[i];
      if (inv.kind != ast::InvariantKind::AfterEventually)
        continue;
      for (size_t j = 0; j < path.size(); ++j) {
        EdgeId ex = path[j];
        if (!completed(ex) || !g.matches(g.edges[ex].from, inv.subject))
          continue;
        bool missed = true;
        for (size_t k = j; k < path.size() && missed; ++k) {
          if (k > j && !completed(path[k]))
            missed = false;
          if (g.matches(g.edges[path[k]].to, inv.other))
            missed = false;
        }
        if (missed)
          found("invariant-eventually", g.edges[ex].from, i, path.size());
      }
    }
  }

  void visit(NodeId n, std::vector<EdgeId> &path, const std::vector<unsigned> &values,
             const std::vector<ValueMask> &masks) {
    if (++steps > maxSteps) {
      result.truncated = true;
      return;
    }
    enter(n, path, values, masks);
    if (g.out(n).empty()) {
      complete(n, path);
      return;
    }
    if (only && path.size() == only->size())
      return;
    const Node &node = g.nodes[n];
    if (node.kind == NodeKind::Fork) {
      std::vector<Thread> threads;
      for (EdgeId e : g.out(n))
        threads.push_back({g.edges[e].to, NoId, e, lineOf(g.edges[e].to), false});
      interleave(node.partner, threads, path, values, masks);
      return;
    }
    for (EdgeId e : g.out(n)) {
      const Edge &edge = g.edges[e];
      if (only && (*only)[path.size()] != e)
        continue;
      std::vector<ValueMask> nextMasks = masks;
      if (edge.var != NoId) {
        nextMasks[edge.var] &= edge.allowed;
        if (!nextMasks[edge.var])
          continue;
      }
      path.push_back(e);
      if (node.kind == NodeKind::Action && completed(e) && !node.effects.empty())
        applyEffects(node, 0, values, [&](const std::vector<unsigned> &after) {
          visit(edge.to, path, after, nextMasks);
        });
      else
        visit(edge.to, path, values, nextMasks);
      path.pop_back();
    }
  }

  // One branch of a `parallel` as it runs: the step it is at (NoId once finished), where it
  // left the parallel early (NoId when it reached the join), and the fork's edge into it.
  struct Thread {
    NodeId at, exit;
    EdgeId entry;
    std::string line;
    bool started;
  };

  // Every interleaving of the branches' steps, each step atomic. The run leaves the parallel
  // once every branch has finished: for the way out of the first branch (in order) that left
  // early, else through the join.
  void interleave(NodeId join, const std::vector<Thread> &threads, std::vector<EdgeId> &path,
                  const std::vector<unsigned> &values, const std::vector<ValueMask> &masks) {
    if (++steps > maxSteps) {
      result.truncated = true;
      return;
    }
    bool running = false;
    for (size_t i = 0; i < threads.size(); ++i)
      if (threads[i].at != NoId) {
        running = true;
        step(join, threads, i, path, values, masks);
      }
    if (running)
      return;
    for (const Thread &t : threads)
      if (t.exit != NoId) {
        if (lineOf(t.exit) == t.line) // a terminal step of the branch, entered already
          return complete(t.exit, path);
        return visit(t.exit, path, values, masks);
      }
    visit(join, path, values, masks);
  }

  // Branch `i` runs its next step, along each of its edges.
  void step(NodeId join, const std::vector<Thread> &threads, size_t i, std::vector<EdgeId> &path,
            const std::vector<unsigned> &values, const std::vector<ValueMask> &masks) {
    size_t mark = path.size();
    const Thread &t = threads[i];
    if (!t.started)
      path.push_back(t.entry);
    enter(t.at, path, values, masks);
    const Node &node = g.nodes[t.at];
    std::vector<Thread> next = threads;
    next[i].started = true;
    if (isTerminal(node.kind)) {
      next[i].exit = t.at;
      next[i].at = NoId;
      interleave(join, next, path, values, masks);
    }
    for (EdgeId e : g.out(t.at)) {
      const Edge &edge = g.edges[e];
      std::vector<ValueMask> nextMasks = masks;
      if (edge.var != NoId && !(nextMasks[edge.var] &= edge.allowed))
        continue;
      next[i].at = edge.to == join || lineOf(edge.to) != t.line ? NoId : edge.to;
      next[i].exit = edge.to != join && lineOf(edge.to) != t.line ? edge.to : NoId;
      path.push_back(e);
      auto go = [&](const std::vector<unsigned> &after) {
        interleave(join, next, path, after, nextMasks);
      };
      if (node.kind == NodeKind::Action && completed(e) && !node.effects.empty())
        applyEffects(node, 0, values, go);
      else
        go(values);
      path.pop_back();
    }
    path.resize(mark);
  }

  // Every outcome of the node's effects, one after another.
  template <typename Then>
  void applyEffects(const Node &node, size_t i, std::vector<unsigned> values, Then then) {
    if (i == node.effects.size())
      return then(values);
    const StateEffect &e = node.effects[i];
    unsigned old = values[e.state];
    for (unsigned v = 0; v < g.states[e.state].values.size(); ++v)
      if (((e.values >> v) & 1) || (e.mayKeep && v == old)) {
        values[e.state] = v;
        applyEffects(node, i + 1, values, then);
      }
  }

  const StepGraph &g;
  size_t maxSteps, steps = 0;
  const std::vector<EdgeId> *only;
  OracleResult result;
};

} // namespace

OracleResult bruteForce(const StepGraph &g, size_t maxSteps, const std::vector<EdgeId> *only) {
  return Enumerator(g, maxSteps, only).run();
}

} // namespace drbook::testing
