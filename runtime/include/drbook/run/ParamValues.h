//===- ParamValues.h - Text given for a param, as a value of its type -----===//
//
// What `--param NAME=VALUE` and the answers file give is text; these turn it into a value of
// the param's type. They need nothing of the interpreter, so `drbookc render` uses them too.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_PARAMVALUES_H
#define DRBOOK_RUN_PARAMVALUES_H

#include "drbook/run/Evaluator.h"

#include "llvm/Support/Error.h"

namespace drbook::run {

/// Converts command-line text to a value of type `type`.
llvm::Expected<Value> parseParamValue(llvm::StringRef text, const ast::Type *type);

/// `5s`, `2m`, `1h30m`, `250ms` to milliseconds.
llvm::Expected<int64_t> parseDuration(llvm::StringRef text);

} // namespace drbook::run

#endif
