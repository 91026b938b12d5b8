//===- SyntaxErrors.h - Syntax errors phrased in runbook terms -------------===//
#ifndef DRBOOK_SYNTAX_SYNTAXERRORS_H
#define DRBOOK_SYNTAX_SYNTAXERRORS_H

#include "Builder.h"
#include "antlr4-runtime.h"

namespace drbook::syntax {

/// A `{` the file never closes, with the keyword of the construct it opens (`recovery`).
struct OpenBrace {
  antlr4::Token *brace;
  std::string keyword;
};

/// The keyword that starts the construct whose block `brace` opens, or "" if none is found.
std::string openingKeyword(antlr4::CommonTokenStream &tokens, antlr4::Token *brace);

/// Replaces ANTLR's messages ("no viable alternative at input …") with ones that name the fix,
/// and stops recovering once the error limit is reached.
class SyntaxErrorStrategy : public antlr4::DefaultErrorStrategy {
public:
  SyntaxErrorStrategy(const TokenLocations &locs, DiagnosticEngine &diags,
                      std::vector<OpenBrace> unclosed)
      : locs(locs), diags(diags), unclosed(std::move(unclosed)) {}

  void recover(antlr4::Parser *parser, std::exception_ptr e) override;
  void sync(antlr4::Parser *parser) override;

protected:
  void reportNoViableAlternative(antlr4::Parser *parser,
                                 const antlr4::NoViableAltException &e) override;
  void reportInputMismatch(antlr4::Parser *parser,
                           const antlr4::InputMismatchException &e) override;
  void reportFailedPredicate(antlr4::Parser *parser,
                             const antlr4::FailedPredicateException &e) override;
  void reportUnwantedToken(antlr4::Parser *parser) override;
  void reportMissingToken(antlr4::Parser *parser) override;

private:
  void report(antlr4::Parser *parser, antlr4::Token *offending, bool missing);
  std::string expectedList(antlr4::Parser *parser);

  const TokenLocations &locs;
  DiagnosticEngine &diags;
  std::vector<OpenBrace> unclosed;
  unsigned recoveries = 0;
};

} // namespace drbook::syntax

#endif
