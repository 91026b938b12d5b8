//===- SyntaxTestUtil.h - Parsing snippets in syntax unit tests ------------===//
#ifndef DRBOOK_TESTS_SYNTAXTESTUTIL_H
#define DRBOOK_TESTS_SYNTAXTESTUTIL_H

#include "drbook/ast/AST.h"
#include "drbook/basic/Diagnostics.h"

#include <memory>
#include <string>
#include <utility>

namespace drbook::test {

/// One parsed buffer with its sources, diagnostics and (possibly partial) module.
struct Parsed {
  llvm::SourceMgr sources;
  DiagnosticEngine diags{sources};
  std::unique_ptr<ast::Module> module;

  /// The diagnostics as drbookc prints them, without colours.
  std::string text() const;
  /// Line and column (1-based, columns in bytes) of a location in the buffer.
  std::pair<unsigned, unsigned> lineCol(llvm::SMLoc loc) const;
};

/// Parses `source` as the file `test.drbook`.
std::unique_ptr<Parsed> parse(const std::string &source);

/// Parses `runbook r { param p: TYPE = <expr> }` and returns the default value expression,
/// or null when the runbook did not parse.
const ast::Expr *defaultOf(const Parsed &p, size_t index = 0);

} // namespace drbook::test

#endif
