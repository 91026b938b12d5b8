//===- Lexer.cpp - The drbook lexer, feeding the generated parser ----------===//
#include "Lexer.h"

#include "DrbookLexer.h"
#include "DrbookParser.h"

#include "llvm/Support/ErrorHandling.h"

namespace drbook::syntax {

using grammar::DrbookLexer;

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isIdentChar(char c) { return isIdentStart(c) || isDigit(c); }

/// Keywords and operators by spelling, read once from the grammar's vocabulary.
const llvm::StringMap<size_t> &literalTokens() {
  static const llvm::StringMap<size_t> table = [] {
    const antlr4::dfa::Vocabulary &vocab = grammarVocabulary();
    llvm::StringMap<size_t> map;
    for (size_t type = 1; type <= vocab.getMaxTokenType(); ++type) {
      std::string literal = vocab.getLiteralName(type);
      if (literal.size() >= 3 && literal.front() == '\'' && literal.back() == '\'')
        map[literal.substr(1, literal.size() - 2)] = type;
    }
    return map;
  }();
  return table;
}

} // namespace

const antlr4::dfa::Vocabulary &grammarVocabulary() {
  // A static of the generated recognizers, reachable only through an instance. The parser's:
  // its tables are built for the parse anyway, while constructing the generated lexer would
  // build the lexer's ATN, which nothing else needs. Both hold the same names.
  static antlr4::ListTokenSource none([] {
    std::vector<std::unique_ptr<antlr4::Token>> eof;
    eof.push_back(std::make_unique<antlr4::CommonToken>(antlr4::Token::EOF));
    return eof;
  }());
  static antlr4::CommonTokenStream tokens(&none);
  static grammar::DrbookParser parser(&tokens);
  return parser.getVocabulary();
}

size_t literalTokenType(llvm::StringRef spelling) {
  auto it = literalTokens().find(spelling);
  return it == literalTokens().end() ? size_t(antlr4::Token::INVALID_TYPE) : it->second;
}

std::string SourceToken::getText() const { return lexer->source().slice(start, end).str(); }

antlr4::TokenSource *SourceToken::getTokenSource() const { return lexer; }

std::string SourceToken::toString() const {
  return "[@" + std::to_string(index) + "," + std::to_string(start) + ":" +
         std::to_string(getStopIndex()) + "='" + getText() + "',<" + std::to_string(type) + ">," +
         std::to_string(line) + ":" + std::to_string(column) + "]";
}

void SourceToken::setText(const std::string &text) {
  if (text != getText())
    llvm::report_fatal_error("a token's text is the source's; move its stop instead");
}

Lexer::Lexer(llvm::StringRef text) : text(text), literals(literalTokens()) {}

void Lexer::skipTrivia() {
  while (pos < text.size()) {
    char c = text[pos];
    if (c == '\n') {
      ++pos;
      ++line;
      lineStart = pos;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++pos;
    } else if (c == '/' && pos + 1 < text.size() && text[pos + 1] == '/') {
      while (pos < text.size() && text[pos] != '\n')
        ++pos;
    } else if (c == '/' && pos + 1 < text.size() && text[pos + 1] == '*') {
      size_t close = text.find("*/", pos + 2);
      if (close == llvm::StringRef::npos)
        return; // Left for nextToken to report as an unterminated comment.
      for (size_t i = pos; i < close; ++i)
        if (text[i] == '\n') {
          ++line;
          lineStart = i + 1;
        }
      pos = close + 2;
    } else {
      return;
    }
  }
}

// DURATION, FLOAT, INT and BAD_NUMBER with ANTLR's rule: the longest match wins, and on a tie
// the rule listed first in the grammar.
size_t Lexer::lexNumber(size_t &type) {
  auto digitsFrom = [&](size_t i) {
    while (i < text.size() && isDigit(text[i]))
      ++i;
    return i;
  };
  size_t intEnd = digitsFrom(pos);
  size_t durationEnd = 0;
  for (size_t i = pos;;) {
    size_t d = digitsFrom(i);
    if (d == i)
      break;
    size_t unit = d;
    if (text.substr(d, 2) == "ms")
      unit = d + 2;
    else if (d < text.size() && llvm::StringRef("smhd").contains(text[d]))
      unit = d + 1;
    if (unit == d)
      break;
    durationEnd = i = unit;
  }
  size_t floatEnd = 0;
  if (intEnd + 1 < text.size() && text[intEnd] == '.' && isDigit(text[intEnd + 1]))
    floatEnd = digitsFrom(intEnd + 1);
  size_t badEnd = 0;
  size_t afterNumber = floatEnd ? floatEnd : intEnd;
  if (afterNumber < text.size() && isIdentStart(text[afterNumber])) {
    badEnd = afterNumber;
    while (badEnd < text.size() && isIdentChar(text[badEnd]))
      ++badEnd;
  }
  size_t best = std::max({durationEnd, floatEnd, intEnd, badEnd});
  type = durationEnd == best ? DrbookLexer::DURATION
         : floatEnd == best  ? DrbookLexer::FLOAT
         : intEnd == best    ? DrbookLexer::INT
                             : DrbookLexer::BAD_NUMBER;
  return best;
}

