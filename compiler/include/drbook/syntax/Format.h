//===- Format.h - The canonical layout of drbook source ---------------------===//
//
// `drbookc fmt` lays a file out from its tokens: the author's line breaks and comments stay,
// blank lines collapse to one, indentation follows the nesting of blocks and brackets (a
// clause continued on the next line is indented one step more), and the spaces inside a line
// follow one rule. Only whitespace changes, never a token, so the meaning cannot change.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_SYNTAX_FORMAT_H
#define DRBOOK_SYNTAX_FORMAT_H

#include "drbook/basic/Diagnostics.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace drbook::syntax {

/// The canonical layout of buffer `bufferId`, or nothing when it does not parse (the syntax
/// errors are reported to `diags`: a file is formatted only when its meaning is known).
std::optional<std::string> formatSource(llvm::SourceMgr &sources, unsigned bufferId,
                                        DiagnosticEngine &diags);

/// Source text on one line in the canonical spacing, comments left out: how plans, labels and
/// messages quote a condition or a clause, so that reformatting a file changes none of them.
std::string canonicalText(llvm::StringRef text);

} // namespace drbook::syntax

#endif
