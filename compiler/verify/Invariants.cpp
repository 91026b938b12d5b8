//===- Invariants.cpp - invariant-eventually and invariant-never-after -----===//
//
// `after X eventually Y`: once X has completed, every run that goes on to end normally (at a
// `pass`, or an explicit `abort`/`escalate` reached without a step failing after X) enters Y
// first. A backward pass over (node, run context), never entering Y and never crossing a
// failure edge, finds where the run can still end without Y; X violates the invariant when
// one of its completion edges leads there on a feasible path. The counterexample is the
// shortest such path: to X, then from X to the ending.
//
// `never X after Y`: once Y has completed, X is never entered. A search over (node, "Y has
// completed") finds the shortest path to each X entered after Y.
//
//===----------------------------------------------------------------------===//
#include "Describe.h"

#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

#include <optional>

namespace drbook::verify {

using namespace drbook::graph;

static bool endsNormally(NodeKind k) {
  return k == NodeKind::Pass || k == NodeKind::Abort || k == NodeKind::Escalate;
}

// The shortest way from each (node, context) reachable from the start to a normal ending
// that never enters Y and never fails: computed backwards in topological order, over the
// contexts the forward search met (every state a suffix can be in is reachable from the
// start, so its context is among them).
namespace {
struct Escape {
  std::vector<std::vector<uint32_t>> dist; ///< [ctx][node], NoId: no such way
  std::vector<std::vector<FlowEdge>> next;
};
} // namespace

static Escape escapesAvoiding(const FlowGraph &flow, const ProductSearch &fromStart,
                              const std::vector<NodeId> &order, const std::vector<uint8_t> &y) {
  uint32_t contexts = fromStart.numContexts();
  Escape esc;
  esc.dist.assign(contexts, std::vector<uint32_t>(flow.size(), NoId));
  esc.next.assign(contexts, std::vector<FlowEdge>(flow.size(), FlowEdge{NoId, 0, false, NoId}));
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    NodeId m = *it;
    if (y[m])
      continue;
    for (uint32_t c = 0; c < contexts; ++c) {
      if (fromStart.distanceIn(c, m, 0) == NoId)
        continue;
      if (endsNormally(flow.info(m).kind)) {
        esc.dist[c][m] = 0;
        continue;
      }
      for (const FlowEdge &e : flow.out(m)) {
        uint32_t c2 = flow.contexts().after(c, e);
        if (flow.isFailure(e) || c2 == RunContexts::Infeasible || c2 >= contexts)
          continue;
        uint32_t d = esc.dist[c2][e.to];
        if (d != NoId && d + 1 < esc.dist[c][m]) {
          esc.dist[c][m] = d + 1;
          esc.next[c][m] = e;
        }
      }
    }
  }
  return esc;
}

static void checkEventually(const FlowGraph &flow, const ProductSearch &fromStart,
                            const std::vector<NodeId> &order, unsigned inv,
                            std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  const InvariantInfo &info = g.invariants[inv];
  std::vector<uint8_t> xs = flow.occurrences(info.subject), ys = flow.occurrences(info.other);
  Escape esc = escapesAvoiding(flow, fromStart, order, ys);
  size_t first = out.size();
  for (NodeId x = 0; x < g.nodes.size() && out.size() - first < MaxViolationsPerCheck; ++x) {
    if (!xs[x])
      continue;
    // The shortest path through this X that then misses Y: (context at X, edge out of X).
    uint64_t best = ~uint64_t(0);
    uint32_t bestCtx = 0, bestCtx2 = 0;
    const FlowEdge *bestEdge = nullptr;
    for (uint32_t c = 0; c < fromStart.numContexts(); ++c) {
      uint32_t before = fromStart.distanceIn(c, x, 0);
      if (before == NoId)
        continue;
      for (const FlowEdge &e : flow.out(x)) {
        uint32_t c2 = flow.contexts().after(c, e);
        if (flow.isFailure(e) || c2 == RunContexts::Infeasible || c2 >= esc.dist.size() ||
            esc.dist[c2][e.to] == NoId)
          continue;
        uint64_t total = uint64_t(before) + 1 + esc.dist[c2][e.to];
        if (total < best) {
          best = total;
          bestCtx = c;
          bestCtx2 = c2;
          bestEdge = &e;
        }
      }
    }
    if (!bestEdge)
      continue;
    Violation v;
    v.rule = "invariant-eventually";
    v.node = x;
    v.invariant = inv;
    v.path = fromStart.pathIn(bestCtx, x, 0);
    v.path.push_back(bestEdge->edge);
    uint32_t c = bestCtx2;
    NodeId at = bestEdge->to;
    while (esc.next[c][at].to != NoId) {
      const FlowEdge &step = esc.next[c][at];
      v.path.push_back(step.edge);
      c = flow.contexts().after(c, step);
      at = step.to;
    }
    v.path = withBranchEntries(g, v.path, at);
    v.message = invariantName(g, inv) + " fails: after " + stepName(g, x) +
                " the run can end without reaching " + info.other.name;
    out.push_back(std::move(v));
  }
}

static void checkNeverAfter(const FlowGraph &flow, unsigned inv, std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  const InvariantInfo &info = g.invariants[inv];
  std::vector<uint8_t> xs = flow.occurrences(info.subject), ys = flow.occurrences(info.other);
  ProductSearch search(flow, 2);
  search.run(g.start, 0, [&](NodeId from, const FlowEdge &e, unsigned q, auto emit) {
    emit(q == 1 || (!flow.isFailure(e) && ys[from]) ? 1 : 0);
  });
  size_t first = out.size();
  for (NodeId x = 0; x < g.nodes.size() && out.size() - first < MaxViolationsPerCheck; ++x) {
    if (!xs[x] || !search.reached(x, 1))
      continue;
    Violation v;
    v.rule = "invariant-never-after";
    v.node = x;
    v.invariant = inv;
    v.path = search.pathTo(x, 1);
    v.message =
        invariantName(g, inv) + " fails: " + stepName(g, x) + " can run after " + info.other.name;
    out.push_back(std::move(v));
  }
}

void checkOrderInvariants(const FlowGraph &flow, std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  bool any = false;
  for (const InvariantInfo &inv : g.invariants)
    any |= inv.kind == ast::InvariantKind::AfterEventually;
  std::optional<ProductSearch> fromStart;
  std::vector<NodeId> order;
  if (any) {
    order = flow.topologicalOrder();
    fromStart.emplace(flow, 1);
    fromStart->run(g.start, 0, [](NodeId, const FlowEdge &, unsigned q, auto emit) { emit(q); });
  }
  for (unsigned i = 0; i < g.invariants.size(); ++i) {
    switch (g.invariants[i].kind) {
    case ast::InvariantKind::Before:
      break; // checked with requires
    case ast::InvariantKind::AfterEventually:
      checkEventually(flow, *fromStart, order, i, out);
      break;
    case ast::InvariantKind::NeverAfter:
      checkNeverAfter(flow, i, out);
      break;
    }
  }
}

} // namespace drbook::verify
