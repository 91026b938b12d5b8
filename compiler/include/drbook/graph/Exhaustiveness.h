//===- Exhaustiveness.h - Do the arms of a decision cover every case? -------===//
//
// A `decide` without `otherwise` must have a `when` for every outcome, and a `match` without
// `_` an arm for every member. When the conditions all constrain one subject (a probe field,
// a parameter) the cases are computed exactly: numeric conditions as interval sets, so a gap
// like `rate < 0.01` … `rate >= 0.05` is found and a value inside it named; booleans and enum
// members as finite sets.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_GRAPH_EXHAUSTIVENESS_H
#define DRBOOK_GRAPH_EXHAUSTIVENESS_H

#include "drbook/ast/AST.h"

#include "llvm/ADT/ArrayRef.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace drbook::graph {

struct Coverage {
  bool exhaustive = true;
  /// A case no arm covers, as it would be written (`errors.rate = 0.03`, `infra_loss`);
  /// empty when the conditions are too varied to name one.
  std::string uncovered;
};

/// A literal the condition compares with: a number (and whether it is a duration), a name, a
/// boolean. Returned by the caller's evaluator; nullopt for anything known only at run time.
struct CoverageConstant {
  enum class Kind { Number, Duration, Name, Bool } kind = Kind::Number;
  double number = 0;
  std::string name;
  bool flag = false;
};

struct CoverageContext {
  /// Evaluates constants (literals and enum members).
  std::function<std::optional<CoverageConstant>(const ast::Expr &)> constant;
  /// The members an expression can take when it is an enum (empty when unknown).
  std::function<std::vector<std::string>(const ast::Expr &)> members;
};

/// Coverage of `when` conditions: is one of them true whatever the probes return?
Coverage coverConditions(llvm::ArrayRef<const ast::Expr *> conditions, const CoverageContext &cx);

/// Coverage of `match` arms over `members` (empty: unknown, so only a wildcard covers).
Coverage coverMembers(llvm::ArrayRef<std::string> members,
                      llvm::ArrayRef<std::vector<std::string>> armValues, bool hasWildcard);

} // namespace drbook::graph

#endif
