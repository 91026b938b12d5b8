//===- LowerPredicates.cpp - Constants and state predicates ----------------===//
#include "Lowering.h"

namespace drbook::graph {

using namespace drbook::ast;

static ConstValue unknown() { return {}; }

static ConstValue boolValue(bool b) {
  ConstValue v;
  v.kind = ConstValue::Kind::Bool;
  v.flag = b;
  return v;
}

// Equality of two known constants; numbers compare across int/float.
static std::optional<bool> constEquals(const ConstValue &a, const ConstValue &b) {
  using K = ConstValue::Kind;
  if (!a.known() || !b.known())
    return std::nullopt;
  bool numA = a.kind == K::Int || a.kind == K::Float || a.kind == K::Duration;
  bool numB = b.kind == K::Int || b.kind == K::Float || b.kind == K::Duration;
  if (numA && numB)
    return a.number == b.number;
  if (a.kind == K::Bool && b.kind == K::Bool)
    return a.flag == b.flag;
  // `true`/`false` written where a name is expected still compare as booleans.
  if ((a.kind == K::Bool) != (b.kind == K::Bool)) {
    const ConstValue &boolean = a.kind == K::Bool ? a : b;
    const ConstValue &other = a.kind == K::Bool ? b : a;
    if (other.kind == K::Name && (other.text == "true" || other.text == "false"))
      return boolean.flag == (other.text == "true");
    return std::nullopt;
  }
  if ((a.kind == K::Name || a.kind == K::String) && (b.kind == K::Name || b.kind == K::String))
    return a.text == b.text;
  return std::nullopt;
}

static std::optional<bool> constLess(const ConstValue &a, const ConstValue &b) {
  using K = ConstValue::Kind;
  auto numeric = [](const ConstValue &v) {
    return v.kind == K::Int || v.kind == K::Float || v.kind == K::Duration;
  };
  if (!numeric(a) || !numeric(b))
    return std::nullopt;
  return a.number < b.number;
}

static ConstValue evalComparison(BinaryOp op, const ConstValue &l, const ConstValue &r) {
  std::optional<bool> result;
  switch (op) {
  case BinaryOp::Eq:
    result = constEquals(l, r);
    break;
  case BinaryOp::Ne:
    if (auto eq = constEquals(l, r))
      result = !*eq;
    break;
  case BinaryOp::Lt:
    result = constLess(l, r);
    break;
  case BinaryOp::Gt:
    result = constLess(r, l);
    break;
  case BinaryOp::Le:
    if (auto gt = constLess(r, l))
      result = !*gt;
    break;
  case BinaryOp::Ge:
    if (auto lt = constLess(l, r))
      result = !*lt;
    break;
  default:
    break;
  }
  return result ? boolValue(*result) : unknown();
}

ConstValue Lowerer::evalName(const NameExpr &n, const ConstEnv *env) const {
  ConstValue v;
  if (env && n.name.parts.size() == 1) {
    auto bound = env->find(n.name.parts[0]);
    if (bound != env->end())
      return bound->second;
  }
  // A declared name (param, state, probe …) is only known at run time; anything else is an
  // enum member written bare.
  if (!n.isEnumMember && n.name.decl)
    return unknown();
  if (decisions.count(n.name.str()))
    return unknown();
  v.kind = ConstValue::Kind::Name;
  v.text = n.name.str();
  return v;
}

ConstValue Lowerer::evalBinary(const BinaryExpr &b, const ConstEnv *env) const {
  ConstValue l = evalConst(*b.lhs, env), r = evalConst(*b.rhs, env);
  if (b.op == BinaryOp::And || b.op == BinaryOp::Or) {
    bool isAnd = b.op == BinaryOp::And;
    // A known side that decides the result is enough: `false and x` is false.
    for (const ConstValue *side : {&l, &r})
      if (side->kind == ConstValue::Kind::Bool && side->flag != isAnd)
        return boolValue(!isAnd);
    if (l.kind == ConstValue::Kind::Bool && r.kind == ConstValue::Kind::Bool)
      return boolValue(isAnd);
    return unknown();
  }
  if (b.op == BinaryOp::In) {
    auto *list = llvm::dyn_cast<ListExpr>(b.rhs.get());
    if (!list || !l.known())
      return unknown();
    for (const ExprPtr &item : list->elements) {
      std::optional<bool> eq = constEquals(l, evalConst(*item, env));
      if (!eq)
        return unknown();
      if (*eq)
        return boolValue(true);
    }
    return boolValue(false);
  }
  return evalComparison(b.op, l, r);
}

ConstValue Lowerer::evalConst(const Expr &e, const ConstEnv *env) const {
  ConstValue v;
  switch (e.kind) {
  case Expr::Kind::Int:
    v.kind = ConstValue::Kind::Int;
    v.number = static_cast<double>(llvm::cast<IntExpr>(e).value);
    return v;
  case Expr::Kind::Float:
    v.kind = ConstValue::Kind::Float;
    v.number = llvm::cast<FloatExpr>(e).value;
    return v;
  case Expr::Kind::Duration:
    v.kind = ConstValue::Kind::Duration;
    v.number = static_cast<double>(llvm::cast<DurationExpr>(e).millis);
    return v;
  case Expr::Kind::Bool:
    return boolValue(llvm::cast<BoolExpr>(e).value);
  case Expr::Kind::String: {
    auto &s = llvm::cast<StringExpr>(e);
    if (!s.isPlain())
      return unknown();
    v.kind = ConstValue::Kind::String;
    v.text = s.pieces.empty() ? "" : s.pieces[0];
    return v;
  }
  case Expr::Kind::Name:
    return evalName(llvm::cast<NameExpr>(e), env);
  case Expr::Kind::Unary: {
    auto &u = llvm::cast<UnaryExpr>(e);
    ConstValue inner = evalConst(*u.operand, env);
    if (u.op == UnaryOp::Not)
      return inner.kind == ConstValue::Kind::Bool ? boolValue(!inner.flag) : unknown();
    if (inner.kind == ConstValue::Kind::Int || inner.kind == ConstValue::Kind::Float ||
        inner.kind == ConstValue::Kind::Duration) {
      inner.number = -inner.number;
      return inner;
    }
    return unknown();
  }
  case Expr::Kind::Binary:
    return evalBinary(llvm::cast<BinaryExpr>(e), env);
  case Expr::Kind::Regex:
  case Expr::Kind::List:
  case Expr::Kind::Field:
  case Expr::Kind::Call:
  case Expr::Kind::Error:
    return unknown();
  }
  return unknown();
}

int Lowerer::stateOf(const Expr &e) const {
  if (const Decl *d = referencedDecl(e)) {
    auto it = stateIndex.find(d);
    if (it != stateIndex.end())
      return static_cast<int>(it->second);
  }
  return -1;
}

namespace {

/// Builds the flat term list of one predicate.
class PredicateCompiler {
public:
  PredicateCompiler(const Lowerer &lowerer, const StepGraph &g, const ConstEnv *env, Predicate &out)
      : lowerer(lowerer), g(g), env(env), out(out) {}

