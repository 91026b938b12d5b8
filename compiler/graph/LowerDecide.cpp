//===- LowerDecide.cpp - Lowering `decide` ---------------------------------===//
//
// A decision node has one outgoing edge per value it can take, in the order the runbook
// writes them (`when` arms, then `otherwise`, then `ask` options). A decision that may end up
// with no value (no `otherwise`, and `when` conditions that do not cover every case) also has
// a failure edge: the run cannot go on without a value.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"

#include "drbook/graph/Exhaustiveness.h"

#include <algorithm>

namespace drbook::graph {

using namespace drbook::ast;

/// The values a decision can take, each once, in the order written: the `when` values, then
/// `otherwise`, then the `ask` options.
static std::vector<std::pair<std::string, SMRange>> decisionValues(const DecideStep &s) {
  std::vector<std::pair<std::string, SMRange>> values;
  auto addValue = [&](const std::string &v, SMRange r) {
    if (v.empty())
      return;
    for (const auto &existing : values)
      if (existing.first == v)
        return;
    values.push_back({v, r});
  };
  for (const WhenArm &w : s.whens)
    addValue(w.value, w.valueRange);
  if (s.otherwise)
    addValue(*s.otherwise, s.otherwiseRange);
  for (const AskOption &o : s.askOptions)
    addValue(o.value, o.range);
  return values;
}

/// A constant as the coverage analysis compares it, or nothing when it is not known.
static std::optional<CoverageConstant> coverageConstant(const ConstValue &v) {
  CoverageConstant c;
  switch (v.kind) {
  case ConstValue::Kind::Unknown:
    return std::nullopt;
  case ConstValue::Kind::Int:
  case ConstValue::Kind::Float:
    c.number = v.number;
    return c;
  case ConstValue::Kind::Duration:
    c.kind = CoverageConstant::Kind::Duration;
    c.number = v.number;
    return c;
  case ConstValue::Kind::Bool:
    c.kind = CoverageConstant::Kind::Bool;
    c.flag = v.flag;
    return c;
  case ConstValue::Kind::Name:
  case ConstValue::Kind::String:
    c.kind = CoverageConstant::Kind::Name;
    c.name = v.text;
    return c;
  }
  return std::nullopt;
}

/// Whether the `when` arms of a decision without `otherwise` or `ask` cover every case, and
/// which cases they leave out, on its node.
void Lowerer::coverWhens(const DecideStep &s, Node &n) {
  std::vector<const Expr *> conditions;
  for (const WhenArm &w : s.whens)
    conditions.push_back(w.condition.get());
  CoverageContext cx;
  cx.constant = [&](const Expr &e) { return coverageConstant(evalConst(e, nullptr)); };
  cx.members = [&](const Expr &e) { return subjectMembers(e); };
  Coverage cover = coverConditions(conditions, cx);
  n.exhaustive = cover.exhaustive;
  n.uncovered = cover.uncovered;
}

Tails Lowerer::lowerDecide(const DecideStep &s, const StepSite &site, Tails in) {
  std::vector<std::pair<std::string, SMRange>> values = decisionValues(s);
  Node n;
  n.kind = NodeKind::Decision;
  n.subject = s.name;
  n.label = "decide " + s.name;
  if (!s.otherwise && !s.hasAsk)
    coverWhens(s, n);
  std::vector<std::string> names;
  for (const auto &v : values)
    names.push_back(v.first);
  decisions[s.name] = names;

  NodeId node = addStepNode(std::move(n), s, site, in);
  g->nodes[node].range = headerRange(s.range, s.nameRange.End);
  bool routes = s.name == "scenario" && site.scope.scenario < 0 && !site.scope.inHandler &&
                site.scope.phase == static_cast<int8_t>(PhaseKind::Detection);
  if (routes)
    scenarioDecision = node;
  uint32_t var = decisionVar(s.name, names);
  Tails out;
  for (size_t i = 0; i < values.size(); ++i) {
    out.push_back(Dangling(node, EdgeKind::Value, values[i].first, values[i].second));
    if (i < MaxStateValues) {
      out.back().var = var;
      out.back().allowed = ValueMask(1) << i;
    }
  }
  if (!g->nodes[node].exhaustive)
    g->addEdge(node, failureTarget(s, site), EdgeKind::Failure, "", s.nameRange);
  return out;
}

} // namespace drbook::graph
