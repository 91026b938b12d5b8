//===- TypeRules.cpp - Which types fit together in drbook expressions ------===//
#include "drbook/sema/TypeRules.h"

namespace drbook::sema {

using ast::BinaryOp;
using ast::Type;
using ast::TypeKind;

const Type *valueType(const Type *t) {
  while (t && t->kind == TypeKind::Secret && t->element)
    t = t->element;
  return t;
}

/// `<error>` and `json` fit anywhere; a missing type is treated like `<error>`.
static bool isWild(const Type *t) { return !t || t->isError() || t->kind == TypeKind::Json; }

static bool isDuration(const Type *t) { return t->kind == TypeKind::Duration; }

/// Enums written alike are one type: a param's `enum { fast, slow }` is passed to an action
/// parameter declared `enum { fast, slow }`. The order counts, as values are numbered by it.
static bool sameEnum(const Type *a, const Type *b) {
  return a->kind == TypeKind::Enum && b->kind == TypeKind::Enum && a->members == b->members;
}

bool isAssignable(const Type *from, const Type *to) {
  from = valueType(from);
  to = valueType(to);
  if (isWild(from) || isWild(to) || from == to || sameEnum(from, to))
    return true;
  if (from->isText() && to->isText())
    return true;
  if (from->kind == TypeKind::Int && to->kind == TypeKind::Float)
    return true;
  // A pattern may be given as a string.
  if (from->kind == TypeKind::String && to->kind == TypeKind::Regex)
    return true;
  if (from->kind == TypeKind::List && to->kind == TypeKind::List)
    return isAssignable(from->element, to->element);
  return false;
}

bool isComparable(const Type *a, const Type *b) {
  a = valueType(a);
  b = valueType(b);
  if (isWild(a) || isWild(b))
    return true;
  if (a == b)
    return a->kind != TypeKind::Probe;
  if (sameEnum(a, b) || (a->isNumeric() && b->isNumeric()))
    return true;
  if (a->isText() && b->isText())
    return true;
  if (a->kind == TypeKind::List && b->kind == TypeKind::List)
    return isComparable(a->element, b->element);
  return false;
}

static std::string str(const Type *t) { return t ? t->str() : "<error>"; }

static const Type *logical(BinaryOp op, const Type *l, const Type *r, ast::TypeContext &types,
                           std::string &why) {
  for (const Type *t : {l, r})
    if (!isWild(t) && t->kind != TypeKind::Bool) {
      why = std::string("'") + spelling(op) + "' needs bool operands, found " + str(t);
      return nullptr;
    }
  return types.get(TypeKind::Bool);
}

static const Type *ordering(BinaryOp op, const Type *l, const Type *r, ast::TypeContext &types,
                            std::string &why) {
  // 1 for numbers, 2 for durations, 0 for what cannot be ordered; json and <error> fit both.
  auto group = [](const Type *t) { return t->isNumeric() ? 1 : isDuration(t) ? 2 : 0; };
  bool lw = isWild(l), rw = isWild(r);
  const Type *bad = !lw && !group(l) ? l : (!rw && !group(r) ? r : nullptr);
  if (bad) {
    why = std::string("'") + spelling(op) + "' needs numbers or durations, found " + str(bad);
    return nullptr;
  }
  if (!lw && !rw && group(l) != group(r)) {
    why = "cannot compare " + str(l) + " with " + str(r);
    return nullptr;
  }
  return types.get(TypeKind::Bool);
}

static const Type *membership(BinaryOp op, const Type *l, const Type *r, ast::TypeContext &types,
                              std::string &why) {
  const Type *boolean = types.get(TypeKind::Bool);
  // `contains` has the collection on the left, `in` on the right.
  const Type *whole = op == BinaryOp::Contains ? l : r;
  const Type *part = op == BinaryOp::Contains ? r : l;
  if (isWild(whole))
    return boolean;
  if (whole->kind == TypeKind::List) {
    if (isComparable(part, whole->element))
      return boolean;
    why = "cannot look for " + str(part) + " in " + str(whole);
    return nullptr;
  }
  if (op == BinaryOp::Contains && whole->isText()) {
    if (isWild(part) || part->isText())
      return boolean;
    why = "'contains' on text needs text on the right, found " + str(part);
    return nullptr;
  }
  why = op == BinaryOp::Contains ? "'contains' needs text or a list on the left, found " + str(l)
                                 : "'in' needs a list on the right, found " + str(r);
  return nullptr;
}

static const Type *matching(const Type *l, const Type *r, ast::TypeContext &types,
                            std::string &why) {
  if (!isWild(l) && !l->isText()) {
    why = "'matches' needs text on the left, found " + str(l);
    return nullptr;
  }
  if (!isWild(r) && r->kind != TypeKind::Regex && r->kind != TypeKind::String) {
    why = "'matches' needs a regex or a string on the right, found " + str(r);
    return nullptr;
  }
  return types.get(TypeKind::Bool);
}

static const Type *arithmetic(BinaryOp op, const Type *l, const Type *r, ast::TypeContext &types,
                              std::string &why) {
  if ((l && l->isError()) || (r && r->isError()) || !l || !r)
    return types.get(TypeKind::Error);
  bool json = l->kind == TypeKind::Json || r->kind == TypeKind::Json;
  auto fits = [&](const Type *t) {
    return t->isNumeric() || isDuration(t) || t->kind == TypeKind::Json;
  };
  if (json && fits(l) && fits(r))
    return types.get(TypeKind::Json);
  if (l->isNumeric() && r->isNumeric()) {
    bool ints = l->kind == TypeKind::Int && r->kind == TypeKind::Int;
    return types.get(ints ? TypeKind::Int : TypeKind::Float);
  }
  switch (op) {
  case BinaryOp::Add:
  case BinaryOp::Sub:
    if (isDuration(l) && isDuration(r))
      return l;
    break;
  case BinaryOp::Mul:
    if ((isDuration(l) && r->kind == TypeKind::Int) || (l->kind == TypeKind::Int && isDuration(r)))
      return types.get(TypeKind::Duration);
    break;
  default:
    break;
  }
  const char *needs = op == BinaryOp::Mul   ? "numbers, or a duration and an int"
                      : op == BinaryOp::Mod ? "numbers"
                                            : "numbers or durations";
  why =
      std::string("'") + spelling(op) + "' needs " + needs + ", found " + str(l) + " and " + str(r);
  return nullptr;
}

const Type *binaryResultType(BinaryOp op, const Type *lhs, const Type *rhs, ast::TypeContext &types,
                             std::string &why) {
  const Type *l = valueType(lhs), *r = valueType(rhs);
  switch (op) {
  case BinaryOp::And:
  case BinaryOp::Or:
    return logical(op, l, r, types, why);
  case BinaryOp::Eq:
  case BinaryOp::Ne:
    if (isComparable(l, r))
      return types.get(TypeKind::Bool);
    why = "cannot compare " + str(l) + " with " + str(r);
    return nullptr;
  case BinaryOp::Lt:
  case BinaryOp::Le:
  case BinaryOp::Gt:
  case BinaryOp::Ge:
    return ordering(op, l, r, types, why);
  case BinaryOp::Contains:
  case BinaryOp::In:
    return membership(op, l, r, types, why);
  case BinaryOp::Matches:
    return matching(l, r, types, why);
  case BinaryOp::Add:
  case BinaryOp::Sub:
  case BinaryOp::Mul:
  case BinaryOp::Mod:
    return arithmetic(op, l, r, types, why);
  }
  return nullptr;
}

const Type *unaryResultType(ast::UnaryOp op, const Type *operand, ast::TypeContext &types,
                            std::string &why) {
  const Type *t = valueType(operand);
  switch (op) {
  case ast::UnaryOp::Not:
    if (isWild(t) || t->kind == TypeKind::Bool)
      return types.get(TypeKind::Bool);
    why = "'not' needs a bool, found " + str(t);
    return nullptr;
  case ast::UnaryOp::Negate:
    if (!t || t->isError())
      return types.get(TypeKind::Error);
    if (t->isNumeric() || isDuration(t) || t->kind == TypeKind::Json)
      return t;
    why = "'-' needs a number or a duration, found " + str(t);
    return nullptr;
  }
  return nullptr;
}

} // namespace drbook::sema
