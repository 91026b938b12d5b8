//===- Agreement.cpp - The verifier against brute force, on one step graph -===//
#include "Agreement.h"
#include "BruteForce.h"

#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

#include <gtest/gtest.h>

#include <set>

namespace drbook::testing {

using namespace drbook::graph;
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

// A counterexample must start at the start, follow edges, and respect every run value. Inside
// a `parallel` it is an interleaving: each edge leaves a step some branch is at (a fork stays
// available until each of its branches is entered).
::testing::AssertionResult isFeasiblePath(const StepGraph &g, const std::vector<EdgeId> &path) {
  std::multiset<NodeId> at{g.start};
  std::vector<ValueMask> masks;
  for (const RunVar &v : g.runVars)
    masks.push_back((ValueMask(1) << v.values.size()) - 1);
  for (EdgeId e : path) {
    const Edge &edge = g.edges[e];
    auto from = at.find(edge.from);
    if (from == at.end())
      return ::testing::AssertionFailure()
             << "edge " << e << " (" << g.nodes[edge.from].id << " -> " << g.nodes[edge.to].id
             << ") leaves no step the run is at";
    if (edge.var != NoId && !(masks[edge.var] &= edge.allowed))
      return ::testing::AssertionFailure() << "edge " << e << " is infeasible on this path";
    if (edge.kind != EdgeKind::Branch)
      at.erase(from);
    at.insert(edge.to);
  }
  return ::testing::AssertionSuccess();
}

std::string pathText(const StepGraph &g, const std::vector<EdgeId> &path) {
  std::string text;
  for (EdgeId e : path)
    text += "\n  " + g.nodes[g.edges[e].from].id + " -> " + g.nodes[g.edges[e].to].id;
  return text;
}

bool hasParallel(const StepGraph &g) {
  for (const Node &n : g.nodes)
    if (n.kind == NodeKind::Fork)
      return true;
  return false;
}

// Without `parallel`: the same violations, each counterexample a feasible path through the
// step, as short as the shortest violating path, and violating the rule when walked alone.
void expectSamePaths(const StepGraph &g, const std::string &what, const OracleResult &oracle,
                     Tally &tally) {
  std::map<ViolationKey, size_t> found;
  for (const Violation &v : pathChecks(g)) {
    ViolationKey key{v.rule, v.node, v.invariant};
    EXPECT_TRUE(isFeasiblePath(g, v.path)) << what << " " << v.rule;
    bool passes = v.path.empty() ? v.node == g.start : g.edges[v.path.back()].to == v.node;
    for (EdgeId e : v.path)
      passes |= g.edges[e].from == v.node;
    EXPECT_TRUE(passes) << what << " " << v.rule << " path misses node " << v.node;
    EXPECT_TRUE(bruteForce(g, 400000, &v.path).violations.count(key))
        << what << ": the counterexample of " << v.rule << " at " << g.nodes[v.node].id
        << " does not violate it";
    ++tally.replayed;
    auto [it, fresh] = found.emplace(key, v.path.size());
    if (!fresh)
      it->second = std::min(it->second, v.path.size());
  }
  for (const auto &[key, length] : oracle.violations) {
    auto it = found.find(key);
    ASSERT_NE(it, found.end()) << what << ": missed " << std::get<0>(key) << " at "
                               << g.nodes[std::get<1>(key)].id << " (invariant " << std::get<2>(key)
                               << ")";
    EXPECT_EQ(it->second, length) << what << ": " << std::get<0>(key)
                                  << " counterexample is not the shortest";
  }
  for (const auto &[key, length] : found)
    EXPECT_TRUE(oracle.violations.count(key))
        << what << ": false alarm " << std::get<0>(key) << " at " << g.nodes[std::get<1>(key)].id;
}

// With `parallel`: the verifier walks the branches one after another, the brute force every
// interleaving; the violations must be the same (their counterexamples are interleavings, so
// lengths differ), and each counterexample is still a feasible path.
void expectSameInterleavings(const StepGraph &g, const std::string &what,
                             const OracleResult &oracle) {
  std::set<ViolationKey> found, expected;
  for (const Violation &v : pathChecks(g)) {
    found.insert({v.rule, v.node, v.invariant});
    EXPECT_TRUE(isFeasiblePath(g, v.path)) << what << " " << v.rule << pathText(g, v.path);
  }
  for (const auto &[key, length] : oracle.violations)
    expected.insert(key);
  for (const ViolationKey &key : expected)
    EXPECT_TRUE(found.count(key)) << what << ": missed " << std::get<0>(key) << " at "
                                  << g.nodes[std::get<1>(key)].id;
  for (const ViolationKey &key : found)
    EXPECT_TRUE(expected.count(key))
        << what << ": false alarm " << std::get<0>(key) << " at " << g.nodes[std::get<1>(key)].id;
}

// The time budget: reported exactly when the longest completing run exceeds it, and the
// reported critical path takes exactly that long.
void expectSameBudget(const StepGraph &g, const std::string &what, const OracleResult &oracle) {
  std::vector<Violation> budget;
  checkBudget(FlowGraph(g), budget);
  const Violation *rto = nullptr;
  for (const Violation &v : budget)
    if (v.rule == "rto-exceeded")
      rto = &v;
  bool exceeds = g.rtoMs && oracle.worstRun > *g.rtoMs;
  ASSERT_EQ(rto != nullptr, exceeds) << what << " worst " << oracle.worstRun;
  if (!rto)
    return;
  EXPECT_TRUE(isFeasiblePath(g, rto->path)) << what;
  int64_t total = 0;
  for (EdgeId e : rto->path)
    total += g.nodes[g.edges[e].from].durationMs;
  EXPECT_EQ(total, oracle.worstRun) << what;
}

} // namespace

void expectAgreement(const StepGraph &g, const std::string &what, Tally &tally) {
  bool parallel = hasParallel(g);
  if (parallel) {
    std::vector<Violation> races;
    checkParallel(FlowGraph(g), races);
    if (!races.empty()) {
      ++tally.rejected;
      return;
    }
  }
  OracleResult oracle = bruteForce(g);
  if (oracle.truncated) {
    ++tally.skipped;
    return;
  }
  ++tally.compared;
  tally.violating += !oracle.violations.empty();
  if (parallel)
    return expectSameInterleavings(g, what, oracle);
  expectSamePaths(g, what, oracle, tally);
  expectSameBudget(g, what, oracle);
}

} // namespace drbook::testing
