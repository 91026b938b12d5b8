//===- Flow.h - The step graph as the verifier walks it --------------------===//
//
// Parallel branches run concurrently, but a path through a Fork in the step graph visits only
// one branch. The flow graph is what the checks walk instead: it threads the branches of each
// `parallel` one after the other (branch 1, then branch 2, …, then the join), so every path
// runs every branch. That order is one interleaving; parallel-race (Races.cpp) rejects
// branches whose order could matter and destructive-unguarded counts no guard of a sibling
// branch, which makes this order as good as any other (docs/rules.md, Paths).
//
// The flow graph also keeps what the checks read of each node and edge in compact arrays, so a
// search over a million nodes touches a few bytes per node rather than whole Node records.
//
// ProductSearch is the one breadth-first search every path check uses: over pairs of a node
// and a small automaton state, on feasible paths only (RunContexts), from the start, recording
// parents so that the shortest counterexample to any (node, state) can be read back.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_VERIFY_FLOW_H
#define DRBOOK_VERIFY_FLOW_H

#include "drbook/graph/Graph.h"

#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace drbook::verify {

using graph::EdgeId;
using graph::NodeId;
using graph::NoId;

/// One step of the flow graph: along step-graph edge `edge`, to `to` (which differs from the
/// edge's own target where a parallel branch hands over to the next one).
struct FlowEdge {
  NodeId to;
  EdgeId edge : 31;
  /// The step graph edge is a failure edge.
  bool failure : 1;
  /// What the edge does to the run context (an index into FlowGraph's context operations), or
  /// NoId when nothing: it tests no run value that matters and ends no value's last use.
  uint32_t ctxOp;
};

/// How an edge changes the run context: narrow one run value to `allowed` (when `var` is not
/// NoId), then forget the values whose last test lies in [fromPos, toPos) of the topological
/// order: no later step tests them.
struct ContextOp {
  uint32_t var;
  graph::ValueMask allowed;
  uint32_t fromPos, toPos;
};

/// What the checks read of a node.
struct NodeInfo {
  graph::NodeKind kind;
  int8_t phase;
  bool inHandler, destructive, exhaustive, timed;
  /// The node stands for a step of the runbook (not a join or a terminal lowering added).
  bool hasStep;
  /// In a copy of a `finally` block.
  bool cleanup;
  int32_t action, scenario;
  int64_t durationMs;
};

/// The run values (params, decisions) a path has committed to: for each StepGraph::runVars
/// entry, the values still possible. Contexts are interned and numbered, 0 being "nothing
/// known"; an edge that tests a run value narrows the context or, when it needs a value the
/// path has ruled out, is infeasible. At most `cap` contexts are kept: beyond that a path
/// falls back to context 0, which only admits more paths (sound, less precise).
class RunContexts {
public:
  static constexpr uint32_t Infeasible = NoId;
  static constexpr unsigned Cap = 64;
  RunContexts(const std::vector<ContextOp> &ops, const std::vector<uint32_t> &lastPos);
  /// The context after taking `e` in context `c`, or Infeasible.
  uint32_t after(uint32_t c, const FlowEdge &e) { return e.ctxOp == NoId ? c : apply(c, e.ctxOp); }
  size_t size() const { return contexts.size(); }

private:
  /// The run values known so far, sorted by run value; any other is unconstrained.
  using Context = std::vector<std::pair<uint32_t, graph::ValueMask>>;
  uint32_t apply(uint32_t c, uint32_t op);

