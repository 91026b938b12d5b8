//===- Resolve.cpp - Resolving the names steps and declarations refer to ---===//
//
// Names outside expressions: the probes of check/must/wait, the action of do, the state of an
// effect, a probe's bearer secret, the scenarios `decide scenario` routes to, and the actions
// or phases invariants speak of. Names inside expressions need types to resolve (enum members
// depend on what is expected), so the type checker resolves those.
//
//===----------------------------------------------------------------------===//
#include "SemaContext.h"
#include "drbook/basic/Suggest.h"
#include "drbook/sema/Sema.h"

namespace drbook::sema {

using namespace drbook::ast;

namespace {

class Resolver {
public:
  Resolver(SemaContext &s, Module &m) : s(s), m(m) {}

  void run();

private:
  void clauses(std::vector<ActionClause> &cs, bool nested = false);
  void step(Step &st);
  void scenarioValue(const std::string &value, SMRange range);
  void actionOrPhase(NameRef &ref);
  void callee(NameRef &ref);

  SemaContext &s;
  Module &m;
};

void Resolver::run() {
  for (DeclPtr &d : m.decls) {
    if (auto *p = llvm::dyn_cast_or_null<ProbeDecl>(d.get())) {
      if (!p->bearer.parts.empty())
        s.resolve(m, p->bearer, Decl::Kind::Secret);
    } else if (auto *a = llvm::dyn_cast_or_null<ActionDecl>(d.get())) {
      clauses(a->clauses);
      if (!a->host.parts.empty())
        s.resolve(m, a->host, Decl::Kind::Host);
    }
  }
  forEachStep(m, [&](Step &st) { step(st); });
  for (Invariant &inv : m.invariants) {
    actionOrPhase(inv.subject);
    if (inv.kind != InvariantKind::Before)
      actionOrPhase(inv.other);
  }
}

void Resolver::clauses(std::vector<ActionClause> &cs, bool nested) {
  for (ActionClause &c : cs) {
    // A backup preserves the same data whichever command the arguments choose.
    if (nested && c.kind == ActionClause::Kind::Covers)
      s.diags.error(c.range,
                    "'covers' says what the action's backup preserves whatever its arguments: "
                    "write it at the top of the action's body, not under 'match' or 'if'",
                    "type");
    for (Effect &e : c.effects)
      s.resolve(m, e.state, Decl::Kind::State);
    for (NameRef &ref : c.covers)
      s.resolve(m, ref, Decl::Kind::State);
    for (ActionClause::Arm &arm : c.arms)
      clauses(arm.clauses, /*nested=*/true);
  }
}

void Resolver::step(Step &st) {
  switch (st.kind) {
  case Step::Kind::Check:
  case Step::Kind::Must:
    for (NameRef &ref : llvm::cast<ProbeStep>(st).probes)
      s.resolve(m, ref, Decl::Kind::Probe);
    return;
  case Step::Kind::Do:
    callee(llvm::cast<DoStep>(st).action);
    if (!llvm::cast<DoStep>(st).host.parts.empty())
      s.resolve(m, llvm::cast<DoStep>(st).host, Decl::Kind::Host);
    return;
  case Step::Kind::Wait:
    s.resolve(m, llvm::cast<WaitStep>(st).probe, Decl::Kind::Probe);
    return;
  case Step::Kind::Manual:
    for (NameRef &ref : llvm::cast<ManualStep>(st).approves)
      s.resolve(m, ref, Decl::Kind::Action);
    return;
  case Step::Kind::Decide: {
    // A decision literally named `scenario` routes to the scenario its value names.
    auto &d = llvm::cast<DecideStep>(st);
    if (d.name != "scenario")
      return;
    for (const WhenArm &w : d.whens)
      scenarioValue(w.value, w.valueRange);
    if (d.otherwise)
      scenarioValue(*d.otherwise, d.otherwiseRange);
    for (const AskOption &o : d.askOptions)
      scenarioValue(o.value, valueRange(o));
    return;
  }
  case Step::Kind::Run:
    if (!llvm::cast<RunStep>(st).host.parts.empty())
      s.resolve(m, llvm::cast<RunStep>(st).host, Decl::Kind::Host);
    return;
  case Step::Kind::If:
  case Step::Kind::Match:
  case Step::Kind::Parallel:
  case Step::Kind::Abort:
  case Step::Kind::Escalate:
  case Step::Kind::Ask:
  case Step::Kind::Each:
  case Step::Kind::Verify:
  case Step::Kind::Note:
    return;
  }
}

// `do NAME`: an action, or a procedure.
void Resolver::callee(NameRef &ref) {
  Lookup found = s.lookup(m, ref.parts);
  if (found.decl && found.decl->kind == Decl::Kind::Procedure) {
    ref.decl = found.decl;
    found.decl->used = true;
    return;
  }
  s.resolve(m, ref, Decl::Kind::Action);
}

void Resolver::scenarioValue(const std::string &value, SMRange range) {
  if (value.empty())
    return;
  ModuleScope &scope = s.scope(m);
  auto it = scope.decls.find(value);
  if (it != scope.decls.end() && it->second->kind == Decl::Kind::Scenario) {
    it->second->used = true;
    return;
  }
  std::vector<std::string> scenarios;
  for (Decl *d : scope.ordered)
    if (d->kind == Decl::Kind::Scenario)
      scenarios.push_back(d->name);
  s.diags.error(range, "unknown scenario '" + value + "'" + didYouMean(value, scenarios),
                "unknown-name");
}

void Resolver::actionOrPhase(NameRef &ref) {
  if (ref.parts.empty())
    return;
  if (ref.parts.size() == 1 && isPhaseName(ref.parts[0]))
    return;
  Lookup found = s.lookup(m, ref.parts);
  if (found.brokenImport)
    return;
  if (found.decl && found.decl->kind == Decl::Kind::Action) {
    ref.decl = found.decl;
    found.decl->used = true;
    return;
  }
  std::string written = ref.str();
  if (found.decl) {
    s.diags.error(ref.range,
                  "expected an action or phase, but '" + written + "' is " +
                      withArticle(found.decl->kind),
                  "unknown-name");
    return;
  }
  std::vector<std::string> names =
      s.visibleNames(m, [](const Decl &d) { return d.kind == Decl::Kind::Action; });
  for (PhaseKind phase : AllPhases)
    names.push_back(spelling(phase));
  s.diags.error(ref.range, "unknown action or phase '" + written + "'" + didYouMean(written, names),
                "unknown-name");
}

} // namespace

void resolveReferences(SemaContext &s) {
  for (Module *m : s.modules)
    Resolver(s, *m).run();
}

} // namespace drbook::sema
