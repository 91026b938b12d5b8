//===- Branches.cpp - Which steps run beside which ---------------------------===//
#include "Branches.h"

#include "llvm/ADT/StringRef.h"

namespace drbook::verify {

using namespace drbook::graph;

Branches::Branches(const StepGraph &graph) : g(graph) {
  std::vector<uint8_t> seen(g.nodes.size()); // all zero between branches
  for (const Edge &e : g.edges) {
    if (e.kind != EdgeKind::Branch)
      continue;
    const std::string &forkId = g.nodes[e.from].id;
    ParallelBranch b;
    b.fork = e.from;
    b.number = e.aux;
    b.prefix = forkId.substr(0, forkId.rfind(':')) + "/branch." + std::to_string(e.aux) + "/";
    if (contains(b, e.to)) {
      b.nodes.push_back(e.to);
      seen[e.to] = 1;
    }
    for (size_t head = 0; head < b.nodes.size(); ++head)
      for (EdgeId out : g.out(b.nodes[head])) {
        NodeId to = g.edges[out].to;
        if (!seen[to] && contains(b, to)) {
          seen[to] = 1;
          b.nodes.push_back(to);
        }
      }
    for (NodeId n : b.nodes)
      seen[n] = 0;
    branches.push_back(std::move(b));
  }
}

bool Branches::contains(const ParallelBranch &b, NodeId n) const {
  return llvm::StringRef(g.nodes[n].id).startswith(b.prefix);
}

std::vector<const ParallelBranch *> Branches::siblings(const ParallelBranch &b) const {
  std::vector<const ParallelBranch *> out;
  for (const ParallelBranch &other : branches)
    if (other.fork == b.fork && other.number != b.number)
      out.push_back(&other);
  return out;
}

std::vector<NodeId> Branches::exits(const ParallelBranch &b) const {
  std::vector<NodeId> out;
  NodeId join = g.nodes[b.fork].partner;
  for (NodeId n : b.nodes) {
    if (isTerminal(g.nodes[n].kind))
      out.push_back(n);
    for (EdgeId e : g.out(n))
      if (g.edges[e].to != join && !contains(b, g.edges[e].to))
        out.push_back(g.edges[e].to);
  }
  return out;
}

std::string branchLabel(const ParallelBranch &b) {
  return "branch " + std::to_string(b.number + 1);
}

std::vector<NodeId> reachableFrom(const StepGraph &g, const std::vector<NodeId> &from,
                                  std::vector<uint8_t> &seen) {
  std::vector<NodeId> queue;
  for (NodeId n : from)
    if (!seen[n]) {
      seen[n] = 1;
      queue.push_back(n);
    }
  for (size_t head = 0; head < queue.size(); ++head)
    for (EdgeId e : g.out(queue[head]))
      if (!seen[g.edges[e].to]) {
        seen[g.edges[e].to] = 1;
        queue.push_back(g.edges[e].to);
      }
  for (NodeId n : queue)
    seen[n] = 0;
  return queue;
}

} // namespace drbook::verify
