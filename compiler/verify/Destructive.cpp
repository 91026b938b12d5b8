//===- Destructive.cpp - destructive-unguarded -----------------------------===//
//
// A destructive step must be guarded, on every path from the start, by one of:
// - a completed action that records a backup or an approval (it sets a state named like one
//   of VerifyOptions::guardStates to a value other than the state's initial one,
//   unconditionally): it guards every destructive step after it;
// - a completed operator confirmation (a `manual` step): it guards the next destructive step
//   of its own line of steps only, so that one confirmation early in a run does not cover a
//   wipe many steps later; one before a `parallel` guards nothing inside it, and one inside a
//   branch nothing after the join.
// A search from the start over (step, whether a confirmation is pending) that never passes a
// backup finds the shortest unguarded path. A guard in a sibling branch of a `parallel` runs at
// the same time as the step, not before it, and does not count for it.
//
//===----------------------------------------------------------------------===//
#include "Branches.h"
#include "Describe.h"

#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace drbook::verify {

using namespace drbook::graph;

namespace {

/// What a step does for the steps after it.
enum Guard : uint8_t { NoGuard, Backup, Confirmation, Approval };

/// The search's automaton: bit 0, a confirmation waits for the next destructive step; bit 1,
/// the action searched for is approved on this line of steps. A step reached in state 0 is
/// unguarded.
enum Pending : unsigned { Unconfirmed = 0, Confirmed = 1, Approved = 2 };

/// Which destructive steps one search is for: those running `action` (approved by name
/// somewhere), or, with NoAction, every other one.
constexpr int32_t NoAction = -1;

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
    return g.nodes[n].approves.empty() ? Confirmation : Approval;
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
/// that holds `n`; of kind `only` when it is given.
std::vector<NodeId> guardsBeside(const Branches &branches, const std::vector<Guard> &guard,
                                 NodeId n, Guard only = NoGuard) {
  std::vector<NodeId> beside;
  for (const ParallelBranch &b : branches.all()) {
    if (!branches.contains(b, n))
      continue;
    for (const ParallelBranch *sibling : branches.siblings(b))
      for (NodeId m : sibling->nodes)
        if (guard[m] != NoGuard && (only == NoGuard || guard[m] == only))
          beside.push_back(m);
  }
  std::sort(beside.begin(), beside.end());
  return beside;
}

/// The counterexample as the interleaving it stands for: the branches beside `n` (those holding
/// the guards that did not count) have not run yet when the branch of `n` reaches it.
std::vector<EdgeId> interleaving(const StepGraph &g, const Branches &branches,
                                 std::vector<EdgeId> path, NodeId n) {
  std::vector<const ParallelBranch *> beside;
  for (const ParallelBranch &b : branches.all())
    if (branches.contains(b, n))
      for (const ParallelBranch *sibling : branches.siblings(b))
        beside.push_back(sibling);
  auto inBeside = [&](NodeId m) {
    return std::any_of(beside.begin(), beside.end(),
                       [&](const ParallelBranch *b) { return branches.contains(*b, m); });
  };
  std::vector<EdgeId> out;
  for (EdgeId e : path)
    if (!inBeside(g.edges[e].from) && !inBeside(g.edges[e].to))
      out.push_back(e);
  return out;
}

/// Why a confirmation the path passed does not guard the step: an earlier destructive step
/// used it up, or it lies across the edge of a `parallel` branch.
std::string usedUp(const FlowGraph &flow, const std::vector<EdgeId> &path) {
  const StepGraph &g = flow.graph();
  NodeId confirmation = NoId;
  std::string why;
  for (EdgeId e : path) {
    NodeId from = g.edges[e].from;
    if (flow.info(from).kind == NodeKind::Manual && g.nodes[from].approves.empty()) {
      confirmation = from;
      why.clear();
    }
    if (confirmation == NoId)
      continue;
    if (flow.info(from).destructive) {
      why = "; " + stepName(g, confirmation) + " before it guards only the next destructive " +
            "step, " + stepName(g, from) + ": confirm each destructive step";
      confirmation = NoId;
    } else if (g.edges[e].kind == EdgeKind::Branch ||
               flow.info(g.edges[e].to).kind == NodeKind::ParallelJoin) {
      why = "; " + stepName(g, confirmation) + " does not carry across the edge of a " +
            "`parallel` branch: confirm inside the branch, next to the step";
      confirmation = NoId;
    }
  }
  return why;
}

/// The last approval on the path to `n`, when it names other actions than the one `n` runs.
std::string approvesOthers(const StepGraph &g, const std::vector<EdgeId> &path, NodeId n) {
  for (auto e = path.rbegin(); e != path.rend(); ++e) {
    const Node &from = g.nodes[g.edges[*e].from];
    if (from.kind != NodeKind::Manual || from.approves.empty())
      continue;
    if (g.nodes[n].action >= 0 && llvm::is_contained(from.approves, unsigned(g.nodes[n].action)))
      return "";
    std::string names;
    for (unsigned a : from.approves)
      names += (names.empty() ? "" : ", ") + g.actions[a].name;
    return "; " + stepName(g, g.edges[*e].from) + " approves only " + names;
  }
  return "";
}

/// A confirmation belongs to its own line of steps: it does not carry into the branches of a
/// `parallel` (several destructive steps would each be "the next") nor out of a branch past
/// the join.
bool entersOrLeavesBranch(const FlowGraph &flow, const FlowEdge &e) {
  const Edge &edge = flow.graph().edges[e.edge];
  return edge.kind == EdgeKind::Branch || flow.info(edge.to).kind == NodeKind::ParallelJoin;
}

/// The search from the start for the destructive steps running `action`: a backup ends it
/// (everything after is guarded), a completed confirmation makes the next destructive step
/// guarded and any destructive step uses it up, and an approval naming `action` guards its
/// runs for the rest of the line of steps.
std::unique_ptr<ProductSearch> unguardedSearch(const FlowGraph &flow,
                                               const std::vector<Guard> &guard, int32_t action) {
  const StepGraph &g = flow.graph();
  // Without confirmations nothing is ever pending: one automaton state is enough, and a
  // large graph is searched once instead of twice over.
  bool confirms = std::find(guard.begin(), guard.end(), Confirmation) != guard.end();
  auto search = std::make_unique<ProductSearch>(flow, action != NoAction ? 4 : confirms ? 2 : 1);
  auto approves = [&](NodeId n) {
    return guard[n] == Approval && llvm::is_contained(g.nodes[n].approves, unsigned(action));
  };
  search->run(g.start, Unconfirmed, [&](NodeId from, const FlowEdge &e, unsigned q, auto emit) {
    bool completed = !flow.isFailure(e);
    if (completed && guard[from] == Backup)
      return;
    if (entersOrLeavesBranch(flow, e))
      return emit(Unconfirmed);
    if (completed && guard[from] == Confirmation)
      return emit(q | Confirmed);
    if (completed && action != NoAction && approves(from))
      return emit(q | Approved);
    emit(flow.info(from).destructive ? q & ~unsigned(Confirmed) : q);
  });
  return search;
}

/// The states a backup step preserves, when its action says `covers`; empty when it says nothing.
const std::vector<unsigned> &coveredBy(const StepGraph &g, NodeId backup) {
  static const std::vector<unsigned> everything;
  int32_t a = g.nodes[backup].action;
  return a >= 0 ? g.actions[a].covers : everything;
}

/// Whether backup step `backup` preserves the data destructive step `n` changes.
bool covers(const FlowGraph &flow, NodeId backup, NodeId n) {
  const std::vector<unsigned> &states = coveredBy(flow.graph(), backup);
  if (states.empty())
    return true;
  for (const StateEffect &e : flow.effects(n))
    if (llvm::is_contained(states, e.state))
      return true;
  return false;
}

/// What the checks below share.
struct GuardCheck {
  const FlowGraph &flow;
  const Branches &branches;
  const std::vector<Guard> &guard;
  std::vector<Violation> &out;
  /// The backups whose action says what it `covers`.
  const std::vector<NodeId> &restricted;
};

/// The last backup on the path that does not cover `n`.
std::string coversOthers(const GuardCheck &c, const std::vector<EdgeId> &path, NodeId n) {
  const StepGraph &g = c.flow.graph();
  for (auto e = path.rbegin(); e != path.rend(); ++e) {
    NodeId from = g.edges[*e].from;
    if (!llvm::is_contained(c.restricted, from) || covers(c.flow, from, n))
      continue;
    std::string names;
    for (unsigned s : coveredBy(g, from))
      names += (names.empty() ? "" : ", ") + g.states[s].name;
    return "; the backup " + stepName(g, from) + " covers only " + names + ", which " +
           stepName(g, n) + " does not change: take a backup that covers what it changes";
  }
  return "";
}

/// Why the guards near an unguarded step do not count for it.
std::string reason(const GuardCheck &c, const std::vector<EdgeId> &path, NodeId n) {
  if (std::string why = usedUp(c.flow, path); !why.empty())
    return why;
  if (std::string why = approvesOthers(c.flow.graph(), path, n); !why.empty())
    return why;
  if (std::string why = coversOthers(c, path, n); !why.empty())
    return why;
  std::vector<NodeId> beside = guardsBeside(c.branches, c.guard, n);
  if (beside.empty())
    return "";
  return "; " + stepName(c.flow.graph(), beside.front()) +
         " runs in a parallel branch beside it, at the same time, so it can come after it: " +
         (c.guard[beside.front()] == Backup ? "take the backup before the `parallel`"
                                            : "confirm in the step's own branch, before it");
}

/// Every destructive step the search reaches unguarded, each path shown as the interleaving in
/// which the step's own branch reaches it before the branches beside it run.
void reportReached(const GuardCheck &c, const ProductSearch &search,
                   const std::vector<NodeId> &steps) {
  for (NodeId n : steps) {
    if (!search.reached(n, Unconfirmed))
      continue;
    Violation v;
    v.rule = "destructive-unguarded";
    v.node = n;
    v.path = interleaving(c.flow.graph(), c.branches, search.pathTo(n, Unconfirmed), n);
    v.message = "destructive " + stepName(c.flow.graph(), n) + " can run with no backup or " +
                "operator confirmation before it" + reason(c, v.path, n);
    c.out.push_back(std::move(v));
  }
}

/// Destructive steps inside a `parallel` that only a backup in a sibling branch covers: the
/// branches run at the same time, so that backup can come after the step. Searched again with
/// those backups not counting, once per set of them. (A confirmation never carries into
/// another branch, so the first search already finds what one beside the step leaves open.)
void checkBackupsBeside(const GuardCheck &c, const std::vector<NodeId> &guardedSteps,
                        int32_t action) {
  std::map<std::vector<NodeId>, std::vector<NodeId>> bySet;
  for (NodeId n : guardedSteps)
    if (std::vector<NodeId> beside = guardsBeside(c.branches, c.guard, n, Backup); !beside.empty())
      bySet[beside].push_back(n);
  for (const auto &[beside, steps] : bySet) {
    std::vector<Guard> before = c.guard;
    for (NodeId m : beside)
      before[m] = NoGuard;
    reportReached(c, *unguardedSearch(c.flow, before, action), steps);
  }
}

/// The destructive steps, grouped by what can guard them: each action some `manual … approves`
/// names has a group (and a search) of its own; every other step is in the NoAction group.
std::map<int32_t, std::vector<NodeId>> destructiveSteps(const StepGraph &g) {
  std::set<unsigned> approved;
  for (const Node &n : g.nodes)
    approved.insert(n.approves.begin(), n.approves.end());
  std::map<int32_t, std::vector<NodeId>> groups;
  for (NodeId n = 0; n < g.nodes.size(); ++n)
    if (g.nodes[n].destructive)
      groups[g.nodes[n].action >= 0 && approved.count(g.nodes[n].action) ? g.nodes[n].action
                                                                         : NoAction]
          .push_back(n);
  return groups;
}

/// The steps of one group, split by the backups that do not cover them: each part is searched
/// with those backups not counting.
std::map<std::vector<NodeId>, std::vector<NodeId>>
byUncoveringBackups(const FlowGraph &flow, const std::vector<NodeId> &restricted,
                    const std::vector<NodeId> &steps) {
  std::map<std::vector<NodeId>, std::vector<NodeId>> parts;
  for (NodeId n : steps) {
    std::vector<NodeId> missing;
    for (NodeId b : restricted)
      if (!covers(flow, b, n))
        missing.push_back(b);
    parts[missing].push_back(n);
  }
  return parts;
}

/// Searches for the unguarded steps among `steps`, all guarded alike by `action`'s approvals.
void checkGroup(const GuardCheck &c, int32_t action, const std::vector<NodeId> &steps,
                size_t first) {
  std::unique_ptr<ProductSearch> search = unguardedSearch(c.flow, c.guard, action);
  std::vector<NodeId> unguarded, guarded;
  for (NodeId n : steps)
    (search->reached(n, Unconfirmed) ? unguarded : guarded).push_back(n);
  unguarded.resize(std::min(unguarded.size(), MaxViolationsPerCheck - (c.out.size() - first)));
  reportReached(c, *search, unguarded);
  if (!c.branches.empty())
    checkBackupsBeside(c, guarded, action);
}

} // namespace

