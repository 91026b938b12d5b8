//===- LowerRunVars.cpp - Values fixed for a run, and the branches on them -===//
//
// A param is bound once per run and a decision is taken once, so every branch that tests the
// same one must agree. Lowering records, on each edge that tests such a value, the values the
// edge allows; the verifier then never follows a path that needs two different ones.
// Conditions it cannot read as a test of one value (`a == x or b == y`) constrain nothing.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"

namespace drbook::graph {

using namespace drbook::ast;

ValueMask Lowerer::runVarMask(uint32_t var) const {
  size_t n = g->runVars[var].values.size();
  return n >= 64 ? ~ValueMask(0) : (ValueMask(1) << n) - 1;
}

uint32_t Lowerer::decisionVar(const std::string &name, const std::vector<std::string> &values) {
  // Decisions are keyed by name: sema rejects two decisions of one name in a runbook.
  auto key = static_cast<const void *>(&*decisions.find(name));
  auto [it, fresh] = runVarIndex.emplace(key, static_cast<uint32_t>(g->runVars.size()));
  if (fresh)
    g->runVars.push_back({name, values});
  return it->second;
}

std::optional<uint32_t> Lowerer::runVarOf(const Expr &subject) {
  auto *name = llvm::dyn_cast<NameExpr>(&subject);
  if (!name)
    return std::nullopt;
  const Decl *d = name->name.decl;
  auto decision = decisions.find(name->name.str());
  if ((!d || llvm::isa<DecisionDecl>(d)) && decision != decisions.end() &&
      decision->second.size() <= MaxStateValues)
    return decisionVar(decision->first, decision->second);
  auto *param = llvm::dyn_cast_or_null<ParamDecl>(d);
  if (!param)
    return std::nullopt;
  std::vector<std::string> values;
  if (param->typeSyntax.kind == TypeSyntax::Kind::Enum)
    values = param->typeSyntax.members;
  else if (param->typeSyntax.name == "bool")
    values = {"false", "true"};
  if (values.empty() || values.size() > MaxStateValues)
    return std::nullopt;
  auto [it, fresh] = runVarIndex.emplace(param, static_cast<uint32_t>(g->runVars.size()));
  if (fresh)
    g->runVars.push_back({qualifiedName(root, *param), values});
  return it->second;
}

ValueMask Lowerer::runValueMask(uint32_t var, const Expr &value) const {
  ConstValue v = evalConst(value, nullptr);
  std::string name = v.kind == ConstValue::Kind::Bool ? (v.flag ? "true" : "false") : v.text;
  if (!v.known())
    if (auto *n = llvm::dyn_cast<NameExpr>(&value))
      name = n->name.str();
  const std::vector<std::string> &values = g->runVars[var].values;
  for (size_t i = 0; i < values.size(); ++i)
    if (values[i] == name)
      return ValueMask(1) << i;
  return 0;
}

std::optional<RunTest> Lowerer::testOf(const Expr &e) {
  if (auto *u = llvm::dyn_cast<UnaryExpr>(&e)) {
    if (u->op != UnaryOp::Not)
      return std::nullopt;
    std::optional<RunTest> inner = testOf(*u->operand);
    if (inner)
      inner->allowed = ~inner->allowed & runVarMask(inner->var);
    return inner;
  }
  if (auto *b = llvm::dyn_cast<BinaryExpr>(&e)) {
    if (b->op == BinaryOp::And || b->op == BinaryOp::Or) {
      std::optional<RunTest> l = testOf(*b->lhs), r = testOf(*b->rhs);
      if (!l || !r || l->var != r->var)
        return std::nullopt;
      l->allowed = b->op == BinaryOp::And ? (l->allowed & r->allowed) : (l->allowed | r->allowed);
      return l;
    }
    if (b->op != BinaryOp::Eq && b->op != BinaryOp::Ne && b->op != BinaryOp::In)
      return std::nullopt;
    const Expr *subject = b->lhs.get(), *value = b->rhs.get();
    std::optional<uint32_t> var = runVarOf(*subject);
    if (!var && b->op != BinaryOp::In) {
      std::swap(subject, value);
      var = runVarOf(*subject);
    }
    if (!var)
      return std::nullopt;
    ValueMask mask = 0;
    if (b->op == BinaryOp::In) {
      auto *list = llvm::dyn_cast<ListExpr>(value);
      if (!list)
        return std::nullopt;
      for (const ExprPtr &item : list->elements) {
        ValueMask m = runValueMask(*var, *item);
        if (!m)
          return std::nullopt;
        mask |= m;
      }
    } else {
      mask = runValueMask(*var, *value);
      if (!mask)
        return std::nullopt;
      if (b->op == BinaryOp::Ne)
        mask = ~mask & runVarMask(*var);
    }
    return RunTest{*var, mask};
  }
  // A bool param on its own.
  std::optional<uint32_t> var = runVarOf(e);
  if (var && g->runVars[*var].values == std::vector<std::string>{"false", "true"})
    return RunTest{*var, 2};
  return std::nullopt;
}

} // namespace drbook::graph
