//===- Requires.cpp - requires-unmet and invariant-before ------------------===//
//
// Both ask whether a predicate over states holds whenever a step is about to run. The
// predicate is split at `and`; each conjunct mentions a few states, and a forward search over
// (node, values of those states) finds every combination of values that can reach the step,
// with the shortest path to each. That is the forward dataflow over state-value sets, kept
// relational within a conjunct so that `a == x or b == y` is judged exactly; its cost is the
// graph size times the number of value combinations (two for most conjuncts), whatever the
// number of decision points.
//
// Effects apply when an action completes (any edge but its failure edge); an effect that may
// not apply (under `when` or a `match` the call cannot decide) keeps the old value as an
// option.
//
//===----------------------------------------------------------------------===//
#include "Describe.h"

#include "drbook/verify/Flow.h"
#include "drbook/verify/Verifier.h"

#include <functional>
#include <map>

namespace drbook::verify {

using namespace drbook::graph;

namespace {

/// "This conjunct must hold when this node is entered."
struct Obligation {
  NodeId node;
  unsigned predicate, term;
  unsigned invariant; ///< NoId for an action's own `requires`.
};

/// The value combinations of a few states, numbered in mixed radix.
struct TupleSpace {
  std::vector<unsigned> states, radix, sizes;
  unsigned count = 1;

  TupleSpace(const StepGraph &g, std::vector<unsigned> key) : states(std::move(key)) {
    for (unsigned s : states) {
      radix.push_back(count);
      sizes.push_back(static_cast<unsigned>(g.states[s].values.size()));
      count *= sizes.back();
    }
  }
  unsigned valueOf(unsigned q, size_t i) const { return q / radix[i] % sizes[i]; }
};

// The largest number of value combinations searched for one conjunct; beyond it the conjunct is
// reported as unprovable rather than searched.
constexpr unsigned MaxTuples = 1u << 16;

struct Best {
  uint32_t distance = NoId;
  Violation violation;
  unsigned q = 0;
  const ProductSearch *search = nullptr;
};

class RequiresCheck {
public:
  RequiresCheck(const FlowGraph &flow) : flow(flow), g(flow.graph()) {}

  void run(std::vector<Violation> &out) {
    collect();
    for (auto &[key, list] : groups)
      searchGroup(key, list, out);
  }

private:
  void add(NodeId n, unsigned predicate, unsigned invariant) {
    const Predicate &p = g.predicates[predicate];
    for (unsigned term : p.conjuncts())
      groups[p.statesOf(term)].push_back({n, predicate, term, invariant});
  }

  void collect() {
    for (NodeId n = 0; n < g.nodes.size(); ++n)
      for (unsigned p : g.nodes[n].requires)
        add(n, p, NoId);
    for (unsigned i = 0; i < g.invariants.size(); ++i) {
      const InvariantInfo &inv = g.invariants[i];
      if (inv.kind != ast::InvariantKind::Before || inv.predicate == NoId)
        continue;
      for (NodeId n = 0; n < g.nodes.size(); ++n)
        if (g.matches(n, inv.subject))
          add(n, inv.predicate, i);
    }
  }

  void searchGroup(const std::vector<unsigned> &key, const std::vector<Obligation> &list,
                   std::vector<Violation> &out);
  void judge(const TupleSpace &space, const ProductSearch &search, const Obligation &ob,
             std::vector<Violation> &out);

