//===- CanonicalJson.cpp - The one JSON text form drbook hashes and signs --===//
#include "drbook/basic/CanonicalJson.h"

namespace drbook {

std::string canonicalJson(const nlohmann::json &value) {
  // nlohmann::json keeps objects in a std::map, so keys are already in bytewise order.
  return value.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
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