// Scans a delimited literal from just after its opening delimiter: backslash escapes the next
// character, and a line end stops the literal. Returns one past the closing delimiter, or, with
// `closed` false, where the scan stopped.
size_t Lexer::scanDelimited(size_t from, char close, bool &closed) const {
  size_t i = from;
  closed = false;
  while (i < text.size()) {
    char c = text[i];
    if (c == close) {
      closed = true;
      return i + 1;
    }
    if (c == '\n' || c == '\r')
      break;
    if (c == '\\') {
      if (i + 1 >= text.size() || text[i + 1] == '\n' || text[i + 1] == '\r')
        break;
      i += 2;
      continue;
    }
    ++i;
  }
  return i;
}

// Returns the end of the string token and sets its type (STRING or UNTERMINATED_STRING).
size_t Lexer::lexString(size_t &type) {
  bool closed;
  size_t end = scanDelimited(pos + 1, '"', closed);
  type = closed ? DrbookLexer::STRING : DrbookLexer::UNTERMINATED_STRING;
  return end;
}

// A regex literal, an unterminated block comment, or a stray slash.
size_t Lexer::lexSlash(size_t &type) {
  type = DrbookLexer::BAD_CHAR;
  if (pos + 1 < text.size() && text[pos + 1] == '*')
    return text.size(); // Unterminated block comment: the rest of the file.
  if (pos + 1 >= text.size() || llvm::StringRef(" /*\r\n").contains(text[pos + 1]))
    return pos + 1;
  bool closed;
  size_t end = scanDelimited(pos + 1, '/', closed);
  if (!closed)
    return pos + 1;
  type = DrbookLexer::REGEX;
  return end;
}

size_t Lexer::lexOperator(size_t &type) {
  for (size_t len : {2, 1}) {
    auto it = literals.find(text.substr(pos, len));
    if (it != literals.end() && pos + len <= text.size()) {
      type = it->second;
      return pos + len;
    }
  }
  // One bad character: a whole UTF-8 sequence, so the message can show it.
  type = DrbookLexer::BAD_CHAR;
  size_t end = pos + 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    ++end;
  return end;
}

std::unique_ptr<antlr4::Token> Lexer::nextToken() {
  skipTrivia();
  size_t start = pos;
  size_t column = pos - lineStart;
  if (pos >= text.size())
    return std::make_unique<SourceToken>(*this, antlr4::Token::EOF, text.size(), text.size(), line,
                                         column);
  char c = text[pos];
  size_t type = 0, end = 0;
  if (isDigit(c)) {
    end = lexNumber(type);
  } else if (isIdentStart(c)) {
    end = pos + 1;
    while (end < text.size() && isIdentChar(text[end]))
      ++end;
    auto it = literals.find(text.substr(pos, end - pos));
    type = it == literals.end() ? size_t(DrbookLexer::ID) : it->second;
  } else if (c == '"') {
    end = lexString(type);
  } else if (c == '/') {
    end = lexSlash(type);
  } else {
    end = lexOperator(type);
  }
  pos = end;
  return std::make_unique<SourceToken>(*this, type, start, end, line, column);
}

size_t TokenStream::fetch(size_t n) {
  if (_fetchedEOF)
    return 0;
  for (size_t i = 0; i < n; ++i) {
    std::unique_ptr<antlr4::Token> t = _tokenSource->nextToken();
    static_cast<SourceToken &>(*t).setTokenIndex(_tokens.size());
    bool eof = t->getType() == antlr4::Token::EOF;
    _tokens.push_back(std::move(t));
    if (eof) {
      _fetchedEOF = true;
      return i + 1;
    }
  }
  return n;
}

} // namespace drbook::syntax
