//===- SyntaxErrors.cpp - Syntax errors phrased in runbook terms -----------===//
#include "SyntaxErrors.h"

#include "DrbookLexer.h"
#include "drbook/basic/Suggest.h"

#include <cctype>

namespace drbook::syntax {

using grammar::DrbookLexer;
using grammar::DrbookParser;

namespace {

const std::vector<std::string> StepWords = {"check",    "must",   "do",    "run",
                                            "manual",   "decide", "if",    "match",
                                            "parallel", "wait",   "abort", "escalate"};
const std::vector<std::string> ItemWords = {"version",    "owner",     "objectives",  "import",
                                            "param",      "secret",    "state",       "probe",
                                            "action",     "detection", "containment", "recovery",
                                            "validation", "scenario",  "invariant",   "on"};
const std::vector<std::string> ProbeKindWords = {"http", "cmd", "tcp", "sql", "log", "file"};
const std::vector<std::string> ClauseWords = {"run",     "requires", "effects", "timeout",
                                              "retries", "match",    "if"};
const std::vector<std::string> ProbeOptionWords = {"expect", "timeout", "bearer",  "header",
                                                   "body",   "window",  "insecure"};
const std::vector<std::string> BlockKeywords = {
    "runbook",     "module",   "objectives", "action",  "scenario", "detection",
    "containment", "recovery", "validation", "decide",  "ask",      "if",
    "else",        "match",    "parallel",   "failure", "enum"};

bool isWord(const std::string &text) {
  return !text.empty() && (std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_');
}

std::string joinWords(const std::vector<std::string> &words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i)
    out += (i ? ", " : "") + words[i];
  return out;
}

bool contains(const std::vector<std::string> &words, const std::string &w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

/// The innermost rule that tells what kind of thing the parser was reading.
size_t enclosingRule(antlr4::Parser *parser) {
  if (!parser->getContext())
    return DrbookParser::RuleFile;
  return parser->getContext()->getRuleIndex();
}

} // namespace

std::string openingKeyword(antlr4::CommonTokenStream &tokens, antlr4::Token *brace) {
  for (size_t i = brace->getTokenIndex(), steps = 0; i > 0 && steps < 16; --i, ++steps) {
    antlr4::Token *t = tokens.get(i - 1);
    const std::string &text = t->getText();
    if (text == "{" || text == "}")
      break;
    if (contains(BlockKeywords, text))
      return text == "failure" ? "on failure" : text;
  }
  return "";
}

std::string SyntaxErrorStrategy::expectedList(antlr4::Parser *parser) {
  antlr4::misc::IntervalSet expected = parser->getExpectedTokens();
  std::vector<std::string> names;
  for (ssize_t type : expected.toList()) {
    std::string name;
    switch (type) {
    case DrbookLexer::ID:
      name = "a name";
      break;
    case DrbookLexer::STRING:
      name = "a string";
      break;
    case DrbookLexer::INT:
      name = "a number";
      break;
    case DrbookLexer::DURATION:
      name = "a duration";
      break;
    case DrbookLexer::FLOAT:
    case DrbookLexer::REGEX:
    case DrbookLexer::BAD_NUMBER:
    case DrbookLexer::UNTERMINATED_STRING:
    case DrbookLexer::BAD_CHAR:
      continue;
    default:
      if (type == static_cast<ssize_t>(antlr4::Token::EOF)) {
        name = "end of file";
        break;
      }
      name = parser->getVocabulary().getLiteralName(type);
    }
    if (!name.empty() && !contains(names, name))
      names.push_back(name);
  }
  // A long list reads as noise; the caller then says only what was found.
  if (names.empty() || names.size() > 5)
    return "";
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  return out;
}

void SyntaxErrorStrategy::report(antlr4::Parser *parser, antlr4::Token *tok, bool missing) {
  llvm::SMRange range = locs.range(tok);
  std::string text = tok->getText();
  switch (tok->getType()) {
  case DrbookLexer::BAD_NUMBER:
  case DrbookLexer::UNTERMINATED_STRING:
  case DrbookLexer::BAD_CHAR:
    return; // Already reported, with a better message, when the tokens were scanned.
  default:
    break;
  }
  if (tok->getType() == antlr4::Token::EOF && !unclosed.empty()) {
    const OpenBrace &innermost = unclosed.back();
    llvm::SMRange at = locs.range(innermost.brace);
    auto [line, col] =
        std::make_pair(innermost.brace->getLine(), innermost.brace->getCharPositionInLine() + 1);
    std::string what =
        innermost.keyword.empty() ? "the block" : "the '" + innermost.keyword + "' block";
    diags.error(range,
                "expected '}' to close " + what + " opened at " + std::to_string(line) + ":" +
                    std::to_string(col),
                "syntax", {{at, "block opened here"}});
    return;
  }
  std::string found = tok->getType() == antlr4::Token::EOF ? "end of file" : "'" + text + "'";
  size_t rule = enclosingRule(parser);
  auto unknown = [&](const char *what, const std::vector<std::string> &words) {
    std::string hint = didYouMean(text, words);
    if (hint.empty())
      hint = "; expected one of " + joinWords(words);
    diags.error(range, std::string("unknown ") + what + " '" + text + "'" + hint, "syntax");
  };
  if (isWord(text) && !missing) {
    switch (rule) {
    case DrbookParser::RuleBlock:
    case DrbookParser::RuleStep:
      if (contains(ItemWords, text) && !contains(StepWords, text))
        return (void)diags.error(
            range, "'" + text + "' cannot appear inside a phase; steps are " + joinWords(StepWords),
            "syntax");
      return unknown("step", StepWords);
    case DrbookParser::RuleRunbook:
    case DrbookParser::RuleModule:
      if (contains(StepWords, text))
        return (void)diags.error(
            range, "the step '" + text + "' must be inside a phase such as 'detection { … }'",
            "syntax");
      return unknown("declaration", ItemWords);
    case DrbookParser::RuleProbeKind:
      return unknown("probe kind", ProbeKindWords);
    case DrbookParser::RuleActionBody:
      return unknown("action clause", ClauseWords);
    default:
      break;
    }
  }
  std::string expected = expectedList(parser);
  if (!expected.empty())
    diags.error(range, "expected " + expected + ", found " + found, "syntax");
  else
    diags.error(range, "unexpected " + found, "syntax");
}

void SyntaxErrorStrategy::reportNoViableAlternative(antlr4::Parser *parser,
                                                    const antlr4::NoViableAltException &e) {
  report(parser, e.getOffendingToken(), false);
}

void SyntaxErrorStrategy::reportInputMismatch(antlr4::Parser *parser,
                                              const antlr4::InputMismatchException &e) {
  report(parser, e.getOffendingToken(), false);
}

void SyntaxErrorStrategy::reportFailedPredicate(antlr4::Parser *parser,
                                                const antlr4::FailedPredicateException &e) {
  report(parser, e.getOffendingToken(), false);
}

// ANTLR's reportError() enters error mode before the report* calls it makes; these two are
// called directly by single-token recovery, so they enter it themselves.
void SyntaxErrorStrategy::reportUnwantedToken(antlr4::Parser *parser) {
  if (inErrorRecoveryMode(parser))
    return;
  beginErrorCondition(parser);
  report(parser, parser->getCurrentToken(), false);
}

void SyntaxErrorStrategy::reportMissingToken(antlr4::Parser *parser) {
  if (inErrorRecoveryMode(parser))
    return;
  beginErrorCondition(parser);
  report(parser, parser->getCurrentToken(), true);
}

// At the start of a `step*` or `item*` loop, ANTLR gives up on the whole enclosing rule when the
// next token cannot start an iteration, so the block's own `}` is lost and a second, misleading
// error follows. Skipping just the bad tokens keeps the block intact.
void SyntaxErrorStrategy::sync(antlr4::Parser *parser) {
  try {
    DefaultErrorStrategy::sync(parser);
  } catch (antlr4::InputMismatchException &) {
    reportUnwantedToken(parser);
    antlr4::misc::IntervalSet resume = parser->getExpectedTokens();
    resume.addAll(getErrorRecoverySet(parser));
    consumeUntil(parser, resume);
  }
}

void SyntaxErrorStrategy::recover(antlr4::Parser *parser, std::exception_ptr e) {
  if (++recoveries > 500 || diags.limitReached())
    throw antlr4::ParseCancellationException("too many syntax errors");
  DefaultErrorStrategy::recover(parser, e);
}

} // namespace drbook::syntax