  const FlowGraph &flow;
  const StepGraph &g;
  std::map<std::vector<unsigned>, std::vector<Obligation>> groups;
};

void RequiresCheck::searchGroup(const std::vector<unsigned> &key,
                                const std::vector<Obligation> &list, std::vector<Violation> &out) {
  TupleSpace space(g, key);
  if (space.count > MaxTuples) {
    for (const Obligation &ob : list) {
      Violation v;
      v.rule = ob.invariant == NoId ? "requires-unmet" : "invariant-before";
      v.node = ob.node;
      v.message = "`" + g.predicates[ob.predicate].textOf(ob.term) + "` relates " +
                  std::to_string(key.size()) +
                  " states with too many value combinations to verify; split it with `and`";
      out.push_back(std::move(v));
    }
    return;
  }
  unsigned q0 = 0;
  for (size_t i = 0; i < key.size(); ++i)
    q0 += g.states[key[i]].initial * space.radix[i];

  // Per node, the effects on this group's states, found once.
  ProductSearch search(flow, space.count);
  std::vector<ValueMask> masks(key.size());
  search.run(g.start, q0, [&](NodeId from, const FlowEdge &e, unsigned q, auto emit) {
    const Node &node = g.nodes[from];
    if (node.effects.empty() || flow.isFailure(e))
      return emit(q);
    bool touched = false;
    for (size_t i = 0; i < key.size(); ++i) {
      unsigned old = space.valueOf(q, i);
      masks[i] = ValueMask(1) << old;
      for (const StateEffect &eff : node.effects)
        if (eff.state == key[i]) {
          masks[i] = eff.values | (eff.mayKeep ? masks[i] : 0);
          touched = true;
        }
    }
    if (!touched)
      return emit(q);
    // Every combination of the possible new values.
    std::vector<unsigned> pick(key.size(), 0);
    std::function<void(size_t, unsigned)> rec = [&](size_t i, unsigned acc) {
      if (i == key.size())
        return emit(acc);
      for (unsigned v = 0; v < space.sizes[i]; ++v)
        if ((masks[i] >> v) & 1)
          rec(i + 1, acc + v * space.radix[i]);
    };
    rec(0, 0);
  });
  for (const Obligation &ob : list)
    judge(space, search, ob, out);
}

void RequiresCheck::judge(const TupleSpace &space, const ProductSearch &search,
                          const Obligation &ob, std::vector<Violation> &out) {
  const Predicate &p = g.predicates[ob.predicate];
  std::vector<unsigned> values(g.states.size(), 0), tuple(space.states.size());
  uint32_t bestDistance = NoId;
  unsigned bestQ = 0;
  Truth bestTruth = Truth::True;
  for (unsigned q = 0; q < space.count; ++q) {
    if (!search.reached(ob.node, q) || search.distance(ob.node, q) >= bestDistance)
      continue;
    for (size_t i = 0; i < space.states.size(); ++i)
      values[space.states[i]] = space.valueOf(q, i);
    Truth t = p.eval(ob.term, values);
    if (t == Truth::True)
      continue;
    bestDistance = search.distance(ob.node, q);
    bestQ = q;
    bestTruth = t;
  }
  if (bestDistance == NoId)
    return;
  for (size_t i = 0; i < space.states.size(); ++i)
    tuple[i] = space.valueOf(bestQ, i);
  std::string who = stepName(g, ob.node);
  std::string conjunct = p.textOf(ob.term);
  std::string state = describeTuple(g, space.states, tuple);
  Violation v;
  v.node = ob.node;
  v.invariant = ob.invariant;
  v.path = search.pathTo(ob.node, bestQ);
  if (ob.invariant == NoId) {
    v.rule = "requires-unmet";
    v.message = bestTruth == Truth::False
                    ? who + " can run while " + state + ", but it requires " + conjunct
                    : who + " requires " + conjunct +
                          ", which depends on values known only at run time" +
                          (state.empty() ? "" : " (here " + state + ")");
  } else {
    v.rule = "invariant-before";
    v.message =
        invariantName(g, ob.invariant) + " fails: " + who +
        (bestTruth == Truth::False ? " can run while " + state
                                   : " can run without " + conjunct + " being known to hold" +
                                         (state.empty() ? "" : " (here " + state + ")"));
  }
  out.push_back(std::move(v));
}

} // namespace

void checkRequires(const FlowGraph &flow, std::vector<Violation> &out) {
  RequiresCheck(flow).run(out);
}

} // namespace drbook::verify
