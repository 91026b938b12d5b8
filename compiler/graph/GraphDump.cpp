//===- GraphDump.cpp - The step graph as text ------------------------------===//
#include "drbook/graph/GraphDump.h"

namespace drbook::graph {

static std::string location(const llvm::SourceMgr &sources, llvm::SMRange range) {
  if (!range.Start.isValid())
    return "";
  unsigned buffer = sources.FindBufferContainingLoc(range.Start);
  if (!buffer)
    return "";
  auto [line, col] = sources.getLineAndColumn(range.Start, buffer);
  llvm::StringRef path = sources.getMemoryBuffer(buffer)->getBufferIdentifier();
  size_t slash = path.find_last_of('/');
  if (slash != llvm::StringRef::npos)
    path = path.substr(slash + 1);
  return " @" + path.str() + ":" + std::to_string(line) + ":" + std::to_string(col);
}

std::string describeEffect(const StepGraph &g, const StateEffect &e) {
  const StateVar &s = g.states[e.state];
  std::string values;
  for (size_t i = 0; i < s.values.size(); ++i)
    if ((e.values >> i) & 1)
      values += (values.empty() ? "" : "|") + s.values[i];
  return s.name + (e.mayKeep ? " ?= " : " = ") + values;
}

void dumpGraph(const StepGraph &g, const llvm::SourceMgr &sources, llvm::raw_ostream &os) {
  for (NodeId n = 0; n < g.nodes.size(); ++n) {
    const Node &node = g.nodes[n];
    os << node.id << " " << spelling(node.kind) << " \"" << node.label << "\""
       << location(sources, node.range);
    if (node.phase >= 0)
      os << " phase=" << ast::spelling(static_cast<ast::PhaseKind>(node.phase));
    if (node.scenario >= 0)
      os << " scenario=" << g.scenarios[node.scenario].name;
    if (node.inHandler)
      os << " handler";
    if (node.gate)
      os << " gate";
    if (node.destructive)
      os << " destructive";
    if (!node.exhaustive)
      os << " not-exhaustive" << (node.uncovered.empty() ? "" : "(" + node.uncovered + ")");
    if (node.durationMs || !node.timed)
      os << " time=" << (node.timed ? std::to_string(node.durationMs) + "ms" : "unbounded");
    for (const StateEffect &e : node.effects)
      os << " effect[" << describeEffect(g, e) << "]";
    for (unsigned p : node.requires)
      os << " requires[" << g.predicates[p].text << "]";
    os << "\n";
    for (EdgeId e : g.out(n)) {
      const Edge &edge = g.edges[e];
      os << "  -" << spelling(edge.kind);
      if (!edge.label.empty())
        os << "(" << edge.label << ")";
      if (edge.kind == EdgeKind::Branch || g.nodes[edge.to].kind == NodeKind::ParallelJoin)
        os << "[" << edge.aux << "]";
      if (edge.var != NoId) {
        const RunVar &v = g.runVars[edge.var];
        os << "{" << v.name << " in ";
        std::string sep;
        for (size_t i = 0; i < v.values.size(); ++i)
          if ((edge.allowed >> i) & 1) {
            os << sep << v.values[i];
            sep = "|";
          }
        os << "}";
      }
      os << "-> " << g.nodes[edge.to].id << "\n";
    }
  }
}

} // namespace drbook::graph
