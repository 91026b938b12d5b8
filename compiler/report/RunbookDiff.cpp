//===- RunbookDiff.cpp - What a change to a runbook changes ----------------===//
//
// Both sides are read from their plans, so the comparison sees exactly what `drbook run`
// would execute. Steps are matched by their stable key (their id without positions, with an
// occurrence number for repeats); a step whose key is on both sides but out of the order the
// others keep (outside their longest common subsequence) has moved.
//
//===----------------------------------------------------------------------===//
#include "drbook/report/RunbookDiff.h"

#include "drbook/basic/Duration.h"

#include "llvm/ADT/StringExtras.h"

namespace drbook::report {

using nlohmann::json;

namespace {

/// Nodes that are the runbook's structure rather than its steps.
bool isStep(const json &node) {
  static const std::set<std::string> structure = {
      "start", "phase", "on_failure", "finally", "join", "fork", "parallel_join", "pass", "fail"};
  return node["loc"].is_object() && !structure.count(node["kind"].get<std::string>());
}

struct StepRef {
  std::string key;
  const json *node;
};

std::vector<StepRef> stepsOf(const json &plan) {
  std::vector<StepRef> steps;
  std::map<std::string, unsigned> seen;
  for (const json &node : plan["nodes"]) {
    if (!isStep(node))
      continue;
    std::string key = stableStepKey(node["id"].get<std::string>());
    unsigned n = seen[key]++;
    steps.push_back({n ? key + "#" + std::to_string(n + 1) : key, &node});
  }
  return steps;
}

/// The keys of the longest common subsequence of two key sequences.
std::set<std::string> inOrder(const std::vector<std::string> &a,
                              const std::vector<std::string> &b) {
  // Runbooks have hundreds of steps; beyond a few thousand on each side, order is not judged.
  if (a.size() * b.size() > 16u << 20)
    return std::set<std::string>(a.begin(), a.end());
  std::vector<std::vector<uint32_t>> len(a.size() + 1, std::vector<uint32_t>(b.size() + 1));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      len[i][j] = a[i] == b[j] ? len[i + 1][j + 1] + 1 : std::max(len[i + 1][j], len[i][j + 1]);
  std::set<std::string> kept;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j])
      kept.insert(a[i]), ++i, ++j;
    else if (len[i + 1][j] >= len[i][j + 1])
      ++i;
    else
      ++j;
  }
  return kept;
}

std::string label(const json &node) {
  std::string where = stableStepKey(node["id"].get<std::string>());
  where = where.substr(0, where.rfind('/'));
  return "`" + node["label"].get<std::string>() + "`" + (where.empty() ? "" : " (" + where + ")");
}

std::string shown(const json &v) {
  if (v.is_null())
    return "none";
  if (v.is_string())
    return "`" + v.get<std::string>() + "`";
  if (v.is_array()) {
    std::vector<std::string> items;
    for (const json &item : v)
      items.push_back(shown(item));
    return items.empty() ? "none" : llvm::join(items, ", ");
  }
  if (v.is_object() && v.contains("state"))
    return "`" + v["state"].get<std::string>() + " = " +
           llvm::join(v["values"].get<std::vector<std::string>>(), " | ") + "`";
  return "`" + v.dump() + "`";
}

std::string duration(const json &ms) {
  return ms.is_number_integer() ? formatDuration(ms.get<int64_t>()) : std::string("none");
}

} // namespace

std::string stableStepKey(const std::string &nodeId) {
  llvm::SmallVector<llvm::StringRef, 8> parts;
  llvm::StringRef(nodeId).split(parts, '/');
  std::vector<std::string> kept;
  for (llvm::StringRef part : parts) {
    auto [head, rest] = part.split(':');
    bool numbered = !head.empty() && llvm::all_of(head, llvm::isDigit);
    if (numbered && rest.empty() && !part.contains(':'))
      continue; // a position: `3` in `recovery/3/then`
    kept.push_back((numbered ? rest : part).str());
  }
  return llvm::join(kept, "/");
}

bool RunbookDiff::empty() const {
  return added.empty() && removed.empty() && moved.empty() && changed.empty() &&
         declarations.empty() && timing.empty() && newProblems.empty() && fixedProblems.empty();
}

std::set<std::string> RunbookDiff::markedNodes() const {
  std::set<std::string> ids;
  for (const auto *list : {&added, &moved, &changed, &timing})
    for (const Change &c : *list)
      if (!c.nodeId.empty())
        ids.insert(c.nodeId);
  return ids;
}

/// What changed in one step that is on both sides.
static void compareStep(const json &a, const json &b, RunbookDiff &d) {
  std::string id = b["id"].get<std::string>(), what = label(b);
  if (a["label"] != b["label"])
    d.changed.push_back({label(a) + " is now " + what, id});
  for (const char *field : {"requires", "effects", "probes"})
    if (a[field] != b[field])
      d.changed.push_back(
          {what + ": " + field + " " + shown(a[field]) + " → " + shown(b[field]), id});
  for (const char *flag : {"destructive", "gate", "in_handler", "cleanup"})
    if (a[flag] != b[flag])
      d.changed.push_back({what + ": " + (b[flag].get<bool>() ? "now " : "no longer ") + flag, id});
  if (a["duration_ms"] != b["duration_ms"] || a["timed"] != b["timed"])
    d.timing.push_back({what + ": worst case " +
                            (a["timed"].get<bool>() ? duration(a["duration_ms"]) : "unbounded") +
                            " → " +
                            (b["timed"].get<bool>() ? duration(b["duration_ms"]) : "unbounded"),
                        id});
  if (a["expected_ms"] != b["expected_ms"])
    d.timing.push_back(
        {what + ": estimate " + duration(a["expected_ms"]) + " → " + duration(b["expected_ms"]),
         id});
}

