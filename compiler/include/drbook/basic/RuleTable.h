//===- RuleTable.h - Every rule drbookc reports, with its explanation -------===//
//
// The one table of rule ids: `drbookc rules` prints it, SARIF output describes results with
// it, and the verifier takes each rule's severity from it. Ids are stable: tools and
// `// drbook: ignore[rule-id]` comments refer to them.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_BASIC_RULETABLE_H
#define DRBOOK_BASIC_RULETABLE_H

#include "drbook/basic/Diagnostics.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace drbook {

struct RuleInfo {
  const char *id;
  Severity severity;
  /// The phase that reports it: syntax, sema, graph or verify.
  const char *phase;
  /// One line: what the rule demands.
  const char *summary;
  /// One paragraph: what is checked, how, and how to fix a report.
  const char *help;
};

/// Every rule, grouped by phase in pipeline order, then by property.
llvm::ArrayRef<RuleInfo> allRules();

/// The rule with this id, or null.
const RuleInfo *findRule(llvm::StringRef id);

} // namespace drbook

#endif
