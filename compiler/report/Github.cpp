//===- Github.cpp - Diagnostics as GitHub Actions annotations --------------===//
//
// Workflow commands are one line each; the runner un-escapes `%25 %0D %0A` in the message and
// additionally `%3A %2C` in the properties (the toolkit's escapeData / escapeProperty).
//
//===----------------------------------------------------------------------===//
#include "drbook/report/Report.h"

namespace drbook::report {

std::string escapeGithubData(const std::string &s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '%':
      out += "%25";
      break;
    case '\r':
      out += "%0D";
      break;
    case '\n':
      out += "%0A";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string escapeGithubProperty(const std::string &s) {
  std::string out;
  for (char c : escapeGithubData(s)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

void writeGithub(const std::vector<ResolvedDiagnostic> &diags, llvm::raw_ostream &os) {
  for (const ResolvedDiagnostic &d : diags) {
    os << "::" << (d.severity == Severity::Error ? "error" : "warning") << " ";
    if (!d.pos.path.empty())
      os << "file=" << escapeGithubProperty(d.pos.path) << ",line=" << d.pos.line
         << ",endLine=" << d.pos.endLine << ",col=" << d.pos.col << ",endColumn=" << d.pos.endCol
         << ",";
    os << "title=" << escapeGithubProperty(d.rule) << "::";
    std::string message = d.message;
    for (const ResolvedNote &n : d.notes) {
      message += "\n";
      if (!n.pos.path.empty())
        message +=
            n.pos.path + ":" + std::to_string(n.pos.line) + ":" + std::to_string(n.pos.col) + ": ";
      message += n.message;
    }
    os << escapeGithubData(message) << "\n";
  }
}

} // namespace drbook::report
