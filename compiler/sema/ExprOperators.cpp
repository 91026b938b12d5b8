//===- ExprOperators.cpp - Typing operators, calls, lists and placeholders -===//
#include "ExprChecker.h"

#include "drbook/basic/Suggest.h"
#include "drbook/sema/TypeRules.h"

namespace drbook::sema {

using namespace drbook::ast;

const Type *ExprChecker::unary(UnaryExpr &u) {
  const Type *operand =
      check(u.operand, u.op == UnaryOp::Not ? s.types.get(TypeKind::Bool) : nullptr);
  std::string why;
  if (const Type *t = unaryResultType(u.op, operand, s.types, why))
    return t;
  s.diags.error(u.range, why, "type");
  return s.errorType();
}

/// A bare name that may turn out to be an enum member: nothing declares it, or what does is
/// not an enum (`serving == traffic` with a probe named `serving`). Its type is better taken
/// from the other operand.
bool ExprChecker::isOpenName(const Expr *e) {
  auto *n = llvm::dyn_cast_or_null<NameExpr>(e);
  if (!n || n->name.parts.size() != 1 || scope.logRecord)
    return false;
  Binding b = bind(n->name.parts[0]);
  return !b.found || !b.type || b.type->kind != TypeKind::Enum;
}

/// The type one operand of `op` should have, given the other operand's type.
const Type *ExprChecker::hintFor(BinaryOp op, bool forLhs, const Type *other) {
  if (!other || other->isError())
    return other;
  switch (op) {
  case BinaryOp::Eq:
  case BinaryOp::Ne:
    return other;
  case BinaryOp::In:
    if (!forLhs)
      return s.types.getList(other);
    return other->kind == TypeKind::List ? other->element : nullptr;
  case BinaryOp::Contains:
    if (forLhs)
      return nullptr;
    return other->kind == TypeKind::List ? other->element : nullptr;
  case BinaryOp::And:
  case BinaryOp::Or:
  case BinaryOp::Lt:
  case BinaryOp::Le:
  case BinaryOp::Gt:
  case BinaryOp::Ge:
  case BinaryOp::Matches:
  case BinaryOp::Add:
  case BinaryOp::Sub:
  case BinaryOp::Mul:
  case BinaryOp::Mod:
    return nullptr;
  }
  return nullptr;
}

const Type *ExprChecker::binary(BinaryExpr &b) {
  const Type *lt = nullptr, *rt = nullptr;
  if (b.op == BinaryOp::And || b.op == BinaryOp::Or) {
    const Type *boolean = s.types.get(TypeKind::Bool);
    lt = check(b.lhs, boolean);
    rt = check(b.rhs, boolean);
  } else if (isOpenName(b.lhs.get()) && !isOpenName(b.rhs.get())) {
    // `stopped == traffic`: type the right side first so the left can be its member.
    rt = check(b.rhs, nullptr);
    lt = check(b.lhs, hintFor(b.op, /*forLhs=*/true, rt));
  } else {
    lt = check(b.lhs, nullptr);
    rt = check(b.rhs, hintFor(b.op, /*forLhs=*/false, lt));
  }
  std::string why;
  if (const Type *t = binaryResultType(b.op, lt, rt, s.types, why))
    return t;
  s.diags.error(b.range, why, "type");
  return s.errorType();
}

const Type *ExprChecker::list(ListExpr &l, const Type *hint) {
  // The hint only resolves members (`[k8s, compose]`); the elements decide the list's type.
  const Type *elementHint =
      hint && hint->kind == TypeKind::List && hint->element ? hint->element : nullptr;
  const Type *element = nullptr;
  for (ExprPtr &el : l.elements) {
    const Type *t = check(el, elementHint);
    if (t->isError())
      continue;
    if (!element)
      element = t;
    else if (el && !isAssignable(t, element) && !isAssignable(element, t))
      s.diags.error(el->range,
                    "list elements must have one type; found " + t->str() + " after " +
                        element->str(),
                    "type");
  }
  if (!element)
    element = elementHint ? elementHint : s.types.get(TypeKind::Json);
  return s.types.getList(element);
}

/// The argument of a log aggregate: a field of the log record, possibly nested (`a.b`).
const Type *ExprChecker::recordField(ExprPtr &e) {
  const Type *json = s.types.get(TypeKind::Json);
  if (auto *n = llvm::dyn_cast_or_null<NameExpr>(e.get())) {
    n->type = json;
    return json;
  }
  if (auto *f = llvm::dyn_cast_or_null<FieldExpr>(e.get())) {
    if (recordField(f->base)->isError()) {
      f->type = s.errorType();
      return f->type;
    }
    f->type = json;
    return json;
  }
  if (e) {
    check(e, s.errorType());
    s.diags.error(e->range, "an aggregate takes the name of a log record field, like duration_ms",
                  "type");
  }
  return s.errorType();
}

ProbeDecl *ExprChecker::calledProbe(const Expr *callee) {
  Binding b;
  bool broken = false;
  if (auto *n = llvm::dyn_cast_or_null<NameExpr>(callee)) {
    if (n->name.parts.size() == 1)
      b = bind(n->name.parts[0]);
    else if (n->name.parts.size() == 2)
      b = bindQualified(n->name.parts[0], n->name.parts[1], broken);
  } else if (auto *f = llvm::dyn_cast_or_null<FieldExpr>(callee)) {
    auto *base = llvm::dyn_cast_or_null<NameExpr>(f->base.get());
    if (base && base->name.parts.size() == 1 && isImport(base->name.parts[0]))
      b = bindQualified(base->name.parts[0], f->field, broken);
  }
  // `p95(duration_ms)` in a log probe's own expect names the probe too: an aggregate.
  return b.found && !b.aggregate ? llvm::dyn_cast_or_null<ProbeDecl>(b.decl) : nullptr;
}

// `ready("db1").ok`: a probe with parameters, observed with these arguments.
const Type *ExprChecker::probeCall(CallExpr &c, ProbeDecl &probe) {
  calling = true;
  const Type *t = check(c.callee);
  calling = false;
  auto *n = llvm::dyn_cast_or_null<NameExpr>(c.callee.get());
  std::string name = n ? n->name.str() : probe.name;
  if (probe.params.empty()) {
    s.diags.error(c.range, "probe '" + name + "' takes no arguments; write '" + name + "'", "type");
    return s.errorType();
  }
  checkArguments(s, scope, probe, name, c.args, c.range);
  return t;
}

const Type *ExprChecker::call(CallExpr &c) {
  if (ProbeDecl *probe = calledProbe(c.callee.get()))
    return probeCall(c, *probe);
  const Type *result = s.types.get(TypeKind::Float);
  std::string aggregate;
  if (auto *n = llvm::dyn_cast_or_null<NameExpr>(c.callee.get());
      n && n->name.parts.size() == 1 && scope.fieldsOf &&
      describe(scope.fieldsOf->probeKind).aggregates && isRecordAggregate(n->name.parts[0])) {
    aggregate = n->name.parts[0];
    n->name.decl = scope.fieldsOf;
    n->type = result;
  } else if (auto *f = llvm::dyn_cast_or_null<FieldExpr>(c.callee.get());
             f && isRecordAggregate(f->field)) {
    const Type *base = valueType(check(f->base, nullptr));
    if (base->isError()) {
      result = base;
    } else if (base->kind == TypeKind::Probe && base->probe &&
               describe(base->probe->probeKind).aggregates) {
      aggregate = f->field;
    }
    f->type = result;
  }
  if (aggregate.empty() && !result->isError()) {
    if (c.callee)
      c.callee->type = s.errorType();
    s.diags.error(c.range,
                  "only log probe aggregates can be called: p50, p95, p99, max, min or avg of a "
                  "record field, like errors.p95(duration_ms)",
                  "type");
    result = s.errorType();
  }
  for (ExprPtr &arg : c.args)
    recordField(arg);
  if (!aggregate.empty() && c.args.size() != 1) {
    s.diags.error(c.range,
                  "'" + aggregate + "' takes one log record field, like " + aggregate +
                      "(duration_ms)",
                  "type");
    return s.errorType();
  }
  return result;
}

/// Whether the placeholder at `at` is written `{{name}}`. Placeholder ranges point into their
/// string literal, which starts with a quote, so the character before exists.
static bool inDoubleBraces(SMRange at) {
  const char *begin = at.Start.getPointer(); // at the placeholder's `{`
  if (!begin || begin[0] != '{' || begin[-1] != '{')
    return false;
  const char *close = begin;
  while (*close && *close != '}' && *close != '"' && *close != '\n')
    ++close;
  return close[0] == '}' && close[1] == '}';
}

void ExprChecker::placeholder(Placeholder &p) {
  std::vector<std::string> &parts = p.path.parts;
  p.type = s.errorType();
  if (parts.empty())
    return;
  SMRange at = p.path.range;
  size_t next = 1;
  if (CaptureDecl *out = outputNamed(parts, next)) {
    p.path.decl = out;
    out->used = true;
    const Type *t = out->type ? out->type : s.errorType();
    for (size_t i = next; i < parts.size() && !t->isError(); ++i)
      t = fieldOf(t, parts[i], at);
    p.type = t;
    return;
  }
  if (noOutput(parts, at))
    return;
  next = 1;
  Binding b = bind(parts[0]);
  const Type *t = nullptr;
  if (!b.found && parts.size() >= 2 && isImport(parts[0])) {
    bool broken = false;
    b = bindQualified(parts[0], parts[1], broken);
    if (broken)
      return;
    next = 2;
    if (!b.found) {
      NameRef written;
      written.parts = {parts[0], parts[1]};
      auto names = s.visibleNames(*scope.module, [](const Decl &d) {
        return d.kind != Decl::Kind::Action && d.kind != Decl::Kind::Scenario;
      });
      s.diags.error(at, "unknown name '" + written.str() + "'" + didYouMean(written.str(), names),
                    "unknown-name");
      return;
    }
  }
  if (!b.found && inDoubleBraces(at)) {
    // `{{end}}` of a Go template (`docker inspect -f`, `kubectl -o go-template`).
    s.diags.error(at,
                  "'{{" + p.path.str() + "}}' reads as the placeholder {" + p.path.str() +
                      "}; for literal braces, as in a Go template, write \\{\\{" + p.path.str() +
                      "\\}\\}",
                  "unknown-name");
    return;
  }
  if (!b.found) {
    reportUnknown(parts[0], at, nullptr);
    return;
  }
  NameRef head;
  head.parts.assign(parts.begin(), parts.begin() + next);
  t = use(b, head, at);
  p.path.decl = head.decl;
  for (size_t i = next; i < parts.size() && !t->isError(); ++i)
    t = fieldOf(t, parts[i], at);
  p.type = t;
}

} // namespace drbook::sema
