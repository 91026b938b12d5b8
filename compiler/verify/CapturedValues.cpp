//===- CapturedValues.cpp - value-unset --------------------------------------===//
//
// A captured value (an action's or probe's output, an `ask` answer) exists once the step that
// captures it has completed. For each value read anywhere, a search over (node, captured yet)
// from the start finds the shortest feasible path that reaches a read without the capture:
// a capture in one branch of an `if`, only on the way through a failure handler, or after the
// read. The flow graph runs `parallel` branches one after another; since they really run at
// the same time, a value captured in one branch and read in a sibling is reported as well.
//
//===----------------------------------------------------------------------===//
#include "Branches.h"
#include "Describe.h"

#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

#include <set>

namespace drbook::verify {

using namespace drbook::graph;

namespace {

/// How the value gets captured, for messages: `it is captured by \`ask ticket\``.
std::string capturedBy(const CaptureVar &c) {
  const ast::Decl *origin = c.decl ? c.decl->origin : nullptr;
  if (!origin)
    return "it is captured by `ask " + c.name + "`, which this path does not run first";
  if (llvm::isa<ast::ProbeDecl>(origin))
    return "it is captured when probe '" + origin->name +
           "' passes a gate (a `must`, a `check` in containment or recovery, or one with "
           "`on failure`), which this path does not do first";
  return "it is captured when action '" + origin->name +
         "' succeeds, which this path does not do first";
}

class CaptureCheck {
public:
  CaptureCheck(const FlowGraph &flow) : flow(flow), g(flow.graph()) {}

  void run(std::vector<Violation> &out) {
    std::vector<std::vector<const CaptureSite *>> uses(g.captures.size());
    for (const CaptureSite &u : g.captureUses)
      uses[u.capture].push_back(&u);
    for (unsigned c = 0; c < g.captures.size(); ++c)
      if (!uses[c].empty())
        checkValue(c, uses[c], out);
    checkSiblings(out);
  }

private:
  void checkValue(unsigned c, const std::vector<const CaptureSite *> &uses,
                  std::vector<Violation> &out) {
    std::vector<uint8_t> sets(g.nodes.size());
    for (const CaptureSite &s : g.captureSets)
      if (s.capture == c)
        sets[s.node] = 1;
    ProductSearch search(flow, 2);
    // An `each` element's test binds the loop variable only on its way into the body.
    auto capturesOn = [&](NodeId from, const FlowEdge &e) {
      return sets[from] && !e.failure &&
             (g.nodes[from].element == 0 || g.edges[e.edge].kind == EdgeKind::Then);
    };
    search.run(g.start, 0, [&](NodeId from, const FlowEdge &e, unsigned q, auto emit) {
      emit(q == 0 && capturesOn(from, e) ? 1 : q);
    });
    std::string why = std::count(sets.begin(), sets.end(), 1) == 0
                          ? "no step of the runbook captures it"
                          : capturedBy(g.captures[c]);
    std::set<NodeId> reported;
    for (const CaptureSite *u : uses) {
      // A step reads what it captures itself (an action's effects, a probe's expect) after
      // capturing it.
      if (sets[u->node] || !search.reached(u->node, 0) || !reported.insert(u->node).second)
        continue;
      if (count++ >= MaxViolationsPerCheck)
        return;
      Violation v;
      v.rule = "value-unset";
      v.node = u->node;
      v.range = u->range;
      v.message = "`" + g.captures[c].name + "` may be read here before it is captured: " + why;
      v.path = search.pathTo(u->node, 0);
      out.push_back(std::move(v));
    }
  }

  /// Values captured in one branch of a `parallel` and read in another.
  void checkSiblings(std::vector<Violation> &out) {
    if (g.captureSets.empty() || g.captureUses.empty())
      return;
    Branches branches(g);
    for (const ParallelBranch &b : branches.all())
      for (const CaptureSite &s : g.captureSets) {
        // A `parallel each` binds its variable in every branch, each its own element.
        if (!branches.contains(b, s.node) || g.nodes[s.node].element > 0)
          continue;
        for (const ParallelBranch *other : branches.siblings(b))
          for (const CaptureSite &u : g.captureUses)
            if (u.capture == s.capture && branches.contains(*other, u.node) &&
                count++ < MaxViolationsPerCheck)
              out.push_back(race(b, *other, s, u));
      }
  }

  Violation race(const ParallelBranch &setter, const ParallelBranch &reader, const CaptureSite &s,
                 const CaptureSite &u) const {
    Violation v;
    v.rule = "value-unset";
    v.node = u.node;
    v.range = u.range;
    v.message = "`" + g.captures[u.capture].name + "` is captured in " + branchLabel(setter) +
                " of this `parallel` (" + stepName(g, s.node) + ") and read in " +
                branchLabel(reader) +
                "; the branches run at the same time, so it may not be captured yet; read it "
                "after the `parallel`";
    return v;
  }

  const FlowGraph &flow;
  const StepGraph &g;
  size_t count = 0;
};

} // namespace

void checkCapturedValues(const FlowGraph &flow, std::vector<Violation> &out) {
  if (!flow.graph().captureUses.empty())
    CaptureCheck(flow).run(out);
}

} // namespace drbook::verify
