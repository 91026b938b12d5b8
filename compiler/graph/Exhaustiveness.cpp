//===- Exhaustiveness.cpp - Exhaustiveness of decisions and matches ---------===//
#include "drbook/graph/Exhaustiveness.h"
#include "drbook/graph/Graph.h"

#include "IntervalSet.h"

#include <cmath>
#include <cstdio>
#include <set>

namespace drbook::graph {

using namespace drbook::ast;

namespace {

/// The outcomes of one subject a condition accepts.
struct CaseSet {
  enum class Kind { Bool, Number, Names } kind = Kind::Bool;
  unsigned bools = 0; ///< bit 0: false, bit 1: true
  IntervalSet numbers;
  bool integers = true, duration = false;
  /// Names: `items`, or every name except `items` when complemented.
  bool complemented = false;
  std::set<std::string> items;
};

struct Constraint {
  std::string subject;
  const Expr *subjectExpr = nullptr;
  CaseSet cases;
};

CaseSet complementOf(CaseSet c) {
  switch (c.kind) {
  case CaseSet::Kind::Bool:
    c.bools = ~c.bools & 3;
    break;
  case CaseSet::Kind::Number:
    c.numbers = c.numbers.complement();
    break;
  case CaseSet::Kind::Names:
    c.complemented = !c.complemented;
    break;
  }
  return c;
}

// Union (isAnd false) or intersection of two case sets of the same kind.
CaseSet combine(const CaseSet &a, const CaseSet &b, bool isAnd) {
  CaseSet c = a;
  c.integers = a.integers && b.integers;
  c.duration = a.duration || b.duration;
  switch (a.kind) {
  case CaseSet::Kind::Bool:
    c.bools = isAnd ? (a.bools & b.bools) : (a.bools | b.bools);
    break;
  case CaseSet::Kind::Number:
    c.numbers = isAnd ? a.numbers.intersect(b.numbers) : a.numbers.unite(b.numbers);
    break;
  case CaseSet::Kind::Names: {
    // With De Morgan, intersection is the complement of the union of complements.
    CaseSet x = isAnd ? complementOf(a) : a, y = isAnd ? complementOf(b) : b;
    std::set<std::string> items;
    if (!x.complemented && !y.complemented) {
      items = x.items;
      items.insert(y.items.begin(), y.items.end());
    } else if (x.complemented && y.complemented) {
      for (const std::string &s : x.items)
        if (y.items.count(s))
          items.insert(s);
    } else {
      const CaseSet &neg = x.complemented ? x : y, &pos = x.complemented ? y : x;
      for (const std::string &s : neg.items)
        if (!pos.items.count(s))
          items.insert(s);
    }
    c.complemented = x.complemented || y.complemented;
    c.items = std::move(items);
    if (isAnd)
      c = complementOf(c);
    break;
  }
  }
  return c;
}

std::string formatNumber(double v, bool duration) {
  if (duration) {
    auto ms = static_cast<long long>(v);
    if (ms != 0 && ms % 3600000 == 0)
      return std::to_string(ms / 3600000) + "h";
    if (ms != 0 && ms % 60000 == 0)
      return std::to_string(ms / 60000) + "m";
    if (ms != 0 && ms % 1000 == 0)
      return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
  }
  if (std::floor(v) == v && std::fabs(v) < 1e15)
    return std::to_string(static_cast<long long>(v));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

class Analyzer {
public:
  explicit Analyzer(const CoverageContext &cx) : cx(cx) {}

  std::optional<Constraint> analyze(const Expr &e) {
    if (auto *u = llvm::dyn_cast<UnaryExpr>(&e)) {
      if (u->op != UnaryOp::Not)
        return std::nullopt;
      std::optional<Constraint> inner = analyze(*u->operand);
      if (inner)
        inner->cases = complementOf(inner->cases);
      return inner;
    }
    if (auto *b = llvm::dyn_cast<BinaryExpr>(&e)) {
      if (b->op == BinaryOp::And || b->op == BinaryOp::Or) {
        std::optional<Constraint> l = analyze(*b->lhs), r = analyze(*b->rhs);
        if (!l || !r || l->subject != r->subject || l->cases.kind != r->cases.kind)
          return std::nullopt;
        l->cases = combine(l->cases, r->cases, b->op == BinaryOp::And);
        return l;
      }
      return comparison(*b);
    }
    if (cx.constant(e))
      return std::nullopt;
    // A boolean on its own: `ready.ok`, or `alembic.failed`, which is `not alembic.ok`.
    Constraint c;
    c.subjectExpr = &e;
    c.subject = sourceText(e.range);
    c.cases.bools = 2;
    if (auto *f = llvm::dyn_cast<FieldExpr>(&e); f && f->field == "failed") {
      c.subject = sourceText(f->base->range) + ".ok";
      c.cases.bools = 1;
    }
    return c;
  }

private:
  /// `subject in [a, b]`: the union of `subject == a` and `subject == b`.
  std::optional<Constraint> membership(const BinaryExpr &b) {
    auto *list = llvm::dyn_cast<ListExpr>(b.rhs.get());
    if (!list || list->elements.empty() || cx.constant(*b.lhs))
      return std::nullopt;
    std::optional<Constraint> all;
    for (const ExprPtr &element : list->elements) {
      std::optional<Constraint> c = compare(BinaryOp::Eq, *b.lhs, *element);
      if (!c || (all && all->cases.kind != c->cases.kind))
        return std::nullopt;
      all = all ? Constraint{all->subject, all->subjectExpr,
                             combine(all->cases, c->cases, /*isAnd=*/false)}
                : std::move(c);
    }
    return all;
  }

  std::optional<Constraint> comparison(const BinaryExpr &b) {
    if (b.op == BinaryOp::In)
      return membership(b);
    return compare(b.op, *b.lhs, *b.rhs);
  }

  /// `subject OP constant` or `constant OP subject`.
  std::optional<Constraint> compare(BinaryOp op, const Expr &lhs, const Expr &rhs) {
    std::optional<CoverageConstant> lc = cx.constant(lhs), rc = cx.constant(rhs);
    if (lc.has_value() == rc.has_value())
      return std::nullopt;
    bool subjectLeft = !lc;
    const Expr &subject = subjectLeft ? lhs : rhs;
    const CoverageConstant &k = subjectLeft ? *rc : *lc;
    Constraint c;
    c.subjectExpr = &subject;
    c.subject = sourceText(subject.range);
    if (k.kind == CoverageConstant::Kind::Bool) {
      if (op != BinaryOp::Eq && op != BinaryOp::Ne)
        return std::nullopt;
      c.cases.bools = k.flag ? 2 : 1;
      if (op == BinaryOp::Ne)
        c.cases.bools = ~c.cases.bools & 3;
      return c;
    }
    if (k.kind == CoverageConstant::Kind::Name) {
      if (op != BinaryOp::Eq && op != BinaryOp::Ne)
        return std::nullopt;
      c.cases.kind = CaseSet::Kind::Names;
      c.cases.items.insert(k.name);
      c.cases.complemented = op == BinaryOp::Ne;
      return c;
    }
    c.cases.kind = CaseSet::Kind::Number;
    c.cases.duration = k.kind == CoverageConstant::Kind::Duration;
    c.cases.integers = std::floor(k.number) == k.number &&
                       !(subject.type && subject.type->kind == TypeKind::Float);
    // Normalise to `subject OP constant`.
    if (!subjectLeft)
      op = op == BinaryOp::Lt   ? BinaryOp::Gt
           : op == BinaryOp::Gt ? BinaryOp::Lt
           : op == BinaryOp::Le ? BinaryOp::Ge
           : op == BinaryOp::Ge ? BinaryOp::Le
                                : op;
    switch (op) {
    case BinaryOp::Eq:
      c.cases.numbers = IntervalSet::point(k.number);
      return c;
    case BinaryOp::Ne:
      c.cases.numbers = IntervalSet::point(k.number).complement();
      return c;
    case BinaryOp::Lt:
    case BinaryOp::Le:
      c.cases.numbers = IntervalSet::below(k.number, op == BinaryOp::Le);
      return c;
    case BinaryOp::Gt:
    case BinaryOp::Ge:
      c.cases.numbers = IntervalSet::above(k.number, op == BinaryOp::Ge);
      return c;
    default:
      return std::nullopt;
    }
  }

  const CoverageContext &cx;
};

} // namespace

Coverage coverConditions(llvm::ArrayRef<const Expr *> conditions, const CoverageContext &cx) {
  Coverage out;
  out.exhaustive = false;
  Analyzer analyzer(cx);
  std::optional<Constraint> all;
  for (const Expr *e : conditions) {
    std::optional<Constraint> c = e ? analyzer.analyze(*e) : std::nullopt;
    if (!c || (all && (all->subject != c->subject || all->cases.kind != c->cases.kind)))
      return out;
    if (all)
      all->cases = combine(all->cases, c->cases, /*isAnd=*/false);
    else
      all = std::move(c);
  }
  if (!all)
    return out;
  const CaseSet &cases = all->cases;
  switch (cases.kind) {
  case CaseSet::Kind::Bool:
    out.exhaustive = cases.bools == 3;
    if (!out.exhaustive)
      out.uncovered = all->subject + (cases.bools & 2 ? " = false" : " = true");
    return out;
  case CaseSet::Kind::Number:
    if (std::optional<double> gap = cases.numbers.uncovered(cases.integers)) {
      out.uncovered = all->subject + " = " + formatNumber(*gap, cases.duration);
      return out;
    }
    out.exhaustive = true;
    return out;
  case CaseSet::Kind::Names: {
    if (cases.complemented) {
      out.exhaustive = cases.items.empty();
      if (!out.exhaustive)
        out.uncovered = all->subject + " = " + *cases.items.begin();
      return out;
    }
    std::vector<std::string> members = cx.members(*all->subjectExpr);
    std::vector<std::vector<std::string>> arms{{cases.items.begin(), cases.items.end()}};
    Coverage byMembers = coverMembers(members, arms, false);
    if (!byMembers.uncovered.empty())
      byMembers.uncovered = all->subject + " = " + byMembers.uncovered;
    return byMembers;
  }
  }
  return out;
}

Coverage coverMembers(llvm::ArrayRef<std::string> members,
                      llvm::ArrayRef<std::vector<std::string>> armValues, bool hasWildcard) {
  Coverage out;
  if (hasWildcard)
    return out;
  out.exhaustive = !members.empty();
  for (const std::string &m : members) {
    bool covered = false;
    for (const auto &arm : armValues)
      covered |= std::find(arm.begin(), arm.end(), m) != arm.end();
    if (!covered) {
      out.exhaustive = false;
      out.uncovered = m;
      return out;
    }
  }
  return out;
}

} // namespace drbook::graph
