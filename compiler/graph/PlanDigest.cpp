//===- PlanDigest.cpp - Canonical JSON and digests for plans ---------------===//
#include "drbook/graph/Plan.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Digest.h"

namespace drbook::graph {

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
