//===- Redactor.cpp - Keeping secret values out of every output ------------===//
#include "drbook/exec/Redactor.h"

#include "drbook/exec/SecretForms.h"

#include "llvm/ADT/SmallVector.h"

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
}

struct Redactor::Span {
  size_t begin, end, secret;
};

namespace {

/// Widens a match of a secret's first or last piece to as much of the secret as the text holds
/// there, so that no further character of it stays in the clear.
void extendPiece(llvm::StringRef text, llvm::StringRef secret, bool prefix, size_t &begin,
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

int hexDigit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c = static_cast<char>(c | 0x20);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/// The byte a `%XX` at `i` stands for, or -1.
int percentByte(llvm::StringRef text, size_t i) {
  if (i + 2 >= text.size() || text[i] != '%' || hexDigit(text[i + 1]) < 0 ||
      hexDigit(text[i + 2]) < 0)
    return -1;
  return hexDigit(text[i + 1]) << 4 | hexDigit(text[i + 2]);
}

/// Where an occurrence of `secret` starting at `at` ends when any of its bytes may be
/// percent-encoded (either hex case) and a space may be `+`: URL encoders differ in which
/// characters they leave alone, and this matches them all. A `%` of the secret may be itself
/// or the start of an encoding, so every way of reading the text is followed. npos when none.
size_t percentEncodedEnd(llvm::StringRef text, size_t at, llvm::StringRef secret) {
  llvm::SmallVector<size_t, 4> ends = {at}, next;
  for (char c : secret) {
    next.clear();
    for (size_t i : ends) {
      if (i < text.size() && (text[i] == c || (c == ' ' && text[i] == '+')))
        next.push_back(i + 1);
      if (percentByte(text, i) == static_cast<unsigned char>(c))
        next.push_back(i + 3);
    }
    if (next.empty())
      return llvm::StringRef::npos;
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    std::swap(ends, next);
  }
  return ends.back();
}

} // namespace

void Redactor::findSpans(llvm::StringRef text, std::vector<Span> &spans) const {
  for (const Pattern &p : patterns)
    for (size_t at = text.find(p.text); at != llvm::StringRef::npos;
         at = text.find(p.text, at + 1)) {
      size_t begin = at, end = at + p.text.size();
      if (p.part != Part::Whole)
        extendPiece(text, values[p.secret], p.part == Part::Prefix, begin, end);
      spans.push_back({begin, end, p.secret});
    }
  for (size_t secret = 0; secret < values.size(); ++secret) {
    char first = values[secret][0];
    for (size_t at = 0; at < text.size(); ++at)
      if (text[at] == '%' || text[at] == first || (first == ' ' && text[at] == '+'))
        if (size_t end = percentEncodedEnd(text, at, values[secret]); end != llvm::StringRef::npos)
          spans.push_back({at, end, secret});
  }
}

std::string Redactor::redact(llvm::StringRef text) {
  std::lock_guard<std::mutex> guard(lock);
  std::vector<Span> spans;
  findSpans(text, spans);
  if (spans.empty())
    return text.str();
  std::sort(spans.begin(), spans.end(),
            [](const Span &a, const Span &b) { return a.begin < b.begin; });
  std::string out;
  size_t copied = 0;
  for (size_t i = 0; i < spans.size();) {
    // Merge every span that overlaps or touches the current one: redacting each separately
    // could leave part of a longer occurrence in the clear. The widest names the marker.
    Span merged = spans[i], widest = spans[i];
    for (++i; i < spans.size() && spans[i].begin <= merged.end; ++i) {
      if (spans[i].end - spans[i].begin > widest.end - widest.begin)
        widest = spans[i];
      merged.end = std::max(merged.end, spans[i].end);
    }
    out.append(text.data() + copied, merged.begin - copied);
    out += "[REDACTED:" + names[widest.secret] + "]";
    copied = merged.end;
    ++redactions;
  }
  out.append(text.data() + copied, text.size() - copied);
  return out;
}

bool Redactor::showsSecret(llvm::StringRef text) const {
  std::lock_guard<std::mutex> guard(lock);
  std::vector<Span> spans;
  findSpans(text, spans);
  return !spans.empty();
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
