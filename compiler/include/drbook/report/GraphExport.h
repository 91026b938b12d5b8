//===- GraphExport.h - The step graph as Graphviz, Mermaid or JSON --------===//
//
// `drbookc graph`: phases drawn as clusters inside their scenario's cluster, decision and
// match edges labelled with the value that selects them, failure edges dashed. A highlight
// (a counterexample path) is drawn in red.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_REPORT_GRAPHEXPORT_H
#define DRBOOK_REPORT_GRAPHEXPORT_H

#include "drbook/graph/Graph.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <set>

namespace drbook::report {

/// Nodes and edges to draw in red: a counterexample's path and its offending step.
struct Highlight {
  std::set<graph::NodeId> nodes;
  std::set<graph::EdgeId> edges;
};

void writeDot(const graph::StepGraph &g, const Highlight &h, llvm::raw_ostream &os);
void writeMermaid(const graph::StepGraph &g, const Highlight &h, llvm::raw_ostream &os);
void writeGraphJson(const graph::StepGraph &g, const Highlight &h, llvm::raw_ostream &os);

/// The graph drawn as SVG by Graphviz's `dot -Tsvg` (`drbookc graph --format svg`, the live
/// console). Graphviz is not a dependency of drbook: without `dot` on PATH the error says
/// what to install. Each node's tooltip is its plan node id.
llvm::Expected<std::string> drawSvg(const graph::StepGraph &g, const Highlight &h);

} // namespace drbook::report

#endif
