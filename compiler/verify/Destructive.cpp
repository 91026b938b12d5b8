//===- Destructive.cpp - destructive-unguarded -----------------------------===//
//
// A destructive step must be preceded, on every path from the start, by a guard that
// completed: an operator confirmation (a `manual` step) or an action that records a backup or
// an approval (it sets a state named like one of VerifyOptions::guardStates to a value other
// than the state's initial one, unconditionally). Equivalently the guards dominate the step;
// a search from the start that never passes a completed guard finds the shortest unguarded
// path.
//
//===----------------------------------------------------------------------===//
#include "Describe.h"

#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

#include "llvm/ADT/StringRef.h"

namespace drbook::verify {

using namespace drbook::graph;

static bool isGuardState(const StateVar &s, const VerifyOptions &options) {
  llvm::StringRef name = s.name;
  name = name.substr(name.find_last_of('.') + 1); // `dr.backup` is named `backup`
  for (const std::string &pattern : options.guardStates)
    if (name.contains_insensitive(pattern))
      return true;
  return false;
}

static bool isGuard(const FlowGraph &flow, NodeId n, const VerifyOptions &options) {
  const StepGraph &g = flow.graph();
  if (flow.info(n).kind == NodeKind::Manual)
    return true;
  if (flow.info(n).kind != NodeKind::Action)
    return false;
  for (const StateEffect &e : flow.effects(n)) {
    const StateVar &s = g.states[e.state];
    if (!e.mayKeep && !((e.values >> s.initial) & 1) && isGuardState(s, options))
      return true;
  }
  return false;
}

void checkDestructive(const FlowGraph &flow, const VerifyOptions &options,
                      std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  std::vector<uint8_t> guard(g.nodes.size());
  bool anyDestructive = false;
  for (NodeId n = 0; n < g.nodes.size(); ++n) {
    NodeKind kind = flow.info(n).kind;
    guard[n] = (kind == NodeKind::Manual || kind == NodeKind::Action) && isGuard(flow, n, options);
    anyDestructive |= flow.info(n).destructive;
  }
  if (!anyDestructive)
    return;
  ProductSearch search(flow, 1);
  search.run(g.start, 0, [&](NodeId from, const FlowEdge &e, unsigned q, auto emit) {
    if (!guard[from] || flow.isFailure(e))
      emit(q);
  });
  size_t first = out.size();
  for (NodeId n = 0; n < g.nodes.size() && out.size() - first < MaxViolationsPerCheck; ++n) {
    if (!flow.info(n).destructive || !search.reached(n, 0))
      continue;
    Violation v;
    v.rule = "destructive-unguarded";
    v.node = n;
    v.path = search.pathTo(n, 0);
    v.message = "destructive " + stepName(g, n) +
                " can run with no backup or operator confirmation before it";
    out.push_back(std::move(v));
  }
}

} // namespace drbook::verify
