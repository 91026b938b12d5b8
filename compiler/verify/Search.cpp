//===- Search.cpp - Run contexts and the product search --------------------===//
#include "drbook/verify/Flow.h"

#include <algorithm>

namespace drbook::verify {

using namespace drbook::graph;

RunContexts::RunContexts(const std::vector<ContextOp> &ops, const std::vector<uint32_t> &lastPos)
    : ops(ops), lastPos(lastPos) {
  ids.emplace(Context(), 0);
  contexts.emplace_back();
}

uint32_t RunContexts::apply(uint32_t c, uint32_t opIndex) {
  uint64_t key = (uint64_t(c) << 32) | opIndex;
  auto cached = cache.find(key);
  if (cached != cache.end())
    return cached->second;
  const ContextOp &op = ops[opIndex];
  if (op.var != NoId && op.allowed == 0) {
    cache.emplace(key, Infeasible);
    return Infeasible;
  }
  Context next;
  bool narrowed = false, infeasible = false;
  for (auto [var, mask] : contexts[c]) {
    if (var == op.var) {
      mask &= op.allowed;
      narrowed = true;
      infeasible = !mask;
    }
    // Knowledge of a run value ends after its last test.
    if (lastPos[var] >= op.fromPos && lastPos[var] < op.toPos)
      continue;
    next.push_back({var, mask});
  }
  if (op.var != NoId && !narrowed &&
      !(lastPos[op.var] >= op.fromPos && lastPos[op.var] < op.toPos)) {
    next.push_back({op.var, op.allowed});
    std::sort(next.begin(), next.end());
  }
  uint32_t result;
  if (infeasible) {
    result = Infeasible;
  } else if (auto it = ids.find(next); it != ids.end()) {
    result = it->second;
  } else if (contexts.size() >= Cap) {
    result = 0; // widening to "nothing known" only admits more paths
  } else {
    result = static_cast<uint32_t>(contexts.size());
    ids.emplace(next, result);
    contexts.push_back(std::move(next));
  }
  cache.emplace(key, result);
  return result;
}

ProductSearch::ProductSearch(const FlowGraph &flow, unsigned numStates)
    : flow(flow), states(numStates) {}

void ProductSearch::addLayer(uint32_t ctx) {
  if (ctx >= layers.size())
    layers.resize(ctx + 1);
  size_t size = flow.size() * states;
  layers[ctx].dist.assign(size, NoId);
  layers[ctx].parentEdge.reset(new uint32_t[size]);
  layers[ctx].parentFrom.reset(new uint32_t[size]);
}

uint32_t ProductSearch::distance(NodeId n, unsigned q) const {
  uint32_t best = NoId;
  for (uint32_t c = 0; c < layers.size(); ++c)
    best = std::min(best, distanceIn(c, n, q));
  return best;
}

std::vector<EdgeId> withBranchEntries(const graph::StepGraph &g, const std::vector<EdgeId> &path,
                                      NodeId end) {
  std::vector<EdgeId> out;
  auto enter = [&](NodeId entry) {
    for (EdgeId b : g.in(entry))
      if (g.edges[b].kind == graph::EdgeKind::Branch)
        out.push_back(b);
  };
  for (size_t k = 0; k < path.size(); ++k) {
    if (k > 0 && g.edges[path[k - 1]].to != g.edges[path[k]].from)
      enter(g.edges[path[k]].from);
    out.push_back(path[k]);
  }
  if (!path.empty() && g.edges[path.back()].to != end)
    enter(end);
  return out;
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
  while (layers[ctx].dist[i] != 0) {
    const Layer &layer = layers[ctx];
    EdgeId e = layer.parentEdge[i];
    uint32_t from = layer.parentFrom[i];
    path.push_back(e);
    i = index(flow.graph().edges[e].from, from & 0xffff);
    ctx = from >> 16;
  }
  std::reverse(path.begin(), path.end());
  return withBranchEntries(flow.graph(), path, n);
}

} // namespace drbook::verify
