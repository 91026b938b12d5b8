//===- Diagnostics.cpp - Collecting and printing diagnostics ---------------===//
#include "drbook/basic/Diagnostics.h"

#include "llvm/Support/Unicode.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <tuple>

namespace drbook {

const char *spelling(Severity severity) {
  switch (severity) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "note";
  }
  return "error";
}

Diagnostic makeDiagnostic(Severity severity, llvm::SMRange range, std::string message,
                          std::string rule, std::vector<DiagnosticNote> notes) {
  Diagnostic diag;
  diag.severity = severity;
  diag.range = range;
  diag.message = std::move(message);
  diag.rule = std::move(rule);
  diag.notes = std::move(notes);
  return diag;
}

bool DiagnosticEngine::report(Diagnostic diag) {
  if (diag.severity == Severity::Warning && warningsAsErrors)
    diag.severity = Severity::Error;
  // One diagnostic per location and rule: a parser recovering from one mistake tends to
  // trip over it again, and the second message only adds noise.
  if (!seen.insert({diag.range.Start.getPointer(), diag.rule}).second)
    return false;
  if (isSuppressed(diag)) {
    diag.suppressed = true;
    waived.push_back(std::move(diag));
    return false;
  }
  if (diag.severity == Severity::Error) {
    if (limitReached()) {
      if (!limitNoted) {
        limitNoted = true;
        Diagnostic note;
        note.severity = Severity::Error;
        note.range = diag.range;
        note.message =
            "too many errors; stopping here (the limit is " + std::to_string(errorLimit) + ")";
        note.rule = "error-limit";
        diags.push_back(std::move(note));
      }
      return false;
    }
    ++errors;
  } else if (diag.severity == Severity::Warning) {
    ++warnings;
  }
  diags.push_back(std::move(diag));
  return true;
}

bool DiagnosticEngine::error(llvm::SMRange range, std::string message, std::string rule,
                             std::vector<DiagnosticNote> notes) {
  return report(makeDiagnostic(Severity::Error, range, std::move(message), std::move(rule),
                               std::move(notes)));
}

bool DiagnosticEngine::fileError(std::string path, std::string message, std::string rule) {
  Diagnostic diag = makeDiagnostic(Severity::Error, {}, std::move(message), std::move(rule));
  diag.file = std::move(path);
  return report(std::move(diag));
}

bool DiagnosticEngine::warning(llvm::SMRange range, std::string message, std::string rule,
                               std::vector<DiagnosticNote> notes) {
  return report(makeDiagnostic(Severity::Warning, range, std::move(message), std::move(rule),
                               std::move(notes)));
}

// `// drbook: ignore[rule-a, rule-b]` on the line before the diagnostic, or at the end of its
// own line, silences those rules there. `ignore[*]` is deliberately not supported: a reviewer
// should see which rule is waived.
bool DiagnosticEngine::isSuppressed(const Diagnostic &diag) const {
  if (!diag.range.Start.isValid() || diag.rule == "syntax")
    return false;
  unsigned buffer = sources.FindBufferContainingLoc(diag.range.Start);
  if (!buffer)
    return false;
  auto [line, col] = sources.getLineAndColumn(diag.range.Start, buffer);
  (void)col;
  llvm::StringRef text = sources.getMemoryBuffer(buffer)->getBuffer();
  auto lineText = [&](unsigned wanted) -> llvm::StringRef {
    if (wanted == 0)
      return {};
    const char *start = sources.FindLocForLineAndColumn(buffer, wanted, 1).getPointer();
    if (!start)
      return {};
    llvm::StringRef rest = text.substr(start - text.data());
    return rest.take_until([](char c) { return c == '\n'; });
  };
  for (unsigned candidate : {line - 1, line}) {
    llvm::StringRef l = lineText(candidate);
    size_t at = l.find("// drbook: ignore[");
    if (at == llvm::StringRef::npos)
      continue;
    llvm::StringRef list = l.substr(at + 18).take_until([](char c) { return c == ']'; });
    llvm::SmallVector<llvm::StringRef, 4> rules;
    list.split(rules, ',');
    for (llvm::StringRef r : rules)
      if (r.trim() == diag.rule)
        return true;
  }
  return false;
}

