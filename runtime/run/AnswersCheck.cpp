//===- AnswersCheck.cpp - The answers file, checked before anything runs ---===//
//
// An answers file is written ahead of time, often for a drill. A misspelt decision value found
// only when its step is reached stops the run after earlier steps have already changed the
// world, so the whole file is checked against the plan first: every key, every value.
//
//===----------------------------------------------------------------------===//
#include "drbook/run/Operator.h"
#include "drbook/run/Program.h"

#include "drbook/basic/Suggest.h"

#include "llvm/ADT/StringExtras.h"

#include <set>

namespace drbook::run {

namespace {

/// One section's check: keys it may hold and the values each key may take.
struct SectionRule {
  std::vector<std::string> keys;                            ///< besides node ids and "*"
  std::vector<std::string> anyValues;                       ///< values every key may take
  std::map<std::string, std::vector<std::string>> valuesOf; ///< per key, when they differ
  bool booleans = false; ///< true/false stand for the first two values
  bool openKeys = false; ///< keys that cannot be listed (manual texts)
};

std::string inQuotes(const std::string &s) { return "'" + s + "'"; }

void checkValue(const std::string &where, const nlohmann::json &v,
                const std::vector<std::string> &allowed, bool booleans,
                std::vector<std::string> &problems) {
  if (booleans && v.is_boolean())
    return;
  if (!v.is_string()) {
    problems.push_back(where + ": " + v.dump() + " is not one of " + llvm::join(allowed, ", "));
    return;
  }
  std::string text = v.get<std::string>();
  if (std::find(allowed.begin(), allowed.end(), text) == allowed.end())
    problems.push_back(where + ": " + inQuotes(text) + " is not one of " +
                       llvm::join(allowed, ", ") + didYouMean(text, allowed));
}

void checkSection(const std::string &name, const nlohmann::json &section, const SectionRule &rule,
                  const Program &p, std::vector<std::string> &problems) {
  if (!section.is_object()) {
    if (!rule.anyValues.empty())
      checkValue("answers file: " + name, section, rule.anyValues, rule.booleans, problems);
    return;
  }
  for (const auto &item : section.items()) {
    const std::string &key = item.key();
    bool known = key == "*" || p.nodeById.count(key) || rule.openKeys ||
                 std::find(rule.keys.begin(), rule.keys.end(), key) != rule.keys.end();
    std::string where = "answers file: " + name + "." + key;
    if (!known) {
      problems.push_back(where + ": " + inQuotes(key) + " names nothing in this runbook" +
                         didYouMean(key, rule.keys));
      continue;
    }
    auto values = rule.valuesOf.find(key);
    checkValue(where, item.value(), values != rule.valuesOf.end() ? values->second : rule.anyValues,
               rule.booleans, problems);
  }
}

/// Every value a decision can take: its `when` arms, `otherwise` and `ask` options.
std::vector<std::string> decisionValues(const ast::DecideStep &s) {
  std::set<std::string> values;
  for (const ast::WhenArm &w : s.whens)
    values.insert(w.value);
  if (s.otherwise)
    values.insert(*s.otherwise);
  for (const ast::AskOption &o : s.askOptions)
    values.insert(o.value);
  return {values.begin(), values.end()};
}

SectionRule answered(std::vector<std::string> values, bool booleans) {
  SectionRule rule;
  rule.anyValues = std::move(values);
  rule.booleans = booleans;
  return rule;
}

SectionRule decisionRule(const Program &p) {
  SectionRule rule;
  for (const auto &[name, decl] : p.decisions) {
    rule.keys.push_back(name);
    if (decl && decl->step)
      rule.valuesOf[name] = decisionValues(*decl->step);
  }
  for (const auto &[id, node] : p.nodeById)
    if (auto *s = llvm::dyn_cast_or_null<ast::DecideStep>(p.graph->nodes[node].step))
      rule.valuesOf[id] = decisionValues(*s);
  return rule;
}

/// `ask`: each answer, by the name it is asked for or its step's id, must be one the step
/// takes.
void checkAsks(const Program &p, const nlohmann::json &section,
               std::vector<std::string> &problems) {
  std::map<std::string, const ast::AskStep *> asks;
  for (const auto &[id, node] : p.nodeById)
    if (auto *s = llvm::dyn_cast_or_null<ast::AskStep>(p.graph->nodes[node].step)) {
      asks[s->value->name] = s;
      asks[id] = s;
    }
  if (!section.is_object()) {
    problems.push_back("answers file: ask: expected an object of answers by name");
    return;
  }
  std::vector<std::string> names;
  for (const auto &[name, s] : asks)
    names.push_back(name);
  for (const auto &item : section.items()) {
    std::string where = "answers file: ask." + item.key();
    auto it = asks.find(item.key());
    if (it == asks.end()) {
      problems.push_back(where + ": " + inQuotes(item.key()) + " is asked nowhere in this runbook" +
                         didYouMean(item.key(), names));
      continue;
    }
    const nlohmann::json &v = item.value();
    std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    if (std::string why = askAnswerProblem(*it->second, text); !why.empty())
      problems.push_back(where + ": " + why);
  }
}

} // namespace

std::vector<std::string> answersProblems(const Program &p, const nlohmann::json &answers) {
  static const std::vector<std::string> sections = {
      "actor", "params", "decisions", "manual", "verify", "confirm", "resume", "torn_line", "ask"};
  std::vector<std::string> problems;
  for (const auto &item : answers.items())
    if (std::find(sections.begin(), sections.end(), item.key()) == sections.end())
      problems.push_back("answers file: unknown key " + inQuotes(item.key()) +
                         didYouMean(item.key(), sections) + " (it takes " +
                         llvm::join(sections, ", ") + ")");
  SectionRule confirm = answered({"yes", "no"}, /*booleans=*/true);
  for (const graph::ActionInfo &a : p.graph->actions)
    confirm.keys.push_back(a.name);
  SectionRule manual = answered({"done", "failed"}, true);
  manual.openKeys = true; // keyed by node id or by the text shown, which may hold values
  SectionRule resume = answered({"rerun", "skip", "abort"}, false);
  if (answers.contains("decisions"))
    checkSection("decisions", answers["decisions"], decisionRule(p), p, problems);
  if (answers.contains("confirm"))
    checkSection("confirm", answers["confirm"], confirm, p, problems);
  if (answers.contains("manual"))
    checkSection("manual", answers["manual"], manual, p, problems);
  SectionRule verdict = answered({"yes", "no"}, true);
  verdict.openKeys = true;
  if (answers.contains("verify"))
    checkSection("verify", answers["verify"], verdict, p, problems);
  if (answers.contains("resume"))
    checkSection("resume", answers["resume"], resume, p, problems);
  if (answers.contains("ask"))
    checkAsks(p, answers["ask"], problems);
  if (answers.contains("torn_line"))
    checkValue("answers file: torn_line", answers["torn_line"], {"continue", "abort"}, false,
               problems);
  return problems;
}

} // namespace drbook::run
