//===- Lexer.h - The drbook lexer, feeding the generated parser ------------===//
//
// A hand-written token source with exactly the token rules of grammar/Drbook.g4. ANTLR's
// generated lexer spent about 700 instructions per character (a locked DFA lookup for each
// one); this one spends a few dozen, which is most of what lets `drbookc check` keep up with
// large repositories. Keyword and operator token types come from the parser's vocabulary, so
// the grammar stays the single source of truth for them.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_SYNTAX_LEXER_H
#define DRBOOK_SYNTAX_LEXER_H

#include "DrbookParser.h"
#include "antlr4-runtime.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

namespace drbook::syntax {

/// Token positions are byte offsets into the buffer, and columns count bytes, matching
/// llvm::SourceMgr.
class Lexer : public antlr4::TokenSource {
public:
  explicit Lexer(llvm::StringRef text);

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return line; }
  size_t getCharPositionInLine() override { return pos - lineStart; }
  antlr4::CharStream *getInputStream() override { return nullptr; }
  std::string getSourceName() override { return "drbook"; }
  antlr4::TokenFactory<antlr4::CommonToken> *getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }

private:
  size_t lexNumber(size_t &type);
  size_t scanDelimited(size_t from, char close, bool &closed) const;
  size_t lexString(size_t &type);
  size_t lexSlash(size_t &type);
  size_t lexOperator(size_t &type);
  void skipTrivia();

  llvm::StringRef text;
  const llvm::StringMap<size_t> &literals;
  size_t pos = 0, line = 1, lineStart = 0;
};

/// The parser's token stream over a Lexer. BufferedTokenStream::fetch tests every token with a
/// dynamic_cast before numbering it; a Lexer's tokens are always CommonTokens.
class TokenStream : public antlr4::CommonTokenStream {
public:
  explicit TokenStream(Lexer &lexer) : CommonTokenStream(&lexer) {}

protected:
  size_t fetch(size_t n) override;
};

/// Parses a whole file: SLL with bail-out first, which almost every real file passes, then
/// full LL with `recovery` as its error strategy. Null when LL gives up.
grammar::DrbookParser::FileContext *parseTree(grammar::DrbookParser &parser,
                                              antlr4::CommonTokenStream &tokens,
                                              std::shared_ptr<antlr4::ANTLRErrorStrategy> recovery);

/// The generated vocabulary: the grammar's spelling of every keyword and operator.
const antlr4::dfa::Vocabulary &grammarVocabulary();

/// The token type of a keyword or operator as the grammar spells it (`"{"`, `"=>"`, `"run"`),
/// or antlr4::Token::INVALID_TYPE.
size_t literalTokenType(llvm::StringRef spelling);

} // namespace drbook::syntax

#endif
