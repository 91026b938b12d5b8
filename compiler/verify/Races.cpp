//===- Races.cpp - parallel-race, parallel-branch-ends-run -----------------===//
//
// The branches of a `parallel` run at the same time: their steps interleave in any order, and
// a branch that ends the run or fails out of the parallel takes the run there only once its
// siblings have finished (the interpreter joins every branch first). The path checks run the
// branches one after another instead (see Flow.h). parallel-race rejects every parallel where
// that order could change a verdict, so that what the checks prove of one order holds for all:
// - a state written by one branch and read (a `requires`, a `before` invariant) or written by
//   another, their `on failure` handlers included;
// - an ordering invariant (`eventually`, `never … after`) with its two steps in two branches;
// - a branch that can leave early while a sibling runs a step that matters on the way out:
//   either step of an `eventually` (the run can end without what must follow the first, and
//   whether the second came in time depends on the order), the earlier step of a `never …
//   after` whose later step the way out runs, or a state the way out reads.
// Guards are handled by destructive-unguarded itself (Destructive.cpp): a confirmation in one
// branch does not guard a destructive step in another. parallel-branch-ends-run rejects a
// branch that ends the run on every path: the checks would never see the branches after it.
//
//===----------------------------------------------------------------------===//
#include "Branches.h"
#include "Describe.h"

#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace drbook::verify {

using namespace drbook::graph;

namespace {

struct BranchUse {
  const ParallelBranch *branch = nullptr;
  std::map<unsigned, NodeId> writes, reads; ///< state → first step that does it
  NodeId ending = NoId;                     ///< the branch's first terminal step
  /// The steps the run can go on to once the branch has left the parallel early.
  std::vector<NodeId> afterExit;
  /// Some way out ends the run normally (`pass`, `abort`, `escalate`), where an `eventually`
  /// is judged.
  bool exitEndsNormally = false;
  std::map<unsigned, NodeId> exitReads; ///< state → first step on the way out reading it
};

/// The states a step reads: its `requires` and the `before` invariants about it.
void addReads(const StepGraph &g, NodeId n, std::map<unsigned, NodeId> &reads) {
  std::vector<unsigned> preds = g.nodes[n].requires;
  for (const InvariantInfo &inv : g.invariants)
    if (inv.kind == ast::InvariantKind::Before && inv.predicate != NoId &&
        g.matches(n, inv.subject))
      preds.push_back(inv.predicate);
  for (unsigned p : preds)
    for (unsigned s : g.predicates[p].statesOf(g.predicates[p].root))
      reads.emplace(s, n);
}

/// Where the run can go once the branch leaves early; failures that only reach `fail` are
/// left out, as nothing is judged on a failed run's way out.
void addExits(const StepGraph &g, const Branches &branches, BranchUse &use,
              std::vector<uint8_t> &scratch) {
  std::vector<NodeId> exits;
  for (NodeId n : branches.exits(*use.branch))
    if (g.nodes[n].kind != NodeKind::Fail)
      exits.push_back(n);
  if (exits.empty())
    return;
  use.afterExit = reachableFrom(g, exits, scratch);
  for (NodeId n : use.afterExit) {
    addReads(g, n, use.exitReads);
    NodeKind k = g.nodes[n].kind;
    use.exitEndsNormally |= k == NodeKind::Pass || k == NodeKind::Abort || k == NodeKind::Escalate;
  }
}

BranchUse useOf(const StepGraph &g, const Branches &branches, const ParallelBranch &b,
                std::vector<uint8_t> &scratch) {
  BranchUse use;
  use.branch = &b;
  for (NodeId n : b.nodes) {
    const Node &node = g.nodes[n];
    if (use.ending == NoId && isTerminal(node.kind))
      use.ending = n;
    for (const StateEffect &e : node.effects)
      use.writes.emplace(e.state, n);
    addReads(g, n, use.reads);
  }
  addExits(g, branches, use, scratch);
  return use;
}

/// The first step of `b` that is an occurrence of `event`, or NoId.
NodeId occurrence(const StepGraph &g, const BranchUse &b, const EventRef &event) {
  for (NodeId n : b.branch->nodes)
    if (g.matches(n, event))
      return n;
  return NoId;
}

std::string label(const BranchUse &b) { return branchLabel(*b.branch); }

/// Whether some feasible path (see RunContexts) takes the branch to the join.
bool handsOver(const FlowGraph &flow, const ProductSearch &reach, const BranchUse &b) {
  const StepGraph &g = flow.graph();
  NodeId join = g.nodes[b.branch->fork].partner;
  for (NodeId n : b.branch->nodes)
    for (const FlowEdge &e : flow.out(n)) {
      if (g.edges[e.edge].to != join)
        continue;
      for (uint32_t c = 0; c < reach.numContexts(); ++c)
        if (reach.distanceIn(c, n, 0) != NoId &&
            flow.contexts().after(c, e) != RunContexts::Infeasible)
          return true;
    }
  return false;
}

/// A branch that ends the run on every path, or nothing.
std::optional<Violation> endsTheRun(const StepGraph &g, const BranchUse &b) {
  if (b.ending == NoId)
    return std::nullopt;
  Violation v;
  v.rule = "parallel-branch-ends-run";
  v.node = b.ending;
  // A branch whose way to the join exists but is never taken: the run values that let the
  // branches before it finish make it end the run.
  NodeId join = g.nodes[b.branch->fork].partner;
  bool joins = llvm::any_of(b.branch->nodes, [&](NodeId n) {
    return llvm::any_of(g.out(n), [&](EdgeId e) { return g.edges[e].to == join; });
  });
  v.message = label(b) + " of this `parallel` ends the run on every path" +
              (joins ? " on which the branches before it finish" : "") + " (" +
              stepName(g, b.ending) +
              "), so the run never gets past the `parallel` and the branches after it cannot "
              "be verified; end the run after the `parallel` instead";
  return v;
}

/// A state one branch writes and the other reads or writes.
std::string stateConflict(const StepGraph &g, const BranchUse &a, const BranchUse &b) {
  for (const auto &[state, writer] : a.writes) {
    auto w = b.writes.find(state), r = b.reads.find(state);
    bool alsoWrites = w != b.writes.end();
    if (!alsoWrites && r == b.reads.end())
      continue;
    NodeId other = alsoWrites ? w->second : r->second;
    return label(a) + " sets " + g.states[state].name + " (" + stepName(g, writer) + ") while " +
           label(b) + (alsoWrites ? " sets" : " reads") + " it (" + stepName(g, other) + ")";
  }
  return "";
}

/// An ordering invariant with a step in each branch.
std::string orderConflict(const StepGraph &g, const BranchUse &a, const BranchUse &b) {
  for (const InvariantInfo &inv : g.invariants)
    if (inv.kind != ast::InvariantKind::Before && occurrence(g, a, inv.subject) != NoId &&
        occurrence(g, b, inv.other) != NoId)
      return label(a) + " runs " + inv.subject.name + " and " + label(b) + " runs " +
             inv.other.name + ", which an invariant orders";
  return "";
}

/// Something `b` runs that matters on the way out of `a` when `a` leaves early.
std::string exitConflict(const StepGraph &g, const BranchUse &a, const BranchUse &b) {
  if (a.afterExit.empty())
    return "";
  std::string leaves = label(a) + " can leave the parallel early";
  for (unsigned i = 0; i < g.invariants.size(); ++i) {
    const InvariantInfo &inv = g.invariants[i];
    if (inv.kind == ast::InvariantKind::AfterEventually && a.exitEndsNormally) {
      if (NodeId x = occurrence(g, b, inv.subject); x != NoId)
        return leaves + " and end the run once " + label(b) + " has run " + stepName(g, x) +
               ", which " + invariantName(g, i) + " requires to be followed by " + inv.other.name;
      if (NodeId y = occurrence(g, b, inv.other); y != NoId)
        return leaves + " and end the run once " + label(b) + " has run " + stepName(g, y) +
               ", which " + invariantName(g, i) +
               " waits for: whether it came in time "
               "depends on the order";
    }
    if (inv.kind == ast::InvariantKind::NeverAfter)
      if (NodeId x = occurrence(g, b, inv.other); x != NoId)
        for (NodeId n : a.afterExit)
          if (g.matches(n, inv.subject))
            return leaves + " to " + stepName(g, n) + " after " + label(b) + " has run " +
                   stepName(g, x) + ", which " + invariantName(g, i) + " forbids";
  }
  for (const auto &[state, writer] : b.writes)
    if (auto r = a.exitReads.find(state); r != a.exitReads.end())
      return leaves + " to " + stepName(g, r->second) + ", which reads " + g.states[state].name +
             " that " + label(b) + " sets (" + stepName(g, writer) + ")";
  return "";
}

std::string raceBetween(const StepGraph &g, const std::vector<BranchUse> &branches) {
  for (const BranchUse &a : branches)
    for (const BranchUse &b : branches) {
      if (&a == &b)
        continue;
      for (auto check : {stateConflict, orderConflict, exitConflict})
        if (std::string problem = check(g, a, b); !problem.empty())
          return problem;
    }
  return "";
}

} // namespace

