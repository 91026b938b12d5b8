//===- PlanPathsTest.cpp - Enumerating the paths through a runbook --------===//
#include "RunTestSupport.h"

#include "drbook/run/PlanPaths.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

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

// The choices along a path, as `drbook plan` prints them.
std::string choices(const graph::StepGraph &g, const PlanPath &path) {
  std::string out;
  for (graph::EdgeId e : path.edges)
    if (g.edges[e].kind == graph::EdgeKind::Value || g.edges[e].kind == graph::EdgeKind::Arm)
      out += g.describeEdge(e) + "; ";
  return out;
}

// The first `n` characters of each path's choices, once each.
std::set<std::string> choicePrefixes(const graph::StepGraph &g, const std::vector<PlanPath> &paths,
                                     size_t n) {
  std::set<std::string> out;
  for (const PlanPath &path : paths)
    out.insert(choices(g, path).substr(0, n));
  return out;
}

TEST(PlanPaths, DecisionsKeepTheirValues) {
  auto p = compileText(R"(runbook pp "Paths" {
  probe ok: cmd "true" expect exit == 0 timeout 5s
  action a { run "true" timeout 5s }
  detection { decide host { ask "Where?" { web "Web" db "Database" } } }
  recovery {
    match host {
      web => do a
      db => do a
    }
  }
  validation { must ok }
}
)");
  ASSERT_TRUE(p);
  bool truncated = true;
  std::vector<PlanPath> paths = enumeratePaths(*p->graph, 100, truncated);
  EXPECT_FALSE(truncated);
  std::set<std::string> seen = choicePrefixes(*p->graph, paths, 40);
  for (const std::string &c : seen) {
    EXPECT_EQ(c.find("decide host = web; match host => db"), std::string::npos) << c;
    EXPECT_EQ(c.find("decide host = db; match host => web"), std::string::npos) << c;
  }
  EXPECT_EQ(seen.count("decide host = web; match host => web; "), 1u);
  EXPECT_EQ(seen.count("decide host = db; match host => db; "), 1u);
}

TEST(PlanPaths, ACappedListingReachesEveryScenario) {
  auto p = compileText(R"(runbook pp "Paths" {
  probe ok: cmd "true" expect exit == 0 timeout 5s
  detection { decide scenario { ask "Which?" { a "A" b "B" c "C" } } }
  scenario a "A" {
    recovery {
      decide x { ask "X?" { x1 "1" x2 "2" x3 "3" } }
      decide y { ask "Y?" { y1 "1" y2 "2" y3 "3" } }
    }
    validation { must ok }
  }
  scenario b "B" { recovery { run "true" timeout 5s } validation { must ok } }
  scenario c "C" { recovery { run "true" timeout 5s } validation { must ok } }
}
)");
  ASSERT_TRUE(p);
  bool truncated = false;
  std::vector<PlanPath> paths = enumeratePaths(*p->graph, 4, truncated);
  EXPECT_TRUE(truncated);
  std::set<std::string> scenarios = choicePrefixes(*p->graph, paths, 19);
  EXPECT_EQ(scenarios.size(), 3u) << "the first 4 paths cover every scenario";
}

// A chain of 200,000 steps, each of which can fail: walked without recursion, which overflowed
// the stack at a hundred thousand.
TEST(PlanPaths, LongChainsNeedNoRecursion) {
  graph::StepGraph g;
  graph::Node start, fail, step, pass;
  start.kind = graph::NodeKind::Start;
  fail.kind = graph::NodeKind::Fail;
  step.kind = graph::NodeKind::Action;
  pass.kind = graph::NodeKind::Pass;
  g.start = g.addNode(start);
  graph::NodeId failed = g.addNode(fail), at = g.start;
  for (int i = 0; i < 200000; ++i) {
    graph::NodeId next = g.addNode(step);
    g.addEdge(at, next, i ? graph::EdgeKind::Ok : graph::EdgeKind::Next);
    if (i)
      g.addEdge(at, failed, graph::EdgeKind::Failure);
    at = next;
  }
  g.addEdge(at, g.addNode(pass), graph::EdgeKind::Ok);
  g.finalize();
  bool truncated = false;
  std::vector<PlanPath> paths = enumeratePaths(g, 3, truncated);
  ASSERT_EQ(paths.size(), 3u);
  EXPECT_TRUE(truncated);
  EXPECT_EQ(paths[0].edges.size(), 200001u);
}

} // namespace
