//===- CanonicalJson.cpp - The one JSON text form drbook hashes and signs --===//
#include "drbook/basic/CanonicalJson.h"

#include "llvm/ADT/STLExtras.h"

#include <cassert>

namespace drbook {

namespace {

/// nlohmann's own text for `value`: the reference canonicalJson() must equal.
std::string dumped(const nlohmann::json &value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

/// Whether `text` is written as it is between quotes: no byte to escape, none outside ASCII
/// (whose UTF-8 nlohmann checks and may replace).
bool plainString(llvm::StringRef text) {
  for (unsigned char c : text)
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80)
      return false;
  return true;
}

} // namespace

void appendCanonicalString(llvm::StringRef text, std::string &out) {
  if (plainString(text)) {
    out.push_back('"');
    out.append(text.data(), text.size()).push_back('"');
    return;
  }
  out.append(dumped(nlohmann::json(text.str())));
}

/// Writes `value` as nlohmann's dump() would; plans and journals are megabytes of short
/// ASCII strings, which nlohmann escapes a character at a time, checking UTF-8.
void appendCanonicalJson(const nlohmann::json &value, std::string &out) {
  switch (value.type()) {
  case nlohmann::json::value_t::object: {
    out.push_back('{');
    // nlohmann::json keeps objects in a std::map, so keys are already in bytewise order.
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (it != value.begin())
        out.push_back(',');
      appendCanonicalString(it.key(), out);
      out.push_back(':');
      appendCanonicalJson(it.value(), out);
    }
    out.push_back('}');
    return;
  }
  case nlohmann::json::value_t::array:
    out.push_back('[');
    for (size_t i = 0; i < value.size(); ++i) {
      if (i)
        out.push_back(',');
      appendCanonicalJson(value[i], out);
    }
    out.push_back(']');
    return;
  case nlohmann::json::value_t::string:
    appendCanonicalString(value.get_ref<const std::string &>(), out);
    return;
  case nlohmann::json::value_t::number_integer:
    out.append(std::to_string(value.get<int64_t>()));
    return;
  case nlohmann::json::value_t::number_unsigned:
    out.append(std::to_string(value.get<uint64_t>()));
    return;
  default:
    break;
  }
  out.append(dumped(value));
}

std::string canonicalJson(const nlohmann::json &value) {
  std::string out;
  appendCanonicalJson(value, out);
  return out;
}

std::string &CanonicalObject::key(llvm::StringRef key) {
  assert((first || last < key) && "canonical JSON members must come in bytewise key order");
  last = key;
  if (!first)
    out.push_back(',');
  first = false;
  appendCanonicalString(key, out);
  out.push_back(':');
  return out;
}

/// Whether brackets outside strings nest deeper than `limit`; a cheap scan before parsing.
static bool nestsDeeperThan(llvm::StringRef text, unsigned limit) {
  unsigned depth = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit)
        return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

std::optional<nlohmann::json> parseJson(llvm::StringRef text) {
  if (nestsDeeperThan(text, MaxJsonDepth))
    return std::nullopt;
  nlohmann::json value =
      nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded())
    return std::nullopt;
  return value;
}

namespace {

/// Finds where the top-level members of a JSON object start and end without building or
/// checking them: a few instructions a byte, for the few members of a document of megabytes.
class MemberSkimmer {
public:
  explicit MemberSkimmer(llvm::StringRef text) : text(text) {}

  /// Calls `member(key, valueText)` for each top-level member; false if `text` is not shaped
  /// as an object (what is inside a skipped value is never looked at).
  template <typename OnMember> bool members(OnMember member) {
    if (!expect('{'))
      return false;
    if (expect('}'))
      return atEnd();
    do {
      size_t keyStart = (space(), at);
      if (!skipString())
        return false;
      llvm::StringRef key = text.slice(keyStart + 1, at - 1);
      if (!expect(':'))
        return false;
      size_t valueStart = (space(), at);
      if (!skipValue())
        return false;
      member(key, text.slice(valueStart, at));
    } while (expect(','));
    return expect('}') && atEnd();
  }

private:
  static bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }
  void space() {
    while (at < text.size() && isSpace(text[at]))
      ++at;
  }
  bool expect(char c) {
    space();
    if (at >= text.size() || text[at] != c)
      return false;
    ++at;
    return true;
  }
  bool atEnd() { return (space(), at == text.size()); }
  bool skipString() {
    if (at >= text.size() || text[at] != '"')
      return false;
    for (++at; at < text.size(); ++at)
      if (text[at] == '\\')
        ++at;
      else if (text[at] == '"')
        return ++at, true;
    return false;
  }
  /// A string, a scalar, or an array or object up to its matching bracket.
  bool skipValue() {
    if (at < text.size() && text[at] == '"')
      return skipString();
    unsigned depth = 0;
    for (size_t start = at; at < text.size(); ++at) {
      char c = text[at];
      if (c == '"' && depth > 0) {
        if (!skipString())
          return false;
        --at;
      } else if (c == '[' || c == '{') {
        ++depth;
      } else if ((c == ']' || c == '}') && depth > 0) {
        if (--depth == 0)
          return ++at, true;
      } else if (depth == 0 && (c == ',' || c == '}' || c == ']' || isSpace(c))) {
        return at > start;
      }
    }
    return false;
  }

  llvm::StringRef text;
  size_t at = 0;
};

} // namespace

std::optional<nlohmann::json> parseJsonMembers(llvm::StringRef text,
                                               std::initializer_list<llvm::StringRef> keep) {
  nlohmann::json kept = nlohmann::json::object();
  bool parsed = true;
  bool shaped = MemberSkimmer(text).members([&](llvm::StringRef key, llvm::StringRef value) {
    if (!parsed || !llvm::is_contained(keep, key))
      return;
    std::optional<nlohmann::json> member = parseJson(value);
    parsed = member.has_value();
    if (parsed)
      kept[key.str()] = std::move(*member);
  });
  if (!shaped || !parsed)
    return std::nullopt;
  return kept;
}

std::string jsonError(llvm::StringRef text) {
  if (nestsDeeperThan(text, MaxJsonDepth))
    return "nested deeper than " + std::to_string(MaxJsonDepth) + " levels";
  size_t at = text.size();
  std::string why = "not JSON";
  try {
    nlohmann::json parsed = nlohmann::json::parse(text.begin(), text.end());
    (void)parsed;
    return "";
  } catch (const nlohmann::json::parse_error &err) {
    at = std::min<size_t>(err.byte > 0 ? err.byte - 1 : 0, text.size());
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error …"
    llvm::StringRef message(err.what());
    size_t column = message.find("column ");
    size_t colon = message.find(": ", column == llvm::StringRef::npos ? 0 : column);
    why = colon == llvm::StringRef::npos ? message.str() : message.substr(colon + 2).str();
  }
  llvm::StringRef before = text.take_front(at);
  size_t line = before.count('\n') + 1;
  size_t lineStart = before.rfind('\n');
  size_t column = at - (lineStart == llvm::StringRef::npos ? 0 : lineStart + 1) + 1;
  return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + why;
}

} // namespace drbook
