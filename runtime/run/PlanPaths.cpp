//===- PlanPaths.cpp - `drbook plan`: every path through a runbook ---------===//
#include "drbook/run/PlanPaths.h"

#include "drbook/run/Interpreter.h"
#include "drbook/run/Program.h"

#include <cstdio>
#include <functional>

namespace drbook::run {

using namespace drbook::graph;

std::vector<PlanPath> enumeratePaths(const StepGraph &g, size_t maxPaths, bool &truncated) {
  std::vector<PlanPath> paths;
  truncated = false;
  PlanPath current;
  // Depth-first over out-edges. A fork's branches are walked in order, each to the join,
  // and the path continues from the join: `pending` holds the branches still to walk.
  std::function<void(NodeId, std::vector<NodeId>)> dfs = [&](NodeId n,
                                                             std::vector<NodeId> pending) {
    if (paths.size() >= maxPaths) {
      truncated = true;
      return;
    }
    const Node &node = g.nodes[n];
    if (node.kind == NodeKind::ParallelJoin && !pending.empty() && pending.back() != n) {
      // This branch is done: walk the next one, entered by its edge from the fork.
      NodeId next = pending.back();
      pending.pop_back();
      EdgeId entry = NoId;
      for (EdgeId e : g.in(next))
        if (g.nodes[g.edges[e].from].kind == NodeKind::Fork)
          entry = e;
      if (entry != NoId)
        current.edges.push_back(entry);
      dfs(next, pending);
      if (entry != NoId)
        current.edges.pop_back();
      return;
    }
    if (node.kind == NodeKind::ParallelJoin && !pending.empty() && pending.back() == n)
      pending.pop_back();
    if (isTerminal(node.kind)) {
      paths.push_back(current);
      return;
    }
    if (node.kind == NodeKind::Fork) {
      // Walk branch 0 first; the others are pushed (last first) followed by the join marker.
      std::vector<EdgeId> out(g.out(n).begin(), g.out(n).end());
      if (out.empty())
        return;
      pending.push_back(node.partner);
      for (size_t i = out.size(); i-- > 1;)
        pending.push_back(g.edges[out[i]].to);
      current.edges.push_back(out[0]);
      dfs(g.edges[out[0]].to, pending);
      current.edges.pop_back();
      return;
    }
    for (EdgeId e : g.out(n)) {
      current.edges.push_back(e);
      dfs(g.edges[e].to, pending);
      current.edges.pop_back();
      if (paths.size() >= maxPaths) {
        truncated = true;
        return;
      }
    }
  };
  if (g.start != NoId)
    dfs(g.start, {});
  return paths;
}

int printPlan(const std::string &input, size_t maxPaths, bool colors) {
  LoadFailure failure;
  std::unique_ptr<Program> p = loadProgram(input, colors, failure);
  if (!p) {
    std::fputs(failure.diagnostics.c_str(), stderr);
    std::fprintf(stderr, "drbook: error: %s\n", failure.message.c_str());
    return failure.unreadable ? ExitUsage : ExitProblems;
  }
  const StepGraph &g = *p->graph;
  bool truncated = false;
  std::vector<PlanPath> paths = enumeratePaths(g, maxPaths, truncated);
  std::printf("%s: %zu%s path(s); steps marked * change the world, ! are destructive\n",
              g.runbookName.c_str(), paths.size(), truncated ? "+" : "");
  for (size_t i = 0; i < paths.size(); ++i) {
    std::string choices;
    for (EdgeId e : paths[i].edges) {
      const Edge &edge = g.edges[e];
      if (edge.kind == EdgeKind::Value || edge.kind == EdgeKind::Then ||
          edge.kind == EdgeKind::Else || edge.kind == EdgeKind::Arm ||
          edge.kind == EdgeKind::Failure || edge.kind == EdgeKind::NoMatch)
        choices += (choices.empty() ? "" : ", ") + g.describeEdge(e);
    }
    const Node &last = g.nodes[g.edges[paths[i].edges.back()].to];
    std::printf("\npath %zu: %s -> %s\n", i + 1, choices.empty() ? "(no choices)" : choices.c_str(),
                last.label.c_str());
    for (EdgeId e : paths[i].edges) {
      const Node &n = g.nodes[g.edges[e].to];
      if (n.kind == NodeKind::Join || n.kind == NodeKind::ParallelJoin)
        continue;
      const char *mark = n.destructive ? "!" : n.kind == NodeKind::Action ? "*" : " ";
      std::printf("  %s %-12s %s\n", mark, n.kind == NodeKind::PhaseEntry ? "" : spelling(n.kind),
                  n.label.c_str());
    }
  }
  if (truncated)
    std::printf("\nnote: stopped after %zu paths; there are more (raise --max-paths to see "
                "them). The verifier checks every path without listing them.\n",
                maxPaths);
  return ExitOk;
}

} // namespace drbook::run
