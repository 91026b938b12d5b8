//===- Races.cpp - parallel-race, parallel-branch-ends-run -----------------===//
//
// The path checks run the branches of a `parallel` in order (see Flow.h). That is sound only
// when the order cannot matter: no state is written by one branch and read (by a `requires`
// or a `before` invariant) or written by another, and no ordering invariant (`eventually`,
// `never … after`) relates steps of two branches: parallel-race rejects the rest. It is also
// complete only when every branch can hand over to the next: a branch that ends the run on
// every path would leave the branches after it unchecked: parallel-branch-ends-run.
//
//===----------------------------------------------------------------------===//
#include "Describe.h"

#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

#include <map>
#include <optional>

namespace drbook::verify {

using namespace drbook::graph;

namespace {

struct BranchUse {
  uint32_t number = 0;
  std::vector<NodeId> nodes;
  std::map<unsigned, NodeId> writes, reads; ///< state → first step that does it
  NodeId ending = NoId;                     ///< the branch's first terminal step
  bool handsOver = false;                   ///< some step of it reaches the join
};

std::vector<NodeId> branchNodes(const StepGraph &g, NodeId entry, NodeId join) {
  std::vector<NodeId> nodes{entry};
  std::map<NodeId, bool> visited{{entry, true}};
  for (size_t head = 0; head < nodes.size(); ++head)
    for (EdgeId e : g.out(nodes[head])) {
      const Edge &edge = g.edges[e];
      if (edge.kind == EdgeKind::Failure || edge.to == join || visited[edge.to])
        continue;
      visited[edge.to] = true;
      nodes.push_back(edge.to);
    }
  return nodes;
}

BranchUse useOf(const StepGraph &g, uint32_t number, NodeId entry, NodeId join) {
  BranchUse use;
  use.number = number;
  use.nodes = branchNodes(g, entry, join);
  for (NodeId n : use.nodes) {
    const Node &node = g.nodes[n];
    for (EdgeId e : g.out(n))
      use.handsOver |= g.edges[e].to == join;
    if (use.ending == NoId && isTerminal(node.kind))
      use.ending = n;
    for (const StateEffect &e : node.effects)
      use.writes.emplace(e.state, n);
    std::vector<unsigned> preds = node.requires;
    for (const InvariantInfo &inv : g.invariants)
      if (inv.kind == ast::InvariantKind::Before && inv.predicate != NoId &&
          g.matches(n, inv.subject))
        preds.push_back(inv.predicate);
    for (unsigned p : preds)
      for (unsigned s : g.predicates[p].statesOf(g.predicates[p].root))
        use.reads.emplace(s, n);
  }
  return use;
}

bool contains(const BranchUse &b, const StepGraph &g, const EventRef &event) {
  for (NodeId n : b.nodes)
    if (g.matches(n, event))
      return true;
  return false;
}

std::string branchLabel(const BranchUse &b) { return "branch " + std::to_string(b.number + 1); }

/// A branch that ends the run on every path, or nothing.
std::optional<Violation> endsTheRun(const StepGraph &g, const BranchUse &b) {
  if (b.handsOver || b.ending == NoId)
    return std::nullopt;
  Violation v;
  v.rule = "parallel-branch-ends-run";
  v.node = b.ending;
  v.message = branchLabel(b) + " of this `parallel` ends the run on every path (" +
              stepName(g, b.ending) +
              "), so the run never gets past the `parallel` and the branches after it cannot "
              "be verified; end the run after the `parallel` instead";
  return v;
}

} // namespace

void checkParallel(const FlowGraph &flow, std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  size_t first = out.size();
  for (NodeId fork = 0; fork < flow.size() && out.size() - first < MaxViolationsPerCheck; ++fork) {
    if (flow.info(fork).kind != NodeKind::Fork)
      continue;
    std::vector<BranchUse> branches;
    for (EdgeId e : g.out(fork))
      if (g.edges[e].kind == EdgeKind::Branch)
        branches.push_back(useOf(g, g.edges[e].aux, g.edges[e].to, g.nodes[fork].partner));
    for (const BranchUse &b : branches)
      if (std::optional<Violation> v = endsTheRun(g, b))
        out.push_back(std::move(*v));
    std::string problem;
    for (size_t i = 0; i < branches.size() && problem.empty(); ++i)
      for (size_t j = 0; j < branches.size() && problem.empty(); ++j) {
        if (i == j)
          continue;
        const BranchUse &a = branches[i], &b = branches[j];
        for (const auto &[state, writer] : a.writes) {
          auto w = b.writes.find(state), r = b.reads.find(state);
          bool alsoWrites = w != b.writes.end();
          if (!alsoWrites && r == b.reads.end())
            continue;
          NodeId otherStep = alsoWrites ? w->second : r->second;
          problem = branchLabel(a) + " sets " + g.states[state].name + " (" + stepName(g, writer) +
                    ") while " + branchLabel(b) + (alsoWrites ? " sets" : " reads") + " it (" +
                    stepName(g, otherStep) + ")";
          break;
        }
        for (const InvariantInfo &inv : g.invariants)
          if (problem.empty() && inv.kind != ast::InvariantKind::Before &&
              contains(a, g, inv.subject) && contains(b, g, inv.other))
            problem = branchLabel(a) + " runs " + inv.subject.name + " and " + branchLabel(b) +
                      " runs " + inv.other.name + ", which an invariant orders";
      }
    if (problem.empty())
      continue;
    Violation v;
    v.rule = "parallel-race";
    v.node = fork;
    v.message = "parallel branches race: " + problem + "; their order is not fixed";
    out.push_back(std::move(v));
  }
}

} // namespace drbook::verify
