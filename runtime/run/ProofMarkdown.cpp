//===- ProofMarkdown.cpp - proof.md, the proof a person reads --------------===//
//
// Everything in proof.md comes from the journal (already redacted), so it says exactly what
// the hash-chained record says, in the order it happened.
//
//===----------------------------------------------------------------------===//
#include "drbook/basic/Duration.h"
#include "drbook/run/Display.h"
#include "drbook/run/Evaluator.h"
#include "drbook/run/Proof.h"

#include <map>
#include <sstream>

namespace drbook::run {

namespace {

/// Text safe inside a Markdown table cell.
std::string cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += " ";
    else
      out += c;
  }
  if (out.size() > 160)
    out = out.substr(0, 157) + "...";
  return out;
}

std::string str(const nlohmann::json &v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

/// A fenced block whose fence cannot occur in the text.
std::string fenced(const std::string &text) {
  std::string fence = "```";
  while (text.find(fence) != std::string::npos)
    fence += "`";
  return fence + "\n" + text + (text.empty() || text.back() == '\n' ? "" : "\n") + fence + "\n";
}

std::string eventDetail(const JournalEvent &e) {
  const nlohmann::json &r = e.record;
  if (e.kind == "probe")
    return r.value("probe", "") + ": " + r.value("verdict", "") + " (" + r.value("target", "") +
           ")";
  if (e.kind == "action")
    return "$ " + r.value("command", "") + " -> " + r.value("verdict", "") + " (exit " +
           str(r.value("exit", nlohmann::json(-1))) + ", attempt " +
           str(r.value("attempt", nlohmann::json(1))) + ")";
  if (e.kind == "decision")
    return r.value("decision", "") + " = " + str(r.value("value", nlohmann::json())) + " (" +
           r.value("by", "") + (r.contains("actor") ? ", " + r.value("actor", "") : "") + ")";
  if (e.kind == "operator")
    return r.value("text", "") + ": " + r.value("answer", "") + " by " + r.value("actor", "") +
           " (" + r.value("answer_source", "") + ")";
  if (e.kind == "answer")
    return r.value("name", "") + " = " +
           str(r.value("captured", nlohmann::json::object())
                   .value(r.value("name", ""), nlohmann::json())) +
           " by " + r.value("actor", "") + " (" + r.value("answer_source", "") + ")";
  if (e.kind == "end")
    return r.value("status", "") + (r.contains("reason") ? ": " + str(r["reason"]) : "");
  if (e.kind == "skip")
    return r.value("step", "") + " (" + r.value("reason", "") + ")";
  if (r.contains("verdict"))
    return r.value("step", "") + ": " + r.value("verdict", "");
  return r.value("step", "");
}

void header(std::ostringstream &md, const nlohmann::json &pred) {
  bool drill = pred.value("mode", "") == "drill";
  nlohmann::json rb = pred.value("runbook", nlohmann::json::object());
  md << "# " << (drill ? "DRILL PROOF" : "INCIDENT PROOF") << ": " << rb.value("title", "")
     << "\n\n";
  md << "| | |\n|---|---|\n";
  md << "| Runbook | `" << rb.value("name", "") << "` " << rb.value("version", "") << " |\n";
  md << "| Owner | " << cell(rb.value("owner", "")) << " |\n";
  md << "| Mode | " << (drill ? "drill" : "incident") << " |\n";
  md << "| Status | **" << pred.value("status", "") << "**"
     << (pred.contains("reason") ? ": " + cell(str(pred["reason"])) : "") << " |\n";
  md << "| Started | " << pred.value("started", "") << " by " << cell(pred.value("actor", ""))
     << " |\n";
  md << "| Finished | " << pred.value("finished", "") << " |\n";
  const nlohmann::json &rto = pred["rto"];
  int64_t measured = rto.value("measured_ms", int64_t(0));
  md << "| Measured RTO | " << formatElapsed(measured);
  if (rto.contains("objective_ms"))
    md << " against "
       << (rto.contains("scenario") ? "scenario " + str(rto["scenario"]) + "'s objective of "
                                    : std::string("an objective of "))
       << formatDuration(rto["objective_ms"].get<int64_t>()) << ": **"
       << (rto.value("met", false) ? "met" : "not met") << "**";
  md << " |\n";
  md << "| Journal head | `" << pred["journal"].value("head", "") << "` ("
     << pred["journal"].value("events", 0) << " events) |\n";
  if (pred.value("resumed", 0) > 0)
    md << "| Resumed | " << pred.value("resumed", 0) << " time(s) |\n";
  md << "| Secrets redacted | " << pred.value("redaction_count", 0) << " occurrence(s) |\n";
  if (pred.contains("signer") && pred["signer"].is_object())
    md << "| Signed by | `" << cell(pred["signer"].value("fingerprint", "")) << "` (key id "
       << cell(pred["signer"].value("keyid", "").substr(0, 16)) << "...) |\n\n";
  else
    md << "| Signed by | nobody: this proof shows integrity only, not who wrote it |\n\n";
  md << "## Parameters\n\n| name | value |\n|---|---|\n";
  nlohmann::json params = pred.value("params", nlohmann::json::object());
  for (const auto &item : params.items())
    md << "| " << item.key() << " | `" << cell(str(item.value())) << "` |\n";
  md << "\n";
}

void timeline(std::ostringstream &md, const std::vector<JournalEvent> &events) {
  md << "## Timeline\n\n| time (UTC) | step | event | detail |\n|---|---|---|---|\n";
  for (const JournalEvent &e : events)
    if (e.kind != "probe" || e.record.value("reason", "") != "wait")
      // Run-level events (start, end) belong to no step.
      // The time of day of `YYYY-MM-DDTHH:MM:SS…Z`; a journal from elsewhere may hold less.
      md << "| " << llvm::StringRef(e.ts).drop_front(11).str() << " | "
         << (e.node.empty() ? "" : "`" + cell(e.node) + "`") << " | " << e.kind << " | "
         << cell(eventDetail(e)) << " |\n";
}

void decisions(std::ostringstream &md, const std::vector<JournalEvent> &events) {
  md << "\n## Decisions\n\n";
  bool any = false;
  for (const JournalEvent &e : events)
    if (e.kind == "decision" && e.record.contains("value")) {
      any = true;
      const nlohmann::json &r = e.record;
      md << "- **" << r.value("decision", "") << " = " << str(r["value"]) << "** at " << e.ts
         << ": ";
      if (r.value("by", "") == "operator")
        md << "chosen by " << r.value("actor", "") << " (" << r.value("answer_source", "") << ")";
      else if (r.value("by", "") == "rule")
        md << "rule `" << r.value("rule", "") << "` held";
      else
        md << "no rule held (otherwise)";
      md << "\n";
    }
  for (const JournalEvent &e : events)
    if (e.kind == "operator") {
      any = true;
      md << "- " << e.ts << ": " << e.record.value("text", "") << ": **"
         << e.record.value("answer", "") << "** by " << e.record.value("actor", "") << " ("
         << e.record.value("answer_source", "") << ")\n";
    }
  if (!any)
    md << "None.\n";
}

/// Every value the run captured, with the step and time it was captured at. A probe's output
/// is recorded with its observation and again with the check that ran it: listed once.
void capturedValues(std::ostringstream &md, const std::vector<JournalEvent> &events) {
  std::map<std::string, const JournalEvent *> first;
  std::vector<std::pair<std::string, nlohmann::json>> rows;
  for (const JournalEvent &e : events)
    if (e.record.contains("captured") && e.record["captured"].is_object())
      for (const auto &item : e.record["captured"].items())
        if (first.emplace(item.key(), &e).second)
          rows.emplace_back(item.key(), item.value());
  if (rows.empty())
    return;
  md << "\n## Captured values\n\n| value | captured | at step | time (UTC) |\n|---|---|---|---|\n";
  for (const auto &[name, value] : rows) {
    const JournalEvent &e = *first[name];
    std::string by = e.kind == "answer" ? " (typed by " + e.record.value("actor", "") + ")" : "";
    md << "| `" << cell(name) << "` | " << cell(str(value)) << by << " | `" << cell(e.node)
       << "` | " << e.ts << " |\n";
  }
}

void command(std::ostringstream &md, const JournalEvent &e) {
  const nlohmann::json &r = e.record;
  md << "### `" << e.node << "` attempt " << str(r.value("attempt", nlohmann::json(1))) << ": "
     << r.value("verdict", "") << "\n\n";
  md << fenced("$ " + r.value("command", ""));
  md << "\nexit " << str(r.value("exit", nlohmann::json(-1)))
     << (r.value("timed_out", false) ? " (timed out, process group stopped)" : "") << ", "
     << r.value("duration_ms", 0) << " ms, at " << e.ts << "\n\n";
  for (const char *stream : {"stdout", "stderr"}) {
    nlohmann::json o = r.value(stream, nlohmann::json::object());
    if (o.value("excerpt", "").empty())
      continue;
    md << stream << (o.contains("file") ? " (full output: `" + o.value("file", "") + "`)" : "")
       << ":\n\n"
       << fenced(o.value("excerpt", "")) << "\n";
  }
}

/// Steps written with an `estimate`: the time they took beside the time they were expected to
/// take and the worst case the RTO proof counted.
void estimates(std::ostringstream &md, const std::vector<JournalEvent> &events) {
  std::ostringstream rows;
  for (const JournalEvent &e : events) {
    const nlohmann::json &r = e.record;
    if (!r.contains("estimate_ms") || !(e.kind == "operator" || e.kind == "action-end"))
      continue;
    int64_t took = r.value(e.kind == "operator" ? "waited_ms" : "took_ms", int64_t(0));
    int64_t expected = r.value("estimate_ms", int64_t(0)), worst = r.value("worst_ms", int64_t(0));
    rows << "| `" << cell(e.node) << "` | " << formatDuration(took) << " | "
         << formatDuration(expected) << " | " << formatDuration(worst) << " | "
         << (took > worst      ? "over the worst case"
             : took > expected ? "over the estimate"
                               : "within")
         << " |\n";
  }
  if (rows.str().empty())
    return;
  md << "\n## Estimates\n\n| step | took | expected | worst case | |\n|---|---|---|---|---|\n"
     << rows.str();
}

void validation(std::ostringstream &md, const std::vector<JournalEvent> &events) {
  md << "\n## Validation\n\n";
  bool any = false, inValidation = false;
  for (const JournalEvent &e : events) {
    if (e.kind == "phase")
      inValidation = e.record.value("phase", "") == "validation";
    bool verdict = e.record.value("validates", false);
    if (!(inValidation || verdict) || !(e.kind == "must" || e.kind == "check" || e.kind == "wait" ||
                                        e.kind == "operator" || e.kind == "probe"))
      continue;
    if (e.kind == "probe" && e.record.value("reason", "") == "wait")
      continue;
    any = true;
    md << "- "
       << (e.record.value("verdict", "") == "ok" || e.record.value("answer", "") == "confirmed"
               ? "PASS"
               : "FAIL")
       << " " << cell(eventDetail(e)) << "\n";
  }
  if (!any)
    md << "No validation step ran.\n";
}

} // namespace

