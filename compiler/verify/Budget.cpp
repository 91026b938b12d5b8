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
#include "drbook/basic/Saturating.h"

#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

#include <algorithm>

namespace drbook::verify {

using namespace drbook::graph;

// Kahn's algorithm over the step graph's own edges; returns fewer nodes than the graph has
// exactly when there is a cycle.
static std::vector<NodeId> topologicalOrder(const FlowGraph &flow) {
  std::vector<uint32_t> indegree(flow.size(), 0);
  for (NodeId n = 0; n < flow.size(); ++n)
    for (const FlowEdge &e : flow.stepOut(n))
      ++indegree[e.to];
  std::vector<NodeId> order;
  order.reserve(flow.size());
  for (NodeId n = 0; n < flow.size(); ++n)
    if (!indegree[n])
      order.push_back(n);
  for (size_t head = 0; head < order.size(); ++head)
    for (const FlowEdge &e : flow.stepOut(order[head]))
      if (--indegree[e.to] == 0)
        order.push_back(e.to);
  return order;
}

static void reportLoops(const FlowGraph &flow, const std::vector<NodeId> &order,
                        std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  if (order.size() < flow.size()) {
    std::vector<uint8_t> sorted(flow.size(), 0);
    for (NodeId n : order)
      sorted[n] = 1;
    for (NodeId n = 0; n < flow.size(); ++n)
      if (!sorted[n]) {
        Violation v;
        v.rule = "unbounded-loop";
        v.node = n;
        v.message = stepName(g, n) + " is on a cycle of the step graph; runs could loop forever";
        out.push_back(std::move(v));
        break;
      }
  }
  size_t first = out.size();
  for (NodeId n = 0; n < flow.size() && out.size() - first < MaxViolationsPerCheck; ++n)
    if (flow.info(n).kind == NodeKind::Wait && !flow.info(n).timed) {
      Violation v;
      v.rule = "unbounded-loop";
      v.node = n;
      v.message = stepName(g, n) +
                  " polls without a bound: `within` must be a constant duration above zero";
      out.push_back(std::move(v));
    }
}

namespace {
/// The longest feasible path from the start to a completion.
struct CriticalPath {
  NodeId end = NoId;
  int64_t time = 0;
  std::vector<EdgeId> path;
};
} // namespace

// elapsed[c][n]: the longest time before n starts, over feasible paths from the start that
// reach n in run context c (see RunContexts); -1 when none does. One pass in topological order.
static CriticalPath longestRun(const FlowGraph &flow, const std::vector<NodeId> &order) {
  const StepGraph &g = flow.graph();
  RunContexts &contexts = flow.contexts();
  std::vector<std::vector<int64_t>> elapsed;
  std::vector<std::vector<std::pair<EdgeId, uint32_t>>> parent;
  auto ensure = [&](uint32_t c) {
    while (elapsed.size() <= c) {
      elapsed.emplace_back(flow.size(), -1);
      parent.emplace_back(flow.size(), std::make_pair(NoId, 0u));
    }
  };
  ensure(0);
  elapsed[0][g.start] = 0;
  for (NodeId n : order)
    for (uint32_t c = 0; c < elapsed.size(); ++c) {
      if (elapsed[c][n] < 0)
        continue;
      int64_t done = addSaturating(elapsed[c][n], flow.info(n).durationMs);
      for (const FlowEdge &e : flow.stepOut(n)) {
        uint32_t c2 = contexts.after(c, e);
        if (c2 == RunContexts::Infeasible)
          continue;
        ensure(c2);
        if (done > elapsed[c2][e.to]) {
          elapsed[c2][e.to] = done;
          parent[c2][e.to] = {e.edge, c};
        }
      }
    }
  CriticalPath best;
  uint32_t ctx = 0;
  for (uint32_t c = 0; c < elapsed.size(); ++c)
    for (NodeId n = 0; n < flow.size(); ++n)
      if (elapsed[c][n] >= 0 && flow.info(n).kind == NodeKind::Pass &&
          (best.end == NoId || elapsed[c][n] > best.time)) {
        best.end = n;
        best.time = elapsed[c][n];
        ctx = c;
      }
  for (NodeId at = best.end; at != NoId && parent[ctx][at].first != NoId;) {
    auto [e, c] = parent[ctx][at];
    best.path.push_back(e);
    at = g.edges[e].from;
    ctx = c;
  }
  std::reverse(best.path.begin(), best.path.end());
  return best;
}

void checkBudget(const FlowGraph &flow, std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  std::vector<NodeId> order = topologicalOrder(flow);
  reportLoops(flow, order, out);
  if (!g.rtoMs || order.size() < flow.size() || g.start == NoId)
    return;
  CriticalPath worst = longestRun(flow, order);
  if (worst.end == NoId || worst.time <= *g.rtoMs)
    return;
  Violation v;
  v.rule = "rto-exceeded";
  v.range = g.rtoRange.Start.isValid() ? g.rtoRange : g.runbookRange;
  v.timed = true;
  v.node = worst.end;
  v.path = std::move(worst.path);
  std::string time = worst.time == std::numeric_limits<int64_t>::max()
                         ? "longer than can be counted (its timeouts and retries overflow)"
                         : formatDuration(worst.time);
  v.message = "a run can take " + time + " in the worst case, more than the RTO objective of " +
              formatDuration(*g.rtoMs) + "; the critical path follows";
  out.push_back(std::move(v));
}

} // namespace drbook::verify
