//===- TypeCheck.cpp - What each place in a runbook expects ----------------===//
//
// Walks every declaration, clause, step and invariant of every module and checks each
// expression against the type its place expects: conditions are bool, timeouts durations,
// commands text, effect values the state's type, and so on.
//
//===----------------------------------------------------------------------===//
#include "Captures.h"
#include "drbook/basic/Duration.h"
#include "drbook/basic/Suggest.h"
#include "drbook/sema/TypeRules.h"
#include "llvm/ADT/StringExtras.h"

#include <set>

namespace drbook::sema {

using namespace drbook::ast;

namespace {

class TypeChecker {
public:
  TypeChecker(SemaContext &s, Module &m) : s(s), m(m) {
    moduleScope.module = &m;
    boolean = s.types.get(TypeKind::Bool);
    duration = s.types.get(TypeKind::Duration);
    integer = s.types.get(TypeKind::Int);
    text = s.types.get(TypeKind::String);
  }

  void run();

private:
  void objectives();
  void decl(Decl &d);
  void probe(ProbeDecl &p);
  void probeOptions(ProbeDecl &p);
  void probeArg(ProbeDecl &p, ProbeArg &a);
  void action(ActionDecl &a);
  void host(HostDecl &h);
  void clauses(std::vector<ActionClause> &cs, const ExprScope &scope);
  void effect(Effect &e, const ExprScope &scope);
  void step(Step &st);
  /// Checks the steps of `block` and of the blocks in them, with each loop's variable in
  /// scope inside its body.
  void walk(Block &block);
  void eachStep(EachStep &e);
  int64_t eachBound(EachStep &e);
  void doStep(DoStep &d);
  void waitStep(WaitStep &w);
  void probeStep(ProbeStep &ps);
  void decideStep(DecideStep &d);
  /// Checks the defaults of `params`, then runs `body` with the parameters in scope.
  void withParams(std::vector<CapturePtr> &params, llvm::function_ref<void()> body);
  /// Its parameters' defaults, then its body with the parameters in scope.
  void procedure(ProcedureDecl &p);
  void estimate(Estimate &e, const ExprScope *scope = nullptr);
  template <typename Arm> void matchArms(const Type *subject, SMRange at, std::vector<Arm> &arms);

  /// Checks an optional expression against `want` in the module's own scope.
  void want(ExprPtr &e, const Type *type, llvm::StringRef what, const ExprScope *scope = nullptr) {
    if (e)
      ExprChecker(s, scope ? *scope : moduleScope).expect(e, type, what);
  }

