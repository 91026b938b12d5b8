//===- Json.cpp - Diagnostics as a JSON array ------------------------------===//
#include "drbook/report/Report.h"

#include <nlohmann/json.hpp>

namespace drbook::report {

static void putPosition(nlohmann::json &j, const LineCol &pos) {
  j["file"] = pos.path;
  j["line"] = pos.line;
  j["column"] = pos.col;
  j["end_line"] = pos.endLine;
  j["end_column"] = pos.endCol;
}

void writeJson(const std::vector<ResolvedDiagnostic> &diags, llvm::raw_ostream &os) {
  nlohmann::json out = nlohmann::json::array();
  for (const ResolvedDiagnostic &d : diags) {
    nlohmann::json j;
    putPosition(j, d.pos);
    j["severity"] = spelling(d.severity);
    j["rule"] = d.rule;
    j["message"] = d.message;
    j["notes_are_path"] = d.notesArePath;
    j["notes"] = nlohmann::json::array();
    for (const ResolvedNote &n : d.notes) {
      nlohmann::json note;
      putPosition(note, n.pos);
      note["message"] = n.message;
      j["notes"].push_back(std::move(note));
    }
    out.push_back(std::move(j));
  }
  os << out.dump(2) << "\n";
}

} // namespace drbook::report
