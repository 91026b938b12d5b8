//===- Diagnostics.h - The one diagnostics engine --------------------------===//
//
// Every user-facing problem, from a bad token to a verifier counterexample, is a Diagnostic
// reported here. The engine deduplicates by location, honours `// drbook: ignore[rule]`
// comments, stops collecting at an error limit, and renders text, JSON, SARIF or GitHub output
// in a deterministic order.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_BASIC_DIAGNOSTICS_H
#define DRBOOK_BASIC_DIAGNOSTICS_H

#include "llvm/Support/SMLoc.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace drbook {

enum class Severity { Error, Warning, Note };
/// `error`, `warning` or `note`: the word every output format uses.
const char *spelling(Severity severity);

/// A located note: one step of a counterexample path, or the other half of a duplicate.
struct DiagnosticNote {
  llvm::SMRange range;
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::Error;
  llvm::SMRange range;
  std::string message;
  /// Stable rule id, e.g. `syntax`, `unknown-name`, `requires-unmet`. Empty never.
  std::string rule;
  std::vector<DiagnosticNote> notes;
  /// Notes that form the counterexample path (rendered as SARIF codeFlows).
  bool notesArePath = false;
  /// For a problem with a whole file (missing, unreadable): the path, when there is no range.
  std::string file;
  /// False when the source line is not worth echoing (binary content would garble the
  /// terminal); the location is still printed.
  bool showSource = true;
  /// Waived by `// drbook: ignore[rule]`: it counts for nothing, but SARIF keeps it, marked,
  /// so that a code-scanning service shows the waiver instead of a vanished alert.
  bool suppressed = false;
};

/// A diagnostic with the common fields set; the rest keep their defaults.
Diagnostic makeDiagnostic(Severity severity, llvm::SMRange range, std::string message,
                          std::string rule, std::vector<DiagnosticNote> notes = {});

/// The 1-based line and column of `loc` in `buffer`. The column counts characters (Unicode code
/// points), as editors and SARIF viewers do; SourceMgr's own columns count bytes.
std::pair<unsigned, unsigned> lineAndColumn(const llvm::SourceMgr &sources, llvm::SMLoc loc,
                                            unsigned buffer);

/// A resolved source position, 1-based. Columns count characters (Unicode code points), as
/// editors and the SARIF `unicodeCodePoints` column kind do, not bytes.
struct LineCol {
  std::string path;
  unsigned line = 0, col = 0, endLine = 0, endCol = 0;
};

class DiagnosticEngine {
public:
  explicit DiagnosticEngine(llvm::SourceMgr &sources) : sources(sources) {}

  /// Records a diagnostic unless it is suppressed, repeats an earlier one at the same
  /// location, or the error limit has been reached. Returns whether it was kept.
  bool report(Diagnostic diag);
  bool error(llvm::SMRange range, std::string message, std::string rule,
             std::vector<DiagnosticNote> notes = {});
  /// A problem with the file at `path` as a whole: it is missing, unreadable or a directory.
  bool fileError(std::string path, std::string message, std::string rule);
  bool warning(llvm::SMRange range, std::string message, std::string rule,
               std::vector<DiagnosticNote> notes = {});

  unsigned errorCount() const { return errors; }
  unsigned warningCount() const { return warnings; }
  bool hasErrors() const { return errors > 0; }
  /// Warnings count as errors (`-Werror`).
  void setWarningsAsErrors(bool on) { warningsAsErrors = on; }
  /// Stops keeping errors after `limit` of them (0 = no limit).
  void setErrorLimit(unsigned limit) { errorLimit = limit; }
  bool limitReached() const { return errorLimit && errors >= errorLimit; }

  /// Diagnostics sorted by file, line, column, then rule; with `withSuppressed`, the waived
  /// ones too (marked `suppressed`).
  std::vector<Diagnostic> sorted(bool withSuppressed = false) const;
  LineCol position(llvm::SMRange range) const;
  llvm::SourceMgr &sourceManager() { return sources; }
  const llvm::SourceMgr &sourceManager() const { return sources; }

  /// `path:line:col: error: message [rule]`, the source line, a caret, then the notes; only the
  /// diagnostics `keep` accepts, when it is given.
  void printText(llvm::raw_ostream &os, bool colors,
                 const std::function<bool(const Diagnostic &)> &keep = {}) const;

private:
  bool isSuppressed(const Diagnostic &diag) const;
  /// One message with its source line and caret, like SourceMgr::PrintMessage, but with
  /// columns that count characters.
  void printAt(llvm::raw_ostream &os, llvm::SMRange range, llvm::SourceMgr::DiagKind kind,
               const std::string &message, bool colors) const;

  llvm::SourceMgr &sources;
  std::vector<Diagnostic> diags, waived;
  std::set<std::pair<const char *, std::string>> seen;
  unsigned errors = 0, warnings = 0, errorLimit = 50;
  bool warningsAsErrors = false;
  bool limitNoted = false;
};

} // namespace drbook

#endif
