//===- Sarif.cpp - Diagnostics as a SARIF 2.1.0 log ------------------------===//
//
// One run per invocation. tool.driver.rules lists the whole rule table in a fixed order, so a
// result's ruleIndex is stable across runs. Notes become relatedLocations; when they are a
// counterexample path they also become a codeFlow whose last location is the result itself.
// Every property written here is covered by tests/lit/check/Inputs/sarif-2.1.0.schema.json.
//
//===----------------------------------------------------------------------===//
#include "drbook/basic/RuleTable.h"
#include "drbook/basic/Version.h"
#include "drbook/report/Report.h"

#include <nlohmann/json.hpp>

namespace drbook::report {

using nlohmann::json;

// A relative URI reference for a path below the working directory, a `file://` URI for any
// other: unreserved characters and `/` as they are, the rest %-encoded.
static std::string uriOf(const std::string &path) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out = !path.empty() && path[0] == '/' ? "file://" : "";
  for (unsigned char c : path) {
    if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

static json physicalLocation(const LineCol &pos) {
  json region = {{"startLine", pos.line}, {"startColumn", pos.col}};
  if (pos.endLine) {
    region["endLine"] = pos.endLine;
    region["endColumn"] = pos.endCol;
  }
  return {{"artifactLocation", {{"uri", uriOf(pos.path)}}}, {"region", region}};
}

static json rulesTable() {
  json rules = json::array();
  for (const RuleInfo &r : allRules())
    rules.push_back({{"id", r.id},
                     {"shortDescription", {{"text", r.summary}}},
                     {"fullDescription", {{"text", r.help}}},
                     {"help", {{"text", r.help}}},
                     {"defaultConfiguration", {{"level", spelling(r.severity)}}},
                     {"properties", {{"tags", {r.phase}}}}});
  return rules;
}

static json resultOf(const ResolvedDiagnostic &d) {
  json result = {
      {"ruleId", d.rule}, {"level", spelling(d.severity)}, {"message", {{"text", d.message}}}};
  llvm::ArrayRef<RuleInfo> rules = allRules();
  for (size_t i = 0; i < rules.size(); ++i)
    if (d.rule == rules[i].id)
      result["ruleIndex"] = i;
  if (!d.pos.path.empty())
    result["locations"] = json::array({{{"physicalLocation", physicalLocation(d.pos)}}});
  json related = json::array(), flow = json::array();
  for (const ResolvedNote &n : d.notes) {
    if (n.pos.path.empty())
      continue;
    related.push_back({{"id", related.size() + 1},
                       {"physicalLocation", physicalLocation(n.pos)},
                       {"message", {{"text", n.message}}}});
    flow.push_back(
        {{"location",
          {{"physicalLocation", physicalLocation(n.pos)}, {"message", {{"text", n.message}}}}}});
  }
  if (!related.empty())
    result["relatedLocations"] = related;
  if (d.notesArePath && !flow.empty()) {
    if (!d.pos.path.empty())
      flow.push_back(
          {{"location",
            {{"physicalLocation", physicalLocation(d.pos)}, {"message", {{"text", d.message}}}}}});
    result["codeFlows"] = json::array({{{"threadFlows", json::array({{{"locations", flow}}})}}});
  }
  return result;
}

void writeSarif(const std::vector<ResolvedDiagnostic> &diags, llvm::raw_ostream &os) {
  json results = json::array();
  for (const ResolvedDiagnostic &d : diags)
    results.push_back(resultOf(d));
  json driver = {{"name", "drbookc"}, {"version", DrbookVersion}, {"rules", rulesTable()}};
  json log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({{{"tool", {{"driver", driver}}},
                                     {"columnKind", "unicodeCodePoints"},
                                     {"results", results}}})}};
  os << log.dump(2) << "\n";
}

} // namespace drbook::report
