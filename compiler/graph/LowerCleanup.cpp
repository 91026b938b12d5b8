//===- LowerCleanup.cpp - `finally`: cleanup on the way to every end -------===//
//
// A `finally` block runs whenever a run ends: after a pass, an abort, an escalation or a
// failure; a scenario's own first, then the runbook's. Every end of the run gets a copy of the
// cleanup that applies to it, placed just before the end node. The graph stays acyclic and
// every check sees each cleanup step after exactly the steps that can precede it there: a
// `requires` in cleanup is proved on the path that aborted as on the one that passed.
//
// Cleanup is best effort. A failing cleanup step goes on to the next one (after its own
// `on failure`, if written), so one failure never skips the rest; the failure is recorded and
// the run ends as it was going to.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"

namespace drbook::graph {

using namespace drbook::ast;

NodeId Lowerer::endRun(Node terminal, Tails &in) {
  size_t first = g->nodes.size();
  int32_t scenario = terminal.scenario;
  Scope scope;
  scope.prefix = terminal.id;
  scope.scenario = scenario;
  scope.cleanup = true;
  if (scenario >= 0 && g->scenarios[scenario].decl && g->scenarios[scenario].decl->finally) {
    scope.prefix = terminal.id + "/finally." + g->scenarios[scenario].name;
    in = lowerCleanup(*g->scenarios[scenario].decl->finally, scope,
                      "finally of scenario " + g->scenarios[scenario].name, std::move(in));
  }
  if (root.finally) {
    scope.prefix = terminal.id + "/finally";
    in = lowerCleanup(*root.finally, scope, "finally of the runbook", std::move(in));
  }
  NodeId end = connect(std::move(terminal), in);
  return first < g->nodes.size() ? static_cast<NodeId>(first) : end;
}

// The entry node, then each step followed by a join where its success and its failure meet.
Tails Lowerer::lowerCleanup(const Block &block, const Scope &scope, const std::string &what,
                            Tails in) {
  Node entry;
  entry.kind = NodeKind::Finally;
  entry.id = scope.prefix;
  entry.label = what;
  entry.range = block.range;
  placeIn(entry, scope);
  in = next(connect(std::move(entry), in));
  for (size_t i = 0; i < block.steps.size(); ++i) {
    const Step &s = *block.steps[i];
    std::string at = scope.prefix + "/" + std::to_string(i);
    Node join;
    join.kind = NodeKind::Join;
    join.id = at + ":after";
    join.range = s.range;
    placeIn(join, scope);
    Tails none;
    NodeId after = connect(std::move(join), none);
    Scope inner = scope;
    inner.failTarget = after;
    Tails done = lowerStep(s, {inner, at + ":" + stepIdSuffix(s), at}, std::move(in));
    attach(done, after);
    in = next(after);
  }
  // The next copy lowers its own handlers.
  forgetHandlers(block);
  return in;
}

} // namespace drbook::graph
