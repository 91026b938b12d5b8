//===- SyntaxErrors.h - Syntax errors phrased in runbook terms -------------===//
#ifndef DRBOOK_SYNTAX_SYNTAXERRORS_H
#define DRBOOK_SYNTAX_SYNTAXERRORS_H

#include "Builder.h"
#include "antlr4-runtime.h"

#include <optional>
#include <set>

namespace drbook::syntax {

/// A `{` the file never closes, with the keyword of the construct it opens (`recovery`).
struct OpenBrace {
  antlr4::Token *brace;
  std::string keyword;
};

/// The block a file leaves unclosed, and the token before which its `}` most likely belongs:
/// the first line indented no deeper than the block's own first line, or end of file.
struct MissingBrace {
  OpenBrace open;
  antlr4::Token *expectedAt;
};

/// The keyword that starts the construct whose block `brace` opens, or "" if none is found.
std::string openingKeyword(antlr4::CommonTokenStream &tokens, antlr4::Token *brace);

/// Pairs up the `{` and `}` of a filled token stream. A `}` that closes nothing is reported
/// and hidden from the parser. When some `{` stays open, returns the one most likely missing
/// its `}`: a pair whose `}` sits left of its block's first line was most probably meant for an
/// outer block, so the inner one is the culprit; otherwise the innermost open one.
std::optional<MissingBrace> findMissingBrace(antlr4::CommonTokenStream &tokens,
                                             const TokenLocations &locs, DiagnosticEngine &diags);

/// Replaces ANTLR's messages ("no viable alternative at input …") with ones that name the fix,
/// and stops recovering once the error limit is reached.
class SyntaxErrorStrategy : public antlr4::DefaultErrorStrategy {
public:
  /// `lexicalErrorLines` are the lines that hold an error already reported when the tokens
  /// were scanned (a bad number or character); a line gets one message, so the parser stays
  /// silent about what follows from it there.
  SyntaxErrorStrategy(const TokenLocations &locs, DiagnosticEngine &diags,
                      std::optional<MissingBrace> missingBrace, std::set<size_t> lexicalErrorLines)
      : locs(locs), diags(diags), missingBrace(std::move(missingBrace)),
        lexicalErrorLines(std::move(lexicalErrorLines)) {}

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
  antlr4::Token *singleTokenDeletion(antlr4::Parser *parser) override;

private:
  void report(antlr4::Parser *parser, antlr4::Token *offending);
  /// Reports a misplaced or misspelled keyword in a context that lists its words; returns
  /// false when `word` gets the generic message instead.
  bool reportUnknownWord(antlr4::Parser *parser, antlr4::Token *tok);
  /// Reports the unclosed block if `tok` is where its `}` was due; returns whether it did.
  bool reportMissingBrace(antlr4::Token *tok);
  bool reportWordInBlock(antlr4::Parser *parser, antlr4::Token *tok);
  bool reportWordInBody(antlr4::Token *tok);
  std::string expectedList(antlr4::Parser *parser);
  /// Consumes the rest of the current line, and the whole of any block opened on it.
  void skipStatement(antlr4::Parser *parser);

  const TokenLocations &locs;
  DiagnosticEngine &diags;
  std::optional<MissingBrace> missingBrace;
  std::set<size_t> lexicalErrorLines;
  bool missingBraceReported = false;
  size_t lastReportedLine = 0;
  unsigned recoveries = 0;
};

} // namespace drbook::syntax

#endif
