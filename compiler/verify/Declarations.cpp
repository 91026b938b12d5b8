//===- Declarations.cpp - Checks on declarations rather than paths --------===//
//
// unused-probe and unused-param read the `used` marks sema leaves on declarations;
// missing-timeout and the exhaustiveness of `match` clauses inside actions read the actions
// themselves. Only the runbook's own declarations are judged here: a module's actions are
// judged where the runbook calls them.
//
//===----------------------------------------------------------------------===//
#include "drbook/graph/Exhaustiveness.h"
#include "drbook/verify/Verifier.h"

namespace drbook::verify {

using namespace drbook::ast;
using namespace drbook::graph;

static bool hasClause(const std::vector<ActionClause> &clauses, ActionClause::Kind kind) {
  for (const ActionClause &c : clauses) {
    if (c.kind == kind)
      return true;
    for (const ActionClause::Arm &arm : c.arms)
      if (hasClause(arm.clauses, kind))
        return true;
  }
  return false;
}

// The members of an enum- or bool-typed action parameter or runbook param named by `subject`.
static std::vector<std::string> membersOf(const Expr &subject, const ActionDecl &action,
                                          const Module &root) {
  if (subject.type && subject.type->kind == TypeKind::Enum)
    return subject.type->members;
  auto *name = llvm::dyn_cast<NameExpr>(&subject);
  if (!name || name->name.parts.size() != 1)
    return {};
  auto fromSyntax = [](const TypeSyntax &t) -> std::vector<std::string> {
    if (t.kind == TypeSyntax::Kind::Enum)
      return t.members;
    if (t.name == "bool")
      return {"false", "true"};
    return {};
  };
  for (const auto &p : action.params)
    if (p->name == name->name.parts[0])
      return fromSyntax(p->typeSyntax);
  for (const DeclPtr &d : root.decls)
    if (auto *p = llvm::dyn_cast<ParamDecl>(d.get()); p && p->name == name->name.parts[0])
      return fromSyntax(p->typeSyntax);
  return {};
}

static void checkActionMatches(const std::vector<ActionClause> &clauses, const ActionDecl &action,
                               const Module &root, DiagnosticEngine &diags) {
  for (const ActionClause &c : clauses) {
    if (c.kind == ActionClause::Kind::Match && c.expr) {
      std::vector<std::vector<std::string>> values;
      bool wildcard = false;
      for (const ActionClause::Arm &arm : c.arms) {
        values.push_back(arm.values);
        wildcard |= arm.wildcard;
      }
      Coverage cover = coverMembers(membersOf(*c.expr, action, root), values, wildcard);
      if (!cover.exhaustive && !cover.uncovered.empty())
        diags.error(c.range,
                    "match on " + sourceText(c.expr->range) + " in action '" + action.name +
                        "' has no `_` arm, and no arm covers '" + cover.uncovered + "'",
                    "decision-not-exhaustive");
    }
    for (const ActionClause::Arm &arm : c.arms)
      checkActionMatches(arm.clauses, action, root, diags);
  }
}

void checkDeclarations(const Module &root, const StepGraph &g, DiagnosticEngine &diags) {
  for (const DeclPtr &d : root.decls) {
    if (auto *p = llvm::dyn_cast<ProbeDecl>(d.get())) {
      if (!p->used)
        diags.warning(p->nameRange, "probe '" + p->name + "' is never used", "unused-probe");
      if (describe(p->probeKind).target == ProbeTarget::Command && !p->timeout)
        diags.warning(p->nameRange,
                      std::string(spelling(p->probeKind)) + " probe '" + p->name +
                          "' has no timeout",
                      "missing-timeout");
    } else if (auto *p = llvm::dyn_cast<ParamDecl>(d.get())) {
      if (!p->used)
        diags.warning(p->nameRange, "param '" + p->name + "' is never used", "unused-param");
    } else if (auto *a = llvm::dyn_cast<ActionDecl>(d.get())) {
      if (hasClause(a->clauses, ActionClause::Kind::Run) &&
          !hasClause(a->clauses, ActionClause::Kind::Timeout))
        diags.warning(a->nameRange, "action '" + a->name + "' has no timeout", "missing-timeout");
      checkActionMatches(a->clauses, *a, root, diags);
    }
  }
  // `run` steps, and calls of a module's action that has no timeout.
  for (const Node &n : g.nodes) {
    if (n.kind != NodeKind::Action || n.timed || !n.step)
      continue;
    if (n.action < 0) {
      diags.warning(n.range, n.label + " has no timeout", "missing-timeout");
      continue;
    }
    const ActionInfo &a = g.actions[n.action];
    bool own = false;
    for (const DeclPtr &d : root.decls)
      own |= d.get() == a.decl;
    if (!own && a.decl && hasClause(a.decl->clauses, ActionClause::Kind::Run))
      diags.warning(n.range, "action '" + a.name + "' has no timeout", "missing-timeout");
  }
}

} // namespace drbook::verify
