//===- Graph.cpp - Building and querying the step graph --------------------===//
#include "drbook/graph/Graph.h"
#include "drbook/syntax/Format.h"

#include <algorithm>

namespace drbook::graph {

const char *spelling(NodeKind kind) {
  switch (kind) {
  case NodeKind::Start:
    return "start";
  case NodeKind::PhaseEntry:
    return "phase";
  case NodeKind::Handler:
    return "on_failure";
  case NodeKind::Check:
    return "check";
  case NodeKind::Must:
    return "must";
  case NodeKind::Action:
    return "action";
  case NodeKind::Manual:
    return "manual";
  case NodeKind::Decision:
    return "decision";
  case NodeKind::Branch:
    return "branch";
  case NodeKind::Join:
    return "join";
  case NodeKind::Fork:
    return "fork";
  case NodeKind::ParallelJoin:
    return "parallel_join";
  case NodeKind::Wait:
    return "wait";
  case NodeKind::Pass:
    return "pass";
  case NodeKind::Fail:
    return "fail";
  case NodeKind::Abort:
    return "abort";
  case NodeKind::Escalate:
    return "escalate";
  case NodeKind::Ask:
    return "ask";
  case NodeKind::Verify:
    return "verify";
  case NodeKind::Note:
    return "note";
  case NodeKind::Finally:
    return "finally";
  case NodeKind::Call:
    return "call";
  }
  return "?";
}

namespace {

/// What running a node of a kind involves, decided for every kind in one switch.
struct KindTraits {
  bool terminal = false;  ///< ends the run
  bool observes = false;  ///< observes the world or asks the operator
  bool skippable = false; ///< observes or acts, so `--phases` skips it outside its phases
};

KindTraits traitsOf(NodeKind kind) {
  switch (kind) {
  case NodeKind::Check:
  case NodeKind::Must:
  case NodeKind::Manual:
  case NodeKind::Verify:
  case NodeKind::Wait:
    return {false, true, true};
  case NodeKind::Note: // shows text, observes nothing
    return {false, false, true};
  case NodeKind::Decision:
  case NodeKind::Ask: // later steps read the answer, so `--phases` never skips it
    return {false, true, false};
  case NodeKind::Call: // binds the parameters the body reads, so `--phases` never skips it
    return {false, false, false};
  case NodeKind::Action: // acts, and makes its own start durable
    return {false, false, true};
  case NodeKind::Pass:
  case NodeKind::Fail:
  case NodeKind::Abort:
  case NodeKind::Escalate:
    return {true, false, false};
  case NodeKind::Start:
  case NodeKind::PhaseEntry:
  case NodeKind::Handler:
  case NodeKind::Finally:
  case NodeKind::Branch:
  case NodeKind::Join:
  case NodeKind::Fork:
  case NodeKind::ParallelJoin:
    return {};
  }
  return {};
}

} // namespace

std::optional<int64_t> StepGraph::objectiveFor(NodeId end) const {
  int32_t s = end < nodes.size() ? nodes[end].scenario : -1;
  if (s >= 0 && scenarios[s].rtoMs)
    return scenarios[s].rtoMs;
  return rtoMs;
}

bool isTerminal(NodeKind kind) { return traitsOf(kind).terminal; }
bool observes(NodeKind kind) { return traitsOf(kind).observes; }
bool skippable(NodeKind kind) { return traitsOf(kind).skippable; }

const char *spelling(EdgeKind kind) {
  switch (kind) {
  case EdgeKind::Next:
    return "next";
  case EdgeKind::Ok:
    return "ok";
  case EdgeKind::Failure:
    return "failure";
  case EdgeKind::Value:
    return "value";
  case EdgeKind::Then:
    return "then";
  case EdgeKind::Else:
    return "else";
  case EdgeKind::Arm:
    return "arm";
  case EdgeKind::NoMatch:
    return "no_match";
  case EdgeKind::Branch:
    return "branch";
  }
  return "?";
}

std::string sourceText(llvm::SMRange range) {
  if (!range.Start.isValid() || !range.End.isValid() ||
      range.End.getPointer() < range.Start.getPointer())
    return {};
  return syntax::canonicalText(
      llvm::StringRef(range.Start.getPointer(), range.End.getPointer() - range.Start.getPointer()));
}

NodeId StepGraph::addNode(Node node) {
  nodes.push_back(std::move(node));
  return static_cast<NodeId>(nodes.size() - 1);
}

EdgeId StepGraph::addEdge(NodeId from, NodeId to, EdgeKind kind, std::string label,
                          llvm::SMRange range, uint32_t aux) {
  Edge e;
  e.from = from;
  e.to = to;
  e.kind = kind;
  e.aux = aux;
  e.label = std::move(label);
  e.range = range;
  edges.push_back(std::move(e));
  return static_cast<EdgeId>(edges.size() - 1);
}

// Counting sort into compressed rows: linear, and edges keep their insertion order within a
// node, which is the order the runbook wrote the choices in.
void StepGraph::finalize() {
  size_t n = nodes.size();
  outStart.assign(n + 1, 0);
  inStart.assign(n + 1, 0);
  for (const Edge &e : edges) {
    ++outStart[e.from + 1];
    ++inStart[e.to + 1];
  }
  for (size_t i = 0; i < n; ++i) {
    outStart[i + 1] += outStart[i];
    inStart[i + 1] += inStart[i];
  }
  outList.assign(edges.size(), 0);
  inList.assign(edges.size(), 0);
  std::vector<uint32_t> outFill(outStart.begin(), outStart.end() - 1);
  std::vector<uint32_t> inFill(inStart.begin(), inStart.end() - 1);
  for (EdgeId e = 0; e < edges.size(); ++e) {
    outList[outFill[edges[e].from]++] = e;
    inList[inFill[edges[e].to]++] = e;
  }
  // The way forward first, the way out on failure last, whatever order lowering added them.
  for (size_t i = 0; i < n; ++i)
    std::stable_partition(outList.begin() + outStart[i], outList.begin() + outStart[i + 1],
                          [&](EdgeId e) { return edges[e].kind != EdgeKind::Failure; });
}

bool StepGraph::matches(NodeId n, const EventRef &event) const {
  const Node &node = nodes[n];
  if (!event.inScope(node.phase, node.scenario))
    return false;
  switch (event.kind) {
  case EventRef::Kind::Action:
    return node.kind == NodeKind::Action && node.action == static_cast<int32_t>(event.index);
  case EventRef::Kind::Phase:
    return node.kind == NodeKind::PhaseEntry && node.phase == static_cast<int8_t>(event.index);
  case EventRef::Kind::Probe:
    return std::find(node.probes.begin(), node.probes.end(), event.index) != node.probes.end();
  case EventRef::Kind::Scenario:
    // The scenario's first node is the one its routing edges lead to.
    if (node.scenario != static_cast<int32_t>(event.index) || node.kind != NodeKind::PhaseEntry)
      return false;
    for (EdgeId e : in(n))
      if (nodes[edges[e].from].scenario != node.scenario)
        return true;
    return false;
  case EventRef::Kind::None:
    return false;
  }
  return false;
}

std::string StepGraph::describeEdge(EdgeId id) const {
  const Edge &e = edges[id];
  const Node &from = nodes[e.from];
  switch (e.kind) {
  case EdgeKind::Next:
  case EdgeKind::Ok:
    return from.label;
  case EdgeKind::Failure:
    return from.label + " (fails)";
  case EdgeKind::Value:
    return from.label + " = " + e.label;
  case EdgeKind::Then:
    return from.label + " (true)";
  case EdgeKind::Else:
    return from.label + " (false)";
  case EdgeKind::Arm:
    return from.label + " => " + e.label;
  case EdgeKind::NoMatch:
    return from.label + " (no arm matches)";
  case EdgeKind::Branch:
    return from.label + " (branch " + std::to_string(e.aux + 1) + ")";
  }
  return from.label;
}

llvm::SMRange StepGraph::edgeRange(EdgeId id) const {
  const Edge &e = edges[id];
  return e.range.Start.isValid() ? e.range : nodes[e.from].range;
}

//===----------------------------------------------------------------------===//
// Predicates
//===----------------------------------------------------------------------===//

Truth Predicate::eval(unsigned at, llvm::ArrayRef<unsigned> values) const {
  const Term &t = terms[at];
  switch (t.op) {
  case Op::True:
    return Truth::True;
  case Op::False:
    return Truth::False;
  case Op::Unknown:
    return Truth::Unknown;
  case Op::Atom:
    return (t.allowed >> values[t.state]) & 1 ? Truth::True : Truth::False;
  case Op::Not: {
    Truth v = eval(t.lhs, values);
    return v == Truth::Unknown ? v : (v == Truth::True ? Truth::False : Truth::True);
  }
  case Op::And: {
    Truth l = eval(t.lhs, values), r = eval(t.rhs, values);
    if (l == Truth::False || r == Truth::False)
      return Truth::False;
    return l == Truth::True && r == Truth::True ? Truth::True : Truth::Unknown;
  }
  case Op::Or: {
    Truth l = eval(t.lhs, values), r = eval(t.rhs, values);
    if (l == Truth::True || r == Truth::True)
      return Truth::True;
    return l == Truth::False && r == Truth::False ? Truth::False : Truth::Unknown;
  }
  }
  return Truth::Unknown;
}

std::vector<unsigned> Predicate::conjuncts() const {
  std::vector<unsigned> out, work{root};
  while (!work.empty()) {
    unsigned at = work.back();
    work.pop_back();
    if (terms[at].op == Op::And) {
      // Right first so the conjuncts come out in source order.
      work.push_back(terms[at].rhs);
      work.push_back(terms[at].lhs);
    } else {
      out.push_back(at);
    }
  }
  return out;
}

std::string Predicate::textOf(unsigned at) const {
  std::string t = sourceText(terms[at].range);
  return t.empty() ? text : t;
}

std::vector<unsigned> Predicate::statesOf(unsigned at) const {
  std::vector<unsigned> out, work{at};
  while (!work.empty()) {
    const Term &t = terms[work.back()];
    work.pop_back();
    switch (t.op) {
    case Op::Atom:
      out.push_back(t.state);
      break;
    case Op::Not:
      work.push_back(t.lhs);
      break;
    case Op::And:
    case Op::Or:
      work.push_back(t.lhs);
      work.push_back(t.rhs);
      break;
    case Op::True:
    case Op::False:
    case Op::Unknown:
      break;
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

} // namespace drbook::graph
