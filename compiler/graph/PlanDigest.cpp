//===- PlanDigest.cpp - Canonical JSON and digests for plans ---------------===//
#include "drbook/graph/Plan.h"

#include "llvm/Support/SHA256.h"

namespace drbook::graph {

std::string canonicalJson(const nlohmann::json &value) {
  // nlohmann::json keeps objects in a std::map, so keys are already in bytewise order.
  return value.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

std::string sha256Hex(llvm::StringRef bytes) {
  std::array<uint8_t, 32> hash = llvm::SHA256::hash(
      llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size()));
  static const char digits[] = "0123456789abcdef";
  std::string hex;
  for (uint8_t b : hash) {
    hex += digits[b >> 4];
    hex += digits[b & 15];
  }
  return hex;
}

std::string planDigest(const nlohmann::json &plan) {
  nlohmann::json body = plan;
  body.erase("digest");
  return "sha256:" + sha256Hex(canonicalJson(body));
}

std::string renderPlan(const PlanInputs &in) {
  nlohmann::json plan = buildPlan(in);
  plan["digest"] = planDigest(plan);
  return canonicalJson(plan) + "\n";
}

} // namespace drbook::graph