void checkParallel(const FlowGraph &flow, std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  Branches all(g);
  std::map<NodeId, std::vector<BranchUse>> forks;
  std::vector<uint8_t> scratch(g.nodes.size());
  for (const ParallelBranch &b : all.all())
    forks[b.fork].push_back(useOf(g, all, b, scratch));
  if (forks.empty())
    return;
  ProductSearch reach(flow, 1);
  reach.run(g.start, 0, [](NodeId, const FlowEdge &, unsigned q, auto emit) { emit(q); });
  size_t first = out.size();
  for (auto &[fork, branches] : forks) {
    if (out.size() - first >= MaxViolationsPerCheck)
      break;
    // A `parallel` no run reaches ends nothing; the branches after one that never hands over
    // are never reached by the checks' walk.
    auto stuck = std::find_if(branches.begin(), branches.end(),
                              [&](const BranchUse &b) { return !handsOver(flow, reach, b); });
    if (reach.reached(fork, 0) && stuck != branches.end())
      if (std::optional<Violation> v = endsTheRun(g, *stuck))
        out.push_back(std::move(*v));
    std::string problem = raceBetween(g, branches);
    if (problem.empty())
      continue;
    Violation v;
    v.rule = "parallel-race";
    v.node = fork;
    v.message = "parallel branches race: " + problem + "; their order is not fixed";
    out.push_back(std::move(v));
  }
}

} // namespace drbook::verify
