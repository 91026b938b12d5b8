//===- PlanDigest.cpp - Canonical JSON and digests for plans ---------------===//
//
// A plan is megabytes at scale, so neither its digest nor its file copies the JSON tree: each
// top-level member is written once, as canonical text, and the object is joined from those
// texts with or without the `digest` member (keys in bytewise order, as canonicalJson has them).
//
//===----------------------------------------------------------------------===//
#include "drbook/graph/Plan.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Digest.h"

namespace drbook::graph {

using Members = PlanMembers;

Members membersOf(const nlohmann::json &plan) {
  Members members;
  for (auto it = plan.begin(); it != plan.end(); ++it)
    if (it.key() != "digest")
      members.emplace_back(it.key(), canonicalJson(nlohmann::json(it.key())) + ":")
          .second.append(canonicalJson(it.value()));
  return members;
}

namespace {

/// The canonical object of `members`, with the `"digest":…` member text placed in key order
/// when there is one.
std::string joined(const Members &members, const std::string *digest) {
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
}

/// The digest of joined(members, nullptr), hashed a member at a time without joining them.
std::string digestOf(const Members &members) {
  Sha256 hash;
  hash.update("{");
  for (const auto &member : members) {
    if (&member != &members.front())
      hash.update(",");
    hash.update(member.second);
  }
  hash.update("}");
  return "sha256:" + hash.finishHex();
}

} // namespace

std::string planDigest(const nlohmann::json &plan) {
  if (!plan.is_object())
    return "sha256:" + sha256Hex(canonicalJson(plan));
  return digestOf(membersOf(plan));
}

std::string renderPlan(const PlanInputs &in) {
  Members members = planMembers(in);
  std::string digest = "\"digest\":" + canonicalJson(digestOf(members));
  std::string text = joined(members, &digest);
  text.push_back('\n');
  return text;
}

} // namespace drbook::graph
