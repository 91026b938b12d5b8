//===- Evaluator.h - Evaluating typed runbook expressions at run time ------===//
//
// The interpreter evaluates the same typed AST expressions the compiler checked: sema has
// resolved every name (NameRef::decl) and typed every expression (Expr::type), so evaluation
// only looks values up and applies operators. Values are JSON values: booleans, integers,
// floats, strings (text, enum members, regex patterns), arrays (lists), objects (probe result
// records and json). Durations are integer milliseconds; the static type says which ints are
// durations when a value is turned into text.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_EVALUATOR_H
#define DRBOOK_RUN_EVALUATOR_H

#include "drbook/ast/AST.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <nlohmann/json.hpp>

#include <map>
#include <stdexcept>
#include <string>

namespace drbook::run {

/// A run-time value.
using Value = nlohmann::json;

/// An expression that cannot be evaluated (a decision not taken yet, a division by zero, an
/// invalid regex). The step evaluating it fails with this message; the run goes on along the
/// step's failure path.
class EvalError : public std::runtime_error {
public:
  EvalError(const std::string &message, llvm::SMRange range = {})
      : std::runtime_error(message), range(range) {}
  llvm::SMRange range;
};

/// Where the declarations an expression names get their values.
class ValueSource {
public:
  virtual ~ValueSource();
  /// The value of a param, secret, state or decision. Throws EvalError when it has none.
  virtual Value declValue(const ast::Decl &decl) = 0;
  /// The result record of a probe (its language fields, `ok` and `failed` included), running
  /// it first when it has not run yet in the current phase. `args` holds the arguments of a
  /// probe with parameters, in their order (null for one without).
  virtual Value probeRecord(const ast::ProbeDecl &probe, const Value &args) = 0;
};

/// How one observation of a probe is named: `ready`, or `ready("db1")` with its arguments.
/// The cache of a phase's observations and the proof's replay key them by it.
std::string probeKey(const std::string &name, const Value &args);

/// Action parameters bound at one call.
using ActionArgs = std::map<const ast::Decl *, Value>;

/// Everything one evaluation may read.
struct Frame {
  ValueSource *source = nullptr;
  /// Inside an action: its parameters.
  const ActionArgs *args = nullptr;
  /// Inside a probe's `expect` or a `wait … until`: the record whose fields are bare names.
  const Value *fields = nullptr;
  /// Inside a log probe's `where`: the JSON log record being tested.
  const Value *logRecord = nullptr;
};

/// Evaluates `e`. Throws EvalError.
Value evaluate(const ast::Expr &e, const Frame &frame);

/// Evaluates a condition: true, false, or null (a missing JSON field) read as false.
bool evaluateCondition(const ast::Expr &e, const Frame &frame);

/// How interpolated values are written into text.
enum class Quoting {
  /// As they are: URLs, messages, SQL, header values.
  None,
  /// Each value as one POSIX shell word (ShellQuote), so a command never sees unquoted
  /// parameter text.
  Shell,
};

/// What a preview writes for a placeholder that has no value yet (`<snapshot_id>`).
using PlaceholderFallback = llvm::function_ref<std::string(const ast::Placeholder &)>;

/// The text of a string expression with its placeholders filled in; any other expression is
/// evaluated and formatted. Throws EvalError, unless `missing` is given: then a placeholder
/// without a value is written by it and the others exactly as a run writes them (a preview).
std::string interpolate(const ast::Expr &e, const Frame &frame, Quoting quoting,
                        PlaceholderFallback missing = nullptr);

/// The text of a sql query with its placeholders written `$1`, `$2`… and their values, as
/// text, appended to `params`: values are bound, never spliced into SQL. Throws EvalError.
std::string bindPlaceholders(const ast::Expr &e, const Frame &frame,
                             std::vector<std::string> &params);

/// A value as text: durations as drbook writes them (`90s` → `1m30s`), enum members by name,
/// lists space-separated (each element quoted on its own under Quoting::Shell), JSON compact.
std::string formatValue(const Value &v, const ast::Type *type, Quoting quoting = Quoting::None);

/// Whether two values are equal under the language's `==`: numbers by value (int or float),
/// everything else as JSON.
bool valuesEqual(const Value &a, const Value &b);

/// The log record field an aggregate argument names: `duration_ms`, or `a.b` for nested.
std::string recordFieldPath(const ast::Expr &e);

} // namespace drbook::run

#endif
