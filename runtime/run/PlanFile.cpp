//===- PlanFile.cpp - The plan a proof names, and plan files as run input --===//
//
// Until `drbookc build` writes plans, the plan text is the step graph as canonical JSON:
// nodes (id, kind, label, flags) and edges (from, to, kind, label). Its digest changes
// whenever the graph the interpreter executes changes.
//
//===----------------------------------------------------------------------===//
#include "drbook/run/PlanFile.h"

#include "drbook/runtime/CanonicalJson.h"

namespace drbook::run {

std::string renderPlan(const Program &p) {
  const graph::StepGraph &g = *p.graph;
  nlohmann::json nodes = nlohmann::json::array(), edges = nlohmann::json::array();
  for (const graph::Node &n : g.nodes)
    nodes.push_back({{"id", n.id},
                     {"kind", graph::spelling(n.kind)},
                     {"label", n.label},
                     {"destructive", n.destructive},
                     {"gate", n.gate}});
  for (const graph::Edge &e : g.edges)
    edges.push_back({{"from", g.nodes[e.from].id},
                     {"to", g.nodes[e.to].id},
                     {"kind", graph::spelling(e.kind)},
                     {"label", e.label}});
  nlohmann::json plan = {{"format", "drbook-plan"},
                         {"runbook", g.runbookName},
                         {"source_sha256", p.sourceDigest},
                         {"nodes", nodes},
                         {"edges", edges}};
  return canonicalJson(plan);
}

std::unique_ptr<Program> loadPlanFile(const std::string &path, bool, LoadFailure &failure) {
  failure.message = "'" + path + "': running a plan file needs `drbookc build` plans with " +
                    "embedded sources; run the .drbook file instead";
  return nullptr;
}

} // namespace drbook::run
