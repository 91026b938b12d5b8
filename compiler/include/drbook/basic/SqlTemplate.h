//===- SqlTemplate.h - Where each placeholder of a sql query sits ----------===//
//
// A sql probe's query is one statement whose placeholders are sent as bind parameters
// (`$1`, `$2`…), never spliced into its text. A bind parameter stands for a whole value, so a
// placeholder inside a string literal, a quoted identifier, a dollar-quoted string or a
// comment would only be the text `$1`: the compiler reports it with the fix.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_BASIC_SQLTEMPLATE_H
#define DRBOOK_BASIC_SQLTEMPLATE_H

#include "llvm/ADT/ArrayRef.h"

#include <string>
#include <vector>

namespace drbook::sql {

/// For each placeholder of a query whose literal text around them is `pieces`, empty when it
/// is a place for a value, else why it is not, in the user's terms.
std::vector<std::string> misplacedPlaceholders(llvm::ArrayRef<std::string> pieces);

} // namespace drbook::sql

#endif
