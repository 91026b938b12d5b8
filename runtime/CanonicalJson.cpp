//===- CanonicalJson.cpp - The one JSON text form drbook hashes and signs --===//
#include "drbook/runtime/CanonicalJson.h"

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

} // namespace drbook
