//===- SyntaxErrors.cpp - Syntax errors phrased in runbook terms -----------===//
//
// ANTLR names what it expected as token sets ("no viable alternative", "mismatched input …
// expecting {…}"). Runbook authors need the construct instead: "expected an expression after
// 'abort'", "unknown step 'chek'; did you mean 'check'?", "expected '}' to close the 'recovery'
// block opened at 4:12". None of ANTLR's wording ever reaches a message.
//
//===----------------------------------------------------------------------===//
#include "SyntaxErrors.h"

#include "DrbookLexer.h"
#include "Lexer.h"
#include "drbook/ast/ProbeKinds.h"
#include "drbook/basic/Suggest.h"

#include <cctype>

namespace drbook::syntax {

using grammar::DrbookLexer;
using grammar::DrbookParser;

namespace {

bool contains(const std::vector<std::string> &words, const std::string &w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

const std::vector<std::string> StepWords = {
    "check", "must",  "do",       "run",  "manual", "verify",   "note", "decide",
    "if",    "match", "parallel", "wait", "abort",  "escalate", "ask",  "each"};
const std::vector<std::string> ItemWords = {
    "version",   "owner",  "objectives", "import",      "param",    "secret",     "state",
    "probe",     "action", "detection",  "containment", "recovery", "validation", "scenario",
    "invariant", "on",     "env",        "host",        "finally",  "procedure"};
const std::vector<std::string> ClauseWords = {"run",    "requires", "effects", "timeout", "retries",
                                              "covers", "match",    "if",      "output",  "env",
                                              "user",   "workdir",  "estimate"};
/// Every probe kind's spelling, from the descriptors.
const std::vector<std::string> &probeKindWords() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> out;
    for (const ast::ProbeKindInfo &k : ast::probeKinds())
      out.push_back(k.spelling);
    return out;
  }();
  return words;
}
/// Probe options, and the words inside a probe kind's head (`sql … query …`, `log … where …`).
const std::vector<std::string> &probeOptionWords() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> out = {"expect", "timeout",  "bearer", "header", "body",
                                    "window", "insecure", "output", "env"};
    for (const ast::ProbeKindInfo &k : ast::probeKinds())
      for (const ast::ProbeWord &w : k.words)
        if (!contains(out, w.word))
          out.push_back(w.word);
    return out;
  }();
  return words;
}
/// Words that continue a step (`run … timeout 5m retries 2`, `manual … estimate 30m`).
const std::vector<std::string> StepOptionWords = {"timeout",    "retries",  "destructive",
                                                  "idempotent", "estimate", "approves",
                                                  "until",      "within",   "every"};
const std::vector<std::string> ActionFlagWords = {"destructive", "idempotent"};
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

/// How a step option is written, for a message about a misplaced one.
std::string optionExample(const std::string &option) {
  if (option == "estimate")
    return "'manual \"…\" estimate 30m'";
  if (option == "until" || option == "within" || option == "every")
    return "'wait PROBE until ok within 10m every 30s'";
  if (option == "retries")
    return "'run \"…\" retries 2'";
  if (option == "timeout")
    return "'run \"…\" timeout 5m'";
  return "'run \"…\" " + option + "'";
}

/// The innermost rule that tells what kind of thing the parser was reading.
size_t enclosingRule(antlr4::Parser *parser) {
  if (!parser->getContext())
    return DrbookParser::RuleFile;
  return parser->getContext()->getRuleIndex();
}

/// How a token is named in a message: `'}'`, `end of file`, `a string`, `'5m'`.
std::string describe(antlr4::Token *t) {
  if (t->getType() == antlr4::Token::EOF)
    return "end of file";
  if (t->getType() == DrbookLexer::STRING)
    return "a string";
  std::string text = t->getText();
  if (text.size() > 24)
    text = text.substr(0, 20) + "…";
  return "'" + text + "'";
}