  unsigned compile(const Expr &e) {
    unsigned t = compileTerm(e);
    if (!out.terms[t].range.Start.isValid())
      out.terms[t].range = e.range;
    return t;
  }

private:
  unsigned compileTerm(const Expr &e) {
    if (auto *u = llvm::dyn_cast<UnaryExpr>(&e); u && u->op == UnaryOp::Not)
      return add(Predicate::Op::Not, 0, 0, compile(*u->operand), 0);
    if (auto *b = llvm::dyn_cast<BinaryExpr>(&e)) {
      if (b->op == BinaryOp::And || b->op == BinaryOp::Or) {
        unsigned l = compile(*b->lhs), r = compile(*b->rhs);
        return add(b->op == BinaryOp::And ? Predicate::Op::And : Predicate::Op::Or, 0, 0, l, r);
      }
      if (auto atom = comparison(*b))
        return *atom;
    }
    // A bool state on its own: `backup_ok`.
    int state = lowerer.stateOf(e);
    if (state >= 0 && isBoolState(state))
      return add(Predicate::Op::Atom, static_cast<unsigned>(state), 2, 0, 0);
    ConstValue v = lowerer.evalConst(e, env);
    if (v.kind == ConstValue::Kind::Bool)
      return add(v.flag ? Predicate::Op::True : Predicate::Op::False, 0, 0, 0, 0);
    return add(Predicate::Op::Unknown, 0, 0, 0, 0);
  }

