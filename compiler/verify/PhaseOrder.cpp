//===- PhaseOrder.cpp - phase-order ----------------------------------------===//
//
// Along every path the phases run detection → containment → recovery → validation (a phase
// may be skipped or repeated, never revisited after a later one). A search over (node, latest
// phase entered so far) finds every phase entered after a later one. `on failure` blocks are
// outside the order: they are where a run goes when the order broke down.
//
//===----------------------------------------------------------------------===//
#include "Describe.h"

#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

#include <algorithm>

namespace drbook::verify {

using namespace drbook::graph;

// 0: no phase yet; k+1: phase k (an ast::PhaseKind).
static unsigned rankOf(const NodeInfo &n) {
  return n.inHandler || n.phase < 0 ? 0 : static_cast<unsigned>(n.phase) + 1;
}

void checkPhaseOrder(const FlowGraph &flow, std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  ProductSearch search(flow, 5);
  search.run(g.start, rankOf(flow.info(g.start)),
             [&](NodeId, const FlowEdge &e, unsigned q, auto emit) {
               emit(std::max(q, rankOf(flow.info(e.to))));
             });
  size_t first = out.size();
  for (NodeId n = 0; n < g.nodes.size() && out.size() - first < MaxViolationsPerCheck; ++n) {
    const NodeInfo &node = flow.info(n);
    if (node.kind != NodeKind::PhaseEntry || node.inHandler)
      continue;
    unsigned own = rankOf(node);
    uint32_t best = NoId;
    unsigned bestQ = 0;
    for (unsigned q = own + 1; q < 5; ++q)
      if (search.reached(n, q) && search.distance(n, q) < best) {
        best = search.distance(n, q);
        bestQ = q;
      }
    if (best == NoId)
      continue;
    Violation v;
    v.rule = "phase-order";
    v.node = n;
    v.path = search.pathTo(n, bestQ);
    v.message = std::string(ast::spelling(static_cast<ast::PhaseKind>(node.phase))) +
                " can start after " + ast::spelling(static_cast<ast::PhaseKind>(bestQ - 1)) +
                "; phases run detection, containment, recovery, validation in that order";
    out.push_back(std::move(v));
  }
}

} // namespace drbook::verify
