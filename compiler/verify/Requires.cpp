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
    // Conjuncts and their groups, found once per predicate however many steps share it.
    auto [it, fresh] = split.emplace(predicate, std::vector<std::pair<unsigned, Group *>>());
    if (fresh) {
      const Predicate &p = g.predicates[predicate];
      for (unsigned term : p.conjuncts())
        it->second.push_back({term, &groups[p.statesOf(term)]});
    }
    for (auto [term, group] : it->second)
      group->push_back({n, predicate, term, invariant});
  }

  void collect() {
    for (NodeId n = 0; n < g.nodes.size(); ++n)
      if (flow.info(n).kind == NodeKind::Action)
        for (unsigned p : flow.requires(n))
          add(n, p, NoId);
    for (unsigned i = 0; i < g.invariants.size(); ++i) {
      const InvariantInfo &inv = g.invariants[i];
      if (inv.kind != ast::InvariantKind::Before || inv.predicate == NoId)
        continue;
      std::vector<uint8_t> subject = flow.occurrences(inv.subject);
      for (NodeId n = 0; n < g.nodes.size(); ++n)
        if (subject[n])
          add(n, inv.predicate, i);
    }
  }

  /// What each node that changes one of `key`'s states can set them to: for node n with
  /// `at[n] != NoId`, pool[at[n] + i] is (values, may keep) for key[i].
  struct KeyEffects {
    std::vector<uint32_t> at;
    std::vector<std::pair<ValueMask, bool>> pool;
  };
  KeyEffects effectsOn(const std::vector<unsigned> &key) const;
  void reportTooMany(const std::vector<unsigned> &key, const std::vector<Obligation> &list,
                     std::vector<Violation> &out) const;
  void searchGroup(const std::vector<unsigned> &key, const std::vector<Obligation> &list,
                   std::vector<Violation> &out);
  void judge(const TupleSpace &space, const ProductSearch &search, const Obligation &ob,
             std::vector<Violation> &out);

  const FlowGraph &flow;
  const StepGraph &g;
  using Group = std::vector<Obligation>;
  std::map<std::vector<unsigned>, Group> groups;
  std::map<unsigned, std::vector<std::pair<unsigned, Group *>>> split;
  unsigned requiresCount = 0, beforeCount = 0;
};

void RequiresCheck::reportTooMany(const std::vector<unsigned> &key,
                                  const std::vector<Obligation> &list,
                                  std::vector<Violation> &out) const {
  for (const Obligation &ob : list) {
    Violation v;
    v.rule = ob.invariant == NoId ? "requires-unmet" : "invariant-before";
    v.node = ob.node;
    v.message = "`" + g.predicates[ob.predicate].textOf(ob.term) + "` relates " +
                std::to_string(key.size()) +
                " states with too many value combinations to verify; split it with `and`";
    out.push_back(std::move(v));
  }
}

RequiresCheck::KeyEffects RequiresCheck::effectsOn(const std::vector<unsigned> &key) const {
  KeyEffects k;
  k.at.assign(g.nodes.size(), NoId);
  for (NodeId n = 0; n < g.nodes.size(); ++n) {
    if (flow.effects(n).empty())
      continue;
    std::vector<std::pair<ValueMask, bool>> row(key.size(), {0, true});
    bool touched = false;
    for (const StateEffect &eff : flow.effects(n))
      for (size_t i = 0; i < key.size(); ++i)
        if (eff.state == key[i]) {
          row[i] = {eff.values, eff.mayKeep};
          touched = true;
        }
    if (!touched)
      continue;
    k.at[n] = static_cast<uint32_t>(k.pool.size());
    k.pool.insert(k.pool.end(), row.begin(), row.end());
  }
  return k;
}

void RequiresCheck::searchGroup(const std::vector<unsigned> &key,
                                const std::vector<Obligation> &list, std::vector<Violation> &out) {
  TupleSpace space(g, key);
  if (space.count > MaxTuples)
    return reportTooMany(key, list, out);
  unsigned q0 = 0;
  for (size_t i = 0; i < key.size(); ++i)
    q0 += g.states[key[i]].initial * space.radix[i];
  KeyEffects effects = effectsOn(key);
  ProductSearch search(flow, space.count);
  std::vector<ValueMask> masks(key.size());
  std::vector<unsigned> digit(key.size());
  search.run(g.start, q0, [&](NodeId from, const FlowEdge &e, unsigned q, auto emit) {
    uint32_t at = effects.at[from];
    if (at == NoId || e.failure)
      return emit(q);
    for (size_t i = 0; i < key.size(); ++i) {
      auto [values, mayKeep] = effects.pool[at + i];
      ValueMask old = ValueMask(1) << space.valueOf(q, i);
      masks[i] = values | (mayKeep ? old : 0);
    }
    // Every combination of the possible new values, as an odometer over the key's states.
    for (size_t i = 0; i < key.size(); ++i)
      digit[i] = 0;
    for (;;) {
      bool possible = true;
      unsigned next = 0;
      for (size_t i = 0; i < key.size(); ++i) {
        possible &= (masks[i] >> digit[i]) & 1;
        next += digit[i] * space.radix[i];
      }
      if (possible)
        emit(next);
      size_t i = 0;
      while (i < key.size() && ++digit[i] == space.sizes[i])
        digit[i++] = 0;
      if (i == key.size())
        break;
    }
  });
  for (const Obligation &ob : list)
    judge(space, search, ob, out);
}

void RequiresCheck::judge(const TupleSpace &space, const ProductSearch &search,
                          const Obligation &ob, std::vector<Violation> &out) {
  unsigned &count = ob.invariant == NoId ? requiresCount : beforeCount;
  if (count >= MaxViolationsPerCheck)
    return;
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
  ++count;
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
