//===- Report.h - Diagnostics of many files as text, JSON, SARIF, GitHub --===//
//
// `drbookc check` compiles each file in its own Compilation; its diagnostics are resolved to
// file/line/column here so that one report (one SARIF run) can hold all of them. Paths are
// made relative to a base directory (the working directory), as SARIF consumers and GitHub
// annotations expect.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_REPORT_REPORT_H
#define DRBOOK_REPORT_REPORT_H

#include "drbook/basic/Diagnostics.h"

#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace drbook::report {

struct ResolvedNote {
  LineCol pos;
  std::string message;
};

/// A diagnostic with its positions resolved; `pos.path` is empty for one without a location.
struct ResolvedDiagnostic {
  Severity severity = Severity::Error;
  std::string rule, message;
  LineCol pos;
  std::vector<ResolvedNote> notes;
  bool notesArePath = false;
  /// Waived in the source; only SARIF shows it.
  bool suppressed = false;
  /// The source line the diagnostic starts on, spaces collapsed: what a fingerprint that
  /// survives edits elsewhere in the file is made of.
  std::string lineText;
};

/// `path` relative to `base` when it lies below it, with `/` separators; else unchanged.
std::string relativePath(const std::string &path, const std::string &base);

/// The diagnostics of one compilation in their sorted order, paths relative to `base`; with
/// `withSuppressed`, the waived ones too (marked).
std::vector<ResolvedDiagnostic> resolve(const DiagnosticEngine &diags, const std::string &base,
                                        bool withSuppressed = false);

/// An array of objects: file, line, column, end_line, end_column, severity, rule, message,
/// notes (each with a position and message) and whether the notes form a path.
void writeJson(const std::vector<ResolvedDiagnostic> &diags, llvm::raw_ostream &os);

/// One SARIF 2.1.0 log with one run: every rule of the rule table, results with locations,
/// relatedLocations for notes and codeFlows for counterexample paths.
void writeSarif(const std::vector<ResolvedDiagnostic> &diags, llvm::raw_ostream &os);

/// GitHub Actions workflow commands: `::error file=…,line=…,endLine=…,col=…,endColumn=…,
/// title=RULE::message`, notes appended to the message.
void writeGithub(const std::vector<ResolvedDiagnostic> &diags, llvm::raw_ostream &os);

/// The toolkit's escaping: `%`, CR and LF in data; also `:` and `,` in properties.
std::string escapeGithubData(const std::string &s);
std::string escapeGithubProperty(const std::string &s);

} // namespace drbook::report

#endif
