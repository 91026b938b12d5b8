//===- Plan.h - The plan file: a verified step graph as canonical JSON -----===//
//
// `drbookc build` writes it and `drbook run` executes it; docs/plan-format.md is the
// reference. The plan embeds the runbook's and its modules' source texts with their SHA-256,
// so the interpreter can recompile them and prove that the plan is what they compile to. The
// plan's own digest is the SHA-256 of its canonical JSON (sorted keys, no spaces) without the
// `digest` field.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_GRAPH_PLAN_H
#define DRBOOK_GRAPH_PLAN_H

#include "drbook/graph/Graph.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/SourceMgr.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace drbook::graph {

/// The schema identifier every plan carries; a change to the format changes it.
constexpr const char *PlanSchema = "drbook.plan/v1";

struct PlanInputs {
  const StepGraph *graph = nullptr;
  const ast::Module *root = nullptr;
  llvm::ArrayRef<std::unique_ptr<ast::Module>> imported;
  const llvm::SourceMgr *sources = nullptr;
  /// Paths in the plan are relative to this directory (the working directory)...
  std::string baseDir;
  /// ...and stdlib modules are named relative to the stdlib directory, as `<stdlib>/k8s.drbook`,
  /// so that a plan does not depend on where drbook is installed.
  std::string stdlibDir;
};

/// Receives a text a piece at a time.
using PieceSink = llvm::function_ref<void(llvm::StringRef)>;

/// A top-level member of a plan: its key and its canonical `"key":value` text, held whole, or
/// written a piece at a time by `write` (a graph's nodes and edges are megabytes at scale).
struct PlanMember {
  std::string key;
  std::string text;
  std::function<void(PieceSink)> write;
  void writeTo(PieceSink take) const { write ? write(take) : take(text); }
};
/// The top-level members of a plan, in key order.
using PlanMembers = std::vector<PlanMember>;

/// The members of the plan of `in`, without its digest; those written a piece at a time read
/// `in`, which must outlive them.
PlanMembers planMembers(const PlanInputs &in);

/// The members of `plan` but its digest.
PlanMembers membersOf(const nlohmann::json &plan);

/// How the plan names a module's source: relative to the stdlib or the base directory.
std::string planSourcePath(const PlanInputs &in, const ast::Module &m);

/// `sha256:<hex>` of the canonical plan without its `digest` field.
std::string planDigest(const nlohmann::json &plan);

/// The plan file's bytes: the canonical plan with its `digest`, and a final newline.
std::string renderPlan(const PlanInputs &in);

/// Whether `text` is exactly renderPlan(in), compared a piece at a time: the plan of a proof
/// is megabytes, and checking it needs no second copy.
bool planMatches(const PlanInputs &in, llvm::StringRef text);

} // namespace drbook::graph

#endif
