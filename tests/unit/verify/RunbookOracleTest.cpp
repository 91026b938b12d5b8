//===- RunbookOracleTest.cpp - Random runbooks: verifier and brute force agree ===//
//
// Ten thousand random runbooks, written as source and compiled through the whole front end
// (so every construct's lowering is under test too): on each step graph the verifier and the
// brute force must agree both ways (Agreement.h).
//
//===----------------------------------------------------------------------===//
#include "Agreement.h"
#include "RandomRunbooks.h"

#include "drbook/driver/Compilation.h"
#include "drbook/graph/Graph.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>

using namespace drbook;
using namespace drbook::graph;
using namespace drbook::testing;

namespace {

std::unique_ptr<Compilation> compiled(const std::string &source) {
  auto c = std::make_unique<Compilation>();
  c->stdlibDir = DRBOOK_TEST_STDLIB;
  compileBuffer(*c, llvm::MemoryBuffer::getMemBufferCopy(source, "random.drbook"), Stage::Graph);
  return c;
}

std::string diagnostics(Compilation &c) {
  std::string text;
  llvm::raw_string_ostream os(text);
  c.diags.printText(os, /*colors=*/false);
  return os.str();
}

TEST(RunbookOracle, RandomRunbooksAgreeWithEveryPath) {
  unsigned runs = 10000;
  Tally t;
  std::set<NodeKind> kinds;
  for (uint32_t seed = 1; seed <= runs; ++seed) {
    std::string source = randomRunbook(seed);
    std::unique_ptr<Compilation> c = compiled(source);
    ASSERT_TRUE(c->graph && !c->diags.hasErrors()) << diagnostics(*c) << source;
    for (const Node &n : c->graph->nodes)
      kinds.insert(n.kind);
    expectAgreement(*c->graph, "seed " + std::to_string(seed), t);
    ASSERT_FALSE(::testing::Test::HasFailure()) << source;
  }
  std::printf("random runbooks: %u compared (%u with violations, %u counterexamples replayed), "
              "%u rejected by parallel-race or parallel-branch-ends-run, %u too large\n",
              t.compared, t.violating, t.replayed, t.rejected, t.skipped);
  EXPECT_LT(t.skipped, runs / 10);
  EXPECT_GT(t.compared, runs / 2);
  EXPECT_GT(t.violating, t.compared / 4);
  EXPECT_LT(t.violating, t.compared);
  for (NodeKind k : {NodeKind::Decision, NodeKind::Branch, NodeKind::Fork, NodeKind::Wait,
                     NodeKind::Manual, NodeKind::Must, NodeKind::Abort, NodeKind::Escalate})
    EXPECT_TRUE(kinds.count(k)) << "no runbook had a " << spelling(k) << " step";
}

} // namespace
