//===- CanonicalJson.cpp - The one JSON text form drbook hashes and signs --===//
#include "drbook/basic/CanonicalJson.h"

#include "llvm/ADT/STLExtras.h"

namespace drbook {

namespace {

/// nlohmann's own text for `value`: the reference canonicalJson() must equal.
std::string dumped(const nlohmann::json &value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

/// Whether `text` is written as it is between quotes: no byte to escape, none outside ASCII
/// (whose UTF-8 nlohmann checks and may replace).
bool plainString(const std::string &text) {
  for (unsigned char c : text)
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80)
      return false;
  return true;
}

/// Writes `value` as nlohmann's dump() would; plans and journals are megabytes of short
/// ASCII strings, which nlohmann escapes a character at a time, checking UTF-8.
void write(const nlohmann::json &value, std::string &out) {
  switch (value.type()) {
  case nlohmann::json::value_t::object: {
    out.push_back('{');
    // nlohmann::json keeps objects in a std::map, so keys are already in bytewise order.
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (it != value.begin())
        out.push_back(',');
      if (plainString(it.key()))
        out.append("\"").append(it.key()).push_back('"');
      else
        out.append(dumped(nlohmann::json(it.key())));
      out.push_back(':');
      write(it.value(), out);
    }
    out.push_back('}');
    return;
  }
  case nlohmann::json::value_t::array:
    out.push_back('[');
    for (size_t i = 0; i < value.size(); ++i) {
      if (i)
        out.push_back(',');
      write(value[i], out);
    }
    out.push_back(']');
    return;
  case nlohmann::json::value_t::string:
    if (const std::string &text = value.get_ref<const std::string &>(); plainString(text)) {
      out.append("\"").append(text).push_back('"');
      return;
    }
    break;
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

} // namespace

std::string canonicalJson(const nlohmann::json &value) {
  std::string out;
  write(value, out);
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

std::optional<nlohmann::json> parseJsonMembers(llvm::StringRef text,
                                               std::initializer_list<llvm::StringRef> keep) {
  if (nestsDeeperThan(text, MaxJsonDepth))
    return std::nullopt;
  // A key refused at depth 1 drops its whole value, which is then scanned but never built.
  auto onlyKept = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json &parsed) {
    return depth != 1 || event != nlohmann::json::parse_event_t::key ||
           llvm::is_contained(keep, llvm::StringRef(parsed.get_ref<const std::string &>()));
  };
  nlohmann::json value =
      nlohmann::json::parse(text.begin(), text.end(), onlyKept, /*allow_exceptions=*/false);
  if (value.is_discarded())
    return std::nullopt;
  return value;
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
