//===- PlanPaths.h - `drbook plan`: every path through a runbook -----------===//
//
// Lists the paths a run can take (one per combination of decision outcomes, branch and
// failure edges), marking the steps that change the world, without running anything. The
// number of paths grows exponentially with the decisions, so enumeration stops at a cap and
// says so; it is for display only (the verifier never enumerates paths).
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_PLANPATHS_H
#define DRBOOK_RUN_PLANPATHS_H

#include "drbook/graph/Graph.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <string>
#include <vector>

namespace drbook::run {

/// One path: the edges taken from `start`, and whether enumeration completed it.
struct PlanPath {
  std::vector<graph::EdgeId> edges;
};

using PathFn = llvm::function_ref<void(const std::vector<graph::EdgeId> &)>;

/// Calls `fn` with each path from the start node to a terminal, at most `maxPaths`, holding
/// only the path being walked; true when there are more. Parallel branches are walked one
/// after another, as one path.
bool forEachPath(const graph::StepGraph &g, size_t maxPaths, PathFn fn);

/// Paths from the start node to a terminal, at most `maxPaths`; `truncated` is set when there
/// are more. Parallel branches are walked one after another, as one path.
std::vector<PlanPath> enumeratePaths(const graph::StepGraph &g, size_t maxPaths, bool &truncated);

/// The choices a path makes (`decide scenario = a, if x (true)`), for its heading.
std::string pathChoices(const graph::StepGraph &g, const std::vector<graph::EdgeId> &edges);

/// The steps a path enters, one per line, marked `*` (changes the world) or `!` (destructive).
void printPathSteps(const graph::StepGraph &g, const std::vector<graph::EdgeId> &edges);

/// `drbook plan FILE`: prints the paths; returns the exit code.
int printPlan(const std::string &input, size_t maxPaths, bool colors);

/// `drbook plan FILE --path RULE@LINE[:COL]`: prints the counterexample `drbookc check` reports
/// for RULE at that line, step by step, as the path it is; returns the exit code.
int printCounterexample(const std::string &input, const std::string &selector, bool colors);

} // namespace drbook::run

#endif
