//===- Captures.h - Outputs, answers and environments ----------------------===//
#ifndef DRBOOK_SEMA_CAPTURES_H
#define DRBOOK_SEMA_CAPTURES_H

#include "ExprChecker.h"

namespace drbook::sema {

/// The type of captured value `c` declared as `written`, or `<error>` (reported) when values
/// of that type cannot be captured or typed in.
const ast::Type *captureType(SemaContext &s, const ast::CaptureDecl &c, const ast::Type *written);

/// The `output` clauses of an action or probe: sources, patterns, paths, duplicate names.
void checkOutputs(SemaContext &s, ast::Decl &origin, std::vector<ast::CapturePtr> &outputs,
                  const ExprScope &scope);

/// An `env { … }` block: one value per variable, each variable once.
void checkEnv(SemaContext &s, std::vector<ast::EnvBinding> &env, const ExprScope &scope);

/// An `ask` step's pattern or range against the answer's type.
void checkAsk(SemaContext &s, ast::AskStep &ask, const ExprScope &scope);

} // namespace drbook::sema

#endif
