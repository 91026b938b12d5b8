//===- Budget.cpp - rto-exceeded and unbounded-loop ------------------------===//
//
// The worst-case duration of a run is the longest path, weighted by how long each step may
// take, from the start to a `pass`: an action's timeout × (retries + 1), a manual step's
// estimate, a `wait`'s `within`, the probes' timeouts for `check`/`must`. The step graph is
// acyclic (the language has no loops; `wait` is bounded by `within`), so one pass in
// topological order finds it; at a parallel join the longest branch wins, which is the
// "parallel = max" rule. Runs that abort or escalate are not recoveries and do not count.
//
// The same topological sort proves there is no cycle; a `wait` without a usable bound is the
// only loop the language can express, and is reported here too.
//
//===----------------------------------------------------------------------===//
#include "Describe.h"

#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

#include <algorithm>

namespace drbook::verify {

using namespace drbook::graph;

// Kahn's algorithm; returns fewer nodes than the graph has exactly when there is a cycle.
static std::vector<NodeId> topologicalOrder(const StepGraph &g) {
  std::vector<uint32_t> indegree(g.nodes.size(), 0);
  for (const Edge &e : g.edges)
    ++indegree[e.to];
  std::vector<NodeId> order;
  order.reserve(g.nodes.size());
  for (NodeId n = 0; n < g.nodes.size(); ++n)
    if (!indegree[n])
      order.push_back(n);
  for (size_t head = 0; head < order.size(); ++head)
    for (EdgeId e : g.out(order[head]))
      if (--indegree[g.edges[e].to] == 0)
        order.push_back(g.edges[e].to);
  return order;
}

static void reportLoops(const StepGraph &g, const std::vector<NodeId> &order,
                        std::vector<Violation> &out) {
  if (order.size() < g.nodes.size()) {
    std::vector<uint8_t> sorted(g.nodes.size(), 0);
    for (NodeId n : order)
      sorted[n] = 1;
    for (NodeId n = 0; n < g.nodes.size(); ++n)
      if (!sorted[n]) {
        Violation v;
        v.rule = "unbounded-loop";
        v.node = n;
        v.message = stepName(g, n) + " is on a cycle of the step graph; runs could loop forever";
        out.push_back(std::move(v));
        break;
      }
  }
  for (NodeId n = 0; n < g.nodes.size(); ++n)
    if (g.nodes[n].kind == NodeKind::Wait && !g.nodes[n].timed) {
      Violation v;
      v.rule = "unbounded-loop";
      v.node = n;
      v.message = stepName(g, n) +
                  " polls without a bound: `within` must be a constant duration above zero";
      out.push_back(std::move(v));
    }
}

void checkBudget(const StepGraph &g, std::vector<Violation> &out) {
  std::vector<NodeId> order = topologicalOrder(g);
  reportLoops(g, order, out);
  if (!g.rtoMs || order.size() < g.nodes.size() || g.start == NoId)
    return;
  // elapsed[c][n]: the longest time before n starts, over feasible paths from the start that
  // reach n in run context c (see RunContexts); -1 when none does.
  RunContexts contexts(g);
  std::vector<std::vector<int64_t>> elapsed;
  std::vector<std::vector<std::pair<EdgeId, uint32_t>>> parent;
  auto ensure = [&](uint32_t c) {
    while (elapsed.size() <= c) {
      elapsed.emplace_back(g.nodes.size(), -1);
      parent.emplace_back(g.nodes.size(), std::make_pair(NoId, 0u));
    }
  };
  ensure(0);
  elapsed[0][g.start] = 0;
  for (NodeId n : order) {
    for (uint32_t c = 0; c < elapsed.size(); ++c) {
      if (elapsed[c][n] < 0)
        continue;
      int64_t done = elapsed[c][n] + g.nodes[n].durationMs;
      for (EdgeId e : g.out(n)) {
        uint32_t c2 = contexts.after(c, e);
        if (c2 == RunContexts::Infeasible)
          continue;
        ensure(c2);
        NodeId to = g.edges[e].to;
        if (done > elapsed[c2][to]) {
          elapsed[c2][to] = done;
          parent[c2][to] = {e, c};
        }
      }
    }
  }
  NodeId worst = NoId;
  uint32_t worstCtx = 0;
  for (uint32_t c = 0; c < elapsed.size(); ++c)
    for (NodeId n = 0; n < g.nodes.size(); ++n)
      if (g.nodes[n].kind == NodeKind::Pass && elapsed[c][n] >= 0 &&
          (worst == NoId || elapsed[c][n] > elapsed[worstCtx][worst])) {
        worst = n;
        worstCtx = c;
      }
  if (worst == NoId || elapsed[worstCtx][worst] <= *g.rtoMs)
    return;
  int64_t worstTime = elapsed[worstCtx][worst];
  Violation v;
  v.rule = "rto-exceeded";
  v.range = g.rtoRange.Start.isValid() ? g.rtoRange : g.runbookRange;
  v.timed = true;
  for (NodeId at = worst; parent[worstCtx][at].first != NoId;) {
    auto [e, c] = parent[worstCtx][at];
    v.path.push_back(e);
    at = g.edges[e].from;
    worstCtx = c;
  }
  std::reverse(v.path.begin(), v.path.end());
  v.node = worst;
  v.message = "a run can take " + formatDuration(worstTime) +
              " in the worst case, more than the RTO objective of " + formatDuration(*g.rtoMs) +
              "; the critical path follows";
  out.push_back(std::move(v));
}

} // namespace drbook::verify