  const std::vector<ContextOp> &ops;
  const std::vector<uint32_t> &lastPos;
  std::vector<Context> contexts;
  std::map<Context, uint32_t> ids;
  std::unordered_map<uint64_t, uint32_t> cache;
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
  /// The step graph's own edges (parallel branches as forks), for the time budget.
  llvm::ArrayRef<FlowEdge> stepOut(NodeId n) const {
    return llvm::ArrayRef<FlowEdge>(stepList).slice(stepStart[n], stepStart[n + 1] - stepStart[n]);
  }
  bool isFailure(const FlowEdge &e) const { return e.failure; }
  const NodeInfo &info(NodeId n) const { return infos[n]; }
  /// An action node's effects and requires (copies kept beside each other for the searches).
  llvm::ArrayRef<graph::StateEffect> effects(NodeId n) const {
    return llvm::ArrayRef<graph::StateEffect>(effectList)
        .slice(effectStart[n], effectStart[n + 1] - effectStart[n]);
  }
  llvm::ArrayRef<unsigned>
  requires(NodeId n) const {
    return llvm::ArrayRef<unsigned>(requireList)
        .slice(requireStart[n], requireStart[n + 1] - requireStart[n]);
  }
  const graph::StepGraph &graph() const { return g; }
  size_t size() const { return infos.size(); }
  /// Nodes in an order where every flow edge goes forward (the flow graph is acyclic; nodes on
  /// a cycle, which lowering never makes, are left out).
  std::vector<NodeId> topologicalOrder() const;
  /// For each node, whether it is an occurrence of `event`.
  std::vector<uint8_t> occurrences(const graph::EventRef &event) const;
  /// Shared by every search over this graph.
  RunContexts &contexts() const { return runContexts; }

private:
  void copyNodes();
  std::vector<NodeId> parallelTargets() const;
  void buildRows(const std::vector<NodeId> &targets);
  void computeContextOps(const std::vector<NodeId> &targets);

  const graph::StepGraph &g;
  std::vector<NodeInfo> infos;
  std::vector<uint32_t> outStart, inStart, stepStart, effectStart, requireStart;
  std::vector<graph::StateEffect> effectList;
  std::vector<unsigned> requireList;
  std::vector<FlowEdge> outList, inList, stepList;
  std::vector<ContextOp> contextOps;
  std::vector<uint32_t> lastTestPos;
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
    std::vector<uint64_t> queue;
    queue.reserve(flow.size());
    visit(0, index(source, q0), NoId, 0, 0, queue);
    RunContexts &contexts = flow.contexts();
    for (size_t head = 0; head < queue.size(); ++head) {
      auto ctx = static_cast<uint32_t>(queue[head] >> 40);
      uint64_t at = queue[head] & ((uint64_t(1) << 40) - 1);
      NodeId n = static_cast<NodeId>(at / states);
      auto q = static_cast<unsigned>(at % states);
      uint32_t d = layers[ctx].dist[at] + 1;
      for (const FlowEdge &e : flow.out(n)) {
        uint32_t c2 = contexts.after(ctx, e);
        if (c2 == RunContexts::Infeasible)
          continue;
        next(n, e, q,
             [&](unsigned q2) { visit(c2, index(e.to, q2), e.edge, (ctx << 16) | q, d, queue); });
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
  /// Per run context: distance, and the parent (edge, and context << 16 | state). Parents
  /// are written only where a state is reached, so their memory is never touched elsewhere.
  struct Layer {
    std::vector<uint32_t> dist;
    std::unique_ptr<uint32_t[]> parentEdge, parentFrom;
  };
  size_t index(NodeId n, unsigned q) const { return size_t(n) * states + q; }
  void visit(uint32_t ctx, size_t i, EdgeId via, uint32_t from, uint32_t d,
             std::vector<uint64_t> &queue) {
    if (ctx >= layers.size() || layers[ctx].dist.empty())
      addLayer(ctx);
    Layer &layer = layers[ctx];
    if (layer.dist[i] != NoId)
      return;
    layer.dist[i] = d;
    layer.parentEdge[i] = via;
    layer.parentFrom[i] = from;
    queue.push_back((uint64_t(ctx) << 40) | i);
  }
  void addLayer(uint32_t ctx);

  const FlowGraph &flow;
  unsigned states;
  std::vector<Layer> layers;
};

/// A path of flow edges as the step graph's real path: where one parallel branch hands over to
/// the next, the run took the edge into the join and then the fork's edge into the next
/// branch, and the path says both. `end` is where the path ends.
std::vector<EdgeId> withBranchEntries(const graph::StepGraph &g, const std::vector<EdgeId> &path,
                                      NodeId end);

} // namespace drbook::verify

#endif
