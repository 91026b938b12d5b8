//===- RandomGraphs.h - Small random step graphs for the verifier's oracle ===//
#ifndef DRBOOK_TESTS_RANDOMGRAPHS_H
#define DRBOOK_TESTS_RANDOMGRAPHS_H

#include "drbook/graph/Graph.h"

#include <memory>
#include <random>

namespace drbook::testing {

/// A random acyclic step graph of at most `maxNodes` nodes: random states, run values,
/// actions with effects (some conditional) and requires, decisions and branches whose edges
/// test run values, gates with failure edges, phase entries, validation steps, destructive
/// actions, guards, terminals and invariants of all three kinds. Deterministic in `seed`.
/// `guardHeavy` draws mostly actions (most of them destructive) and confirmations, so that
/// paths where a confirmation is used up by one destructive step before the next are common.
std::unique_ptr<graph::StepGraph> randomGraph(uint32_t seed, unsigned maxNodes,
                                              bool guardHeavy = false);

/// A random graph around one `parallel` (node ids as lowering writes them, so the verifier sees
/// its branches): a few steps, a fork into two or three branches of one to three steps each
/// (actions with effects, requires and failure exits, confirmations, and aborts under a test
/// of a run value), the join, a few steps and a pass; failures go to `fail` or to a handler
/// that escalates.
std::unique_ptr<graph::StepGraph> randomParallelGraph(uint32_t seed);

} // namespace drbook::testing

#endif
