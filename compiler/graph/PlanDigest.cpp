//===- PlanDigest.cpp - Canonical JSON and digests for plans ---------------===//
#include "drbook/graph/Plan.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Digest.h"

namespace drbook::graph {

std::string planDigest(const nlohmann::json &plan) {
  if (!plan.is_object() || !plan.contains("digest"))
    return "sha256:" + sha256Hex(canonicalJson(plan));
  nlohmann::json body = plan;
  body.erase("digest");
  return "sha256:" + sha256Hex(canonicalJson(body));
}

std::string renderPlan(const PlanInputs &in) {
  // Each top-level member is written once: the digest covers the object without it, and the
  // file is the same members with the digest in its key order (a plan is megabytes at scale).
  nlohmann::json plan = buildPlan(in);
  std::vector<std::pair<std::string, std::string>> members;
  for (auto it = plan.begin(); it != plan.end(); ++it)
    members.emplace_back(it.key(), canonicalJson(nlohmann::json(it.key())) + ":")
        .second.append(canonicalJson(it.value()));
  plan = nullptr;
  auto joined = [&](const std::string *digest) {
    std::string text = "{";
    size_t size = 2 + (digest ? digest->size() + 1 : 0);
    for (const auto &member : members)
      size += member.second.size() + 1;
    text.reserve(size);
    for (const auto &[key, member] : members) {
      if (digest && key > "digest") {
        text.append(*digest).push_back(',');
        digest = nullptr;
      }
      text.append(member).push_back(',');
    }
    if (digest)
      text.append(*digest).push_back(',');
    if (text.back() == ',')
      text.pop_back();
    text.push_back('}');
    return text;
  };
  std::string digest = "\"digest\":" + canonicalJson("sha256:" + sha256Hex(joined(nullptr)));
  std::string text = joined(&digest);
  text.push_back('\n');
  return text;
}

} // namespace drbook::graph
