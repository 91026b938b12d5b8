//===- Sarif.cpp - Diagnostics as a SARIF 2.1.0 log ------------------------===//
//
// One run per invocation. tool.driver.rules lists the whole rule table in a fixed order, so a
// result's ruleIndex is stable across runs; each rule has a name, a helpUri into the rule
// reference and its help in Markdown. Notes become relatedLocations; when they are a
// counterexample path they also become a codeFlow whose last location is the result itself.
// A result waived by `// drbook: ignore[rule]` is kept with an in-source suppression, and every
// result has a fingerprint that edits elsewhere in the file leave alone. The tests validate the
// log against the full SARIF 2.1.0 schema.
//
//===----------------------------------------------------------------------===//
#include "drbook/basic/Digest.h"
#include "drbook/basic/RuleTable.h"
#include "drbook/basic/Version.h"
#include "drbook/report/Report.h"

#include <cctype>
#include <cstring>
#include <map>
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

/// `requires-unmet` → `RequiresUnmet`: SARIF's name of a rule, an identifier.
static std::string ruleName(llvm::StringRef id) {
  std::string name;
  bool upper = true;
  for (char c : id) {
    if (c == '-') {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return name;
}

static json rulesTable() {
  json rules = json::array();
  for (const RuleInfo &r : allRules()) {
    std::string uri = std::string("https://drbook.dev/rules#") + r.id;
    // Problems with the input itself, syntax errors among them, cannot be waived.
    bool waivable = std::strcmp(r.phase, "driver") != 0 && std::strcmp(r.phase, "syntax") != 0;
    std::string markdown =
        std::string("**") + r.summary + "**\n\n" + r.help + "\n\n" +
        (waivable ? std::string("Waive it on one step with `// drbook: ignore[") + r.id +
                        "]` on the line before. "
                  : std::string()) +
        "[Rule reference](" + uri + ")";
    rules.push_back({{"id", r.id},
                     {"name", ruleName(r.id)},
                     {"shortDescription", {{"text", r.summary}}},
                     {"fullDescription", {{"text", r.help}}},
                     {"helpUri", uri},
                     {"help", {{"text", std::string("See ") + uri}, {"markdown", markdown}}},
                     {"defaultConfiguration", {{"level", spelling(r.severity)}}},
                     {"properties", {{"tags", {r.phase}}}}});
  }
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
  // The n-th result of a rule on equal lines of a file: equal lines stay apart.
  std::map<std::string, unsigned> occurrences;
  for (const ResolvedDiagnostic &d : diags) {
    json result = resultOf(d);
    std::string key = d.rule + "\n" + d.pos.path + "\n" + d.lineText;
    result["partialFingerprints"] = {
        {"drbookLine/v1",
         sha256Hex(key + "\n" + std::to_string(occurrences[key]++)).substr(0, 32)}};
    if (d.suppressed)
      result["suppressions"] = json::array(
          {{{"kind", "inSource"}, {"justification", "// drbook: ignore[" + d.rule + "]"}}});
    results.push_back(std::move(result));
  }
  json driver = {{"name", "drbookc"}, {"version", DrbookVersion}, {"rules", rulesTable()}};
  json log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({{{"tool", {{"driver", driver}}},
                                     {"columnKind", "unicodeCodePoints"},
                                     {"results", results}}})}};
  os << log.dump(2) << "\n";
}

} // namespace drbook::report
