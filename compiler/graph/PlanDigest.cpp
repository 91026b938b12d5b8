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

#include <algorithm>

namespace drbook::graph {

using Members = PlanMembers;

Members membersOf(const nlohmann::json &plan) {
  Members members;
  for (auto it = plan.begin(); it != plan.end(); ++it)
    if (it.key() != "digest")
      members.push_back({it.key(),
                         canonicalJson(nlohmann::json(it.key())) + ":" + canonicalJson(it.value()),
                         {}});
  return members;
}

namespace {

/// Where the `"digest":"sha256:…"` member goes among the others, and so which comma it takes.
enum class DigestSlot { First, After, Only };

constexpr size_t HexDigits = 64;

/// The digest member's text in `slot`, its hex digits zeros: the shape every digest member of
/// that slot has. `hexAt` is where the digits start.
std::string digestShape(DigestSlot slot, size_t &hexAt) {
  std::string member = "\"digest\":\"sha256:" + std::string(HexDigits, '0') + "\"";
  if (slot == DigestSlot::After)
    member.insert(0, ",");
  else if (slot == DigestSlot::First)
    member.push_back(',');
  hexAt = member.find("sha256:") + 7;
  return member;
}

/// Hands `take` the canonical object of `members` a piece at a time, and calls `digest(slot)`
/// where the `"digest":…` member goes in key order: the one layout the plan's file and its
/// digest share. Without the digest's pieces the text is the object the digest is taken of.
template <typename Take, typename Digest>
void layOut(const Members &members, Take take, Digest digest) {
  bool first = true, placed = false;
  take("{");
  for (const PlanMember &member : members) {
    if (!placed && member.key > "digest") {
      // First: the member after it takes no comma of its own, so `first` stays set.
      digest(first ? DigestSlot::First : DigestSlot::After);
      placed = true;
    }
    if (!first)
      take(",");
    first = false;
    member.writeTo(take);
  }
  if (!placed)
    digest(first ? DigestSlot::Only : DigestSlot::After);
  take("}");
}

std::string digestOf(const Members &members) {
  Sha256 hash;
  layOut(
      members, [&](llvm::StringRef piece) { hash.update(piece); }, [](DigestSlot) {});
  return "sha256:" + hash.finishHex();
}

} // namespace

std::string planDigest(const nlohmann::json &plan) {
  if (!plan.is_object())
    return "sha256:" + sha256Hex(canonicalJson(plan));
  return digestOf(membersOf(plan));
}

/// Written and hashed in one pass: the digest's place is held by zeros and filled in at the
/// end.
std::string renderPlan(const PlanInputs &in) {
  Members members = planMembers(in);
  Sha256 hash;
  std::string text;
  size_t hexAt = 0;
  layOut(
      members,
      [&](llvm::StringRef piece) {
        hash.update(piece);
        text.append(piece.data(), piece.size());
      },
      [&](DigestSlot slot) {
        size_t at = text.size();
        text += digestShape(slot, hexAt);
        hexAt += at;
      });
  text.replace(hexAt, HexDigits, hash.finishHex());
  text.push_back('\n');
  return text;
}

/// Compared and hashed in one pass: the file's digest member must have its shape where it
/// goes, and its digits are compared with the digest of everything else at the end.
bool planMatches(const PlanInputs &in, llvm::StringRef text) {
  Members members = planMembers(in);
  Sha256 hash;
  bool same = true;
  std::string fileHex;
  layOut(
      members,
      [&](llvm::StringRef piece) {
        hash.update(piece);
        same = same && text.consume_front(piece);
      },
      [&](DigestSlot slot) {
        size_t hexAt = 0;
        std::string shapeText = digestShape(slot, hexAt);
        llvm::StringRef shape = shapeText;
        same = same && text.size() >= shape.size() &&
               text.take_front(hexAt) == shape.take_front(hexAt) &&
               text.substr(hexAt + HexDigits, shape.size() - hexAt - HexDigits) ==
                   shape.substr(hexAt + HexDigits);
        if (same)
          fileHex = text.substr(hexAt, HexDigits).str();
        text = text.drop_front(std::min(text.size(), shape.size()));
      });
  return same && text == "\n" && fileHex == hash.finishHex();
}

} // namespace drbook::graph
