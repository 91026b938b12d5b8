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

class Lexer;

/// A token as the Lexer makes it. Its text is where it stands in the source, never a copy:
/// antlr4::CommonToken keeps a std::string of its own and is three times the size, at several
/// tokens a line. Error recovery's conjured tokens are still CommonTokens, made by the
/// Lexer's token factory.
class SourceToken : public antlr4::WritableToken {
public:
  SourceToken(Lexer &lexer, size_t type, size_t start, size_t end, size_t line, size_t column)
      : lexer(&lexer), start(static_cast<uint32_t>(start)), end(static_cast<uint32_t>(end)),
        line(static_cast<uint32_t>(line)), column(static_cast<uint32_t>(column)),
        type(static_cast<int32_t>(type)) {}

  std::string getText() const override;
  /// Sign-extended: Token::EOF is the largest size_t.
  size_t getType() const override { return static_cast<size_t>(int64_t(type)); }
  size_t getLine() const override { return line; }
  size_t getCharPositionInLine() const override { return column; }
  size_t getChannel() const override { return channel; }
  size_t getTokenIndex() const override { return index; }
  size_t getStartIndex() const override { return start; }
  /// Inclusive, as ANTLR has it: one before the start for the empty end-of-file token.
  size_t getStopIndex() const override { return size_t(end) - 1; }
  antlr4::TokenSource *getTokenSource() const override;
  antlr4::CharStream *getInputStream() const override { return nullptr; }
  std::string toString() const override;

  /// The text is always the source's between start and stop: to give a token more of the
  /// source, move its stop. Only the text it already has is accepted here.
  void setText(const std::string &text) override;
  void setType(size_t t) override { type = static_cast<int32_t>(t); }
  void setLine(size_t l) override { line = static_cast<uint32_t>(l); }
  void setCharPositionInLine(size_t c) override { column = static_cast<uint32_t>(c); }
  void setChannel(size_t c) override { channel = static_cast<uint16_t>(c); }
  void setTokenIndex(size_t i) override { index = static_cast<uint32_t>(i); }
  void setStopIndex(size_t stop) { end = static_cast<uint32_t>(stop + 1); }

private:
  Lexer *lexer;
  uint32_t start, end, line, column, index = 0;
  int32_t type;
  uint16_t channel = antlr4::Token::DEFAULT_CHANNEL;
};

/// Token positions are byte offsets into the buffer, and columns count bytes, matching
/// llvm::SourceMgr; no source exceeds MaxSourceBytes, so they fit 32 bits.
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
  llvm::StringRef source() const { return text; }

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
