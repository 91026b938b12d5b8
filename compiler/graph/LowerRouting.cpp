//===- LowerRouting.cpp - Routing the run to the scenario detection chose --===//
//
// The decision named `scenario` in detection picks the scenario block to run. When it is the
// last thing detection does, its value edges lead straight into the scenarios, so a
// counterexample path reads "decide scenario = db_mismatch → scenario db_mismatch: …". When
// other steps follow it, those steps run first and a routing node at the end of detection
// branches on the value the decision took.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"

#include "drbook/basic/Suggest.h"

namespace drbook::graph {

using namespace drbook::ast;

// A routing node at the end of detection, with one edge per value the decision can take (per
// scenario when there is no decision).
Tails Lowerer::routingNode(Tails in, const std::vector<std::string> &names) {
  if (scenarioDecision == NoId)
    diags.error(root.nameRange,
                "runbook '" + root.name + "' has " + std::to_string(names.size()) +
                    " scenarios but detection has no `decide scenario` to choose one",
                "scenario-routing");
  Node route;
  route.kind = NodeKind::Branch;
  route.id = "route";
  route.label = "route to scenario";
  route.subject = "scenario";
  route.range = scenarioDecision != NoId ? g->nodes[scenarioDecision].range : root.nameRange;
  NodeId node = connect(std::move(route), in);
  std::vector<std::string> values = names;
  std::optional<uint32_t> var;
  if (scenarioDecision != NoId) {
    values.clear();
    for (EdgeId e = 0; e < g->edges.size(); ++e)
      if (g->edges[e].from == scenarioDecision && g->edges[e].kind == EdgeKind::Value)
        values.push_back(g->edges[e].label);
    // Routing agrees with the value the decision took.
    var = decisionVar("scenario", values);
  }
  Tails routed;
  for (size_t i = 0; i < values.size(); ++i) {
    routed.push_back(Dangling(node, EdgeKind::Value, values[i]));
    if (var && i < MaxStateValues) {
      routed.back().var = *var;
      routed.back().allowed = ValueMask(1) << i;
    }
  }
  return routed;
}

void Lowerer::routeScenarios(Tails in) {
  std::vector<std::string> names;
  for (const ScenarioInfo &s : g->scenarios)
    names.push_back(s.name);
  std::vector<Tails> entries(names.size());
  // One scenario and nothing to choose it: detection's ends lead into it as they are, keeping
  // the values their edges carry (a decision's edges are chosen at run time by those).
  if (scenarioDecision == NoId && names.size() == 1) {
    entries[0] = std::move(in);
  } else {
    bool direct = scenarioDecision != NoId && !in.empty();
    for (const Dangling &d : in)
      direct &= d.from == scenarioDecision && d.kind == EdgeKind::Value;
    Tails routed = direct ? std::move(in) : routingNode(std::move(in), names);
    for (Dangling &d : routed) {
      auto it = scenarioIndex.find(d.label);
      if (it != scenarioIndex.end())
        entries[it->second].push_back(std::move(d));
      else
        diags.error(d.range.Start.isValid() ? d.range : g->nodes[d.from].range,
                    "decision 'scenario' can choose '" + d.label + "', but there is no scenario '" +
                        d.label + "'" + didYouMean(d.label, names),
                    "scenario-routing");
    }
  }
  for (size_t i = 0; i < g->scenarios.size(); ++i)
    lowerScenario(static_cast<int32_t>(i), std::move(entries[i]));
}

void Lowerer::lowerScenario(int32_t index, Tails entry) {
  const ScenarioInfo &info = g->scenarios[index];
  std::vector<const Phase *> phases;
  for (const Phase &p : info.decl->phases)
    phases.push_back(&p);
  Tails tails = lowerPhases(phases, info.name, index, std::move(entry));
  Node pass;
  pass.kind = NodeKind::Pass;
  pass.id = info.name + "/pass";
  pass.label = "scenario " + info.name + " completes";
  pass.range = info.range;
  pass.scenario = index;
  endRun(std::move(pass), tails);
}

} // namespace drbook::graph
