//===- LowerEach.cpp - Loops over lists, unrolled to their bound ------------===//
//
// `each h in hosts { … }` becomes one copy of its body per element the list can have (its
// bound: `max N`, the param's `max`, or a literal list's length), each behind a Branch node
// that goes on when the list has that element and leaves the loop otherwise. The graph stays
// acyclic, every iteration has steps of its own (so the journal, `--resume` and `drbook
// verify` tell iterations apart), and the verifier checks runs of 0, 1, … bound iterations,
// with the time budget counting bound × body. `parallel each` is a `parallel` of bound
// branches, each guarded the same way, so the budget counts one body.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"

#include "drbook/ast/Walk.h"

namespace drbook::graph {

using namespace drbook::ast;

void Lowerer::forgetHandlers(const Block &body) {
  // Each iteration lowers the body again, `on failure` blocks included.
  forEachStep(const_cast<Block &>(body), [&](Step &st) { stepHandlers.erase(&st); });
}

NodeId Lowerer::elementNode(const EachStep &s, const StepSite &site, unsigned k, Tails &in) {
  std::string list = s.list ? sourceText(s.list->range) : "";
  Node n;
  n.kind = NodeKind::Branch;
  n.element = static_cast<uint16_t>(k);
  n.subject = list;
  n.label = "each " + s.var->name + " in " + list + " (element " + std::to_string(k) + ")";
  NodeId node = addStepNode(std::move(n), s, site, in);
  if (s.list)
    g->nodes[node].range = headerRange(s.range, s.list->range.End);
  return node;
}

Tails Lowerer::lowerEach(const EachStep &s, const StepSite &site, Tails in) {
  if (s.parallel)
    return lowerParallelEach(s, site, std::move(in));
  if (s.bound <= 0)
    return in;
  std::vector<NodeId> tests;
  Tails leave, tails = std::move(in);
  Scope inner = site.scope;
  for (unsigned k = 1; k <= s.bound; ++k) {
    std::string at = site.prefix + "/" + std::to_string(k);
    NodeId test = elementNode(s, {site.scope, at + ":each:" + s.var->name, at}, k, tails);
    if (k == 1) // failures inside the body go to the loop's own `on failure`, if it has one
      inner.failTarget = failureTarget(s, site);
    tests.push_back(test);
    leave.emplace_back(test, EdgeKind::Else);
    std::string label = "element " + std::to_string(k);
    tails = lowerBlock(s.body, inner, at, {Dangling(test, EdgeKind::Then, label)});
    forgetHandlers(s.body);
  }
  leave.insert(leave.end(), tails.begin(), tails.end());
  Tails out = joinArms(tests.front(), std::move(leave), site);
  for (NodeId test : tests)
    g->nodes[test].partner = g->nodes[tests.front()].partner;
  return out;
}

Tails Lowerer::lowerParallelEach(const EachStep &s, const StepSite &site, Tails in) {
  Node n;
  n.kind = NodeKind::Fork;
  n.label = "parallel each " + s.var->name;
  NodeId fork = addStepNode(std::move(n), s, site, in);
  if (s.list)
    g->nodes[fork].range = headerRange(s.range, s.list->range.End);
  Scope inner = site.scope;
  inner.failTarget = failureTarget(s, site);
  Tails done;
  for (unsigned k = 1; k <= s.bound; ++k) {
    auto aux = static_cast<uint32_t>(k - 1);
    std::string branch = site.prefix + "/branch." + std::to_string(aux);
    Tails start = {Dangling(fork, EdgeKind::Branch, "", s.range, aux)};
    NodeId test = elementNode(s, {inner, branch + "/0:each:" + s.var->name, branch}, k, start);
    Tails out = lowerBlock(s.body, inner, branch + "/1",
                           {Dangling(test, EdgeKind::Then, "element " + std::to_string(k))});
    out.emplace_back(test, EdgeKind::Else);
    forgetHandlers(s.body);
    for (Dangling &d : out) // edges into the join say which branch they finish
      d.aux = aux;
    done.insert(done.end(), out.begin(), out.end());
  }
  if (s.bound <= 0)
    done = next(fork);
  return parallelJoin(fork, std::move(done), site, s.range);
}

} // namespace drbook::graph
