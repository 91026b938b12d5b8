//===- Reachability.cpp - unreachable-step ---------------------------------===//
//
// A step no run can reach: after an `abort` or `escalate` in the same block, in a scenario the
// routing decision never chooses, in an `on failure` block whose step cannot fail. Only the
// first step of each unreachable stretch is reported (the one nothing leads to at all).
//
//===----------------------------------------------------------------------===//
#include "Describe.h"

#include "drbook/verify/Verifier.h"

namespace drbook::verify {

using namespace drbook::graph;

void checkReachable(const StepGraph &g, std::vector<Violation> &out) {
  if (g.start == NoId)
    return;
  std::vector<uint8_t> seen(g.nodes.size(), 0);
  std::vector<NodeId> queue{g.start};
  seen[g.start] = 1;
  for (size_t head = 0; head < queue.size(); ++head)
    for (EdgeId e : g.out(queue[head]))
      if (!seen[g.edges[e].to]) {
        seen[g.edges[e].to] = 1;
        queue.push_back(g.edges[e].to);
      }
  // The first node lowered for each scenario is where routing enters it.
  std::vector<NodeId> scenarioEntry(g.scenarios.size(), NoId);
  for (NodeId n = g.nodes.size(); n-- > 0;)
    if (g.nodes[n].scenario >= 0)
      scenarioEntry[g.nodes[n].scenario] = n;
  size_t first = out.size();
  for (NodeId n = 0; n < g.nodes.size() && out.size() - first < MaxViolationsPerCheck; ++n) {
    const Node &node = g.nodes[n];
    if (seen[n] || !g.in(n).empty())
      continue;
    Violation v;
    v.rule = "unreachable-step";
    v.node = n;
    if (node.scenario >= 0 && scenarioEntry[node.scenario] == n) {
      v.message = "scenario '" + g.scenarios[node.scenario].name +
                  "' is never chosen: no value of `decide scenario` leads to it";
      v.range = g.scenarios[node.scenario].range;
    } else if (node.kind == NodeKind::Handler) {
      v.message = "this `on failure` block never runs: nothing it handles can fail";
    } else if (node.step || node.kind == NodeKind::PhaseEntry) {
      v.message = stepName(g, n) + " can never run: every path before it ends";
    } else {
      continue;
    }
    out.push_back(std::move(v));
  }
}

} // namespace drbook::verify
