//===- OracleTest.cpp - The verifier agrees with brute force, both ways ----===//
//
// Thousands of random step graphs; on each, every path-based check must report a violation
// exactly when some path violates the property (no false alarms, no misses), with a
// counterexample that is a real path of the graph, feasible, as short as the shortest violating
// path, and violating the rule when the brute force walks it (Agreement.h).
//
//===----------------------------------------------------------------------===//
#include "Agreement.h"
#include "RandomGraphs.h"

#include <gtest/gtest.h>

#include <cstdio>

using namespace drbook;
using namespace drbook::graph;
using namespace drbook::testing;

namespace {

Tally compareRange(uint32_t first, unsigned runs, unsigned maxNodes, bool guardHeavy = false) {
  Tally tally;
  for (uint32_t seed = first; seed < first + runs; ++seed) {
    expectAgreement(*randomGraph(seed, maxNodes, guardHeavy), "seed " + std::to_string(seed),
                    tally);
    if (::testing::Test::HasFailure())
      break;
  }
  return tally;
}

TEST(Oracle, SmallGraphsAgreeWithEveryPath) {
  unsigned runs = 10000;
  Tally t = compareRange(1, runs, 9);
  EXPECT_LT(t.skipped, runs / 20);
  // The generator must produce both outcomes, or the test proves little.
  EXPECT_GT(t.violating, runs / 4);
  EXPECT_LT(t.violating, runs);
}

// Mostly destructive actions and confirmations: a confirmation guards the next destructive
// step only, which only paths with several of each tell apart from "any confirmation before".
TEST(Oracle, GuardHeavyGraphsAgreeWithEveryPath) {
  unsigned runs = 3000;
  Tally t = compareRange(200000, runs, 10, /*guardHeavy=*/true);
  EXPECT_LT(t.skipped, runs / 20);
  EXPECT_GT(t.violating, runs / 4);
}

TEST(Oracle, LargerGraphsAgreeWithEveryPath) {
  unsigned runs = 3000;
  Tally t = compareRange(100000, runs, 14);
  EXPECT_LT(t.skipped, runs / 4);
}

// Around one `parallel`, the verifier walks the branches one after another; the brute force
// walks every interleaving of their steps, with the run leaving the parallel only once every
// branch has finished. Wherever parallel-race does not reject the parallel, both must report
// exactly the same violations.
TEST(Oracle, ParallelGraphsAgreeWithEveryInterleaving) {
  unsigned runs = 10000;
  Tally t;
  for (uint32_t seed = 300000; seed < 300000 + runs && !::testing::Test::HasFailure(); ++seed)
    expectAgreement(*randomParallelGraph(seed), "seed " + std::to_string(seed), t);
  std::printf("parallel graphs: %u compared (%u with violations), %u rejected by "
              "parallel-race or parallel-branch-ends-run, %u too large\n",
              t.compared, t.violating, t.rejected, t.skipped);
  EXPECT_LT(t.skipped, runs / 20);
  EXPECT_GT(t.compared, runs / 4) << t.rejected << " rejected";
  EXPECT_GT(t.violating, t.compared / 10);
  EXPECT_LT(t.violating, t.compared);
}

} // namespace
