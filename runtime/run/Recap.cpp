//===- Recap.cpp - Where a resumed run stands ------------------------------===//
#include "drbook/run/Recap.h"

namespace drbook::run {

namespace {

std::string text(const nlohmann::json &record, const char *field) {
  auto it = record.find(field);
  if (it == record.end())
    return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

/// `name = value (operator, prompt)` for each decision taken, in order.
std::string decisionsTaken(const std::vector<JournalEvent> &events) {
  std::string out;
  for (const JournalEvent &e : events) {
    if (e.kind != "decision" || !e.record.contains("value"))
      continue;
    std::string source = text(e.record, "by");
    if (std::string how = text(e.record, "answer_source"); !how.empty())
      source += ", " + how;
    out += (out.empty() ? "" : "; ") + text(e.record, "decision") + " = " +
           text(e.record, "value") + (source.empty() ? "" : " (" + source + ")");
  }
  return out.empty() ? "none yet" : out;
}

std::string labelOf(const Program &p, const std::string &id) {
  graph::NodeId n = p.node(id);
  return n == graph::NoId ? id : p.graph->nodes[n].label;
}

} // namespace

std::vector<std::string> resumeRecap(const Program &p, const std::vector<JournalEvent> &events) {
  std::string phase = "none yet", last = "none yet", next;
  for (const JournalEvent &e : events) {
    if (e.kind == "phase")
      phase =
          text(e.record, "phase") +
          (e.record.contains("scenario") ? " (scenario " + text(e.record, "scenario") + ")" : "");
    if (e.record.contains("next") && !e.node.empty()) {
      std::string verdict = text(e.record, "verdict");
      last = text(e.record, "step") + (verdict.empty() ? "" : ": " + verdict);
      next = labelOf(p, text(e.record, "next"));
    }
    if (e.kind == "action-start")
      next = labelOf(p, e.node) + ", which was running when the run stopped";
  }
  return {"phase: " + phase, "decisions: " + decisionsTaken(events), "last step: " + last,
          "next: " + (next.empty() ? labelOf(p, "start") : next)};
}

} // namespace drbook::run
