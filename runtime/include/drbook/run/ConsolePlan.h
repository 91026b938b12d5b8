//===- ConsolePlan.h - What the live console shows of a run's plan ---------===//
//
// The step graph drawn by Graphviz and, for the RTO clock, the objective and the worst case
// left from each step (the verifier's critical path from where the run stands). Shared by
// `drbook run --serve` and `drbook watch --serve`.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_CONSOLEPLAN_H
#define DRBOOK_RUN_CONSOLEPLAN_H

#include "drbook/graph/Graph.h"
#include "drbook/run/Operator.h"
#include "drbook/serve/LiveConsole.h"

namespace drbook::run {

/// Gives the console the plan of `g`; without Graphviz the page has no graph, and `who`
/// (`drbook`, `drbook watch`) says so on standard error.
void showPlan(serve::LiveConsole &console, const graph::StepGraph &g, const char *who);

/// The console's page as a source of answers for the Operator (`--serve-answer`).
std::unique_ptr<RemoteAnswers> answersFrom(serve::LiveConsole &console);

} // namespace drbook::run

#endif
