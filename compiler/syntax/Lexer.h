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

#include "antlr4-runtime.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

namespace drbook::syntax {

/// Token positions are byte offsets into the buffer, and columns count bytes, matching
/// llvm::SourceMgr.
class Lexer : public antlr4::TokenSource {
public:
  /// `vocabulary` is the generated parser's: it names every keyword and operator token.
  Lexer(llvm::StringRef text, const antlr4::dfa::Vocabulary &vocabulary);

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

} // namespace drbook::syntax

#endif
