//===- CanonicalRead.cpp - Reading text that must already be canonical JSON -===//
//
// A journal is a hundred thousand lines that must each be canonical. Parsing a line with
// nlohmann and writing it back to compare costs twice a general parser; this reader accepts
// only the canonical spelling of each value, so reading a line is also the proof that it is
// canonical. Whatever it leaves (fractions, exponents, numbers too large for 64 bits) goes to
// the general path, which then says what is wrong, if anything.
//
//===----------------------------------------------------------------------===//
#include "drbook/basic/CanonicalJson.h"

#include "llvm/Support/ConvertUTF.h"

namespace drbook {

namespace {

class CanonicalReader {
public:
  explicit CanonicalReader(llvm::StringRef text) : p(text.begin()), end(text.end()) {}

  /// The value the whole text spells canonically; false if it does not.
  bool document(nlohmann::json &out) { return value(out, 0) && p == end; }

private:
  bool value(nlohmann::json &out, unsigned depth);
  bool object(nlohmann::json &out, unsigned depth);
  bool array(nlohmann::json &out, unsigned depth);
  bool string(std::string &out);
  bool escape(std::string &out);
  bool number(nlohmann::json &out);
  bool word(llvm::StringRef spelled) {
    if (llvm::StringRef(p, end - p).startswith(spelled)) {
      p += spelled.size();
      return true;
    }
    return false;
  }
  bool next(char c) {
    if (p == end || *p != c)
      return false;
    ++p;
    return true;
  }

  const char *p;
  const char *end;
};

bool CanonicalReader::value(nlohmann::json &out, unsigned depth) {
  if (p == end)
    return false;
  switch (*p) {
  case '{':
    return depth < MaxJsonDepth && object(out, depth + 1);
  case '[':
    return depth < MaxJsonDepth && array(out, depth + 1);
  case '"': {
    std::string text;
    if (!string(text))
      return false;
    out = std::move(text);
    return true;
  }
  case 't':
    out = true;
    return word("true");
  case 'f':
    out = false;
    return word("false");
  case 'n':
    out = nullptr;
    return word("null");
  default:
    return number(out);
  }
}

bool CanonicalReader::object(nlohmann::json &out, unsigned depth) {
  ++p; // '{'
  out = nlohmann::json::object();
  auto &members = out.get_ref<nlohmann::json::object_t &>();
  if (next('}'))
    return true;
  do {
    std::string key;
    if (!string(key) || !next(':'))
      return false;
    // Canonical keys come in strictly increasing bytewise order, which also rules out a
    // repeated key; std::string compares bytes as unsigned, as the writer orders them.
    if (!members.empty() && !(members.rbegin()->first < key))
      return false;
    nlohmann::json member;
    if (!value(member, depth))
      return false;
    members.emplace_hint(members.end(), std::move(key), std::move(member));
  } while (next(','));
  return next('}');
}

bool CanonicalReader::array(nlohmann::json &out, unsigned depth) {
  ++p; // '['
  out = nlohmann::json::array();
  auto &items = out.get_ref<nlohmann::json::array_t &>();
  if (next(']'))
    return true;
  do {
    if (!value(items.emplace_back(), depth))
      return false;
  } while (next(','));
  return next(']');
}

/// A string as appendCanonicalString writes it: UTF-8 as is, only the escapes it uses.
bool CanonicalReader::string(std::string &out) {
  if (!next('"'))
    return false;
  for (;;) {
    const char *run = p;
    while (p != end && static_cast<unsigned char>(*p) >= 0x20 && *p != '"' && *p != '\\' &&
           static_cast<unsigned char>(*p) < 0x80)
      ++p;
    out.append(run, p - run);
    if (p == end)
      return false;
    unsigned char c = *p;
    if (c == '"') {
      ++p;
      return true;
    }
    if (c < 0x20)
      return false; // a raw control character is not JSON
    if (c == '\\') {
      if (!escape(out))
        return false;
      continue;
    }
    unsigned len = llvm::getNumBytesForUTF8(c);
    const auto *bytes = reinterpret_cast<const llvm::UTF8 *>(p);
    if (len > size_t(end - p) || !llvm::isLegalUTF8Sequence(bytes, bytes + len))
      return false;
    out.append(p, len);
    p += len;
  }
}

/// The escapes nlohmann's dump writes: a short one where JSON has it, else `\u00xx` in lower
/// case for the other control characters. Any other escape is valid JSON but not canonical.
bool CanonicalReader::escape(std::string &out) {
  static const char shortForms[] = "\"\"\\\\b\bf\fn\nr\rt\t";
  if (end - p < 2)
    return false;
  char c = p[1];
  for (size_t i = 0; i + 1 < sizeof shortForms; i += 2)
    if (c == shortForms[i]) {
      out.push_back(shortForms[i + 1]);
      p += 2;
      return true;
    }
  if (c != 'u' || end - p < 6 || llvm::StringRef(p + 2, 2) != "00")
    return false;
  auto hex = [](char d) {
    return d >= '0' && d <= '9' ? d - '0' : d >= 'a' && d <= 'f' ? d - 'a' + 10 : -1;
  };
  int high = hex(p[4]), low = hex(p[5]);
  if (high < 0 || high > 1 || low < 0)
    return false;
  char code = static_cast<char>(high * 16 + low);
  if (llvm::StringRef("\b\f\n\r\t").contains(code))
    return false; // these have a short form
  out.push_back(code);
  p += 6;
  return true;
}

/// An integer without sign, leading zeros, fraction or exponent beyond what it needs (as
/// nlohmann writes integers); anything else is left to the general path.
bool CanonicalReader::number(nlohmann::json &out) {
  bool negative = next('-');
  const char *digits = p;
  while (p != end && *p >= '0' && *p <= '9')
    ++p;
  size_t count = p - digits;
  if (count == 0 || (digits[0] == '0' && (count > 1 || negative)))
    return false; // no digits, a leading zero, or -0
  if (p != end && (*p == '.' || *p == 'e' || *p == 'E'))
    return false;
  uint64_t magnitude = 0;
  for (const char *d = digits; d != p; ++d) {
    unsigned digit = *d - '0';
    if (magnitude > (UINT64_MAX - digit) / 10)
      return false; // beyond 64 bits nlohmann reads a float
    magnitude = magnitude * 10 + digit;
  }
  if (!negative) {
    out = magnitude;
    return true;
  }
  if (magnitude > uint64_t(INT64_MAX) + 1)
    return false;
  out = static_cast<int64_t>(0 - magnitude);
  return true;
}

} // namespace

std::optional<nlohmann::json> parseCanonicalJson(llvm::StringRef text) {
  nlohmann::json value;
  if (!CanonicalReader(text).document(value))
    return std::nullopt;
  return value;
}

} // namespace drbook
