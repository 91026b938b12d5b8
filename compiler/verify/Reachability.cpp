//===- Reachability.cpp - unreachable-step ---------------------------------===//
//
// A step no run can reach: after an `abort` or `escalate` in the same block, in a scenario the
// routing decision never chooses, in an `on failure` block whose step cannot fail. Only the
// first step of each unreachable stretch is reported (the one nothing leads to at all); an end
// of the run preceded by cleanup is reported for itself when nothing reaches its cleanup.
//
//===----------------------------------------------------------------------===//
#include "Describe.h"

#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

namespace drbook::verify {

using namespace drbook::graph;

// The end of the run that the cleanup entered at `n` leads to.
static NodeId endAfter(const FlowGraph &flow, NodeId n) {
  while (!isTerminal(flow.info(n).kind) && !flow.stepOut(n).empty())
    n = flow.stepOut(n).front().to;
  return n;
}

void checkReachable(const FlowGraph &flow, std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  if (g.start == NoId)
    return;
  // Over the step graph's own edges: a parallel branch is reachable from its fork even when
  // an earlier branch always ends the run.
  std::vector<uint8_t> seen(flow.size(), 0), entered(flow.size(), 0);
  std::vector<NodeId> queue{g.start};
  seen[g.start] = 1;
  for (size_t head = 0; head < queue.size(); ++head)
    for (const FlowEdge &e : flow.stepOut(queue[head]))
      if (!seen[e.to]) {
        seen[e.to] = 1;
        queue.push_back(e.to);
      }
  for (NodeId n = 0; n < flow.size(); ++n)
    for (const FlowEdge &e : flow.stepOut(n))
      entered[e.to] = 1;
  // The first node lowered for each scenario is where routing enters it.
  std::vector<NodeId> scenarioEntry(g.scenarios.size(), NoId);
  for (NodeId n = flow.size(); n-- > 0;)
    if (flow.info(n).scenario >= 0)
      scenarioEntry[flow.info(n).scenario] = n;
  size_t first = out.size();
  for (NodeId n = 0; n < flow.size() && out.size() - first < MaxViolationsPerCheck; ++n) {
    const NodeInfo &node = flow.info(n);
    if (seen[n] || entered[n])
      continue;
    Violation v;
    v.rule = "unreachable-step";
    v.node = n;
    if (node.kind == NodeKind::Finally) {
      // Nothing reaches the cleanup copied before an end: the end itself is unreachable.
      v.node = endAfter(flow, n);
      if (!flow.info(v.node).hasStep)
        continue; // a `pass` or `fail` nothing leads to is not a step of the runbook
      v.message = stepName(g, v.node) + " can never run: every path before it ends";
    } else if (node.cleanup) {
      continue; // a step of a copy of `finally`: reported as its copy's end, above
    } else if (node.scenario >= 0 && scenarioEntry[node.scenario] == n) {
      v.message = "scenario '" + g.scenarios[node.scenario].name +
                  "' is never chosen: no value of `decide scenario` leads to it";
      v.range = g.scenarios[node.scenario].range;
    } else if (node.kind == NodeKind::Handler) {
      v.message = "this `on failure` block never runs: nothing it handles can fail";
    } else if (node.hasStep || node.kind == NodeKind::PhaseEntry) {
      v.message = stepName(g, n) + " can never run: every path before it ends";
    } else {
      continue;
    }
    out.push_back(std::move(v));
  }
}

} // namespace drbook::verify
