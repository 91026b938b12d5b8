//===- Flow.h - The step graph as the verifier walks it --------------------===//
//
// Parallel branches run concurrently, but a path through a Fork in the step graph visits only
// one branch. The flow graph is what the checks walk instead: it threads the branches of each
// `parallel` one after the other (branch 1, then branch 2, …, then the join), so every path
// runs every branch. That order is one interleaving; the parallel-race rule rejects branches
// whose order could matter (one writes a state another reads or writes), which makes this
// order as good as any other.
//
// ProductSearch is the one breadth-first search every path check uses: over pairs of a node
// and a small automaton state, from the start, recording parents so that the shortest
// counterexample to any (node, state) can be read back.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_VERIFY_FLOW_H
#define DRBOOK_VERIFY_FLOW_H

#include "drbook/graph/Graph.h"

#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

namespace drbook::verify {

using graph::EdgeId;
using graph::NodeId;
using graph::NoId;

/// The run values (params, decisions) a path has committed to: for each StepGraph::runVars
/// entry, the values still possible. Contexts are interned and numbered, 0 being "nothing
/// known"; an edge that tests a run value narrows the context or, when it needs a value the
/// path has ruled out, is infeasible. At most `cap` contexts are kept: beyond that a path
/// falls back to context 0, which only admits more paths (sound, less precise).
class RunContexts {
public:
  static constexpr uint32_t Infeasible = NoId;
  explicit RunContexts(const graph::StepGraph &g, unsigned cap = 64);
  /// The context after taking `edge` in context `c`, or Infeasible.
  uint32_t after(uint32_t c, EdgeId edge);
  size_t size() const { return contexts.size(); }

private:
  const graph::StepGraph &g;
  unsigned cap;
  std::vector<uint8_t> tracked;
  std::vector<std::vector<graph::ValueMask>> contexts;
  std::map<std::vector<graph::ValueMask>, uint32_t> ids;
  std::unordered_map<uint64_t, uint32_t> cache;
};

/// One step of the flow graph: along step-graph edge `edge`, to `to` (which differs from the
/// edge's own target where a parallel branch hands over to the next one).
struct FlowEdge {
  NodeId to;
  EdgeId edge;
};

class FlowGraph {
public:
  explicit FlowGraph(const graph::StepGraph &g);

  llvm::ArrayRef<FlowEdge> out(NodeId n) const {
    return llvm::ArrayRef<FlowEdge>(outList).slice(outStart[n], outStart[n + 1] - outStart[n]);
  }
  /// Incoming flow edges; FlowEdge::to is the source node here.
  llvm::ArrayRef<FlowEdge> in(NodeId n) const {
    return llvm::ArrayRef<FlowEdge>(inList).slice(inStart[n], inStart[n + 1] - inStart[n]);
  }
  bool isFailure(const FlowEdge &e) const {
    return g.edges[e.edge].kind == graph::EdgeKind::Failure;
  }
  const graph::StepGraph &graph() const { return g; }
  size_t size() const { return g.nodes.size(); }
  /// Nodes in an order where every flow edge goes forward (the flow graph is acyclic; nodes on
  /// a cycle, which lowering never makes, are left out).
  std::vector<NodeId> topologicalOrder() const;
  /// Shared by every search over this graph.
  RunContexts &contexts() const { return runContexts; }

private:
  const graph::StepGraph &g;
  std::vector<uint32_t> outStart, inStart;
  std::vector<FlowEdge> outList, inList;
  mutable RunContexts runContexts;
};

/// Breadth-first search over (node, q) for q < numStates, on feasible paths only (see
/// RunContexts). The first time a pair is reached is along a shortest path; its length is
/// recorded. Queries answer for the best run context.
class ProductSearch {
public:
  ProductSearch(const FlowGraph &flow, unsigned numStates);

  /// Searches from (source, q0). `next(from, flowEdge, q, emit)` calls `emit(q2)` for every
  /// automaton state reachable by taking `flowEdge` out of `from` in state q.
  template <typename Next> void run(NodeId source, unsigned q0, Next next) {
    std::vector<std::pair<uint32_t, uint64_t>> queue;
    visit(0, source, q0, NoId, 0, 0, 0, queue);
    for (size_t head = 0; head < queue.size(); ++head) {
      auto [ctx, at] = queue[head];
      NodeId n = static_cast<NodeId>(at / states);
      auto q = static_cast<unsigned>(at % states);
      uint32_t d = layers[ctx].dist[at] + 1;
      for (const FlowEdge &e : flow.out(n)) {
        uint32_t c2 = flow.contexts().after(ctx, e.edge);
        if (c2 == RunContexts::Infeasible)
          continue;
        next(n, e, q,
             [&, ctx = ctx](unsigned q2) { visit(c2, e.to, q2, e.edge, ctx, q, d, queue); });
      }
    }
  }

  bool reached(NodeId n, unsigned q) const { return distance(n, q) != NoId; }
  /// The length of the shortest feasible path to (n, q); NoId when unreached.
  uint32_t distance(NodeId n, unsigned q) const;
  /// The edges of the shortest feasible path from the source to (n, q).
  std::vector<EdgeId> pathTo(NodeId n, unsigned q) const;
  /// The same within one run context.
  uint32_t distanceIn(uint32_t ctx, NodeId n, unsigned q) const {
    return ctx < layers.size() && !layers[ctx].dist.empty() ? layers[ctx].dist[index(n, q)] : NoId;
  }
  std::vector<EdgeId> pathIn(uint32_t ctx, NodeId n, unsigned q) const;
  /// Contexts are numbered below this.
  uint32_t numContexts() const { return static_cast<uint32_t>(layers.size()); }
  unsigned numStates() const { return states; }

private:
  struct Layer {
    std::vector<uint32_t> dist, parentEdge, parentCtx;
    std::vector<uint16_t> parentState;
  };
  size_t index(NodeId n, unsigned q) const { return size_t(n) * states + q; }
  void visit(uint32_t ctx, NodeId n, unsigned q, EdgeId via, uint32_t fromCtx, unsigned fromQ,
             uint32_t d, std::vector<std::pair<uint32_t, uint64_t>> &queue);

  const FlowGraph &flow;
  unsigned states;
  std::vector<Layer> layers;
};

} // namespace drbook::verify

#endif
