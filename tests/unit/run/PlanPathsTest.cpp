//===- PlanPathsTest.cpp - Enumerating the paths through a runbook --------===//
#include "RunTestSupport.h"

#include "drbook/run/PlanPaths.h"

#include <gtest/gtest.h>

using namespace drbook;
using namespace drbook::run;
using namespace drbook::run::testing;

namespace {

TEST(PlanPaths, OnePathPerDecisionOutcome) {
  auto p = compileText(R"(runbook pp "Paths" {
  probe ok: cmd "true" expect exit == 0 timeout 5s
  detection {
    decide a { ask "A?" { x "X" y "Y" z "Z" } }
    decide b { ask "B?" { u "U" v "V" } }
  }
  recovery {
    parallel {
      run "true" timeout 5s
      run "true" timeout 5s
    }
  }
  validation { must ok }
}
)");
  ASSERT_TRUE(p);
  bool truncated = true;
  std::vector<PlanPath> paths = enumeratePaths(*p->graph, 100, truncated);
  EXPECT_FALSE(truncated);
  // 3 × 2 decision outcomes, each ending in a pass or, when the must fails, a failure.
  size_t passes = 0;
  for (const PlanPath &path : paths)
    if (p->graph->nodes[p->graph->edges[path.edges.back()].to].kind == graph::NodeKind::Pass)
      ++passes;
  EXPECT_EQ(passes, 6u);
  std::vector<PlanPath> capped = enumeratePaths(*p->graph, 4, truncated);
  EXPECT_EQ(capped.size(), 4u);
  EXPECT_TRUE(truncated);
}

} // namespace
