//===- Budget.cpp - rto-exceeded and unbounded-loop ------------------------===//
//
// The worst-case duration of a run is the longest path, weighted by how long each step may
// take, from the start to a `pass`: an action's timeout × (retries + 1), a manual step's
// estimate, a `wait`'s `within`, the probes' timeouts for `check`/`must`. The step graph is
// acyclic (the language has no loops; `wait` is bounded by `within`), so one pass in
// topological order finds it; at a parallel join the longest branch wins, which is the
// "parallel = max" rule. Runs that abort or escalate are not recoveries and do not count.
// A scenario with objectives of its own is held to its RTO, every other run to the runbook's;
// cleanup (`finally`) runs once the service is back and is not counted.
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

/// elapsed[c][n]: the longest time before n starts, over feasible paths from the start that
/// reach n in run context c (see RunContexts); -1 when none does. parent[c][n]: the edge and
/// context it was reached by.
struct RunTimes {
  std::vector<std::vector<int64_t>> elapsed;
  std::vector<std::vector<std::pair<EdgeId, uint32_t>>> parent;
};
} // namespace

// One pass in topological order. Cleanup (`finally`) runs after the service is back and is
// not counted.
static RunTimes runTimes(const FlowGraph &flow, const std::vector<NodeId> &order) {
  const StepGraph &g = flow.graph();
  RunContexts &contexts = flow.contexts();
  RunTimes t;
  auto ensure = [&](uint32_t c) {
    while (t.elapsed.size() <= c) {
      t.elapsed.emplace_back(flow.size(), -1);
      t.parent.emplace_back(flow.size(), std::make_pair(NoId, 0u));
    }
  };
  ensure(0);
  t.elapsed[0][g.start] = 0;
  for (NodeId n : order)
    for (uint32_t c = 0; c < t.elapsed.size(); ++c) {
      if (t.elapsed[c][n] < 0)
        continue;
      const NodeInfo &info = flow.info(n);
      int64_t done = addSaturating(t.elapsed[c][n], info.cleanup ? 0 : info.durationMs);
      for (const FlowEdge &e : flow.stepOut(n)) {
        uint32_t c2 = contexts.after(c, e);
        if (c2 == RunContexts::Infeasible)
          continue;
        ensure(c2);
        if (done > t.elapsed[c2][e.to]) {
          t.elapsed[c2][e.to] = done;
          t.parent[c2][e.to] = {e.edge, c};
        }
      }
    }
  return t;
}

// The slowest completion among the `pass` nodes `counts` accepts, with its path.
static CriticalPath slowest(const FlowGraph &flow, const RunTimes &t,
                            llvm::function_ref<bool(NodeId)> counts) {
  const StepGraph &g = flow.graph();
  CriticalPath best;
  uint32_t ctx = 0;
  for (uint32_t c = 0; c < t.elapsed.size(); ++c)
    for (NodeId n = 0; n < flow.size(); ++n)
      if (t.elapsed[c][n] >= 0 && flow.info(n).kind == NodeKind::Pass && counts(n) &&
          (best.end == NoId || t.elapsed[c][n] > best.time)) {
        best.end = n;
        best.time = t.elapsed[c][n];
        ctx = c;
      }
  for (NodeId at = best.end; at != NoId && t.parent[ctx][at].first != NoId;) {
    auto [e, c] = t.parent[ctx][at];
    best.path.push_back(e);
    at = g.edges[e].from;
    ctx = c;
  }
  std::reverse(best.path.begin(), best.path.end());
  return best;
}

static Violation overrun(const StepGraph &g, int32_t scenario, CriticalPath worst) {
  Violation v;
  v.rule = "rto-exceeded";
  llvm::SMRange at = scenario < 0 ? g.rtoRange : g.scenarios[scenario].rtoRange;
  v.range = at.Start.isValid() ? at : g.runbookRange;
  v.timed = true;
  v.node = worst.end;
  v.path = std::move(worst.path);
  std::string time = worst.time == std::numeric_limits<int64_t>::max()
                         ? "longer than can be counted (its timeouts and retries overflow)"
                         : formatDuration(worst.time);
  int64_t objective = scenario < 0 ? *g.rtoMs : *g.scenarios[scenario].rtoMs;
  v.message = (scenario < 0 ? "a run" : "scenario '" + g.scenarios[scenario].name + "'") +
              " can take " + time + " in the worst case, more than " +
              (scenario < 0 ? "the" : "its") + " RTO objective of " + formatDuration(objective) +
              "; the critical path follows";
  return v;
}