/// The token the parser saw before `tok`. Not LT(-1): after a long lookahead the parser may
/// report a token well ahead of its position.
antlr4::Token *previousToken(antlr4::Parser *parser, antlr4::Token *tok) {
  antlr4::TokenStream *in = parser->getTokenStream();
  for (size_t i = tok->getTokenIndex(); i > 0; --i) {
    antlr4::Token *t = in->get(i - 1);
    if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL)
      return t;
  }
  return nullptr;
}

bool isOpen(antlr4::Token *t) {
  static const size_t type = literalTokenType("{");
  return t->getType() == type;
}
bool isClose(antlr4::Token *t) {
  static const size_t type = literalTokenType("}");
  return t->getType() == type;
}
bool onDefaultChannel(antlr4::Token *t) {
  return t->getChannel() == antlr4::Token::DEFAULT_CHANNEL;
}

/// The column (1-based, in bytes) of the first token on `t`'s line.
unsigned lineIndent(const std::vector<antlr4::Token *> &all, size_t index) {
  size_t line = all[index]->getLine();
  while (index > 0 && all[index - 1]->getLine() == line)
    --index;
  return all[index]->getCharPositionInLine() + 1;
}

bool startsLine(const std::vector<antlr4::Token *> &all, size_t index) {
  return index == 0 || all[index - 1]->getLine() != all[index]->getLine();
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

std::optional<MissingBrace> findMissingBrace(antlr4::CommonTokenStream &tokens,
                                             const TokenLocations &locs, DiagnosticEngine &diags) {
  // Only tokens the parser sees count, so that comments do not shift indentation.
  std::vector<antlr4::Token *> all;
  for (antlr4::Token *t : tokens.getTokens())
    if (onDefaultChannel(t) && t->getType() != antlr4::Token::EOF)
      all.push_back(t);
  std::vector<size_t> open;
  std::optional<size_t> outdented; // a `{` whose `}` sits left of its first line
  std::optional<size_t> indented;  // a `}` that sits right of its `{`'s first line
  std::optional<size_t> unmatched; // the first `}` that closes nothing
  for (size_t i = 0; i < all.size(); ++i) {
    if (isOpen(all[i])) {
      open.push_back(i);
    } else if (isClose(all[i]) && open.empty()) {
      if (!unmatched)
        unmatched = i;
    } else if (isClose(all[i])) {
      size_t o = open.back();
      open.pop_back();
      if (!startsLine(all, i))
        continue;
      unsigned col = all[i]->getCharPositionInLine() + 1, indent = lineIndent(all, o);
      if (!outdented && col < indent)
        outdented = o;
      if (!indented && col > indent)
        indented = i;
    }
  }
  if (unmatched) {
    // Once a `}` too many closes a block early, every later `}` pairs one level out and the
    // surplus surfaces at the end; the first `}` indented unlike its block is the real one.
    size_t extra = indented && *indented < *unmatched ? *indented : *unmatched;
    diags.error(locs.range(all[extra]), "'}' closes no block; remove it or add the '{' it closes",
                "syntax");
    if (auto *w = dynamic_cast<antlr4::WritableToken *>(all[extra]))
      w->setChannel(antlr4::Token::HIDDEN_CHANNEL);
  }
  if (open.empty())
    return std::nullopt;
  antlr4::Token *eof = tokens.get(tokens.size() - 1);
  if (!outdented) // Nothing hints where: the innermost block is still open at end of file.
    return MissingBrace{{all[open.back()], openingKeyword(tokens, all[open.back()])}, eof};
  unsigned indent = lineIndent(all, *outdented);
  antlr4::Token *at = eof;
  for (size_t i = *outdented + 1; i < all.size(); ++i)
    if (startsLine(all, i) && all[i]->getCharPositionInLine() + 1 <= indent) {
      at = all[i];
      break;
    }
  return MissingBrace{{all[*outdented], openingKeyword(tokens, all[*outdented])}, at};
}

std::string SyntaxErrorStrategy::expectedList(antlr4::Parser *parser) {
  antlr4::misc::IntervalSet expected = parser->getExpectedTokens();
  const antlr4::atn::ATN &atn = parser->getATN();
  // Whole constructs first, so that a set holding every token that can start an expression
  // reads "an expression" rather than forty alternatives. Larger constructs go first: many
  // probe options are also names, so an expression covers them.
  const std::pair<size_t, const char *> constructs[] = {
      {DrbookParser::RuleExpr, "an expression"},
      {DrbookParser::RuleType, "a type"},
      {DrbookParser::RuleName, "a name"},
      {DrbookParser::RuleItem, "a declaration"},
      {DrbookParser::RuleStepBody, "a step"},
      {DrbookParser::RuleActionClause, "an action clause"},
      {DrbookParser::RuleProbeOption, "a probe option"}};
  std::vector<std::string> names;
  antlr4::misc::IntervalSet covered;
  for (auto [rule, label] : constructs) {
    const antlr4::misc::IntervalSet &first = atn.nextTokens(atn.ruleToStartState[rule]);
    if (first.subtract(expected).isEmpty() && !first.subtract(covered).isEmpty()) {
      names.push_back(label);
      covered.addAll(first);
    }
  }
  antlr4::misc::IntervalSet rest = expected.subtract(covered);
  for (ssize_t type : rest.toList()) {
    std::string name;
    switch (type) {
    case DrbookLexer::STRING:
      name = "a string";
      break;
    case DrbookLexer::INT:
      name = "a number";
      break;
    case DrbookLexer::DURATION:
      name = "a duration";
      break;
    case DrbookLexer::ID:
      name = "a name";
      break;
    default:
      if (type == static_cast<ssize_t>(antlr4::Token::EOF))
        name = "end of file";
      else if (type > 0)
        name = parser->getVocabulary().getLiteralName(type);
    }
    // Token types without a spelling (FLOAT, REGEX, error tokens) never need naming: they only
    // appear where an expression is expected, which is named above.
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

bool SyntaxErrorStrategy::reportMissingBrace(antlr4::Token *tok) {
  if (!missingBrace)
    return false;
  bool due = tok->getType() == antlr4::Token::EOF ||
             tok->getTokenIndex() == missingBrace->expectedAt->getTokenIndex();
  if (!due)
    return false;
  if (missingBraceReported)
    return true;
  missingBraceReported = true;
  const OpenBrace &open = missingBrace->open;
  llvm::SMRange at = locs.range(open.brace);
  auto [line, col] = diags.sourceManager().getLineAndColumn(at.Start);
  std::string what = open.keyword.empty() ? "the block" : "the '" + open.keyword + "' block";
  diags.error(locs.range(missingBrace->expectedAt),
              "expected '}' to close " + what + " opened at " + std::to_string(line) + ":" +
                  std::to_string(col),
              "syntax", {{at, "block opened here"}});
  return true;
}

/// Whether `tok` ends a line that a `manual` step starts: `manual "…" timeout 10m`.
static bool followsManual(antlr4::Parser *parser, antlr4::Token *tok) {
  antlr4::TokenStream *in = parser->getTokenStream();
  for (ssize_t k = static_cast<ssize_t>(tok->getTokenIndex()) - 1; k >= 0; --k) {
    antlr4::Token *t = in->get(static_cast<size_t>(k));
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL)
      continue;
    if (t->getLine() != tok->getLine() || t->getText() == "{" || t->getText() == "}")
      return false;
    if (t->getText() == "manual")
      return true;
  }
  return false;
}

/// What to write instead of an option a `manual` step does not take.
static std::string manualOptionMessage(const std::string &option) {
  if (option == "destructive")
    return "a manual step takes no 'destructive' flag: put the destructive command in an "
           "action declared 'destructive' and 'do' it, so that it is confirmed and proven";
  return "a manual step takes no '" + option +
         "': it waits for the operator's answer; write 'estimate 10m' after its text to count "
         "its time in the RTO";
}

/// Reports `text` as an unknown `what` with the closest of `words`; when none is close, only
/// if `always`, listing them. Returns whether it reported.
static bool reportUnknownOf(DiagnosticEngine &diags, llvm::SMRange range, const std::string &text,
                            const char *what, const std::vector<std::string> &words, bool always) {
  std::string hint = didYouMean(text, words);
  if (hint.empty() && !always)
    return false;
  if (hint.empty())
    hint = "; expected one of " + joinWords(words);
  diags.error(range, std::string("unknown ") + what + " '" + text + "'" + hint, "syntax");
  return true;
}

/// A word that starts no step, inside a phase or block.
bool SyntaxErrorStrategy::reportWordInBlock(antlr4::Parser *parser, antlr4::Token *tok) {
  std::string text = tok->getText();
  llvm::SMRange range = locs.range(tok);
  if (contains(StepWords, text))
    return false;
  if (text == "else") {
    diags.error(range, "'else' must follow the '}' of an 'if' block", "syntax");
    return true;
  }
  if (contains(StepOptionWords, text)) {
    if (text != "estimate" && followsManual(parser, tok))
      diags.error(range, manualOptionMessage(text), "syntax");
    else
      diags.error(range,
                  "'" + text + "' must follow its step, with its value, as in " +
                      optionExample(text),
                  "syntax");
    return true;
  }
  if (contains(ItemWords, text)) {
    diags.error(range,
                "'" + text + "' cannot appear inside a phase; steps are " + joinWords(StepWords),
                "syntax");
    return true;
  }
  return reportUnknownOf(diags, range, text, "step", StepWords, false) ||
         reportUnknownOf(diags, range, text, "step option", StepOptionWords, false) ||
         reportUnknownOf(diags, range, text, "step", StepWords, true);
}

/// A word that starts no declaration, in a runbook's or module's body.
bool SyntaxErrorStrategy::reportWordInBody(antlr4::Token *tok) {
  std::string text = tok->getText();
  llvm::SMRange range = locs.range(tok);
  if (contains(ItemWords, text))
    return false;
  if (contains(StepWords, text)) {
    diags.error(range, "the step '" + text + "' must be inside a phase such as 'detection { … }'",
                "syntax");
    return true;
  }
  if (std::optional<std::string> step = closestMatch(text, StepWords)) {
    diags.error(range,
                "unknown declaration '" + text + "'; did you mean the step '" + *step +
                    "'? Steps go inside a phase such as 'detection { … }'",
                "syntax");
    return true;
  }
  return reportUnknownOf(diags, range, text, "declaration", ItemWords, false) ||
         reportUnknownOf(diags, range, text, "probe option", probeOptionWords(), false) ||
         reportUnknownOf(diags, range, text, "declaration", ItemWords, true);
}

bool SyntaxErrorStrategy::reportUnknownWord(antlr4::Parser *parser, antlr4::Token *tok) {
  std::string text = tok->getText();
  llvm::SMRange range = locs.range(tok);
  auto unknown = [&](const char *what, const std::vector<std::string> &words) {
    return reportUnknownOf(diags, range, text, what, words, true);
  };
  auto misspelt = [&](const char *what, const std::vector<std::string> &words) {
    return reportUnknownOf(diags, range, text, what, words, false);
  };
  switch (enclosingRule(parser)) {
  case DrbookParser::RuleStepBody:
    // Inside a step, only a misspelt option is worth naming (`run "x" timout 5m`).
    return misspelt("step option", StepOptionWords);
  case DrbookParser::RuleBlock:
  case DrbookParser::RuleStep:
    return reportWordInBlock(parser, tok);
  case DrbookParser::RuleRunbook:
  case DrbookParser::RuleModule:
    return reportWordInBody(tok);
  case DrbookParser::RuleProbeKind:
    return unknown("probe kind", probeKindWords());
  case DrbookParser::RuleItem:
    // After a probe: a misspelt option, or the next declaration misspelt.
    if (dynamic_cast<DrbookParser::ProbeItemContext *>(parser->getContext()))
      return misspelt("probe option", probeOptionWords()) || misspelt("declaration", ItemWords);
    if (dynamic_cast<DrbookParser::ActionItemContext *>(parser->getContext()))
      return misspelt("action flag", ActionFlagWords);
    if (dynamic_cast<DrbookParser::ScenarioItemContext *>(parser->getContext()) &&
        contains(StepWords, text)) {
      diags.error(range,
                  "the step '" + text +
                      "' must be inside a phase of the scenario, such as 'recovery { … }'",
                  "syntax");
      return true;
    }
    return false;
  case DrbookParser::RuleActionBody:
    if (contains(ActionFlagWords, text)) {
      diags.error(range,
                  "'" + text + "' is an action flag; write it before the body: 'action NAME " +
                      text + " { … }'",
                  "syntax");
      return true;
    }
    return unknown("action clause", ClauseWords);
  default:
    return false;
  }
}

void SyntaxErrorStrategy::report(antlr4::Parser *parser, antlr4::Token *tok) {
  size_t previousLine = lastReportedLine;
  lastReportedLine = tok->getLine();
  if (tok->getType() == antlr4::Token::EOF && lexicalErrorLines.count(tok->getLine()))
    return; // An unterminated comment swallowed the end of the file.
  if (reportMissingBrace(tok))
    return;
  // One message per line: what else goes wrong on it follows from the first mistake.
  if (lexicalErrorLines.count(tok->getLine()) || tok->getLine() == previousLine)
    return;
  if (isWord(tok->getText()) && reportUnknownWord(parser, tok))
    return;
  std::string expected = expectedList(parser);
  antlr4::ParserRuleContext *ctx = parser->getContext();
  if (ctx && dynamic_cast<DrbookParser::NameContext *>(ctx))
    ctx = dynamic_cast<antlr4::ParserRuleContext *>(ctx->parent);
  if (ctx && dynamic_cast<DrbookParser::HttpProbeContext *>(ctx) && expected == "a name")
    expected = "an HTTP method such as GET, HEAD or POST";
  std::string found = describe(tok);
  llvm::SMRange range = locs.range(tok);
  if (expected == "end of file") {
    diags.error(range,
                "unexpected " + found +
                    " after the end of the file's runbook or module; a file holds only one",
                "syntax");
    return;
  }
  if (expected.empty()) {
    diags.error(range, "unexpected " + found, "syntax");
    return;
  }
  // Name the word the missing piece belongs to: "expected an expression after 'abort'". When
  // the line ended before it, point just after that word rather than at the next line.
  antlr4::Token *prev = previousToken(parser, tok);
  if (!prev || prev->getType() == antlr4::Token::EOF) {
    diags.error(range, "expected " + expected + ", found " + found, "syntax");
  } else if (tok->getType() == antlr4::Token::EOF || tok->getLine() > prev->getLine()) {
    lastReportedLine = prev->getLine(); // the message belongs to the line that lacks it
    if (lexicalErrorLines.count(prev->getLine()) || prev->getLine() == previousLine)
      return; // What is missing there follows from that line's reported mistake.
    llvm::SMLoc end = locs.end(prev);
    diags.error({end, end}, "expected " + expected + " after " + describe(prev), "syntax");
  } else {
    diags.error(range, "expected " + expected + " after " + describe(prev) + ", found " + found,
                "syntax");
  }
}

void SyntaxErrorStrategy::reportNoViableAlternative(antlr4::Parser *parser,
                                                    const antlr4::NoViableAltException &e) {
  report(parser, e.getOffendingToken());
}

void SyntaxErrorStrategy::reportInputMismatch(antlr4::Parser *parser,
                                              const antlr4::InputMismatchException &e) {
  report(parser, e.getOffendingToken());
}

void SyntaxErrorStrategy::reportFailedPredicate(antlr4::Parser *parser,
                                                const antlr4::FailedPredicateException &e) {
  report(parser, e.getOffendingToken());
}

// ANTLR's reportError() enters error mode before the report* calls it makes; these two are
// called directly by single-token recovery, so they enter it themselves.
void SyntaxErrorStrategy::reportUnwantedToken(antlr4::Parser *parser) {
  if (inErrorRecoveryMode(parser))
    return;
  beginErrorCondition(parser);
  report(parser, parser->getCurrentToken());
}

void SyntaxErrorStrategy::reportMissingToken(antlr4::Parser *parser) {
  if (inErrorRecoveryMode(parser))
    return;
  beginErrorCondition(parser);
  report(parser, parser->getCurrentToken());
}

// ANTLR drops one unexpected token when the next one fits. Dropping a word that starts a
// declaration or a step is a bad guess: after `param p: int =` it would drop `probe` from the
// next line and read the probe's name as the missing default value. Dropping a brace breaks
// the block structure that the rest of the file is read by.
antlr4::Token *SyntaxErrorStrategy::singleTokenDeletion(antlr4::Parser *parser) {
  const std::string &text = parser->getCurrentToken()->getText();
  if (contains(ItemWords, text) || contains(StepWords, text) || text == "{" || text == "}")
    return nullptr;
  return DefaultErrorStrategy::singleTokenDeletion(parser);
}

// In the loops of declarations and steps, ANTLR's own recovery skips to a token that can
// follow the whole list, which swallows every later mistake in the block (and often the
// block's `}`). Instead, skip only the bad statement: the rest of its line, and any block it
// opens. Steps and declarations start lines, so each bad line is reported once and the lines
// after it are still checked.
void SyntaxErrorStrategy::sync(antlr4::Parser *parser) {
  const antlr4::atn::ATN &atn = parser->getATN();
  antlr4::atn::ATNState *state = atn.states[parser->getState()];
  size_t rule = enclosingRule(parser);
  bool statementList = rule == DrbookParser::RuleRunbook || rule == DrbookParser::RuleModule ||
                       rule == DrbookParser::RuleBlock || rule == DrbookParser::RuleActionBody;
  switch (state->getStateType()) {
  case antlr4::atn::ATNState::STAR_LOOP_ENTRY:
  case antlr4::atn::ATNState::STAR_LOOP_BACK:
  case antlr4::atn::ATNState::PLUS_LOOP_BACK:
    break;
  default:
    statementList = false;
  }
  if (!statementList) {
    try {
      DefaultErrorStrategy::sync(parser);
    } catch (antlr4::InputMismatchException &) {
      reportUnwantedToken(parser);
      antlr4::misc::IntervalSet resume = parser->getExpectedTokens();
      resume.addAll(getErrorRecoverySet(parser));
      consumeUntil(parser, resume);
    }
    return;
  }
  antlr4::TokenStream *in = parser->getTokenStream();
  antlr4::misc::IntervalSet resume = parser->getExpectedTokens();
  while (in->LA(1) != antlr4::Token::EOF && !resume.contains(in->LA(1))) {
    antlr4::Token *bad = in->LT(1);
    if (missingBrace && bad->getTokenIndex() == missingBrace->expectedAt->getTokenIndex()) {
      // The missing `}` belongs here: end the block and let the enclosing rule read on.
      beginErrorCondition(parser);
      reportMissingBrace(bad);
      return;
    }
    if (bad->getLine() != lastReportedLine) {
      endErrorCondition(parser);
      reportUnwantedToken(parser);
    }
    skipStatement(parser);
  }
}

void SyntaxErrorStrategy::skipStatement(antlr4::Parser *parser) {
  antlr4::TokenStream *in = parser->getTokenStream();
  size_t line = in->LT(1)->getLine();
  unsigned depth = 0;
  while (in->LA(1) != antlr4::Token::EOF) {
    const std::string text = in->LT(1)->getText();
    if (depth == 0 && (text == "}" || in->LT(1)->getLine() != line))
      return;
    if (text == "{")
      ++depth;
    else if (text == "}")
      --depth;
    parser->consume();
  }
}

void SyntaxErrorStrategy::recover(antlr4::Parser *parser, std::exception_ptr e) {
  if (++recoveries > 500 || diags.limitReached())
    throw antlr4::ParseCancellationException("too many syntax errors");
  DefaultErrorStrategy::recover(parser, e);
}

} // namespace drbook::syntax
