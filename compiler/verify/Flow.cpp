//===- Flow.cpp - Parallel branches in sequence, compact node and edge data -===//
#include "drbook/verify/Flow.h"

#include <algorithm>
#include <map>

namespace drbook::verify {

using namespace drbook::graph;

// A run value matters only where two steps test it (a decision and a later `if` on it, two
// matches on one param); one that is set and never looked at again would only multiply
// contexts.
static std::vector<uint8_t> trackedVars(const StepGraph &g) {
  std::vector<NodeId> firstTester(g.runVars.size(), NoId);
  std::vector<uint8_t> tracked(g.runVars.size(), 0);
  for (const Edge &e : g.edges) {
    if (e.var == NoId)
      continue;
    if (firstTester[e.var] == NoId)
      firstTester[e.var] = e.from;
    else if (firstTester[e.var] != e.from)
      tracked[e.var] = 1;
  }
  return tracked;
}

FlowGraph::FlowGraph(const StepGraph &graph) : g(graph), runContexts(contextOps, lastTestPos) {
  copyNodes();
  std::vector<NodeId> targets = parallelTargets();
  buildRows(targets);
  computeContextOps(targets);
}

// The one pass over the (large) Node records: everything the checks read is copied here.
void FlowGraph::copyNodes() {
  size_t n = g.nodes.size();
  infos.reserve(n);
  effectStart.reserve(n + 1);
  requireStart.reserve(n + 1);
  effectStart.push_back(0);
  requireStart.push_back(0);
  for (const Node &node : g.nodes) {
    infos.push_back({node.kind, node.phase, node.inHandler, node.destructive, node.exhaustive,
                     node.timed, node.step != nullptr, node.cleanup, node.action, node.scenario,
                     node.durationMs});
    effectList.insert(effectList.end(), node.effects.begin(), node.effects.end());
    requireList.insert(requireList.end(), node.requires.begin(), node.requires.end());
    effectStart.push_back(static_cast<uint32_t>(effectList.size()));
    requireStart.push_back(static_cast<uint32_t>(requireList.size()));
  }
}

// Where each step-graph edge leads in the flow graph: a later parallel branch starts where the
// previous one finishes, and only the last one reaches the join. NoId: the edge is dropped.
std::vector<NodeId> FlowGraph::parallelTargets() const {
  // Each fork's branches in order: (branch number, entry node).
  std::map<NodeId, std::vector<std::pair<uint32_t, NodeId>>> branches;
  for (const Edge &e : g.edges)
    if (e.kind == EdgeKind::Branch)
      branches[e.from].push_back({e.aux, e.to});
  for (auto &[fork, list] : branches)
    std::sort(list.begin(), list.end());
  std::vector<NodeId> targets(g.edges.size());
  for (EdgeId id = 0; id < g.edges.size(); ++id) {
    const Edge &e = g.edges[id];
    targets[id] = e.to;
    if (e.kind == EdgeKind::Branch) {
      if (branches[e.from].front().first != e.aux)
        targets[id] = NoId;
      continue;
    }
    if (infos[e.to].kind != NodeKind::ParallelJoin || g.nodes[e.to].partner == NoId)
      continue;
    auto it = branches.find(g.nodes[e.to].partner);
    if (it != branches.end())
      for (const auto &[aux, entry] : it->second)
        if (aux > e.aux) {
          targets[id] = entry;
          break;
        }
  }
  return targets;
}

// Rows are filled straight from the step graph's rows, which already list forward edges
// before failure edges: two passes (count, fill) and no sorting.
void FlowGraph::buildRows(const std::vector<NodeId> &targets) {
  size_t n = g.nodes.size();
  outStart.assign(n + 1, 0);
  inStart.assign(n + 1, 0);
  stepStart.assign(n + 1, 0);
  for (NodeId from = 0; from < n; ++from)
    for (EdgeId id : g.out(from)) {
      ++stepStart[from + 1];
      if (targets[id] != NoId) {
        ++outStart[from + 1];
        ++inStart[targets[id] + 1];
      }
    }
  for (size_t i = 0; i < n; ++i) {
    outStart[i + 1] += outStart[i];
    inStart[i + 1] += inStart[i];
    stepStart[i + 1] += stepStart[i];
  }
  outList.resize(outStart[n]);
  inList.resize(inStart[n]);
  stepList.resize(stepStart[n]);
  std::vector<uint32_t> inFill(inStart.begin(), inStart.end() - 1);
  for (NodeId from = 0; from < n; ++from) {
    uint32_t outAt = outStart[from], stepAt = stepStart[from];
    for (EdgeId id : g.out(from)) {
      FlowEdge step{g.edges[id].to, id, g.edges[id].kind == EdgeKind::Failure, NoId};
      stepList[stepAt++] = step;
      if (targets[id] == NoId)
        continue;
      step.to = targets[id];
      outList[outAt++] = step;
      step.to = from;
      inList[inFill[targets[id]]++] = step;
    }
  }
}

// A run value is tracked from its first test to its last: past the last (in topological
// order, so no later test is reachable) the path's knowledge of it is dropped, which keeps the
// number of contexts small however many decisions a runbook takes in sequence.
// Positions are those of the flow graph: an edge that hands a parallel branch over to the next
// spans to that branch's entry, not to the join, so knowledge is kept across the handover.
void FlowGraph::computeContextOps(const std::vector<NodeId> &targets) {
  if (g.runVars.empty())
    return;
  std::vector<uint8_t> tracked = trackedVars(g);
  std::vector<NodeId> order = topologicalOrder();
  if (order.size() < size())
    return; // a cycle: verifier reports it; run values are then not tracked at all
  std::vector<uint32_t> pos(size());
  for (uint32_t i = 0; i < order.size(); ++i)
    pos[order[i]] = i;
  lastTestPos.assign(g.runVars.size(), 0);
  std::vector<uint32_t> killPos;
  for (const Edge &e : g.edges)
    if (e.var != NoId && tracked[e.var])
      lastTestPos[e.var] = std::max(lastTestPos[e.var], pos[e.from]);
  for (uint32_t v = 0; v < g.runVars.size(); ++v)
    if (tracked[v])
      killPos.push_back(lastTestPos[v]);
  std::sort(killPos.begin(), killPos.end());
  std::vector<uint32_t> opOf(g.edges.size(), NoId);
  for (EdgeId id = 0; id < g.edges.size(); ++id) {
    const Edge &e = g.edges[id];
    NodeId to = targets[id] != NoId ? targets[id] : e.to;
    ContextOp op{NoId, 0, pos[e.from], pos[to]};
    // An edge no value of its run value takes (`if p == a and p == b`) is never taken, tracked
    // or not.
    if (e.var != NoId && (tracked[e.var] || e.allowed == 0)) {
      op.var = e.var;
      op.allowed = e.allowed;
    }
    // Some run value's last test lies in [from, to): its knowledge ends on this edge.
    auto firstKill = std::lower_bound(killPos.begin(), killPos.end(), op.fromPos);
    bool kills = op.fromPos < op.toPos && firstKill != killPos.end() && *firstKill < op.toPos;
    if (op.var == NoId && !kills)
      continue;
    opOf[id] = static_cast<uint32_t>(contextOps.size());
    contextOps.push_back(op);
  }
  for (std::vector<FlowEdge> *list : {&outList, &inList, &stepList})
    for (FlowEdge &e : *list)
      e.ctxOp = opOf[e.edge];
}

std::vector<NodeId> FlowGraph::topologicalOrder() const {
  std::vector<uint32_t> indegree(size(), 0);
  for (const FlowEdge &e : outList)
    ++indegree[e.to];
  std::vector<NodeId> order;
  order.reserve(size());
  for (NodeId n = 0; n < size(); ++n)
    if (!indegree[n])
      order.push_back(n);
  for (size_t head = 0; head < order.size(); ++head)
    for (const FlowEdge &e : out(order[head]))
      if (--indegree[e.to] == 0)
        order.push_back(e.to);
  return order;
}

std::vector<uint8_t> FlowGraph::occurrences(const EventRef &event) const {
  std::vector<uint8_t> out(size(), 0);
  for (NodeId n = 0; n < size(); ++n) {
    const NodeInfo &i = infos[n];
    switch (event.kind) {
    case EventRef::Kind::Action:
      out[n] = i.kind == NodeKind::Action && i.action == static_cast<int32_t>(event.index);
      break;
    case EventRef::Kind::Phase:
      out[n] = i.kind == NodeKind::PhaseEntry && i.phase == static_cast<int8_t>(event.index);
      break;
    case EventRef::Kind::Probe:
    case EventRef::Kind::Scenario:
      out[n] = g.matches(n, event);
      break;
    case EventRef::Kind::None:
      break;
    }
    out[n] = out[n] && event.inScope(i.phase, i.scenario);
  }
  return out;
}

} // namespace drbook::verify
