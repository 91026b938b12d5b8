//===- Branches.h - Which steps run beside which -----------------------------===//
//
// The branches of a `parallel` run at the same time. A branch is every step whose id lies
// under the branch's prefix (`recovery/0/branch.1/`): its own steps, the parallels nested in
// it and its steps' own `on failure` handlers. That is the test the interpreter uses to see a
// branch end, so the verifier and the run agree on what runs beside what: two steps may
// happen in parallel exactly when they lie in two different branches of one fork.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_VERIFY_BRANCHES_H
#define DRBOOK_VERIFY_BRANCHES_H

#include "drbook/graph/Graph.h"

#include <string>
#include <vector>

namespace drbook::verify {

struct ParallelBranch {
  graph::NodeId fork = graph::NoId;
  uint32_t number = 0; ///< 0-based, as the branch edges number them
  std::string prefix;
  /// The branch's steps, its entry first.
  std::vector<graph::NodeId> nodes;
};

class Branches {
public:
  explicit Branches(const graph::StepGraph &g);
  const std::vector<ParallelBranch> &all() const { return branches; }
  bool empty() const { return branches.empty(); }
  bool contains(const ParallelBranch &b, graph::NodeId n) const;
  /// The other branches of b's fork.
  std::vector<const ParallelBranch *> siblings(const ParallelBranch &b) const;
  /// Where a step leaves its branch other than into the join: a terminal step of the branch
  /// (it ends the run once the siblings finish) or the target of an edge out of the branch
  /// (a failure taken to an outer handler).
  std::vector<graph::NodeId> exits(const ParallelBranch &b) const;

private:
  const graph::StepGraph &g;
  std::vector<ParallelBranch> branches;
};

/// `branch 2`, as messages number branches.
std::string branchLabel(const ParallelBranch &b);

/// Every step reachable from `from` along any edge, `from` included, in the order found. Costs
/// what it reaches, not the graph's size: `seen` is all zero before and after.
std::vector<graph::NodeId> reachableFrom(const graph::StepGraph &g,
                                         const std::vector<graph::NodeId> &from,
                                         std::vector<uint8_t> &seen);

} // namespace drbook::verify

#endif
