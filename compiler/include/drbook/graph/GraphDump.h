//===- GraphDump.h - The step graph as text, for -emit=graph and tests ----===//
#ifndef DRBOOK_GRAPH_GRAPHDUMP_H
#define DRBOOK_GRAPH_GRAPHDUMP_H

#include "drbook/graph/Graph.h"

#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace drbook::graph {

/// One line per node (`id kind "label" @file:line:col`, with its phase, scenario, effects and
/// requires) followed by its outgoing edges, in node order.
void dumpGraph(const StepGraph &g, const llvm::SourceMgr &sources, llvm::raw_ostream &os);

/// `traffic in {stopped}`, `backup may keep, or in {taken}`: an effect in words.
std::string describeEffect(const StepGraph &g, const StateEffect &e);

} // namespace drbook::graph

#endif