LineCol DiagnosticEngine::position(llvm::SMRange range) const {
  LineCol pos;
  if (!range.Start.isValid())
    return pos;
  unsigned buffer = sources.FindBufferContainingLoc(range.Start);
  if (!buffer)
    return pos;
  pos.path = sources.getMemoryBuffer(buffer)->getBufferIdentifier().str();
  std::tie(pos.line, pos.col) = lineAndColumn(sources, range.Start, buffer);
  if (range.End.isValid() && range.End.getPointer() > range.Start.getPointer())
    std::tie(pos.endLine, pos.endCol) = lineAndColumn(sources, range.End, buffer);
  else
    std::tie(pos.endLine, pos.endCol) = std::make_pair(pos.line, pos.col + 1);
  return pos;
}

/// Whether a UTF-8 byte starts a character: continuation bytes (10xxxxxx) do not.
static bool startsCharacter(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

/// Counts characters, not bytes.
static unsigned charactersIn(llvm::StringRef text) { return llvm::count_if(text, startsCharacter); }

std::pair<unsigned, unsigned> lineAndColumn(const llvm::SourceMgr &sources, llvm::SMLoc loc,
                                            unsigned buffer) {
  auto [line, byteCol] = sources.getLineAndColumn(loc, buffer);
  return {line, 1 + charactersIn(llvm::StringRef(loc.getPointer() - (byteCol - 1), byteCol - 1))};
}

std::vector<Diagnostic> DiagnosticEngine::sorted(bool withSuppressed) const {
  std::vector<std::pair<LineCol, const Diagnostic *>> keyed;
  keyed.reserve(diags.size());
  for (const std::vector<Diagnostic> *list : {&diags, &waived}) {
    if (list == &waived && !withSuppressed)
      continue;
    for (const Diagnostic &d : *list) {
      keyed.push_back({position(d.range), &d});
      if (keyed.back().first.path.empty())
        keyed.back().first.path = d.file;
    }
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) {
    return std::tie(a.first.path, a.first.line, a.first.col, a.second->rule) <
           std::tie(b.first.path, b.first.line, b.first.col, b.second->rule);
  });
  std::vector<Diagnostic> out;
  out.reserve(keyed.size());
  for (auto &k : keyed)
    out.push_back(*k.second);
  return out;
}

static llvm::SourceMgr::DiagKind kindOf(Severity s) {
  switch (s) {
  case Severity::Error:
    return llvm::SourceMgr::DK_Error;
  case Severity::Warning:
    return llvm::SourceMgr::DK_Warning;
  case Severity::Note:
    return llvm::SourceMgr::DK_Note;
  }
  return llvm::SourceMgr::DK_Error;
}

// A range that spans lines would make SourceMgr underline nothing useful; keep the first line.
static llvm::SMRange firstLineOf(llvm::SMRange range) {
  if (!range.Start.isValid() || !range.End.isValid())
    return range;
  const char *p = range.Start.getPointer();
  const char *end = range.End.getPointer();
  const char *stop = p;
  while (stop < end && *stop != '\n')
    ++stop;
  return {range.Start, llvm::SMLoc::getFromPointer(stop)};
}