static void compareSteps(const json &before, const json &after, RunbookDiff &d) {
  std::vector<StepRef> a = stepsOf(before), b = stepsOf(after);
  std::map<std::string, const json *> oldByKey, newByKey;
  std::vector<std::string> oldOrder, newOrder;
  for (const StepRef &s : a)
    oldByKey[s.key] = s.node;
  for (const StepRef &s : b)
    newByKey[s.key] = s.node;
  for (const StepRef &s : a)
    if (newByKey.count(s.key))
      oldOrder.push_back(s.key);
    else
      d.removed.push_back({label(*s.node), (*s.node)["id"].get<std::string>()});
  for (const StepRef &s : b)
    if (oldByKey.count(s.key))
      newOrder.push_back(s.key);
    else
      d.added.push_back({label(*s.node), (*s.node)["id"].get<std::string>()});
  std::set<std::string> kept = inOrder(oldOrder, newOrder);
  for (const std::string &key : newOrder) {
    if (!kept.count(key))
      d.moved.push_back({label(*newByKey[key]), (*newByKey[key])["id"].get<std::string>()});
    compareStep(*oldByKey[key], *newByKey[key], d);
  }
}

/// Entries of a plan list by name, with the fields a reader compares.
static std::map<std::string, json> byName(const json &list) {
  std::map<std::string, json> out;
  for (const json &item : list) {
    json copy = item;
    copy.erase("loc");
    out[item.value("name", item.value("title", item.dump()))] = copy;
  }
  return out;
}

static void compareDeclarations(const json &before, const json &after, RunbookDiff &d) {
  for (const char *field : {"rto_ms", "rpo_ms"})
    if (before["runbook"].value(field, json()) != after["runbook"].value(field, json()))
      d.declarations.push_back({std::string(field == std::string("rto_ms") ? "RTO" : "RPO") +
                                    " objective " +
                                    duration(before["runbook"].value(field, json())) + " → " +
                                    duration(after["runbook"].value(field, json())),
                                ""});
  for (const char *list : {"scenarios", "actions", "probes", "states", "invariants", "params"}) {
    std::map<std::string, json> a = byName(before.value(list, json::array())),
                                b = byName(after.value(list, json::array()));
    std::string kind = std::string(list).substr(0, std::strlen(list) - 1);
    for (const auto &[name, item] : a)
      if (!b.count(name))
        d.declarations.push_back({kind + " `" + name + "` removed", ""});
    for (const auto &[name, item] : b) {
      if (!a.count(name))
        d.declarations.push_back({kind + " `" + name + "` added", ""});
      else if (a[name] != item)
        for (const auto &[field, value] : item.items())
          if (a[name].value(field, json()) != value)
            d.declarations.push_back({kind + " `" + name + "`: " + field + " " +
                                          shown(a[name].value(field, json())) + " → " +
                                          shown(value),
                                      ""});
    }
  }
}

static void compareOutcomes(const DiffSide &before, const DiffSide &after, RunbookDiff &d) {
  for (const auto &[scope, ms] : after.worstMs) {
    auto it = before.worstMs.find(scope);
    if (it != before.worstMs.end() && it->second == ms)
      continue;
    std::string where = scope.empty() ? "every path" : "scenario `" + scope + "`";
    d.timing.push_back({"worst case of " + where + ": " +
                            (it == before.worstMs.end() ? "none" : formatDuration(it->second)) +
                            " → " + formatDuration(ms),
                        ""});
  }
  for (const auto &v : after.verdicts)
    if (!before.verdicts.count(v))
      d.newProblems.push_back({v.second + " [" + v.first + "]", ""});
  for (const auto &v : before.verdicts)
    if (!after.verdicts.count(v))
      d.fixedProblems.push_back({v.second + " [" + v.first + "]", ""});
}

RunbookDiff diffRunbooks(const DiffSide &before, const DiffSide &after) {
  RunbookDiff d;
  compareSteps(before.plan, after.plan, d);
  compareDeclarations(before.plan, after.plan, d);
  compareOutcomes(before, after, d);
  return d;
}

namespace {

struct Part {
  const char *title;
  const std::vector<Change> *changes;
};

std::vector<Part> partsOf(const RunbookDiff &d) {
  return {{"New problems", &d.newProblems}, {"Problems fixed", &d.fixedProblems},
          {"Steps added", &d.added},        {"Steps removed", &d.removed},
          {"Steps moved", &d.moved},        {"Steps changed", &d.changed},
          {"Timing and RTO", &d.timing},    {"Declarations and objectives", &d.declarations}};
}

} // namespace

void writeDiffText(const RunbookDiff &d, llvm::raw_ostream &os) {
  if (d.empty()) {
    os << "no change in meaning\n";
    return;
  }
  for (const Part &p : partsOf(d)) {
    if (p.changes->empty())
      continue;
    os << p.title << ":\n";
    for (const Change &c : *p.changes)
      os << "  " << c.text << "\n";
  }
}

void writeDiffMarkdown(const RunbookDiff &d, llvm::raw_ostream &os) {
  os << "### drbook: what this change does to the runbook\n\n";
  if (d.empty()) {
    os << "No change in meaning (layout and comments only).\n";
    return;
  }
  for (const Part &p : partsOf(d)) {
    if (p.changes->empty())
      continue;
    os << "**" << p.title << "**\n\n";
    for (const Change &c : *p.changes)
      os << "- " << c.text << "\n";
    os << "\n";
  }
}

} // namespace drbook::report
