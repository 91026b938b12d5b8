//===- Secrets.cpp - Secrets placed where they would leak ------------------===//
//
// A secret must never reach a command line, a probe URL or target, an operator prompt or a
// terminal message: those are printed, logged and kept in the proof. The places that keep a
// secret out of sight are `bearer`, header values and a sql DSN, which the runtime redacts.
// An action argument or parameter default is refused too, since parameters end up in the
// action's commands, and so is a runbook parameter's default, since parameters are journaled.
// A command gets a secret in its environment (`env { PGPASSWORD = db_password }`), which no
// other user of the machine can read. A captured output typed `secret` is a secret too.
//
//===----------------------------------------------------------------------===//
#include "SemaContext.h"

namespace drbook::sema {

using namespace drbook::ast;

namespace {

class SecretChecker {
public:
  explicit SecretChecker(SemaContext &s) : s(s) {}

  void module(Module &m);

private:
  void expr(const Expr *e);
  void report(const Decl &secret, SMRange at);
  void clauses(const std::vector<ActionClause> &cs);
  /// Checks `e` as the text of a command, where the advice is `env`.
  void command(const Expr *e) {
    inCommand = true;
    expr(e);
    inCommand = false;
  }

  SemaContext &s;
  bool inCommand = false;
};

bool isSecret(const Decl *d) {
  return d && (d->kind == Decl::Kind::Secret ||
               (d->kind == Decl::Kind::Capture && d->type && d->type->kind == TypeKind::Secret));
}

void SecretChecker::report(const Decl &secret, SMRange at) {
  std::string name = secret.kind == Decl::Kind::Capture
                         ? llvm::cast<CaptureDecl>(secret).writtenName()
                         : secret.name;
  std::string advice = inCommand
                           ? "give it to the command in its environment: env { VAR = " + name +
                                 " }, and read $VAR in the command"
                           : "pass it with 'bearer', a 'header', or to a command in "
                             "'env'";
  s.diags.error(at, "secret '" + name + "' would be printed or put on a command line; " + advice,
                "secret-leak");
}

/// Reports every secret `e` reads, directly or through a string placeholder.
void SecretChecker::expr(const Expr *e) {
  if (!e)
    return;
  switch (e->kind) {
  case Expr::Kind::Name: {
    auto *n = llvm::cast<NameExpr>(e);
    if (isSecret(n->name.decl))
      report(*n->name.decl, n->range);
    return;
  }
  case Expr::Kind::String:
    for (const Placeholder &p : llvm::cast<StringExpr>(e)->placeholders)
      if (isSecret(p.path.decl))
        report(*p.path.decl, p.path.range);
    return;
  case Expr::Kind::Field:
    return expr(llvm::cast<FieldExpr>(e)->base.get());
  case Expr::Kind::Call:
    for (const ExprPtr &a : llvm::cast<CallExpr>(e)->args)
      expr(a.get());
    return;
  case Expr::Kind::Unary:
    return expr(llvm::cast<UnaryExpr>(e)->operand.get());
  case Expr::Kind::Binary:
    expr(llvm::cast<BinaryExpr>(e)->lhs.get());
    return expr(llvm::cast<BinaryExpr>(e)->rhs.get());
  case Expr::Kind::List:
    for (const ExprPtr &el : llvm::cast<ListExpr>(e)->elements)
      expr(el.get());
    return;
  case Expr::Kind::Int:
  case Expr::Kind::Float:
  case Expr::Kind::Duration:
  case Expr::Kind::Regex:
  case Expr::Kind::Bool:
  case Expr::Kind::Error:
    return;
  }
}

void SecretChecker::clauses(const std::vector<ActionClause> &cs) {
  for (const ActionClause &c : cs) {
    if (c.kind == ActionClause::Kind::Run)
      command(c.expr.get());
    for (const ActionClause::Arm &arm : c.arms)
      clauses(arm.clauses);
  }
}

void SecretChecker::module(Module &m) {
  for (DeclPtr &d : m.decls) {
    if (auto *p = llvm::dyn_cast_or_null<ProbeDecl>(d.get())) {
      // A DSN is the one target the runtime treats as a credential and redacts.
      if (p->probeKind == ProbeKind::Cmd)
        command(p->target.get());
      else if (describe(p->probeKind).target != ProbeTarget::Dsn)
        expr(p->target.get());
    } else if (auto *a = llvm::dyn_cast_or_null<ActionDecl>(d.get())) {
      // A default reaches the commands just as an argument does.
      for (const auto &param : a->params)
        expr(param->defaultValue.get());
      clauses(a->clauses);
      command(a->user.get());
      command(a->workdir.get());
    } else if (auto *h = llvm::dyn_cast_or_null<HostDecl>(d.get())) {
      expr(h->target.get()); // on ssh's command line; the identity may be a secret
      expr(h->port.get());
      expr(h->knownHosts.get());
    } else if (auto *param = llvm::dyn_cast_or_null<ParamDecl>(d.get())) {
      expr(param->defaultValue.get()); // a parameter's value is shown and journaled
    }
  }
  // What a step prints, runs or passes to an action; conditions only choose a path.
  forEachStep(m, [&](Step &st) {
    forEachExpr(st, [&](ExprPtr &e, ExprUse use) {
      if (use == ExprUse::Shown && st.kind == Step::Kind::Run)
        command(e.get());
      else if (use == ExprUse::Shown || use == ExprUse::Argument)
        expr(e.get());
    });
  });
}

} // namespace

void checkSecrets(SemaContext &s) {
  SecretChecker checker(s);
  for (Module *m : s.modules)
    checker.module(*m);
}

} // namespace drbook::sema
