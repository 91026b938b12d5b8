//===- PlanFuzzer.cpp - Fuzzing the plan loader ----------------------------===//
//
// The input is a plan file, which can come from anyone: `drbook run plan.json` and `drbook
// verify` load one. Each input is loaded twice: as it is (JSON, schema and digest checks),
// and resealed, with its source and plan digests recomputed, so that a mutation also reaches
// what lies behind the digests: placing the embedded sources and recompiling them.
//
//===----------------------------------------------------------------------===//
#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Digest.h"
#include "drbook/graph/Plan.h"
#include "drbook/run/PlanFile.h"

#include <cstddef>
#include <cstdint>

using namespace drbook;

namespace {

/// Recomputes the digest of one embedded source, when it is shaped like one.
void resealSource(nlohmann::json &source) {
  if (source.is_object() && source.contains("text") && source["text"].is_string())
    source["sha256"] = sha256Hex(source["text"].get<std::string>());
}

/// The plan with every digest it carries made to match its content.
std::optional<std::string> reseal(llvm::StringRef text) {
  std::optional<nlohmann::json> plan = parseJson(text);
  if (!plan || !plan->is_object())
    return std::nullopt;
  if (plan->contains("source"))
    resealSource((*plan)["source"]);
  if (plan->contains("modules") && (*plan)["modules"].is_array())
    for (nlohmann::json &m : (*plan)["modules"])
      resealSource(m);
  (*plan)["digest"] = graph::planDigest(*plan);
  return canonicalJson(*plan);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  run::LoadFailure failure;
  run::programFromPlan(text, "fuzz.json", false, failure);
  if (std::optional<std::string> sealed = reseal(text)) {
    run::LoadFailure again;
    run::programFromPlan(*sealed, "fuzz.json", false, again);
  }
  return 0;
}
