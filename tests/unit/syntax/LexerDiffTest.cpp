//===- LexerDiffTest.cpp - The hand-written lexer against the grammar's ----===//
//
// compiler/syntax/Lexer.cpp repeats grammar/Drbook.g4's token rules by hand, for speed. This
// test lexes every runbook and module in the repository (examples, stdlib, tests), a thousand
// random runbooks, and mutants of each (a character deleted, doubled, or a quote, slash, digit
// or control character put in), with both lexers, and asserts the same tokens: type, text, line
// and column.
//
//===----------------------------------------------------------------------===//
#include "../../../compiler/syntax/Lexer.h"
#include "../verify/RandomRunbooks.h"

#include "DrbookLexer.h"

#include "gtest/gtest.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace drbook;

namespace {

struct Tok {
  size_t type, line, column;
  std::string text;
  bool operator==(const Tok &o) const {
    return type == o.type && line == o.line && column == o.column && text == o.text;
  }
};

std::ostream &operator<<(std::ostream &os, const Tok &t) {
  return os << t.line << ":" << t.column << " type " << t.type << " '" << t.text << "'";
}

/// The tokens the parser sees (the default channel), up to end of file.
std::vector<Tok> drain(antlr4::TokenSource &source) {
  std::vector<Tok> out;
  for (;;) {
    std::unique_ptr<antlr4::Token> t = source.nextToken();
    if (t->getType() == antlr4::Token::EOF)
      return out;
    if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL)
      out.push_back({t->getType(), t->getLine(), t->getCharPositionInLine(), t->getText()});
  }
}

std::vector<Tok> generated(const std::string &text) {
  antlr4::ANTLRInputStream input(text);
  grammar::DrbookLexer lexer(&input);
  lexer.removeErrorListeners();
  return drain(lexer);
}

/// The hand-written lexer counts columns in bytes (as llvm::SourceMgr does), the generated one
/// in characters: the hand-written columns are converted to compare them.
std::vector<Tok> handWritten(const std::string &text) {
  syntax::Lexer lexer(text);
  std::vector<Tok> tokens = drain(lexer);
  std::vector<size_t> lineStart{0, 0};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n')
      lineStart.push_back(i + 1);
  for (Tok &t : tokens) {
    size_t chars = 0;
    for (size_t i = lineStart[t.line]; i < lineStart[t.line] + t.column; ++i)
      chars += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    t.column = chars;
  }
  return tokens;
}

::testing::AssertionResult sameTokens(const std::string &text) {
  std::vector<Tok> a = generated(text), b = handWritten(text);
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    // The one difference on purpose: an unterminated `/*` is one bad token to the end of the
    // file (reported once, as such), where the grammar's lexer would go on after the `/`.
    if (a[i].type == grammar::DrbookLexer::BAD_CHAR && a[i].text == "/" && b[i].type == a[i].type &&
        b[i].line == a[i].line && b[i].column == a[i].column &&
        llvm::StringRef(b[i].text).startswith("/*") && b[i].text.find("*/", 2) == std::string::npos)
      return ::testing::AssertionSuccess();
    if (!(a[i] == b[i]))
      return ::testing::AssertionFailure()
             << "token " << i << ": grammar " << a[i] << ", hand " << b[i];
  }
  if (a.size() != b.size())
    return ::testing::AssertionFailure()
           << a.size() << " tokens from the grammar, " << b.size() << " by hand";
  return ::testing::AssertionSuccess();
}

std::vector<std::string> repositoryRunbooks() {
  std::vector<std::string> texts;
  for (const char *dir : {"examples", "stdlib", "tests"})
    for (const auto &entry :
         std::filesystem::recursive_directory_iterator(std::string(DRBOOK_TEST_ROOT) + "/" + dir))
      if (entry.path().extension() == ".drbook") {
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        texts.push_back(text.str());
      }
  return texts;
}

TEST(LexerDiff, EveryRunbookOfTheRepository) {
  std::vector<std::string> texts = repositoryRunbooks();
  ASSERT_GT(texts.size(), 150u);
  for (const std::string &text : texts)
    ASSERT_TRUE(sameTokens(text)) << text;
}

TEST(LexerDiff, RandomRunbooks) {
  for (uint32_t seed = 1; seed <= 1000; ++seed)
    ASSERT_TRUE(sameTokens(drbook::testing::randomRunbook(seed))) << "seed " << seed;
}

// Broken input is where hand-written lexers drift: unterminated strings, regexes and comments,
// numbers running into names, stray bytes.
TEST(LexerDiff, Mutants) {
  std::vector<std::string> texts = repositoryRunbooks();
  std::mt19937 rng(7);
  // The generated lexer reads UTF-8 only (the parser always uses the hand-written one, which
  // reports bad bytes itself), so mutants stay valid UTF-8: no byte inside a character is cut.
  const std::string inserts[] = {"\"", "/", "*", "\\", "1", "m", ".", "{", "\n", "\x01", "é"};
  unsigned mutants = 0;
  for (const std::string &text : texts) {
    for (unsigned k = 0; k < 60 && !text.empty(); ++k, ++mutants) {
      std::string m = text;
      size_t at = std::uniform_int_distribution<size_t>(0, m.size() - 1)(rng);
      while (at > 0 && (static_cast<unsigned char>(m[at]) & 0x80))
        --at; // an ASCII byte: deleting or doubling it keeps the text UTF-8
      switch (k % 3) {
      case 0:
        m.erase(at, 1);
        break;
      case 1:
        m.insert(at, 1, m[at]);
        break;
      default:
        m.insert(at, inserts[rng() % std::size(inserts)]);
      }
      ASSERT_TRUE(sameTokens(m)) << "mutant of:\n" << m;
    }
  }
  EXPECT_GT(mutants, 10000u);
}

} // namespace

// Tokens keep no text of their own: what they say is the source's, between start and stop.
TEST(SourceToken, TextIsTheSourceBetweenStartAndStop) {
  std::string text = "run 'a b' x";
  syntax::Lexer lexer(text);
  std::vector<std::unique_ptr<antlr4::Token>> tokens;
  do
    tokens.push_back(lexer.nextToken());
  while (tokens.back()->getType() != antlr4::Token::EOF);
  ASSERT_GE(tokens.size(), 4u);
  EXPECT_EQ(tokens[0]->getText(), "run");
  EXPECT_EQ(tokens[0]->getStartIndex(), 0u);
  EXPECT_EQ(tokens[0]->getStopIndex(), 2u);
  EXPECT_EQ(tokens[1]->getText(), "'");
  // Moving the stop is how a token takes in more of the source (`'a b'` read as a string).
  static_cast<syntax::SourceToken &>(*tokens[1]).setStopIndex(8);
  EXPECT_EQ(tokens[1]->getText(), "'a b'");
  const antlr4::Token &eof = *tokens.back();
  EXPECT_EQ(eof.getText(), "");
  EXPECT_EQ(eof.getStartIndex(), text.size());
  EXPECT_EQ(eof.getStopIndex(), text.size() - 1);
  EXPECT_EQ(eof.getTokenSource(), &lexer);
}
