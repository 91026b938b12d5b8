//===- Describe.cpp - Naming steps and states in verifier messages ---------===//
#include "Describe.h"

namespace drbook::verify {

using namespace drbook::graph;

std::string stepName(const StepGraph &g, NodeId n) {
  const Node &node = g.nodes[n];
  if (node.kind == NodeKind::Action && node.action >= 0)
    return g.actions[node.action].name;
  return node.label;
}

std::string invariantName(const StepGraph &g, unsigned invariant) {
  const InvariantInfo &inv = g.invariants[invariant];
  if (!inv.title.empty())
    return "invariant \"" + inv.title + "\"";
  std::string text = sourceText(inv.range);
  return text.empty() ? "invariant" : "invariant `" + text + "`";
}

std::string describeTuple(const StepGraph &g, const std::vector<unsigned> &states,
                          const std::vector<unsigned> &values) {
  std::string out;
  for (size_t i = 0; i < states.size(); ++i) {
    const StateVar &s = g.states[states[i]];
    out += (i ? " and " : "") + s.name + " == " + s.values[values[i]];
  }
  return out;
}

} // namespace drbook::verify