  SemaContext &s;
  Module &m;
  ExprScope moduleScope;
  const Type *boolean, *duration, *integer, *text;
  unsigned loops = 0; ///< how many `each` bodies the walk is in
  /// The procedure whose body the walk is in, if any.
  const ProcedureDecl *inProcedure = nullptr;
};

void TypeChecker::run() {
  objectives();
  checkEnv(s, m.env, moduleScope);
  for (DeclPtr &d : m.decls)
    if (d)
      decl(*d);
  std::set<const Block *> bodies;
  for (DeclPtr &d : m.decls)
    if (auto *p = llvm::dyn_cast_or_null<ProcedureDecl>(d.get()))
      bodies.insert(&p->body);
  forEachTopBlock(m, [&](Block &b) {
    if (!bodies.count(&b))
      walk(b);
  });
  for (DeclPtr &d : m.decls)
    if (auto *p = llvm::dyn_cast_or_null<ProcedureDecl>(d.get()))
      procedure(*p);
  ExprScope states = moduleScope;
  states.noun = "state";
  for (Invariant &inv : m.invariants)
    want(inv.condition, boolean, "'require'", &states);
}

void TypeChecker::objectives() {
  want(m.rto, duration, "'rto'");
  want(m.rpo, duration, "'rpo'");
  if (auto *d = llvm::dyn_cast_or_null<DurationExpr>(m.rto.get()))
    m.rtoMillis = d->millis;
  if (auto *d = llvm::dyn_cast_or_null<DurationExpr>(m.rpo.get()))
    m.rpoMillis = d->millis;
}

void TypeChecker::decl(Decl &d) {
  switch (d.kind) {
  case Decl::Kind::Param: {
    auto &p = llvm::cast<ParamDecl>(d);
    want(p.defaultValue, p.type, "param '" + p.name + "'");
    return;
  }
  case Decl::Kind::State: {
    auto &st = llvm::cast<StateDecl>(d);
    want(st.initial, st.type, "state '" + st.name + "'");
    return;
  }
  case Decl::Kind::Probe:
    return probe(llvm::cast<ProbeDecl>(d));
  case Decl::Kind::Action:
    return action(llvm::cast<ActionDecl>(d));
  case Decl::Kind::Host:
    return host(llvm::cast<HostDecl>(d));
  case Decl::Kind::Scenario: {
    auto &sc = llvm::cast<ScenarioDecl>(d);
    want(sc.rto, duration, "'rto'");
    want(sc.rpo, duration, "'rpo'");
    return; // its steps are walked with the runbook's
  }
  case Decl::Kind::Secret:
  case Decl::Kind::ActionParam:
  case Decl::Kind::Decision:
  case Decl::Kind::Capture:
  case Decl::Kind::Module:
  case Decl::Kind::Procedure:
    // Secrets have no value in source; outputs are checked with their action or probe,
    // procedures after the phases (procedure()).
    return;
  }
}

void TypeChecker::withParams(std::vector<CapturePtr> &params, llvm::function_ref<void()> body) {
  // Defaults in the module's own scope, the rest with the parameters in scope.
  llvm::StringMap<CaptureDecl *> names;
  for (CapturePtr &param : params) {
    want(param->defaultValue, param->type, "parameter '" + param->name + "'");
    names[param->name] = param.get();
  }
  const llvm::StringMap<CaptureDecl *> *outer = moduleScope.locals;
  moduleScope.locals = &names;
  body();
  moduleScope.locals = outer;
}

void TypeChecker::probe(ProbeDecl &p) {
  withParams(p.params, [&] { probeOptions(p); });
}

void TypeChecker::probeOptions(ProbeDecl &p) {
  std::string kind = spelling(p.probeKind);
  want(p.target, text, "the target of " + kind + " probe '" + p.name + "'");
  for (ProbeArg &a : p.args)
    probeArg(p, a);
  ExprScope fields = moduleScope;
  fields.fieldsOf = &p;
  want(p.expect, boolean, "'expect'", &fields);
  want(p.timeout, duration, "'timeout'");
  want(p.window, duration, "'window'");
  want(p.body, text, "'body'");
  for (auto &[name, value] : p.headers)
    want(value, text, "header '" + name + "'");
  checkOutputs(s, p, p.outputs, moduleScope);
  checkEnv(s, p.env, moduleScope);
}

/// A word of the probe's head, checked as its kind's descriptor says it reads.
void TypeChecker::probeArg(ProbeDecl &p, ProbeArg &a) {
  const ProbeWord *w = findProbeWord(p.probeKind, a.word);
  if (!w) {
    s.diags.error(a.range, std::string(spelling(p.probeKind)) + " probes take no '" + a.word + "'",
                  "type-mismatch");
    return;
  }
  switch (w->form) {
  case ProbeWordForm::Text:
  case ProbeWordForm::SqlQuery:
    return want(a.value, text, "'" + a.word + "'");
  case ProbeWordForm::RecordCondition: {
    ExprScope record = moduleScope;
    record.logRecord = true;
    return want(a.value, boolean, "'" + a.word + "'", &record);
  }
  case ProbeWordForm::Choice:
    if (!llvm::is_contained(w->choices, a.choice)) {
      std::vector<std::string> choices(w->choices.begin(), w->choices.end());
      std::string hint = didYouMean(a.choice, choices);
      if (hint.empty())
        hint = "; expected one of " + llvm::join(choices, ", ");
      s.diags.error(a.range,
                    "unknown " + a.word + " '" + a.choice + "' for a " + spelling(p.probeKind) +
                        " probe" + hint,
                    "type-mismatch");
    }
    return;
  }
}

void TypeChecker::host(HostDecl &h) {
  want(h.target, text, "the ssh destination of host '" + h.name + "'");
  want(h.port, integer, "'port'");
  want(h.knownHosts, text, "'known_hosts'");
  if (!h.identity)
    return;
  // A key file's path, or the key itself kept in a secret.
  const Type *t = ExprChecker(s, moduleScope).check(h.identity);
  const Type *value = t->kind == TypeKind::Secret ? t->element : t;
  if (!value->isText() && !value->isError())
    s.diags.error(h.identity->range,
                  "expected a key file's path or a secret holding the key for 'identity', "
                  "found " +
                      t->str(),
                  "type");
}

void TypeChecker::action(ActionDecl &a) {
  llvm::StringMap<ActionParamDecl *> params;
  for (auto &param : a.params) {
    if (!param)
      continue;
    want(param->defaultValue, param->type, "parameter '" + param->name + "'");
    params.try_emplace(param->name, param.get());
  }
  ExprScope scope = moduleScope;
  scope.actionParams = &params;
  clauses(a.clauses, scope);
  checkOutputs(s, a, a.outputs, scope);
  checkEnv(s, a.env, scope);
  want(a.user, text, "'user'", &scope);
  want(a.workdir, text, "'workdir'", &scope);
  estimate(a.estimate, &scope);
}

// Both ends are durations, and the usual time is no longer than the worst.
void TypeChecker::estimate(Estimate &e, const ExprScope *scope) {
  want(e.expected, duration, "'estimate'", scope);
  want(e.worst, duration, "the worst case of 'estimate'", scope);
  auto *lo = llvm::dyn_cast_or_null<DurationExpr>(e.expected.get());
  auto *hi = llvm::dyn_cast_or_null<DurationExpr>(e.worst.get());
  if (lo && hi && lo->millis > hi->millis)
    s.diags.error(e.range,
                  "the expected time " + formatDuration(lo->millis) +
                      " is longer than the worst case " + formatDuration(hi->millis) +
                      "; write 'estimate EXPECTED..WORST'",
                  "type");
}

void TypeChecker::clauses(std::vector<ActionClause> &cs, const ExprScope &scope) {
  using K = ActionClause::Kind;
  for (ActionClause &c : cs) {
    switch (c.kind) {
    case K::Run:
      want(c.expr, text, "'run'", &scope);
      break;
    case K::Requires: {
      ExprScope states = scope;
      states.noun = "state";
      want(c.expr, boolean, "'requires'", &states);
      break;
    }
    case K::Effects:
      for (Effect &e : c.effects)
        effect(e, scope);
      break;
    case K::Timeout:
      want(c.expr, duration, "'timeout'", &scope);
      break;
    case K::Retries:
      want(c.expr, integer, "'retries'", &scope);
      break;
    case K::Covers:
      break;
    case K::Match: {
      const Type *subject = c.expr ? ExprChecker(s, scope).check(c.expr) : s.errorType();
      matchArms(subject, c.expr ? c.expr->range : c.range, c.arms);
      break;
    }
    case K::If:
      want(c.expr, boolean, "'if'", &scope);
      break;
    }
    for (ActionClause::Arm &arm : c.arms)
      clauses(arm.clauses, scope);
  }
}

void TypeChecker::effect(Effect &e, const ExprScope &scope) {
  auto *state = llvm::dyn_cast_or_null<StateDecl>(e.state.decl);
  if (state && state->type)
    want(e.value, state->type, "state '" + e.state.str() + "'", &scope);
  else if (e.value)
    ExprChecker(s, scope).check(e.value, s.errorType());
  want(e.when, boolean, "'when'", &scope);
}

template <typename Arm>
void TypeChecker::matchArms(const Type *subject, SMRange at, std::vector<Arm> &arms) {
  const Type *t = valueType(subject);
  if (t->isError())
    return;
  if (t->kind != TypeKind::Enum) {
    s.diags.error(at, "'match' needs an enum value, found " + t->str(), "type");
    return;
  }
  for (Arm &arm : arms)
    for (size_t i = 0; i < arm.values.size(); ++i)
      if (!t->hasMember(arm.values[i]))
        reportUnknownMember(s, arm.values[i], i < arm.valueRanges.size() ? arm.valueRanges[i] : at,
                            t);
}

void TypeChecker::step(Step &st) {
  switch (st.kind) {
  case Step::Kind::Do:
    return doStep(llvm::cast<DoStep>(st));
  case Step::Kind::Run: {
    auto &r = llvm::cast<RunStep>(st);
    want(r.command, text, "'run'");
    want(r.timeout, duration, "'timeout'");
    want(r.retries, integer, "'retries'");
    return;
  }
  case Step::Kind::Manual:
  case Step::Kind::Verify:
  case Step::Kind::Note: {
    auto &man = llvm::cast<ManualStep>(st);
    want(man.text, text, st.kind == Step::Kind::Note ? "'note'" : "'manual'");
    estimate(man.estimate);
    return;
  }
  case Step::Kind::Decide:
    return decideStep(llvm::cast<DecideStep>(st));
  case Step::Kind::If:
    want(llvm::cast<IfStep>(st).condition, boolean, "'if'");
    return;
  case Step::Kind::Match: {
    auto &match = llvm::cast<MatchStep>(st);
    const Type *subject =
        match.subject ? ExprChecker(s, moduleScope).check(match.subject) : s.errorType();
    matchArms(subject, match.subject ? match.subject->range : st.range, match.arms);
    return;
  }
  case Step::Kind::Wait:
    return waitStep(llvm::cast<WaitStep>(st));
  case Step::Kind::Abort:
    want(llvm::cast<TerminalStep>(st).message, text, "'abort'");
    return;
  case Step::Kind::Escalate:
    want(llvm::cast<TerminalStep>(st).message, text, "'escalate'");
    return;
  case Step::Kind::Ask:
    return checkAsk(s, llvm::cast<AskStep>(st), moduleScope);
  case Step::Kind::Check:
  case Step::Kind::Must:
    return probeStep(llvm::cast<ProbeStep>(st));
  case Step::Kind::Each: // walk() checks the list and types the variable
  case Step::Kind::Parallel:
    return;
  }
}

void TypeChecker::walk(Block &block) {
  for (StepPtr &st : block.steps) {
    if (!st)
      continue;
    step(*st);
    auto *each = llvm::dyn_cast<EachStep>(st.get());
    if (!each) {
      forEachChildBlock(*st, [&](Block &b) { walk(b); });
      continue;
    }
    eachStep(*each);
    llvm::StringMap<CaptureDecl *> inner;
    if (moduleScope.locals)
      inner = *moduleScope.locals;
    inner[each->var->name] = each->var.get();
    const llvm::StringMap<CaptureDecl *> *outer = moduleScope.locals;
    moduleScope.locals = &inner;
    ++loops;
    walk(each->body);
    --loops;
    moduleScope.locals = outer;
    if (each->onFailure)
      walk(*each->onFailure);
  }
}

void TypeChecker::procedure(ProcedureDecl &p) {
  inProcedure = &p;
  withParams(p.params, [&] { walk(p.body); });
  inProcedure = nullptr;
}

void TypeChecker::eachStep(EachStep &e) {
  const Type *t = e.list ? valueType(ExprChecker(s, moduleScope).check(e.list)) : s.errorType();
  e.var->owner = &m == &s.unit.root ? nullptr : &m;
  e.var->type = s.errorType();
  if (t->kind == TypeKind::List && t->element)
    e.var->type = t->element;
  else if (!t->isError())
    s.diags.error(e.list->range, "'each' goes over a list, found " + t->str(), "type");
  e.bound = eachBound(e);
}

/// The most iterations the loop can make, which the verifier unrolls and the RTO counts.
int64_t TypeChecker::eachBound(EachStep &e) {
  constexpr int64_t MaxBound = 64;
  std::optional<int64_t> bound = e.max;
  SMRange at = e.max ? e.maxRange : e.list ? e.list->range : e.range;
  if (!bound)
    if (auto *name = llvm::dyn_cast_or_null<NameExpr>(e.list.get()))
      if (auto *p = llvm::dyn_cast_or_null<ParamDecl>(name->name.decl))
        bound = p->maxItems;
  if (!bound)
    if (auto *list = llvm::dyn_cast_or_null<ListExpr>(e.list.get()))
      bound = static_cast<int64_t>(list->elements.size());
  if (!bound) {
    s.diags.error(at,
                  "'each' needs the most elements its list can have, for the verifier and the "
                  "RTO: write `each " +
                      e.var->name +
                      " in LIST max N`, or declare the param "
                      "with `max N` (`param hosts: list<string> max 8`)",
                  "type");
    return 0;
  }
  if (*bound < 0 || *bound > MaxBound) {
    s.diags.error(at,
                  "'each' can go over at most " + std::to_string(MaxBound) +
                      " elements (the verifier checks every iteration); split the list",
                  "type");
    return 0;
  }
  return *bound;
}

void TypeChecker::decideStep(DecideStep &d) {
  // A decision is taken once per run: the verifier relies on every test of it agreeing.
  if (loops > 0)
    s.diags.error(d.nameRange,
                  "a decision inside 'each' would be taken once per element; decide before "
                  "the loop, or branch with 'if' inside it",
                  "type");
  else if (inProcedure)
    s.diags.error(d.nameRange,
                  "a decision inside procedure '" + inProcedure->name +
                      "' would be taken once per call; decide before calling it and pass "
                      "the value as a parameter, or branch with 'if' inside it",
                  "type");
  for (WhenArm &w : d.whens)
    want(w.condition, boolean, "'when'");
}

// The arguments each probe of a `check` or `must` is given.
void TypeChecker::probeStep(ProbeStep &ps) {
  for (size_t i = 0; i < ps.probes.size() && i < ps.args.size(); ++i)
    if (ps.probes[i].decl)
      checkArguments(s, moduleScope, *ps.probes[i].decl, ps.probes[i].str(), ps.args[i],
                     ps.probes[i].range);
}

void TypeChecker::waitStep(WaitStep &w) {
  if (w.probe.decl)
    checkArguments(s, moduleScope, *w.probe.decl, w.probe.str(), w.args, w.probe.range);
  ExprScope fields = moduleScope;
  fields.fieldsOf = llvm::dyn_cast_or_null<ProbeDecl>(w.probe.decl);
  // With the probe unknown (already reported), its fields cannot be told from typos.
  fields.quietUnknown = !fields.fieldsOf;
  want(w.until, boolean, "'until'", &fields);
  want(w.within, duration, "'within'");
  want(w.every, duration, "'every'");
}

void TypeChecker::doStep(DoStep &d) {
  if (!d.action.decl) {
    for (ExprPtr &arg : d.args)
      ExprChecker(s, moduleScope).check(arg, s.errorType());
    return;
  }
  checkArguments(s, moduleScope, *d.action.decl, d.action.str(), d.args, d.action.range);
}

} // namespace

void typeCheck(SemaContext &s) {
  for (Module *m : s.modules)
    TypeChecker(s, *m).run();
}

} // namespace drbook::sema
