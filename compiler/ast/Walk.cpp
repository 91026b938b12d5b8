//===- Walk.cpp - Every step and every expression of a runbook -------------===//
#include "drbook/ast/Walk.h"

namespace drbook::ast {

void forEachChildBlock(Step &step, llvm::function_ref<void(Block &)> fn) {
  switch (step.kind) {
  case Step::Kind::If: {
    auto &s = llvm::cast<IfStep>(step);
    fn(s.thenBlock);
    if (s.elseBlock)
      fn(*s.elseBlock);
    break;
  }
  case Step::Kind::Match:
    for (MatchArm &arm : llvm::cast<MatchStep>(step).arms)
      fn(arm.body);
    break;
  case Step::Kind::Parallel:
    for (Block &b : llvm::cast<ParallelStep>(step).branches)
      fn(b);
    break;
  case Step::Kind::Each:
    fn(llvm::cast<EachStep>(step).body);
    break;
  case Step::Kind::Check:
  case Step::Kind::Must:
  case Step::Kind::Do:
  case Step::Kind::Run:
  case Step::Kind::Manual:
  case Step::Kind::Verify:
  case Step::Kind::Note:
  case Step::Kind::Decide:
  case Step::Kind::Wait:
  case Step::Kind::Abort:
  case Step::Kind::Escalate:
  case Step::Kind::Ask:
    break;
  }
  if (step.onFailure)
    fn(*step.onFailure);
}

void forEachStep(Block &block, llvm::function_ref<void(Step &)> fn) {
  for (StepPtr &step : block.steps) {
    if (!step)
      continue;
    fn(*step);
    forEachChildBlock(*step, [&](Block &b) { forEachStep(b, fn); });
  }
}

void forEachTopBlock(Module &m, llvm::function_ref<void(Block &)> fn) {
  auto phases = [&](std::vector<Phase> &list) {
    for (Phase &p : list) {
      if (p.onFailure)
        fn(*p.onFailure);
      fn(p.body);
    }
  };
  phases(m.phases);
  for (DeclPtr &d : m.decls)
    if (auto *s = llvm::dyn_cast_or_null<ScenarioDecl>(d.get())) {
      phases(s->phases);
      if (s->finally)
        fn(*s->finally);
    } else if (auto *p = llvm::dyn_cast_or_null<ProcedureDecl>(d.get())) {
      fn(p->body);
    }
  if (m.onFailure)
    fn(*m.onFailure);
  if (m.finally)
    fn(*m.finally);
}

void forEachStep(Module &m, llvm::function_ref<void(Step &)> fn) {
  forEachTopBlock(m, [&](Block &b) { forEachStep(b, fn); });
}

void forEachStep(const Module &m, llvm::function_ref<void(const Step &)> fn) {
  // The walk changes nothing; one implementation serves both.
  forEachStep(const_cast<Module &>(m), [&](Step &s) { fn(s); });
}

void forEachExpr(Step &step, llvm::function_ref<void(ExprPtr &, ExprUse)> fn) {
  auto each = [&](ExprPtr &e, ExprUse use) {
    if (e)
      fn(e, use);
  };
  switch (step.kind) {
  case Step::Kind::Check:
  case Step::Kind::Must:
    for (auto &list : llvm::cast<ProbeStep>(step).args)
      for (ExprPtr &a : list)
        each(a, ExprUse::Argument);
    return;
  case Step::Kind::Parallel:
    return;
  case Step::Kind::Do:
    for (ExprPtr &a : llvm::cast<DoStep>(step).args)
      each(a, ExprUse::Argument);
    return;
  case Step::Kind::Run: {
    auto &r = llvm::cast<RunStep>(step);
    each(r.command, ExprUse::Shown);
    each(r.timeout, ExprUse::Setting);
    return each(r.retries, ExprUse::Setting);
  }
  case Step::Kind::Manual:
  case Step::Kind::Verify:
  case Step::Kind::Note: {
    auto &m = llvm::cast<ManualStep>(step);
    each(m.text, ExprUse::Shown);
    each(m.estimate.expected, ExprUse::Setting);
    return each(m.estimate.worst, ExprUse::Setting);
  }
  case Step::Kind::Decide:
    for (WhenArm &w : llvm::cast<DecideStep>(step).whens)
      each(w.condition, ExprUse::Condition);
    return;
  case Step::Kind::If:
    return each(llvm::cast<IfStep>(step).condition, ExprUse::Condition);
  case Step::Kind::Match:
    return each(llvm::cast<MatchStep>(step).subject, ExprUse::Condition);
  case Step::Kind::Wait: {
    auto &w = llvm::cast<WaitStep>(step);
    for (ExprPtr &a : w.args)
      each(a, ExprUse::Argument);
    each(w.until, ExprUse::Condition);
    each(w.within, ExprUse::Setting);
    return each(w.every, ExprUse::Setting);
  }
  case Step::Kind::Abort:
  case Step::Kind::Escalate:
    return each(llvm::cast<TerminalStep>(step).message, ExprUse::Shown);
  case Step::Kind::Each:
    return each(llvm::cast<EachStep>(step).list, ExprUse::Condition);
  case Step::Kind::Ask: {
    auto &a = llvm::cast<AskStep>(step);
    each(a.pattern, ExprUse::Setting);
    each(a.low, ExprUse::Setting);
    return each(a.high, ExprUse::Setting);
  }
  }
}

void forEachExpr(const Step &step, llvm::function_ref<void(const Expr &, ExprUse)> fn) {
  forEachExpr(const_cast<Step &>(step), [&](ExprPtr &e, ExprUse use) { fn(*e, use); });
}

void forEachSubExpr(const Expr &e, llvm::function_ref<bool(const Expr &)> fn) {
  if (!fn(e))
    return;
  auto inner = [&](const ExprPtr &sub) {
    if (sub)
      forEachSubExpr(*sub, fn);
  };
  switch (e.kind) {
  case Expr::Kind::List:
    for (const ExprPtr &el : llvm::cast<ListExpr>(e).elements)
      inner(el);
    return;
  case Expr::Kind::Field:
    return inner(llvm::cast<FieldExpr>(e).base);
  case Expr::Kind::Call:
    inner(llvm::cast<CallExpr>(e).callee);
    for (const ExprPtr &a : llvm::cast<CallExpr>(e).args)
      inner(a);
    return;
  case Expr::Kind::Unary:
    return inner(llvm::cast<UnaryExpr>(e).operand);
  case Expr::Kind::Binary:
    inner(llvm::cast<BinaryExpr>(e).lhs);
    return inner(llvm::cast<BinaryExpr>(e).rhs);
  case Expr::Kind::Int:
  case Expr::Kind::Float:
  case Expr::Kind::Duration:
  case Expr::Kind::String:
  case Expr::Kind::Regex:
  case Expr::Kind::Bool:
  case Expr::Kind::Name:
  case Expr::Kind::Error:
    return;
  }
}

} // namespace drbook::ast
