//===- BruteForce.h - The verifier's properties by enumerating every path --===//
//
// The oracle the verifier is tested against: it walks every feasible path of a small graph,
// and every outcome of every effect along it, and judges each property on each path directly
// from its definition (docs/rules.md). Exponential, and only meant for graphs of a dozen nodes.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_TESTS_BRUTEFORCE_H
#define DRBOOK_TESTS_BRUTEFORCE_H

#include "drbook/graph/Graph.h"

#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace drbook::testing {

/// A violation: rule, offending node, invariant (NoId for none).
using ViolationKey = std::tuple<std::string, graph::NodeId, unsigned>;

struct OracleResult {
  /// Each violation with the length (in edges) of its shortest counterexample.
  std::map<ViolationKey, size_t> violations;
  /// The longest duration of a run that completes; -1 when none does.
  int64_t worstRun = -1;
  /// The enumeration gave up (too many paths); the result is incomplete.
  bool truncated = false;
};

/// Every path of `g`, or with `only`, that one path (a graph without `parallel`): what it
/// violates, judged on every outcome of the effects along it.
OracleResult bruteForce(const graph::StepGraph &g, size_t maxSteps = 400000,
                        const std::vector<graph::EdgeId> *only = nullptr);

} // namespace drbook::testing

#endif
