//===- PlanPaths.cpp - `drbook plan`: every path through a runbook ---------===//
#include "drbook/run/PlanPaths.h"
#include "drbook/basic/Duration.h"

#include "drbook/run/Interpreter.h"
#include "drbook/run/Program.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cstdio>
#include <optional>

namespace drbook::run {

using namespace drbook::graph;

namespace {

/// The paths below one prefix, depth first, one at a time. The stack holds only the steps with
/// a choice left (a long chain of single steps costs no stack), so a runbook of a million steps
/// is walked without recursion. Decisions keep their values: an edge that tests a run value
/// the path has already ruled out is not taken (`decide route = web`, then `match route =>
/// db` is no path).
class PathWalk {
public:
  /// `failures`: whether failure edges are taken.
  PathWalk(const StepGraph &g, bool failures) : g(g), failures(failures) {
    std::vector<ValueMask> masks;
    for (const RunVar &v : g.runVars)
      masks.push_back(v.values.size() >= 64 ? ~ValueMask(0)
                                            : (ValueMask(1) << v.values.size()) - 1);
    ready = g.start != NoId && enter(g.start, {}, std::move(masks));
  }

  /// The next path (valid until the next call), or null when every one has been given.
  const std::vector<EdgeId> *next() {
    if (ready) {
      ready = false;
      return &edges;
    }
    while (!stack.empty()) {
      Frame &f = stack.back();
      if (f.at == f.choices.size()) {
        stack.pop_back();
        continue;
      }
      EdgeId e = f.choices[f.at++];
      edges.resize(f.depth);
      std::vector<ValueMask> masks = f.masks;
      std::vector<NodeId> pending = f.pending;
      if (take(e, masks) && enter(g.edges[e].to, std::move(pending), std::move(masks)))
        return &edges;
    }
    return nullptr;
  }

  /// Walks that each take one choice of the first step with several: round robin over them
  /// spreads a capped listing over a runbook's first decision (its scenarios, usually).
  std::vector<PathWalk> split() const {
    if (ready || stack.size() != 1)
      return {*this};
    std::vector<PathWalk> walks;
    for (EdgeId choice : stack.front().choices) {
      walks.push_back(*this);
      walks.back().stack.front().choices = {choice};
    }
    return walks;
  }

private:
  struct Frame {
    std::vector<EdgeId> choices;
    size_t at = 0, depth = 0; ///< next choice; path length at this step
    std::vector<NodeId> pending;
    std::vector<ValueMask> masks;
  };

  /// Takes `e`: false when the path already ruled out every value it needs.
  bool take(EdgeId e, std::vector<ValueMask> &masks) {
    const Edge &edge = g.edges[e];
    if (edge.var != NoId && !(masks[edge.var] &= edge.allowed))
      return false;
    edges.push_back(e);
    return true;
  }

  /// Walks on from `n` while there is one way on; true when that ends a path, false when it
  /// reaches a step with a choice (pushed) or a dead end.
  bool enter(NodeId n, std::vector<NodeId> pending, std::vector<ValueMask> masks) {
    for (;;) {
      const Node &node = g.nodes[n];
      if (node.kind == NodeKind::ParallelJoin && !pending.empty() && pending.back() != n) {
        // This branch is done: the next one starts, entered by its edge from the fork.
        NodeId next = pending.back();
        pending.pop_back();
        for (EdgeId e : g.in(next))
          if (g.nodes[g.edges[e].from].kind == NodeKind::Fork)
            edges.push_back(e);
        n = next;
        continue;
      }
      if (node.kind == NodeKind::ParallelJoin && !pending.empty())
        pending.pop_back();
      if (isTerminal(node.kind))
        return true;
      std::vector<EdgeId> choices = choicesOf(n, pending, masks);
      if (choices.size() == 1 && take(choices[0], masks)) {
        n = g.edges[choices[0]].to;
        continue;
      }
      if (choices.size() > 1)
        stack.push_back(
            {std::move(choices), 0, edges.size(), std::move(pending), std::move(masks)});
      return false;
    }
  }

  /// A fork walks its first branch and queues the others, then the join; any other step offers
  /// its edges that the path's run values allow.
  std::vector<EdgeId> choicesOf(NodeId n, std::vector<NodeId> &pending,
                                const std::vector<ValueMask> &masks) const {
    auto out = g.out(n);
    if (g.nodes[n].kind == NodeKind::Fork) {
      if (out.empty())
        return {};
      pending.push_back(g.nodes[n].partner);
      for (size_t i = out.size(); i-- > 1;)
        pending.push_back(g.edges[out[i]].to);
      return {out[0]};
    }
    std::vector<EdgeId> choices;
    for (EdgeId e : out) {
      const Edge &edge = g.edges[e];
      if ((failures || edge.kind != EdgeKind::Failure) &&
          (edge.var == NoId || (masks[edge.var] & edge.allowed)))
        choices.push_back(e);
    }
    return choices;
  }