  unsigned add(Predicate::Op op, unsigned state, ValueMask allowed, unsigned lhs, unsigned rhs) {
    Predicate::Term t;
    t.op = op;
    t.state = state;
    t.allowed = allowed;
    t.lhs = lhs;
    t.rhs = rhs;
    out.terms.push_back(t);
    return static_cast<unsigned>(out.terms.size() - 1);
  }

  bool isBoolState(int state) const {
    const StateVar &s = g.states[state];
    return s.values.size() == 2 && s.values[0] == "false" && s.values[1] == "true";
  }

  /// The member index `e` names for state `state`, or -1.
  int memberOf(int state, const Expr &e) const {
    ConstValue v = lowerer.evalConst(e, env);
    std::string name;
    if (v.kind == ConstValue::Kind::Name || v.kind == ConstValue::Kind::String)
      name = v.text;
    else if (v.kind == ConstValue::Kind::Bool)
      name = v.flag ? "true" : "false";
    else if (auto *n = llvm::dyn_cast<NameExpr>(&e))
      name = n->name.str(); // a member that shares its name with a declaration
    const std::vector<std::string> &values = g.states[state].values;
    for (size_t i = 0; i < values.size(); ++i)
      if (values[i] == name)
        return static_cast<int>(i);
    return -1;
  }

  std::optional<unsigned> comparison(const BinaryExpr &b) {
    if (b.op != BinaryOp::Eq && b.op != BinaryOp::Ne && b.op != BinaryOp::In)
      return std::nullopt;
    const Expr *stateSide = b.lhs.get(), *valueSide = b.rhs.get();
    int state = lowerer.stateOf(*stateSide);
    if (state < 0 && b.op != BinaryOp::In) {
      std::swap(stateSide, valueSide);
      state = lowerer.stateOf(*stateSide);
    }
    if (state < 0)
      return std::nullopt;
    ValueMask mask = 0;
    if (b.op == BinaryOp::In) {
      auto *list = llvm::dyn_cast<ListExpr>(valueSide);
      if (!list)
        return add(Predicate::Op::Unknown, 0, 0, 0, 0);
      for (const ExprPtr &item : list->elements) {
        int m = memberOf(state, *item);
        if (m < 0)
          return add(Predicate::Op::Unknown, 0, 0, 0, 0);
        mask |= ValueMask(1) << m;
      }
    } else {
      int m = memberOf(state, *valueSide);
      if (m < 0)
        return add(Predicate::Op::Unknown, 0, 0, 0, 0);
      mask = ValueMask(1) << m;
      if (b.op == BinaryOp::Ne)
        mask = ~mask & fullMask(state);
    }
    return add(Predicate::Op::Atom, static_cast<unsigned>(state), mask, 0, 0);
  }

  ValueMask fullMask(int state) const {
    size_t n = g.states[state].values.size();
    return n >= 64 ? ~ValueMask(0) : (ValueMask(1) << n) - 1;
  }

  const Lowerer &lowerer;
  const StepGraph &g;
  const ConstEnv *env;
  Predicate &out;
};

} // namespace

unsigned Lowerer::compilePredicate(const Expr &e, const ConstEnv *env) {
  Predicate p;
  p.text = sourceText(e.range);
  p.range = e.range;
  PredicateCompiler compiler(*this, *g, env, p);
  p.root = compiler.compile(e);
  g->predicates.push_back(std::move(p));
  return static_cast<unsigned>(g->predicates.size() - 1);
}

} // namespace drbook::graph
