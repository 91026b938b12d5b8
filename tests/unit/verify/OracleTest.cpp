//===- OracleTest.cpp - The verifier agrees with brute force, both ways ----===//
//
// Thousands of random graphs; on each, every path-based check must report a violation exactly
// when some path violates the property (no false alarms, no misses), with a counterexample
// that is a real path of the graph, feasible, and as short as the shortest violating path.
//
//===----------------------------------------------------------------------===//
#include "BruteForce.h"
#include "RandomGraphs.h"

#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>

using namespace drbook;
using namespace drbook::graph;
using namespace drbook::testing;
using namespace drbook::verify;

namespace {

std::vector<Violation> pathChecks(const StepGraph &g) {
  FlowGraph flow(g);
  std::vector<Violation> out;
  checkRequires(flow, out);
  checkOrderInvariants(flow, out);
  checkPhaseOrder(flow, out);
  checkValidation(flow, out);
  checkDestructive(flow, VerifyOptions(), out);
  checkExhaustive(flow, out);
  return out;
}

// A counterexample must start at the start, follow edges, and respect every run value.
::testing::AssertionResult isFeasiblePath(const StepGraph &g, const std::vector<EdgeId> &path) {
  NodeId at = g.start;
  std::vector<ValueMask> masks;
  for (const RunVar &v : g.runVars)
    masks.push_back((ValueMask(1) << v.values.size()) - 1);
  for (EdgeId e : path) {
    const Edge &edge = g.edges[e];
    if (edge.from != at)
      return ::testing::AssertionFailure() << "edge " << e << " does not leave node " << at;
    if (edge.var != NoId && !(masks[edge.var] &= edge.allowed))
      return ::testing::AssertionFailure() << "edge " << e << " is infeasible on this path";
    at = edge.to;
  }
  return ::testing::AssertionSuccess();
}

void compare(uint32_t seed, unsigned maxNodes, unsigned &skipped, unsigned &violating,
             bool guardHeavy = false) {
  std::unique_ptr<StepGraph> g = randomGraph(seed, maxNodes, guardHeavy);
  OracleResult oracle = bruteForce(*g);
  if (oracle.truncated) {
    ++skipped;
    return;
  }
  std::map<ViolationKey, size_t> found;
  for (const Violation &v : pathChecks(*g)) {
    ViolationKey key{v.rule, v.node, v.invariant};
    EXPECT_TRUE(isFeasiblePath(*g, v.path)) << "seed " << seed << " " << v.rule;
    // The path reaches the offending step (or, for `eventually`, passes it).
    bool passes = v.path.empty() ? v.node == g->start : g->edges[v.path.back()].to == v.node;
    for (EdgeId e : v.path)
      passes |= g->edges[e].from == v.node;
    EXPECT_TRUE(passes) << "seed " << seed << " " << v.rule << " path misses node " << v.node;
    auto [it, fresh] = found.emplace(key, v.path.size());
    if (!fresh)
      it->second = std::min(it->second, v.path.size());
  }
  for (const auto &[key, length] : oracle.violations) {
    auto it = found.find(key);
    ASSERT_NE(it, found.end()) << "seed " << seed << ": missed " << std::get<0>(key) << " at n"
                               << std::get<1>(key) << " (invariant " << std::get<2>(key) << ")";
    EXPECT_EQ(it->second, length) << "seed " << seed << ": " << std::get<0>(key)
                                  << " counterexample is not the shortest";
  }
  for (const auto &[key, length] : found)
    EXPECT_TRUE(oracle.violations.count(key))
        << "seed " << seed << ": false alarm " << std::get<0>(key) << " at n" << std::get<1>(key);
  violating += !oracle.violations.empty();

  // The time budget: reported exactly when the longest completing run exceeds it, and the
  // reported critical path takes exactly that long.
  std::vector<Violation> budget;
  FlowGraph flow(*g);
  checkBudget(flow, budget);
  const Violation *rto = nullptr;
  for (const Violation &v : budget)
    if (v.rule == "rto-exceeded")
      rto = &v;
  bool exceeds = g->rtoMs && oracle.worstRun > *g->rtoMs;
  ASSERT_EQ(rto != nullptr, exceeds) << "seed " << seed << " worst " << oracle.worstRun;
  if (rto) {
    EXPECT_TRUE(isFeasiblePath(*g, rto->path)) << "seed " << seed;
    int64_t total = 0;
    for (EdgeId e : rto->path)
      total += g->nodes[g->edges[e].from].durationMs;
    EXPECT_EQ(total, oracle.worstRun) << "seed " << seed;
  }
}

TEST(Oracle, SmallGraphsAgreeWithEveryPath) {
  unsigned skipped = 0, violating = 0, runs = 10000;
  for (uint32_t seed = 1; seed <= runs; ++seed) {
    compare(seed, 9, skipped, violating);
    if (::testing::Test::HasFatalFailure())
      return;
  }
  EXPECT_LT(skipped, runs / 20);
  // The generator must produce both outcomes, or the test proves little.
  EXPECT_GT(violating, runs / 4);
  EXPECT_LT(violating, runs);
}

// Mostly destructive actions and confirmations: a confirmation guards the next destructive
// step only, which only paths with several of each tell apart from "any confirmation before".
TEST(Oracle, GuardHeavyGraphsAgreeWithEveryPath) {
  unsigned skipped = 0, violating = 0, runs = 3000;
  for (uint32_t seed = 200000; seed < 200000 + runs; ++seed) {
    compare(seed, 10, skipped, violating, /*guardHeavy=*/true);
    if (::testing::Test::HasFatalFailure())
      return;
  }
  EXPECT_LT(skipped, runs / 20);
  EXPECT_GT(violating, runs / 4);
}

TEST(Oracle, LargerGraphsAgreeWithEveryPath) {
  unsigned skipped = 0, violating = 0, runs = 3000;
  for (uint32_t seed = 100000; seed < 100000 + runs; ++seed) {
    compare(seed, 14, skipped, violating);
    if (::testing::Test::HasFatalFailure())
      return;
  }
  EXPECT_LT(skipped, runs / 4);
}

// Every step the checks report, as a set.
std::set<ViolationKey> keysOf(const std::vector<Violation> &violations) {
  std::set<ViolationKey> keys;
  for (const Violation &v : violations)
    keys.insert({v.rule, v.node, v.invariant});
  return keys;
}

// Around one `parallel`, the verifier walks the branches one after another; the brute force
// walks every interleaving of their steps, with the run leaving the parallel only once every
// branch has finished. Wherever parallel-race does not reject the parallel, both must report
// exactly the same violations. (Counterexample lengths differ: an interleaving is not a path.)
TEST(Oracle, ParallelGraphsAgreeWithEveryInterleaving) {
  unsigned runs = 10000, rejected = 0, skipped = 0, compared = 0, violating = 0;
  for (uint32_t seed = 300000; seed < 300000 + runs; ++seed) {
    std::unique_ptr<StepGraph> g = randomParallelGraph(seed);
    std::vector<Violation> races;
    checkParallel(FlowGraph(*g), races);
    if (!races.empty()) {
      ++rejected;
      continue;
    }
    OracleResult oracle = bruteForce(*g);
    if (oracle.truncated) {
      ++skipped;
      continue;
    }
    ++compared;
    std::set<ViolationKey> found = keysOf(pathChecks(*g)), expected;
    for (const auto &[key, length] : oracle.violations)
      expected.insert(key);
    for (const ViolationKey &key : expected)
      EXPECT_TRUE(found.count(key)) << "seed " << seed << ": missed " << std::get<0>(key) << " at "
                                    << g->nodes[std::get<1>(key)].id;
    for (const ViolationKey &key : found)
      EXPECT_TRUE(expected.count(key)) << "seed " << seed << ": false alarm " << std::get<0>(key)
                                       << " at " << g->nodes[std::get<1>(key)].id;
    if (::testing::Test::HasFailure())
      return;
    violating += !expected.empty();
  }
  std::printf("parallel graphs: %u compared (%u with violations), %u rejected by "
              "parallel-race or parallel-branch-ends-run, %u too large\n",
              compared, violating, rejected, skipped);
  EXPECT_LT(skipped, runs / 20);
  EXPECT_GT(compared, runs / 4) << rejected << " rejected";
  EXPECT_GT(violating, compared / 10);
  EXPECT_LT(violating, compared);
}

} // namespace