  const StepGraph &g;
  bool failures;
  std::vector<Frame> stack;
  std::vector<EdgeId> edges;
  bool ready = false; ///< `edges` is a whole path not yet given out
};

/// How many failure-free paths the second pass may walk past before it gives up.
constexpr size_t MaxPassedOver = 100000;

bool takesFailure(const StepGraph &g, const std::vector<EdgeId> &edges) {
  return std::any_of(edges.begin(), edges.end(),
                     [&](EdgeId e) { return g.edges[e].kind == EdgeKind::Failure; });
}

} // namespace

bool forEachPath(const StepGraph &g, size_t maxPaths, PathFn fn) {
  size_t given = 0;
  // First the paths on which nothing fails, round robin over the first decision's values;
  // then the ones that take a failure.
  std::vector<PathWalk> walks = PathWalk(g, false).split();
  for (bool more = true; more && given < maxPaths;) {
    more = false;
    for (PathWalk &w : walks)
      if (given < maxPaths)
        if (const std::vector<EdgeId> *p = w.next()) {
          fn(*p);
          ++given;
          more = true;
        }
  }
  bool truncated = false;
  PathWalk all(g, /*failures=*/true);
  size_t passedOver = 0; // the paths listed above, met again: bounded, as their number can be
  while (const std::vector<EdgeId> *p = all.next()) {
    if (!takesFailure(g, *p)) {
      truncated = ++passedOver > MaxPassedOver;
      if (truncated)
        break;
      continue;
    }
    truncated = given >= maxPaths;
    if (truncated)
      break;
    fn(*p);
    ++given;
  }
  for (PathWalk &w : walks)
    truncated |= given >= maxPaths && w.next();
  return truncated;
}

std::vector<PlanPath> enumeratePaths(const StepGraph &g, size_t maxPaths, bool &truncated) {
  std::vector<PlanPath> paths;
  truncated = forEachPath(g, maxPaths, [&](const std::vector<EdgeId> &p) { paths.push_back({p}); });
  return paths;
}

std::string pathChoices(const StepGraph &g, const std::vector<EdgeId> &edges) {
  std::string choices;
  for (EdgeId e : edges) {
    const Edge &edge = g.edges[e];
    if (edge.kind == EdgeKind::Value || edge.kind == EdgeKind::Then ||
        edge.kind == EdgeKind::Else || edge.kind == EdgeKind::Arm ||
        edge.kind == EdgeKind::Failure || edge.kind == EdgeKind::NoMatch)
      choices += (choices.empty() ? "" : ", ") + g.describeEdge(e);
  }
  return choices.empty() ? "(no choices)" : choices;
}

/// `branch 2: ` for a step inside the second branch (ids count from 0) of a `parallel` (the
/// innermost one), so an interleaving of branches reads as one.
std::string branchTag(const Node &n) {
  size_t at = n.id.rfind("/branch.");
  if (at == std::string::npos)
    return "";
  size_t end = n.id.find('/', at + 1);
  unsigned number = 0;
  if (llvm::StringRef(n.id).substr(at + 8, end - at - 8).getAsInteger(10, number))
    return "";
  return "branch " + std::to_string(number + 1) + ": ";
}

void printPathSteps(const StepGraph &g, const std::vector<EdgeId> &edges) {
  for (EdgeId e : edges) {
    const Node &n = g.nodes[g.edges[e].to];
    if (n.kind == NodeKind::Join || n.kind == NodeKind::ParallelJoin)
      continue;
    const char *mark = n.destructive ? "!" : n.kind == NodeKind::Action ? "*" : " ";
    std::string estimate = n.expectedMs < 0 ? ""
                           : n.expectedMs == n.durationMs
                               ? "  (estimate " + formatDuration(n.expectedMs) + ")"
                               : "  (estimate " + formatDuration(n.expectedMs) + ", worst " +
                                     formatDuration(n.durationMs) + ")";
    std::printf("  %s %-12s %s%s%s\n", mark, n.kind == NodeKind::PhaseEntry ? "" : spelling(n.kind),
                branchTag(n).c_str(), n.label.c_str(), estimate.c_str());
  }
}

int printPlan(const std::string &input, size_t maxPaths, bool colors) {
  LoadFailure failure;
  std::unique_ptr<Program> p = loadProgram(input, colors, failure, /*withPlan=*/false);
  if (!p) {
    std::fputs(failure.diagnostics.c_str(), stderr);
    std::fprintf(stderr, "drbook: error: %s\n", failure.message.c_str());
    return failure.unreadable ? ExitUsage : ExitProblems;
  }
  const StepGraph &g = *p->graph;
  // Counted first, then printed as they are walked again: a path can be a million steps, and
  // none is kept.
  size_t count = 0;
  bool truncated = forEachPath(g, maxPaths, [&](const std::vector<EdgeId> &) { ++count; });
  std::printf("%s: %zu%s path(s); steps marked * change the world, ! are destructive\n",
              g.runbookName.c_str(), count, truncated ? "+" : "");
  size_t number = 0;
  forEachPath(g, maxPaths, [&](const std::vector<EdgeId> &edges) {
    const Node &last = g.nodes[g.edges[edges.back()].to];
    std::printf("\npath %zu: %s -> %s\n", ++number, pathChoices(g, edges).c_str(),
                last.label.c_str());
    printPathSteps(g, edges);
  });
  if (truncated)
    std::printf("\nnote: stopped after %zu paths; there are more (raise --max-paths to see "
                "them). The verifier checks every path without listing them.\n",
                maxPaths);
  return ExitOk;
}

} // namespace drbook::run
