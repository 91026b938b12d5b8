//===- Flow.cpp - Parallel branches in sequence, and product search --------===//
#include "drbook/verify/Flow.h"

#include <algorithm>
#include <map>

namespace drbook::verify {

using namespace drbook::graph;

FlowGraph::FlowGraph(const StepGraph &graph) : g(graph), runContexts(graph) {
  // Each fork's branches in order: (branch number, entry node).
  std::map<NodeId, std::vector<std::pair<uint32_t, NodeId>>> branches;
  for (const Edge &e : g.edges)
    if (e.kind == EdgeKind::Branch)
      branches[e.from].push_back({e.aux, e.to});
  for (auto &[fork, list] : branches)
    std::sort(list.begin(), list.end());

  auto target = [&](EdgeId id) -> NodeId {
    const Edge &e = g.edges[id];
    if (e.kind == EdgeKind::Branch) {
      const auto &list = branches[e.from];
      return list.front().first == e.aux ? e.to : NoId; // later branches start after earlier
    }
    const Node &to = g.nodes[e.to];
    if (to.kind == NodeKind::ParallelJoin && to.partner != NoId) {
      auto it = branches.find(to.partner);
      if (it != branches.end())
        for (const auto &[aux, entry] : it->second)
          if (aux > e.aux)
            return entry;
    }
    return e.to;
  };

  size_t n = g.nodes.size();
  std::vector<std::pair<NodeId, FlowEdge>> all;
  all.reserve(g.edges.size());
  for (NodeId from = 0; from < n; ++from)
    for (EdgeId e : g.out(from))
      if (NodeId to = target(e); to != NoId)
        all.push_back({from, {to, e}});
  outStart.assign(n + 1, 0);
  inStart.assign(n + 1, 0);
  for (const auto &[from, fe] : all) {
    ++outStart[from + 1];
    ++inStart[fe.to + 1];
  }
  for (size_t i = 0; i < n; ++i) {
    outStart[i + 1] += outStart[i];
    inStart[i + 1] += inStart[i];
  }
  outList.resize(all.size());
  inList.resize(all.size());
  std::vector<uint32_t> outFill(outStart.begin(), outStart.end() - 1);
  std::vector<uint32_t> inFill(inStart.begin(), inStart.end() - 1);
  for (const auto &[from, fe] : all) {
    outList[outFill[from]++] = fe;
    inList[inFill[fe.to]++] = {from, fe.edge};
  }
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

RunContexts::RunContexts(const StepGraph &g, unsigned cap) : g(g), cap(cap) {
  // A run value matters only where two steps test it (a decision and a later `if` on it, two
  // matches on one param); one that is set and never looked at again would only multiply
  // contexts.
  std::vector<NodeId> firstTester(g.runVars.size(), NoId);
  tracked.assign(g.runVars.size(), 0);
  for (const Edge &e : g.edges) {
    if (e.var == NoId)
      continue;
    if (firstTester[e.var] == NoId)
      firstTester[e.var] = e.from;
    else if (firstTester[e.var] != e.from)
      tracked[e.var] = 1;
  }
  std::vector<ValueMask> top;
  for (const RunVar &v : g.runVars)
    top.push_back(v.values.size() >= 64 ? ~ValueMask(0) : (ValueMask(1) << v.values.size()) - 1);
  ids.emplace(top, 0);
  contexts.push_back(std::move(top));
}

uint32_t RunContexts::after(uint32_t c, EdgeId edge) {
  const Edge &e = g.edges[edge];
  if (e.var == NoId || !tracked[e.var])
    return c;
  uint64_t key = (uint64_t(c) << 32) | edge;
  auto cached = cache.find(key);
  if (cached != cache.end())
    return cached->second;
  ValueMask now = contexts[c][e.var], narrowed = now & e.allowed;
  uint32_t result = c;
  if (!narrowed) {
    result = Infeasible;
  } else if (narrowed != now) {
    std::vector<ValueMask> next = contexts[c];
    next[e.var] = narrowed;
    auto it = ids.find(next);
    if (it != ids.end()) {
      result = it->second;
    } else if (contexts.size() >= cap) {
      result = 0;
    } else {
      result = static_cast<uint32_t>(contexts.size());
      ids.emplace(next, result);
      contexts.push_back(std::move(next));
    }
  }
  cache.emplace(key, result);
  return result;
}

ProductSearch::ProductSearch(const FlowGraph &flow, unsigned numStates)
    : flow(flow), states(numStates) {}

void ProductSearch::visit(uint32_t ctx, NodeId n, unsigned q, EdgeId via, uint32_t fromCtx,
                          unsigned fromQ, uint32_t d,
                          std::vector<std::pair<uint32_t, uint64_t>> &queue) {
  if (ctx >= layers.size())
    layers.resize(ctx + 1);
  Layer &layer = layers[ctx];
  if (layer.dist.empty()) {
    size_t size = flow.size() * states;
    layer.dist.assign(size, NoId);
    layer.parentEdge.assign(size, NoId);
    layer.parentCtx.assign(size, 0);
    layer.parentState.assign(size, 0);
  }
  size_t i = index(n, q);
  if (layer.dist[i] != NoId)
    return;
  layer.dist[i] = d;
  layer.parentEdge[i] = via;
  layer.parentCtx[i] = fromCtx;
  layer.parentState[i] = static_cast<uint16_t>(fromQ);
  queue.push_back({ctx, i});
}

uint32_t ProductSearch::distance(NodeId n, unsigned q) const {
  uint32_t best = NoId;
  for (const Layer &layer : layers)
    if (!layer.dist.empty())
      best = std::min(best, layer.dist[index(n, q)]);
  return best;
}

std::vector<EdgeId> ProductSearch::pathTo(NodeId n, unsigned q) const {
  uint32_t best = NoId, ctx = 0;
  for (uint32_t c = 0; c < layers.size(); ++c)
    if (distanceIn(c, n, q) < best) {
      best = distanceIn(c, n, q);
      ctx = c;
    }
  return best == NoId ? std::vector<EdgeId>{} : pathIn(ctx, n, q);
}

std::vector<EdgeId> ProductSearch::pathIn(uint32_t ctx, NodeId n, unsigned q) const {
  std::vector<EdgeId> path;
  if (distanceIn(ctx, n, q) == NoId)
    return path;
  size_t i = index(n, q);
  for (;;) {
    const Layer &layer = layers[ctx];
    EdgeId e = layer.parentEdge[i];
    if (e == NoId)
      break;
    path.push_back(e);
    uint32_t fromCtx = layer.parentCtx[i];
    i = index(flow.graph().edges[e].from, layer.parentState[i]);
    ctx = fromCtx;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

} // namespace drbook::verify
