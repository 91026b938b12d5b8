//===- Params.h - Binding a runbook's params and secrets for one run -------===//
//
// A param takes its value from `--param name=value`, then the answers file's `params`, then
// the environment variable DRBOOK_PARAM_<NAME> (upper case, `.` as `_`), then its default.
// Text is converted to the param's type: a wrong type, an unknown name or a missing value is
// an error naming the param. Secrets are read from their environment variable or file and
// registered with the redactor before anything runs.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_PARAMS_H
#define DRBOOK_RUN_PARAMS_H

#include "drbook/exec/Redactor.h"
#include "drbook/run/Evaluator.h"
#include "drbook/run/ParamValues.h"
#include "drbook/run/Program.h"

#include "llvm/Support/Error.h"

#include <map>
#include <string>
#include <vector>

namespace drbook::run {

/// The values of one run's params and secrets.
struct Bindings {
  std::map<const ast::Decl *, Value> values;
  /// The params as recorded in the journal: name → value as text, a list as an array of its
  /// elements, so that a resumed run binds exactly the same values. Secrets never appear.
  nlohmann::json recorded = nlohmann::json::object();
};

/// A value given as JSON (the answers file, the journal): a list as a JSON array of its
/// elements, so an element keeps its commas and spaces; anything else as its text.
llvm::Expected<Value> valueFromJson(const nlohmann::json &v, const ast::Type *type);

/// How the journal records a bound value: lists as arrays, everything else as its text.
nlohmann::json recordedForm(const Value &v, const ast::Type *type);

/// Binds every param of `p` from `cli` (`name=value`), `answers` (an object or null) and the
/// environment; fails with every problem found (unknown, duplicate, wrong type, missing).
llvm::Error bindParams(const Program &p, const std::vector<std::string> &cli,
                       const nlohmann::json &answers, Bindings &out);

/// The parameters whose journaled value will be redacted because it shows a secret's value,
/// each with an HMAC-SHA-256 of its recorded form under a key made of the secrets' values: a
/// resumed run, which cannot use `[REDACTED:…]` as a value, takes the value again from where
/// it came and checks it against this. Call after bindSecrets() and bindParams().
nlohmann::json sealedParams(const Program &p, const Redactor &redactor, const Bindings &b);

/// Binds params from values recorded by an earlier run (for `--resume`). The ones `sealed`
/// names are taken from `answers` (its params) or the environment instead, and must match
/// their digest; secrets must be bound first.
llvm::Error bindRecordedParams(const Program &p, const nlohmann::json &recorded,
                               const nlohmann::json &sealed, const nlohmann::json &answers,
                               Bindings &out);

/// Reads every secret and registers it with `redactor`.
llvm::Error bindSecrets(const Program &p, Redactor &redactor, Bindings &out);

} // namespace drbook::run

#endif
