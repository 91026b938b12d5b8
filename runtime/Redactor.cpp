//===- Redactor.cpp - Keeping secret values out of every output ------------===//
#include "drbook/runtime/Redactor.h"

#include "drbook/runtime/SecretForms.h"

#include <algorithm>
#include <cctype>

namespace drbook {

void Redactor::addPattern(std::string text, size_t secret, Part part) {
  if (text.empty())
    return;
  for (const Pattern &p : patterns)
    if (p.text == text && p.secret == secret && p.part == part)
      return;
  patterns.push_back({std::move(text), secret, part});
}

void Redactor::addSecret(llvm::StringRef name, llvm::StringRef value) {
  if (value.empty())
    return;
  std::lock_guard<std::mutex> guard(lock);
  size_t index = names.size();
  names.push_back(name.str());
  values.push_back(value.str());
  addPattern(value.str(), index, Part::Whole);
  for (std::string &form : secretForms(value))
    addPattern(std::move(form), index, Part::Whole);
  // A line cut short, an excerpt's head and tail, a fragment in an error message.
  if (value.size() > PieceLength) {
    addPattern(value.take_front(PieceLength).str(), index, Part::Prefix);
    addPattern(value.take_back(PieceLength).str(), index, Part::Suffix);
  }
  // Longest first, so that at equal starts the widest form decides the marker's name.
  std::stable_sort(patterns.begin(), patterns.end(), [](const Pattern &a, const Pattern &b) {
    return a.text.size() > b.text.size();
  });
}

namespace {
struct Span {
  size_t begin, end, pattern;
};
} // namespace

/// Widens a match of a secret's first or last piece to as much of the secret as the text holds
/// there, so that no further character of it stays in the clear.
static void extendPiece(llvm::StringRef text, llvm::StringRef secret, bool prefix, size_t &begin,
                        size_t &end) {
  if (prefix) {
    while (end < text.size() && end - begin < secret.size() && text[end] == secret[end - begin])
      ++end;
    return;
  }
  size_t into = secret.size() - (end - begin); // where the match starts inside the secret
  while (begin > 0 && into > 0 && text[begin - 1] == secret[into - 1]) {
    --begin;
    --into;
  }
}

std::string Redactor::redact(llvm::StringRef text) {
  std::lock_guard<std::mutex> guard(lock);
  std::vector<Span> spans;
  for (size_t i = 0; i < patterns.size(); ++i) {
    const Pattern &p = patterns[i];
    for (size_t at = text.find(p.text); at != llvm::StringRef::npos;
         at = text.find(p.text, at + 1)) {
      size_t begin = at, end = at + p.text.size();
      if (p.part != Part::Whole)
        extendPiece(text, values[p.secret], p.part == Part::Prefix, begin, end);
      spans.push_back({begin, end, i});
    }
  }
  if (spans.empty())
    return text.str();
  std::sort(spans.begin(), spans.end(),
            [](const Span &a, const Span &b) { return a.begin < b.begin; });
  std::string out;
  size_t copied = 0;
  for (size_t i = 0; i < spans.size();) {
    // Merge every span that overlaps or touches the current one: redacting each separately
    // could leave part of a longer occurrence in the clear.
    Span merged = spans[i];
    for (++i; i < spans.size() && spans[i].begin <= merged.end; ++i) {
      if (patterns[spans[i].pattern].text.size() > patterns[merged.pattern].text.size())
        merged.pattern = spans[i].pattern;
      merged.end = std::max(merged.end, spans[i].end);
    }
    out.append(text.data() + copied, merged.begin - copied);
    out += "[REDACTED:" + names[patterns[merged.pattern].secret] + "]";
    copied = merged.end;
    ++redactions;
  }
  out.append(text.data() + copied, text.size() - copied);
  return out;
}

bool Redactor::redactInPlace(std::string &text) {
  std::string out = redact(text);
  bool changed = out != text;
  text = std::move(out);
  return changed;
}

uint64_t Redactor::count() const {
  std::lock_guard<std::mutex> guard(lock);
  return redactions;
}

bool Redactor::empty() const {
  std::lock_guard<std::mutex> guard(lock);
  return patterns.empty();
}

} // namespace drbook
