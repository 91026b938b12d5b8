//===- Destructive.cpp - destructive-unguarded -----------------------------===//
//
// A destructive step must be guarded, on every path from the start, by one of:
// - a completed action that records a backup or an approval (it sets a state named like one
//   of VerifyOptions::guardStates to a value other than the state's initial one,
//   unconditionally): it guards every destructive step after it;
// - a completed operator confirmation (a `manual` step): it guards the next destructive step
//   only, so that one confirmation early in a run does not cover a wipe many steps later.
// A search from the start over (step, whether a confirmation is pending) that never passes a
// backup finds the shortest unguarded path. A guard in a sibling branch of a `parallel` runs at
// the same time as the step, not before it, and does not count for it.
//
//===----------------------------------------------------------------------===//
#include "Branches.h"
#include "Describe.h"

#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <map>
#include <memory>

namespace drbook::verify {

using namespace drbook::graph;

namespace {

/// What a step does for the steps after it.
enum Guard : uint8_t { NoGuard, Backup, Confirmation };

/// The search's automaton: whether a confirmation waits for the next destructive step.
enum Pending : unsigned { Unconfirmed = 0, Confirmed = 1 };

bool isGuardState(const StateVar &s, const VerifyOptions &options) {
  llvm::StringRef name = s.name;
  name = name.substr(name.find_last_of('.') + 1); // `dr.backup` is named `backup`
  for (const std::string &pattern : options.guardStates)
    if (name.contains_insensitive(pattern))
      return true;
  return false;
}

Guard guardOf(const FlowGraph &flow, NodeId n, const VerifyOptions &options) {
  const StepGraph &g = flow.graph();
  if (flow.info(n).kind == NodeKind::Manual)
    return Confirmation;
  if (flow.info(n).kind != NodeKind::Action)
    return NoGuard;
  for (const StateEffect &e : flow.effects(n)) {
    const StateVar &s = g.states[e.state];
    if (!e.mayKeep && !((e.values >> s.initial) & 1) && isGuardState(s, options))
      return Backup;
  }
  return NoGuard;
}

/// The guards that run beside `n` rather than before it: those in a sibling of any branch
/// that holds `n`.
std::vector<NodeId> guardsBeside(const Branches &branches, const std::vector<Guard> &guard,
                                 NodeId n) {
  std::vector<NodeId> beside;
  for (const ParallelBranch &b : branches.all()) {
    if (!branches.contains(b, n))
      continue;
    for (const ParallelBranch *sibling : branches.siblings(b))
      for (NodeId m : sibling->nodes)
        if (guard[m] != NoGuard)
          beside.push_back(m);
  }
  std::sort(beside.begin(), beside.end());
  return beside;
}

/// The counterexample as the interleaving it stands for: the branches beside `n` (those holding
/// the guards that did not count) have not run yet when the branch of `n` reaches it.
std::vector<EdgeId> interleaving(const StepGraph &g, const Branches &branches,
                                 std::vector<EdgeId> path, NodeId n) {
  std::vector<const ParallelBranch *> own, beside;
  for (const ParallelBranch &b : branches.all())
    if (branches.contains(b, n)) {
      own.push_back(&b);
      for (const ParallelBranch *sibling : branches.siblings(b))
        beside.push_back(sibling);
    }
  auto inBeside = [&](NodeId m) {
    return std::any_of(beside.begin(), beside.end(),
                       [&](const ParallelBranch *b) { return branches.contains(*b, m); });
  };
  std::vector<EdgeId> out;
  for (EdgeId e : path) {
    const Edge &edge = g.edges[e];
    if (inBeside(edge.from))
      continue;
    if (edge.kind == EdgeKind::Branch)
      for (const ParallelBranch *b : own)
        if (b->fork == edge.from)
          for (EdgeId to : g.out(edge.from))
            if (g.edges[to].kind == EdgeKind::Branch && g.edges[to].aux == b->number)
              e = to;
    out.push_back(e);
  }
  return out;
}

/// When the path passed a confirmation that an earlier destructive step used up, says so.
std::string usedUp(const FlowGraph &flow, const std::vector<EdgeId> &path) {
  const StepGraph &g = flow.graph();
  NodeId confirmation = NoId;
  for (EdgeId e : path) {
    NodeId from = g.edges[e].from;
    if (flow.info(from).kind == NodeKind::Manual)
      confirmation = from;
    else if (flow.info(from).destructive && confirmation != NoId)
      return "; " + stepName(g, confirmation) + " before it guards only the next destructive " +
             "step, " + stepName(g, from) + ": confirm each destructive step";
  }
  return "";
}

/// The search from the start: a backup ends it (everything after is guarded), a completed
/// confirmation makes the next destructive step guarded, and any destructive step uses it up.
std::unique_ptr<ProductSearch> unguardedSearch(const FlowGraph &flow,
                                               const std::vector<Guard> &guard) {
  auto search = std::make_unique<ProductSearch>(flow, 2);
  search->run(flow.graph().start, Unconfirmed,
              [&](NodeId from, const FlowEdge &e, unsigned q, auto emit) {
                bool completed = !flow.isFailure(e);
                if (completed && guard[from] == Backup)
                  return;
                if (completed && guard[from] == Confirmation)
                  return emit(Confirmed);
                emit(flow.info(from).destructive ? Unconfirmed : q);
              });
  return search;
}

/// Every destructive step the search reaches unguarded, reported with `why`; with `branches`,
/// each path is shown as the interleaving in which the guards beside the step come last.
void reportReached(const FlowGraph &flow, const ProductSearch &search,
                   const std::vector<NodeId> &steps, const std::string &why,
                   std::vector<Violation> &out, const Branches *branches = nullptr) {
  for (NodeId n : steps) {
    if (!search.reached(n, Unconfirmed))
      continue;
    Violation v;
    v.rule = "destructive-unguarded";
    v.node = n;
    v.path = search.pathTo(n, Unconfirmed);
    if (branches)
      v.path = interleaving(flow.graph(), *branches, std::move(v.path), n);
    v.message = "destructive " + stepName(flow.graph(), n) + " can run with no backup or " +
                "operator confirmation before it" + (why.empty() ? usedUp(flow, v.path) : why);
    out.push_back(std::move(v));
  }
}

/// Destructive steps inside a `parallel` that only a guard in a sibling branch covers: the
/// branches run at the same time, so that guard can come after the step. Searched again with
/// those guards not counting, once per set of such guards.
void checkGuardsBeside(const FlowGraph &flow, const std::vector<Guard> &guard,
                       const std::vector<NodeId> &guardedSteps, std::vector<Violation> &out) {
  Branches branches(flow.graph());
  if (branches.empty())
    return;
  std::map<std::vector<NodeId>, std::vector<NodeId>> bySet;
  for (NodeId n : guardedSteps)
    if (std::vector<NodeId> beside = guardsBeside(branches, guard, n); !beside.empty())
      bySet[beside].push_back(n);
  for (const auto &[beside, steps] : bySet) {
    std::vector<Guard> before = guard;
    for (NodeId m : beside)
      before[m] = NoGuard;
    std::string why = "; " + stepName(flow.graph(), beside.front()) +
                      " runs in a parallel branch beside it, at the same time, so it can come "
                      "after it: guard it before the `parallel` or in its own branch";
    reportReached(flow, *unguardedSearch(flow, before), steps, why, out, &branches);
  }
}

} // namespace

void checkDestructive(const FlowGraph &flow, const VerifyOptions &options,
                      std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  std::vector<Guard> guard(g.nodes.size(), NoGuard);
  std::vector<NodeId> destructive;
  for (NodeId n = 0; n < g.nodes.size(); ++n) {
    guard[n] = guardOf(flow, n, options);
    if (flow.info(n).destructive)
      destructive.push_back(n);
  }
  if (destructive.empty())
    return;
  std::unique_ptr<ProductSearch> search = unguardedSearch(flow, guard);
  std::vector<NodeId> unguarded, guarded;
  for (NodeId n : destructive)
    (search->reached(n, Unconfirmed) ? unguarded : guarded).push_back(n);
  if (unguarded.size() > MaxViolationsPerCheck)
    unguarded.resize(MaxViolationsPerCheck);
  reportReached(flow, *search, unguarded, "", out);
  checkGuardsBeside(flow, guard, guarded, out);
}

} // namespace drbook::verify
