//===- LowerActions.cpp - What one call of an action does ------------------===//
//
// An action's body may branch on its parameters (`match platform { … }`). At a call site the
// arguments are often constants, so the branch is known; when it is not, every alternative is
// kept and their effects are merged: the state then holds any value some alternative sets, or
// keeps its old value if some alternative leaves it alone.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"
#include "drbook/basic/Saturating.h"

#include <algorithm>

namespace drbook::graph {

using namespace drbook::ast;

static ValueMask fullMask(const StateVar &s) {
  size_t n = s.values.size();
  return n >= 64 ? ~ValueMask(0) : (ValueMask(1) << n) - 1;
}

// Applies `e` after the effects already in `effects` (sequential composition).
static void applyEffect(std::map<unsigned, StateEffect> &effects, const StateEffect &e) {
  auto it = effects.find(e.state);
  if (!e.mayKeep || it == effects.end()) {
    effects[e.state] = e;
    return;
  }
  it->second.values |= e.values;
}

// The effects of "one of these alternatives happened".
static std::map<unsigned, StateEffect>
mergeAlternatives(const std::vector<std::map<unsigned, StateEffect>> &alternatives) {
  std::map<unsigned, StateEffect> merged;
  for (const auto &alt : alternatives)
    for (const auto &[state, effect] : alt) {
      auto [it, fresh] = merged.emplace(state, effect);
      if (!fresh) {
        it->second.values |= effect.values;
        it->second.mayKeep |= effect.mayKeep;
      }
    }
  for (auto &[state, effect] : merged)
    for (const auto &alt : alternatives)
      if (!alt.count(state))
        effect.mayKeep = true;
  return merged;
}

void Lowerer::addEffect(const Effect &effect, const ConstEnv &env,
                        std::map<unsigned, StateEffect> &effects) {
  const Decl *d = effect.state.decl;
  auto it = d ? stateIndex.find(d) : stateIndex.end();
  if (it == stateIndex.end())
    return; // sema reports the unknown state
  const StateVar &state = g->states[it->second];
  StateEffect e;
  e.state = it->second;
  e.values = fullMask(state);
  if (effect.value) {
    ConstValue v = evalConst(*effect.value, &env);
    std::string name = v.kind == ConstValue::Kind::Bool ? (v.flag ? "true" : "false") : v.text;
    if (v.known())
      for (size_t i = 0; i < state.values.size(); ++i)
        if (state.values[i] == name)
          e.values = ValueMask(1) << i;
  }
  if (effect.when) {
    ConstValue cond = evalConst(*effect.when, &env);
    if (cond.kind == ConstValue::Kind::Bool && !cond.flag)
      return;
    e.mayKeep = cond.kind != ConstValue::Kind::Bool;
  }
  applyEffect(effects, e);
}

// Which arms of an action's `match`/`if` can run: the one a constant subject selects, else all
// of them, plus "none" (`maybeNone`) when the arms might not cover the subject.
static std::vector<const ActionClause::Arm *> armsTaken(const ActionClause &c, ConstValue subject,
                                                        bool &maybeNone) {
  std::vector<const ActionClause::Arm *> taken;
  maybeNone = false;
  if (c.kind == ActionClause::Kind::If) {
    if (subject.kind != ConstValue::Kind::Bool) {
      for (const auto &arm : c.arms)
        taken.push_back(&arm);
      maybeNone = c.arms.size() < 2;
    } else if (subject.flag && !c.arms.empty()) {
      taken.push_back(&c.arms[0]);
    } else if (!subject.flag && c.arms.size() > 1) {
      taken.push_back(&c.arms[1]);
    }
    return taken;
  }
  if (subject.kind == ConstValue::Kind::Bool)
    subject.text = subject.flag ? "true" : "false";
  bool hasWildcard = false;
  for (const auto &arm : c.arms) {
    hasWildcard |= arm.wildcard;
    bool selects = arm.wildcard || std::find(arm.values.begin(), arm.values.end(), subject.text) !=
                                       arm.values.end();
    if (subject.known() && selects)
      return {&arm};
  }
  if (subject.known())
    return taken; // no arm applies: the match does nothing
  for (const auto &arm : c.arms)
    taken.push_back(&arm);
  maybeNone = !hasWildcard;
  return taken;
}

void Lowerer::summarizeClauses(const std::vector<ActionClause> &clauses, const ConstEnv &env,
                               std::map<unsigned, StateEffect> &effects, CallSummary &out) {
  for (const ActionClause &c : clauses) {
    switch (c.kind) {
    case ActionClause::Kind::Run:
      break;
    case ActionClause::Kind::Requires:
      if (c.expr)
      out.requires
      .push_back(compilePredicate(*c.expr, &env));
      break;
    case ActionClause::Kind::Effects:
      for (const Effect &e : c.effects)
        addEffect(e, env, effects);
      break;
    case ActionClause::Kind::Timeout:
      if (std::optional<int64_t> ms = durationOf(c.expr.get()))
        out.timeoutMs = std::max(out.timeoutMs.value_or(0), *ms);
      break;
    case ActionClause::Kind::Covers: // the verifier's, from ActionInfo::covers
      break;
    case ActionClause::Kind::Retries:
      if (c.expr) {
        ConstValue v = evalConst(*c.expr, &env);
        if (v.kind == ConstValue::Kind::Int)
          out.retries = std::max(out.retries, int64Saturating(v.number));
      }
      break;
    case ActionClause::Kind::Match:
    case ActionClause::Kind::If: {
      ConstValue subject = c.expr ? evalConst(*c.expr, &env) : ConstValue();
      bool maybeNone = false;
      std::vector<const ActionClause::Arm *> taken = armsTaken(c, subject, maybeNone);
      std::vector<std::map<unsigned, StateEffect>> alternatives;
      for (const ActionClause::Arm *arm : taken) {
        alternatives.push_back(effects);
        summarizeClauses(arm->clauses, env, alternatives.back(), out);
      }
      if (maybeNone || alternatives.empty())
        alternatives.push_back(effects);
      effects = mergeAlternatives(alternatives);
      break;
    }
    }
  }
}

CallSummary Lowerer::summarizeCall(const ActionDecl &action, const ConstEnv &env) {
  CallSummary out;
  std::map<unsigned, StateEffect> effects;
  summarizeClauses(action.clauses, env, effects, out);
  for (const auto &[state, effect] : effects)
    out.effects.push_back(effect);
  return out;
}

ConstEnv Lowerer::bindArguments(const ActionDecl &action, const DoStep &call) {
  ConstEnv env;
  for (size_t i = 0; i < action.params.size(); ++i) {
    const ActionParamDecl &p = *action.params[i];
    ConstValue v;
    if (i < call.args.size() && call.args[i])
      v = evalConst(*call.args[i], nullptr);
    else if (p.defaultValue)
      v = evalConst(*p.defaultValue, nullptr);
    env[p.name] = v;
  }
  return env;
}

std::optional<int64_t> Lowerer::durationOf(const Expr *e) const {
  if (!e)
    return std::nullopt;
  ConstValue v = evalConst(*e, nullptr);
  if (v.kind == ConstValue::Kind::Duration)
    return int64Saturating(v.number);
  // A duration parameter: its default is what the estimate can use.
  if (auto *n = llvm::dyn_cast<NameExpr>(e))
    if (auto *p = llvm::dyn_cast_or_null<ParamDecl>(n->name.decl))
      if (p->defaultValue)
        if (auto *d = llvm::dyn_cast<DurationExpr>(p->defaultValue.get()))
          return d->millis;
  return std::nullopt;
}

} // namespace drbook::graph
