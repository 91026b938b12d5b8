//===- Parser.h - From .drbook source to the AST ---------------------------===//
#ifndef DRBOOK_SYNTAX_PARSER_H
#define DRBOOK_SYNTAX_PARSER_H

#include "drbook/ast/AST.h"
#include "drbook/basic/Diagnostics.h"

#include <memory>

namespace drbook::syntax {

/// The largest file the parser accepts. Real runbooks are a few hundred lines; a file far
/// larger is a mistake (a log or a dump passed by accident) and would only exhaust memory.
constexpr size_t MaxSourceBytes = 16u << 20;
/// Blocks, brackets and parentheses, runs of prefix operators (`not not …`) and nested types
/// (`list<list<…>>`) deeper than this are reported, not parsed, so that pathological input
/// cannot exhaust the stack.
constexpr unsigned MaxNesting = 200;
/// An expression whose operators nest deeper than this (a chain of 1001 `and`s) is reported:
/// every pass after the parser walks expressions recursively.
constexpr unsigned MaxExpressionDepth = 1000;

/// Parses buffer `bufferId` of `sources` into a runbook or module. Syntax errors are reported
/// to `diags` and the parser recovers, so the result may be partial; it is null only when the
/// file could not be read as source text at all.
std::unique_ptr<ast::Module> parseModule(llvm::SourceMgr &sources, unsigned bufferId,
                                         DiagnosticEngine &diags);

/// Whether `text` (whose first byte is at `base`) is UTF-8 text; otherwise reports where it is
/// not: a NUL byte (a binary file) or the first byte that is not UTF-8.
bool checkText(llvm::StringRef text, llvm::SMLoc base, DiagnosticEngine &diags);

} // namespace drbook::syntax

#endif
