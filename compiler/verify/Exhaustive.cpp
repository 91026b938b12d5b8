//===- Exhaustive.cpp - decision-not-exhaustive ----------------------------===//
//
// Coverage itself is computed while lowering (graph/Coverage.h), because it decides whether a
// decision has a failure edge and a match a no-match edge. This check reports the reachable
// ones, with the path that leads there.
//
//===----------------------------------------------------------------------===//
#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

namespace drbook::verify {

using namespace drbook::graph;

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
    Violation v;
    v.rule = "decision-not-exhaustive";
    v.node = n;
    v.path = search->pathTo(n, 0);
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
