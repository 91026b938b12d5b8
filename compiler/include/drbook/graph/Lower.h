//===- Lower.h - From the typed AST to the step graph ----------------------===//
#ifndef DRBOOK_GRAPH_LOWER_H
#define DRBOOK_GRAPH_LOWER_H

#include "drbook/basic/Diagnostics.h"
#include "drbook/graph/Graph.h"

#include <memory>

namespace drbook::graph {

/// Lowers runbook `root` (with the modules it imports) to its step graph. Problems that make
/// the graph meaningless (a scenario the routing decision cannot reach, an enum too large to
/// track) are reported to `diags`; the graph is returned regardless so later checks can run
/// on what there is. Returns null when `root` is a module rather than a runbook.
std::unique_ptr<StepGraph> lowerRunbook(const ast::Module &root,
                                        llvm::ArrayRef<std::unique_ptr<ast::Module>> imported,
                                        DiagnosticEngine &diags);

} // namespace drbook::graph

#endif