std::vector<WorstCase> worstCases(const StepGraph &g) {
  std::vector<WorstCase> out;
  if (g.start == NoId)
    return out;
  FlowGraph flow(g);
  std::vector<NodeId> order = topologicalOrder(flow);
  if (order.size() < flow.size())
    return out; // a loop: rto-exceeded and unbounded-loop say so
  RunTimes times = runTimes(flow, order);
  for (int32_t s = -1; s < static_cast<int32_t>(g.scenarios.size()); ++s) {
    CriticalPath worst =
        slowest(flow, times, [&](NodeId n) { return s < 0 || flow.info(n).scenario == s; });
    if (worst.end != NoId)
      out.push_back({s, worst.time});
  }
  return out;
}

/// Whether node `n` is part of a cleanup (`finally`) copy, which the RTO does not count.
static bool isCleanup(const graph::Node &n) {
  llvm::StringRef id(n.id);
  return n.kind == NodeKind::Finally || id.contains("/finally/") || id.contains("/finally.") ||
         id.startswith("finally");
}

std::vector<int64_t> worstRemaining(const StepGraph &g) {
  // A node on the stack is Open; meeting one again would be a cycle, which a verified graph
  // never has, and counts as no way to complete.
  constexpr int64_t Open = -3, Unknown = -2, Never = -1;
  std::vector<int64_t> left(g.nodes.size(), Unknown);
  std::vector<std::pair<NodeId, bool>> stack;
  for (NodeId root = 0; root < g.nodes.size(); ++root) {
    if (left[root] != Unknown)
      continue;
    stack.push_back({root, false});
    while (!stack.empty()) {
      auto [n, expanded] = stack.back();
      stack.pop_back();
      if (left[n] != (expanded ? Open : Unknown))
        continue;
      if (!expanded) {
        left[n] = Open;
        stack.push_back({n, true});
        for (EdgeId e : g.out(n))
          if (left[g.edges[e].to] == Unknown)
            stack.push_back({g.edges[e].to, false});
        continue;
      }
      int64_t best = g.nodes[n].kind == NodeKind::Pass ? 0 : Never;
      for (EdgeId e : g.out(n))
        best = std::max(best, std::max(left[g.edges[e].to], Never));
      left[n] = best < 0 ? Never : best + (isCleanup(g.nodes[n]) ? 0 : g.nodes[n].durationMs);
    }
  }
  return left;
}

void checkBudget(const FlowGraph &flow, std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  std::vector<NodeId> order = topologicalOrder(flow);
  reportLoops(flow, order, out);
  if (order.size() < flow.size() || g.start == NoId)
    return;
  auto ownObjective = [&](int32_t s) { return s >= 0 && g.scenarios[s].rtoMs.has_value(); };
  bool any = g.rtoMs.has_value();
  for (int32_t s = 0; s < static_cast<int32_t>(g.scenarios.size()); ++s)
    any |= ownObjective(s);
  if (!any)
    return;
  RunTimes times = runTimes(flow, order);
  // A scenario with objectives of its own is held to them, every other run to the runbook's.
  for (int32_t s = -1; s < static_cast<int32_t>(g.scenarios.size()); ++s) {
    if (s < 0 ? !g.rtoMs : !ownObjective(s))
      continue;
    CriticalPath worst = slowest(flow, times, [&](NodeId n) {
      int32_t sc = flow.info(n).scenario;
      return s < 0 ? !ownObjective(sc) : sc == s;
    });
    int64_t objective = s < 0 ? *g.rtoMs : *g.scenarios[s].rtoMs;
    if (worst.end != NoId && worst.time > objective)
      out.push_back(overrun(g, s, std::move(worst)));
  }
}

} // namespace drbook::verify
