//===- PerformanceTest.cpp - The verifier is linear: a million nodes in a second
//
// A long runbook-shaped graph: many decisions in sequence (each with three values), actions
// that set and require states, gates with failure edges into a handler, phases, validation,
// a destructive action and invariants of every kind. Enumerating its paths would take 3^N
// steps; the verifier must stay well under a second for a million nodes.
//
//===----------------------------------------------------------------------===//
#include "drbook/verify/Verifier.h"

#include <gtest/gtest.h>

#include <ctime>

using namespace drbook;
using namespace drbook::graph;
using namespace drbook::verify;

namespace {

std::unique_ptr<StepGraph> longRunbook(unsigned nodes) {
  auto g = std::make_unique<StepGraph>();
  g->states.push_back({"traffic", {"serving", "stopped"}, 0, {}});
  g->states.push_back({"backup", {"none", "taken"}, 0, {}});
  g->actions.push_back({"stop", "", false, false, nullptr});
  g->actions.push_back({"restore", "", true, false, nullptr});
  Predicate stopped;
  stopped.terms.push_back({Predicate::Op::Atom, 0, 2, 0, 0, {}});
  stopped.text = "traffic == stopped";
  g->predicates.push_back(stopped);
  g->rtoMs = int64_t(1) << 40;

  auto add = [&](NodeKind kind, int8_t phase) {
    Node n;
    n.kind = kind;
    n.phase = phase;
    n.id = std::to_string(g->nodes.size());
    n.label = n.id;
    n.durationMs = 1000;
    return g->addNode(std::move(n));
  };
  NodeId start = add(NodeKind::Start, -1);
  NodeId fail = add(NodeKind::Fail, -1);
  g->start = start;
  NodeId prev = add(NodeKind::PhaseEntry, 2);
  g->addEdge(start, prev, EdgeKind::Next);
  while (g->nodes.size() + 8 < nodes) {
    NodeId decision = add(NodeKind::Decision, 2);
    g->addEdge(prev, decision, EdgeKind::Next);
    NodeId stop = add(NodeKind::Action, 2);
    g->nodes[stop].action = 0;
    g->nodes[stop].effects.push_back({0, 2, false});
    NodeId restore = add(NodeKind::Action, 2);
    g->nodes[restore].action = 1;
    g->nodes[restore].destructive = true;
    g->nodes[restore].requires.push_back(0);
    g->nodes[restore].effects.push_back({1, 2, true});
    NodeId join = add(NodeKind::Join, 2);
    g->addEdge(decision, stop, EdgeKind::Value, "a");
    g->addEdge(decision, restore, EdgeKind::Value, "b");
    g->addEdge(decision, join, EdgeKind::Value, "c");
    g->addEdge(stop, restore, EdgeKind::Ok);
    g->addEdge(stop, fail, EdgeKind::Failure);
    g->addEdge(restore, join, EdgeKind::Ok);
    g->addEdge(restore, fail, EdgeKind::Failure);
    prev = join;
  }
  NodeId validation = add(NodeKind::PhaseEntry, 3);
  NodeId must = add(NodeKind::Must, 3);
  NodeId pass = add(NodeKind::Pass, -1);
  g->addEdge(prev, validation, EdgeKind::Next);
  g->addEdge(validation, must, EdgeKind::Next);
  g->addEdge(must, pass, EdgeKind::Ok);
  g->addEdge(must, fail, EdgeKind::Failure);
  InvariantInfo before, eventually, never;
  before.predicate = 0;
  before.subject = {EventRef::Kind::Action, 1, "restore"};
  eventually.kind = ast::InvariantKind::AfterEventually;
  eventually.subject = before.subject;
  eventually.other = {EventRef::Kind::Phase, 3, "validation"};
  never.kind = ast::InvariantKind::NeverAfter;
  never.subject = {EventRef::Kind::Action, 0, "stop"};
  never.other = before.subject;
  g->invariants = {before, eventually, never};
  g->finalize();
  return g;
}

TEST(Performance, MillionNodesUnderASecond) {
  std::unique_ptr<StepGraph> g = longRunbook(1000000);
  // Processor time, not wall time: the machines that run the tests are often shared.
  double best = 1e9;
  size_t violations = 0;
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::clock_t begin = std::clock();
    violations = verifyGraph(*g).size();
    best = std::min(best, double(std::clock() - begin) / CLOCKS_PER_SEC);
  }
  // Every restore can run while traffic is serving, and is unguarded, and a stop follows a
  // restore in the next group: the checks really ran over the whole graph.
  EXPECT_GT(violations, 3u);
  EXPECT_LT(best, 1.0) << "verifying " << g->nodes.size() << " nodes took " << best << "s";
  RecordProperty("seconds", std::to_string(best));
}

} // namespace
