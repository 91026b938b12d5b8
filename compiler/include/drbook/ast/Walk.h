//===- Walk.h - Every step and every expression of a runbook, in one place -===//
//
// The one traversal of the AST's steps and expressions. Sema's passes, the secret check, the
// interpreter's program index and the journal's decision inputs all walk with these, so a new
// step kind, or a new expression a step holds, is traversed by adding it here: the switches
// below have no `default:`, so the compiler lists each one a new kind must reach.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_AST_WALK_H
#define DRBOOK_AST_WALK_H

#include "drbook/ast/AST.h"

#include "llvm/ADT/STLFunctionalExtras.h"

namespace drbook::ast {

/// What an expression a step holds is for, so that each walk takes the ones it needs.
enum class ExprUse {
  Condition, ///< chooses a path: `when`, `if`, a `match` subject, `wait … until`
  Shown,     ///< printed or run: a `run` command, a `manual` text, an abort or escalate message
  Argument,  ///< passed to an action: the arguments of `do`
  Setting,   ///< a timeout, retry count, estimate or poll interval
};

/// Calls `fn` on each block nested directly in `step`: branches, arms, a loop's body, then its
/// `on failure`.
void forEachChildBlock(Step &step, llvm::function_ref<void(Block &)> fn);

/// Calls `fn` on every step of `block`, a step before the steps nested in it (branches, arms,
/// its `on failure`).
void forEachStep(Block &block, llvm::function_ref<void(Step &)> fn);
/// The same over every step of a module: its phases, its scenarios' phases and its
/// `on failure`.
void forEachStep(Module &m, llvm::function_ref<void(Step &)> fn);
/// Calls `fn` on each block a module holds at the top: its phases' and scenarios' phases'
/// bodies and handlers, and its `on failure`.
void forEachTopBlock(Module &m, llvm::function_ref<void(Block &)> fn);
void forEachStep(const Module &m, llvm::function_ref<void(const Step &)> fn);

/// Calls `fn` on each expression `step` holds itself, not those of the steps nested in it.
void forEachExpr(Step &step, llvm::function_ref<void(ExprPtr &, ExprUse)> fn);
void forEachExpr(const Step &step, llvm::function_ref<void(const Expr &, ExprUse)> fn);

/// Calls `fn` on `e` and then, while `fn` returns true for an expression, on its operands,
/// elements, callee, arguments and field bases.
void forEachSubExpr(const Expr &e, llvm::function_ref<bool(const Expr &)> fn);

} // namespace drbook::ast

#endif
