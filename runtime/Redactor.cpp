//===- Redactor.cpp - Keeping secret values out of every output ------------===//
#include "drbook/runtime/Redactor.h"

#include "drbook/basic/ShellTemplate.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace drbook {

std::string jsonEscape(llvm::StringRef value, bool asciiOnly) {
  std::string quoted = nlohmann::json(value.str())
                           .dump(-1, ' ', asciiOnly, nlohmann::json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

std::string urlEncode(llvm::StringRef value, bool lowerHex, bool plusForSpace) {
  const char *digits = lowerHex ? "0123456789abcdef" : "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ' && plusForSpace) {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 15]);
    }
  }
  return out;
}

/// Replaces every occurrence of `from` in `text`.
static std::string replaceAll(std::string text, llvm::StringRef from, llvm::StringRef to) {
  for (size_t at = text.find(from.str()); at != std::string::npos;
       at = text.find(from.str(), at + to.size()))
    text.replace(at, from.size(), to.str());
  return text;
}

/// The ways common JSON encoders write a string's body: nlohmann and JavaScript (UTF-8 as
/// is), Python and Jackson (`\uXXXX` for non-ASCII, either hex case), PHP (`\/`), and Go
/// (`<`, `>`, `&` as `\u003c`, `\u003e`, `\u0026`).
static std::vector<std::string> jsonForms(llvm::StringRef value) {
  std::string plain = jsonEscape(value), ascii = jsonEscape(value, /*asciiOnly=*/true);
  std::string upper = ascii;
  for (size_t at = upper.find("\\u"); at != std::string::npos; at = upper.find("\\u", at + 2))
    for (size_t i = at + 2; i < at + 6 && i < upper.size(); ++i)
      upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
  std::string go =
      replaceAll(replaceAll(replaceAll(plain, "<", "\\u003c"), ">", "\\u003e"), "&", "\\u0026");
  return {plain, ascii, upper, replaceAll(plain, "/", "\\/"), go};
}

void Redactor::addPattern(std::string text, size_t secret) {
  if (text.empty())
    return;
  for (const Pattern &p : patterns)
    if (p.text == text && p.secret == secret)
      return;
  patterns.push_back({std::move(text), secret});
}

void Redactor::addSecret(llvm::StringRef name, llvm::StringRef value) {
  if (value.empty())
    return;
  std::lock_guard<std::mutex> guard(lock);
  size_t index = names.size();
  names.push_back(name.str());
  addPattern(value.str(), index);
  for (std::string &form : jsonForms(value))
    addPattern(std::move(form), index);
  addPattern(urlEncode(value), index);
  addPattern(urlEncode(value, /*lowerHex=*/true), index);
  addPattern(urlEncode(value, false, /*plusForSpace=*/true), index);
  addPattern(urlEncode(value, true, true), index);
  addPattern(shellQuote(value), index);
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

std::string Redactor::redact(llvm::StringRef text) {
  std::lock_guard<std::mutex> guard(lock);
  std::vector<Span> spans;
  for (size_t i = 0; i < patterns.size(); ++i) {
    llvm::StringRef needle = patterns[i].text;
    for (size_t at = text.find(needle); at != llvm::StringRef::npos; at = text.find(needle, at + 1))
      spans.push_back({at, at + needle.size(), i});
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
