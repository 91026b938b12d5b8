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

/// The line `range` starts on, with runs of spaces and tabs collapsed to one.
static std::string lineTextAt(const DiagnosticEngine &diags, llvm::SMRange range) {
  if (!range.Start.isValid())
    return "";
  const llvm::SourceMgr &sources = diags.sourceManager();
  unsigned buffer = sources.FindBufferContainingLoc(range.Start);
  if (!buffer)
    return "";
  llvm::StringRef text = sources.getMemoryBuffer(buffer)->getBuffer();
  size_t at = range.Start.getPointer() - text.data();
  size_t begin = text.rfind('\n', at) + 1; // npos + 1 is 0: the first line
  llvm::StringRef line = text.slice(begin, text.find('\n', at)).trim();
  std::string out;
  for (char c : line)
    if (!((c == ' ' || c == '\t') && !out.empty() && out.back() == ' '))
      out += c == '\t' ? ' ' : c;
  return out;
}

std::vector<ResolvedDiagnostic> resolve(const DiagnosticEngine &diags, const std::string &base,
                                        bool withSuppressed) {
  std::vector<ResolvedDiagnostic> out;
  for (const Diagnostic &d : diags.sorted(withSuppressed)) {
    ResolvedDiagnostic r;
    r.suppressed = d.suppressed;
    r.lineText = lineTextAt(diags, d.range);
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
