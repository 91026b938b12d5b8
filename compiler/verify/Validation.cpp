//===- Validation.cpp - no-validation-on-path ------------------------------===//
//
// Every run that completes passes a validation on the way: a `must` or an operator's `verify`
// anywhere, or a `check` or `wait` in a validation phase, that succeeded. A search from the start
// that never leaves a validation step by its success edge finds the runs that complete without one.
// (Runs that end in `abort`, `escalate` or a failure are not completions and need no validation.)
//
//===----------------------------------------------------------------------===//
#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

namespace drbook::verify {

using namespace drbook::graph;

static bool validates(const NodeInfo &n) {
  if (n.kind == NodeKind::Must || n.kind == NodeKind::Verify)
    return true;
  bool inValidation = n.phase == static_cast<int8_t>(ast::PhaseKind::Validation);
  return inValidation && (n.kind == NodeKind::Check || n.kind == NodeKind::Wait);
}

void checkValidation(const FlowGraph &flow, std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  ProductSearch search(flow, 1);
  search.run(g.start, 0, [&](NodeId from, const FlowEdge &e, unsigned q, auto emit) {
    if (!validates(flow.info(from)) || flow.isFailure(e))
      emit(q);
  });
  size_t first = out.size();
  for (NodeId n = 0; n < g.nodes.size() && out.size() - first < MaxViolationsPerCheck; ++n) {
    if (flow.info(n).kind != NodeKind::Pass || !search.reached(n, 0))
      continue;
    const Node &node = g.nodes[n];
    Violation v;
    v.rule = "no-validation-on-path";
    v.node = n;
    v.path = search.pathTo(n, 0);
    std::string what = node.scenario >= 0 ? "scenario '" + g.scenarios[node.scenario].name + "'"
                                          : "runbook '" + g.runbookName + "'";
    v.message = what + " can complete without a passed validation (a `must`, a `verify`, or a "
                       "`check` or `wait` in validation)";
    out.push_back(std::move(v));
  }
}

} // namespace drbook::verify
