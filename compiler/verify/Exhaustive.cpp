//===- Exhaustive.cpp - decision-not-exhaustive ----------------------------===//
//
// Coverage itself is computed while lowering (graph/Coverage.h), because it decides whether a
// decision has a failure edge and a match a no-match edge. This check reports the reachable
// ones, with the path that leads there. A match on a run value counts as incomplete only
// where a run can bring it a value no arm covers: `if route == both { escalate }` before
// `match route { a => … b => … }` leaves `both` nowhere to go.
//
//===----------------------------------------------------------------------===//
#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

namespace drbook::verify {

using namespace drbook::graph;

namespace {

/// A match's way out for the values no arm covers, when it tests a run value: the match is
/// incomplete only where some run can bring one of those values there.
const FlowEdge *noMatchEdge(const FlowGraph &flow, NodeId n) {
  for (const FlowEdge &e : flow.out(n))
    if (flow.graph().edges[e.edge].kind == EdgeKind::NoMatch &&
        flow.graph().edges[e.edge].var != NoId)
      return &e;
  return nullptr;
}

/// The path to `n` on which its uncovered values can arrive (through its no-match edge, when
/// it has one that tests a run value); empty when none can.
std::optional<std::vector<EdgeId>> uncoveredPath(const FlowGraph &flow, const ProductSearch &search,
                                                 NodeId n) {
  const FlowEdge *noMatch = noMatchEdge(flow, n);
  if (!noMatch)
    return search.pathTo(n, 0);
  uint32_t best = NoId, bestCtx = 0;
  for (uint32_t c = 0; c < search.numContexts(); ++c)
    if (search.distanceIn(c, n, 0) < best &&
        flow.contexts().after(c, *noMatch) != RunContexts::Infeasible) {
      best = search.distanceIn(c, n, 0);
      bestCtx = c;
    }
  if (best == NoId)
    return std::nullopt;
  return search.pathIn(bestCtx, n, 0);
}

} // namespace

void checkExhaustive(const FlowGraph &flow, std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  std::optional<ProductSearch> search;
  size_t first = out.size();
  for (NodeId n = 0; n < g.nodes.size() && out.size() - first < MaxViolationsPerCheck; ++n) {
    if (flow.info(n).exhaustive)
      continue;
    const Node &node = g.nodes[n];
    if (!search) {
      search.emplace(flow, 1);
      search->run(g.start, 0, [](NodeId, const FlowEdge &, unsigned q, auto emit) { emit(q); });
    }
    if (!search->reached(n, 0))
      continue;
    std::optional<std::vector<EdgeId>> path = uncoveredPath(flow, *search, n);
    if (!path)
      continue;
    Violation v;
    v.rule = "decision-not-exhaustive";
    v.node = n;
    v.path = std::move(*path);
    if (node.kind == NodeKind::Decision)
      v.message = "decision '" + node.subject + "' has no `otherwise`, and " +
                  (node.uncovered.empty()
                       ? std::string("its `when` conditions cannot be shown to cover every case")
                       : "no `when` covers " + node.uncovered);
    else
      v.message = "match on " + node.subject + " has no `_` arm, and " +
                  (node.uncovered.empty() ? std::string("the values it can take are unknown")
                                          : "no arm covers '" + node.uncovered + "'");
    out.push_back(std::move(v));
  }
}

} // namespace drbook::verify