/// The caret line under `line` for characters [start, end): as many columns per character as
/// a terminal gives it (two for 日 or 🚀), tabs expanded to LLVM's tab stops of 8 as its
/// source line is.
static std::string caretLine(llvm::StringRef line, unsigned start, unsigned end) {
  std::string caret;
  unsigned column = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (!startsCharacter(c))
      continue;
    size_t next = i + 1;
    while (next < line.size() && !startsCharacter(line[next]))
      ++next;
    int shown = llvm::sys::unicode::columnWidthUTF8(line.slice(i, next));
    // Emoji (U+1F000 and up, four bytes from F0 9F) take two columns in terminals; LLVM's
    // table predates them.
    if (next - i == 4 && static_cast<unsigned char>(c) == 0xF0 &&
        static_cast<unsigned char>(line[i + 1]) == 0x9F)
      shown = 2;
    size_t width = c == '\t' ? 8 - caret.size() % 8 : static_cast<size_t>(std::max(shown, 1));
    char mark = column > start && column < end ? '~' : ' ';
    caret.append(width, mark);
    if (column == start)
      caret[caret.size() - width] = '^';
    ++column;
  }
  if (start >= column)
    caret += '^';
  caret.erase(caret.find_last_not_of(' ') + 1);
  return caret;
}

void DiagnosticEngine::printAt(llvm::raw_ostream &os, llvm::SMRange range,
                               llvm::SourceMgr::DiagKind kind, const std::string &message,
                               bool colors) const {
  unsigned buffer = sources.FindBufferContainingLoc(range.Start);
  const llvm::MemoryBuffer *file = sources.getMemoryBuffer(buffer);
  llvm::StringRef text = file->getBuffer();
  size_t at = range.Start.getPointer() - text.data();
  size_t newline = text.rfind('\n', at); // the last one before `at`
  size_t lineStart = newline == llvm::StringRef::npos ? 0 : newline + 1;
  llvm::StringRef line = text.slice(lineStart, text.find_first_of("\r\n", at));
  auto columnOf = [&](const char *p) {
    return charactersIn(llvm::StringRef(line.data(), p - line.data()));
  };
  unsigned start = columnOf(range.Start.getPointer());
  const char *endPtr =
      std::min(std::max(range.End.getPointer(), range.Start.getPointer()), line.end());
  unsigned end = range.End.isValid() ? columnOf(endPtr) : start;
  std::vector<std::pair<unsigned, unsigned>> ranges;
  if (end > start)
    ranges.push_back({start, end});
  unsigned lineNo = sources.getLineAndColumn(range.Start, buffer).first;
  llvm::SMDiagnostic(sources, range.Start, file->getBufferIdentifier(), lineNo, start, kind,
                     message, line, ranges)
      .print(nullptr, os, colors);
  if (llvm::isASCII(line))
    return;
  // LLVM prints no caret under a line with non-ASCII text, since its columns count bytes.
  if (colors)
    os.changeColor(llvm::raw_ostream::GREEN, true);
  os << caretLine(line, start, end);
  if (colors)
    os.resetColor();
  os << "\n";
}

void DiagnosticEngine::printText(llvm::raw_ostream &os, bool colors,
                                 const std::function<bool(const Diagnostic &)> &keep) const {
  // A stream colours only a terminal by itself; `--color=always` asks for colour anywhere.
  os.enable_colors(colors);
  for (const Diagnostic &d : sorted()) {
    if (keep && !keep(d))
      continue;
    std::string message = d.message + " [" + d.rule + "]";
    llvm::SMRange range = firstLineOf(d.range);
    if (d.range.Start.isValid() && d.showSource) {
      printAt(os, range, kindOf(d.severity), message, colors);
    } else {
      LineCol at = position(d.range);
      std::string where =
          !at.path.empty() ? at.path + ":" + std::to_string(at.line) + ":" + std::to_string(at.col)
                           : (d.file.empty() ? "drbook" : d.file);
      os << where << ": " << spelling(d.severity) << ": " << message << "\n";
    }
    for (const DiagnosticNote &n : d.notes) {
      if (n.range.Start.isValid())
        printAt(os, firstLineOf(n.range), llvm::SourceMgr::DK_Note, n.message, colors);
      else
        os << "note: " << n.message << "\n";
    }
  }
}

} // namespace drbook
