//===- PlanDigest.cpp - Canonical JSON and digests for plans ---------------===//
//
// A plan is megabytes at scale, so neither its digest nor its file copies the JSON tree: each
// top-level member is written once, as canonical text, and the object is joined from those
// texts with or without the `digest` member (keys in bytewise order, as canonicalJson has them),
// or hashed from them without joining.
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

/// Hands `take` the canonical object of `members` a piece at a time, with the
/// `"digest":…` member text placed in key order when there is one: the one layout the plan's
/// file and its digest share, whether the pieces are joined or hashed.
template <typename Take> void layOut(const Members &members, const std::string *digest, Take take) {
  bool first = true;
  auto member = [&](llvm::StringRef text) {
    take(first ? "{" : ",");
    first = false;
    take(text);
  };
  for (const auto &[key, text] : members) {
    if (digest && key > "digest") {
      member(*digest);
      digest = nullptr;
    }
    member(text);
  }
  if (digest)
    member(*digest);
  take(first ? "{}" : "}");
}

std::string digestOf(const Members &members) {
  Sha256 hash;
  layOut(members, nullptr, [&](llvm::StringRef piece) { hash.update(piece); });
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
  size_t size = 3 + digest.size();
  for (const auto &member : members)
    size += member.second.size() + 1;
  std::string text;
  text.reserve(size);
  layOut(members, &digest, [&](llvm::StringRef piece) { text.append(piece.data(), piece.size()); });
  text.push_back('\n');
  return text;
}

bool planMatches(const PlanInputs &in, llvm::StringRef text) {
  Members members = planMembers(in);
  std::string digest = "\"digest\":" + canonicalJson(digestOf(members));
  bool same = true;
  layOut(members, &digest,
         [&](llvm::StringRef piece) { same = same && text.consume_front(piece); });
  return same && text == "\n";
}

} // namespace drbook::graph