std::string renderProofMarkdown(const Program &p, const std::vector<JournalEvent> &events,
                                const nlohmann::json &pred) {
  (void)p;
  std::ostringstream md;
  header(md, pred);
  timeline(md, events);
  decisions(md, events);
  capturedValues(md, events);
  md << "\n## Commands and outputs\n\n";
  bool anyCommand = false;
  for (const JournalEvent &e : events)
    if (e.kind == "action") {
      anyCommand = true;
      command(md, e);
    }
  if (!anyCommand)
    md << "No command ran.\n";
  validation(md, events);
  estimates(md, events);

  std::ostringstream skipped;
  for (const JournalEvent &e : events)
    if (e.kind == "skip")
      skipped << "- `" << e.node << "` " << cell(e.record.value("step", "")) << " ("
              << e.record.value("reason", "") << ")\n";
  if (!skipped.str().empty())
    md << "\n## Skipped\n\n" << skipped.str();

  md << "\n## Checking this proof\n\n"
     << "Run `drbook verify <this directory> --pubkey KEY` with the public key you trust for "
        "the signer above: it checks the signature, replays the journal's hash chain, checks "
        "the digests of the source, plan, journal and this page named in statement.json, that "
        "this page is exactly what the journal says, that every step follows an edge of the "
        "plan, that every automatic decision follows from the recorded observations, and the "
        "runbook's invariants over this trace.\n";
  return md.str();
}

} // namespace drbook::run
