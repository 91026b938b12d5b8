//===- Locations.cpp - Diagnostics to file/line/column records --------------===//
#include "drbook/report/Report.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"

namespace drbook::report {

std::string relativePath(const std::string &path, const std::string &base) {
  llvm::StringRef p = path;
  std::string prefix = base;
  if (!prefix.empty() && prefix.back() != '/')
    prefix += '/';
  if (!prefix.empty() && p.startswith(prefix))
    p = p.drop_front(prefix.size());
  while (p.startswith("./"))
    p = p.drop_front(2);
  return llvm::sys::path::convert_to_slash(p);
}

std::vector<ResolvedDiagnostic> resolve(const DiagnosticEngine &diags, const std::string &base) {
  std::vector<ResolvedDiagnostic> out;
  for (const Diagnostic &d : diags.sorted()) {
    ResolvedDiagnostic r;
    r.severity = d.severity;
    r.rule = d.rule;
    r.message = d.message;
    r.pos = diags.position(d.range);
    // A problem with a whole file (missing, unreadable) has its path but no position.
    if (r.pos.path.empty() && !d.file.empty()) {
      r.pos.path = d.file;
      r.pos.line = r.pos.col = r.pos.endLine = r.pos.endCol = 1;
    }
    r.pos.path = relativePath(r.pos.path, base);
    r.notesArePath = d.notesArePath;
    for (const DiagnosticNote &n : d.notes) {
      ResolvedNote note{diags.position(n.range), n.message};
      note.pos.path = relativePath(note.pos.path, base);
      r.notes.push_back(std::move(note));
    }
    out.push_back(std::move(r));
  }
  return out;
}

} // namespace drbook::report
