//===- CanonicalJson.cpp - The one JSON text form drbook hashes and signs --===//
#include "drbook/runtime/CanonicalJson.h"

namespace drbook {

std::string canonicalJson(const nlohmann::json &value) {
  // nlohmann::json keeps objects in a std::map, so keys are already in bytewise order.
  return value.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

std::optional<nlohmann::json> parseJson(llvm::StringRef text) {
  nlohmann::json value =
      nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded())
    return std::nullopt;
  return value;
}

} // namespace drbook