/// `covers` on an action none of whose runs records a backup: it guards nothing, which the
/// author did not mean (a backup state named unlike `backup`, or `covers` on the wrong action).
void checkCovers(const FlowGraph &flow, const VerifyOptions &options, std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  std::vector<bool> runs(g.actions.size()), backs(g.actions.size());
  for (NodeId n = 0; n < g.nodes.size(); ++n)
    if (int32_t a = g.nodes[n].action; a >= 0) {
      runs[a] = true;
      backs[a] = backs[a] || guardOf(flow, n, options) == Backup;
    }
  for (unsigned a = 0; a < g.actions.size(); ++a) {
    if (g.actions[a].covers.empty() || !runs[a] || backs[a] || !g.actions[a].decl)
      continue;
    Violation v;
    v.rule = "covers-without-backup";
    for (const ast::ActionClause &c : g.actions[a].decl->clauses)
      if (c.kind == ast::ActionClause::Kind::Covers)
        v.range = c.range;
    v.message = "action " + g.actions[a].name + " says what its backup `covers`, but it records " +
                "no backup: no effect sets a state named like backup, snapshot or approval, so " +
                "it guards no destructive step";
    out.push_back(std::move(v));
  }
}

void checkDestructive(const FlowGraph &flow, const VerifyOptions &options,
                      std::vector<Violation> &out) {
  const StepGraph &g = flow.graph();
  std::vector<Guard> guard(g.nodes.size(), NoGuard);
  std::vector<NodeId> restricted;
  for (NodeId n = 0; n < g.nodes.size(); ++n) {
    guard[n] = guardOf(flow, n, options);
    if (guard[n] == Backup && !coveredBy(g, n).empty())
      restricted.push_back(n);
  }
  std::map<int32_t, std::vector<NodeId>> groups = destructiveSteps(g);
  if (groups.empty())
    return;
  Branches branches(g);
  size_t first = out.size();
  for (const auto &[action, steps] : groups)
    for (const auto &[missing, part] : byUncoveringBackups(flow, restricted, steps)) {
      std::vector<Guard> counted;
      for (NodeId b : missing)
        (counted.empty() ? counted = guard : counted)[b] = NoGuard;
      checkGroup(GuardCheck{flow, branches, missing.empty() ? guard : counted, out, restricted},
                 action, part, first);
      if (out.size() - first >= MaxViolationsPerCheck)
        return;
    }
}

} // namespace drbook::verify
