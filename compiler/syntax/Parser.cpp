//===- Parser.cpp - Lexing, parsing and syntax-error reporting -------------===//
//
// ANTLR's own messages never reach a user. The lexer's error tokens are reported here and
// repaired, so each lexical mistake gives one message; the parser's errors go through
// SyntaxErrorStrategy, which phrases them in runbook terms. The parse runs in fast SLL mode
// first, falling back to full LL with error recovery only when SLL fails.
//
//===----------------------------------------------------------------------===//
#include "drbook/syntax/Parser.h"

#include "Builder.h"
#include "DrbookLexer.h"
#include "Lexer.h"
#include "SyntaxErrors.h"
#include "drbook/basic/Suggest.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FormatVariadic.h"

#include <set>

namespace drbook::syntax {

using grammar::DrbookLexer;
using grammar::DrbookParser;

namespace {

/// The code point at `p` and its length in bytes (1 for a byte that starts no valid sequence).
std::pair<uint32_t, unsigned> codePointAt(const char *p, const char *end) {
  const auto *src = reinterpret_cast<const llvm::UTF8 *>(p);
  llvm::UTF32 cp = static_cast<unsigned char>(*p);
  if (llvm::convertUTF8Sequence(&src, reinterpret_cast<const llvm::UTF8 *>(end), &cp,
                                llvm::strictConversion) != llvm::conversionOK)
    return {static_cast<unsigned char>(*p), 1};
  return {cp, static_cast<unsigned>(reinterpret_cast<const char *>(src) - p)};
}

/// Whether a non-ASCII code point is probably a letter of a name (é, ß, я, 日) rather than
/// punctuation, a symbol or an emoji; no Unicode tables are needed for that guess.
bool looksLikeLetter(uint32_t cp) {
  if (cp < 0xc0 || cp == 0xd7 || cp == 0xf7)
    return false;
  bool punctuationOrSymbol = (cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x3000 && cp <= 0x303f) ||
                             (cp >= 0xfe00 && cp <= 0xfe6f) || cp >= 0x1f000;
  return !punctuationOrSymbol;
}

/// What to say about a character that starts no token, by the mistake it usually is.
std::string badCharMessage(llvm::StringRef shown, uint32_t cp, bool several) {
  std::string code = "U+" + llvm::utohexstr(cp, false, 4);
  bool printable = cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0);
  std::string what = printable ? "'" + shown.str() + "'" : "with code " + code;
  std::string msg =
      std::string(several ? "unexpected characters " : "unexpected character ") + what;
  switch (cp) {
  case '#':
    return msg + "; comments start with '//'";
  case '/':
    return msg + "; drbook has no division operator, and a regex is written /pattern/ on one "
                 "line";
  case ';':
    return msg + "; drbook needs no ';' between declarations or steps";
  case 0x2018: // ‘ ’ “ ” as pasted from word processors and chat
  case 0x2019:
  case 0x201c:
  case 0x201d:
    return msg + " (" + code + "); strings are written in straight double quotes \"…\"";
  default:
    break;
  }
  if (cp >= 0x80 && printable)
    return msg + " (" + code + "); names use ASCII letters, digits and '_'; other text " +
           "belongs in a string";
  return msg;
}

/// A `5min`-style number: suggests the duration the author most likely meant.
std::string badNumberMessage(const std::string &text) {
  static const std::pair<const char *, const char *> units[] = {
      {"min", "m"},  {"mins", "m"},   {"minute", "m"},  {"minutes", "m"}, {"sec", "s"},
      {"secs", "s"}, {"second", "s"}, {"seconds", "s"}, {"hr", "h"},      {"hrs", "h"},
      {"hour", "h"}, {"hours", "h"},  {"day", "d"},     {"days", "d"},    {"msec", "ms"}};
  std::string msg = "invalid number or duration '" + text + "'";
  size_t digits = text.find_first_not_of("0123456789");
  if (text[digits] == '.')
    return msg + "; durations use whole numbers of a unit, like 90s or 1h30m";
  std::string unit = llvm::StringRef(text).substr(digits).lower();
  for (auto [spelling, canonical] : units)
    if (unit == spelling)
      return msg + "; did you mean '" + text.substr(0, digits) + canonical + "'?";
  return msg + "; durations are written like 500ms, 30s, 5m, 1h, 2d or 1h30m";
}

/// Reports each lexical error once and repairs it, so that the parser goes on as the author
/// most likely meant and does not report the same mistake again.
class LexicalRepair {
public:
  LexicalRepair(antlr4::CommonTokenStream &tokens, llvm::StringRef text, const TokenLocations &locs,
                DiagnosticEngine &diags)
      : all(tokens.getTokens()), text(text), locs(locs), diags(diags) {}

  /// Repairs every token; returns the lines that hold a lexical error.
  std::set<size_t> run() {
    for (size_t i = 0; i < all.size(); ++i) {
      switch (all[i]->getType()) {
      case DrbookLexer::BAD_NUMBER:
        diags.error(locs.range(all[i]), badNumberMessage(all[i]->getText()), "syntax");
        writable(i).setType(DrbookLexer::DURATION); // `5min` still reads as a duration
        lines.insert(all[i]->getLine());
        break;
      case DrbookLexer::UNTERMINATED_STRING:
        diags.error(locs.range(all[i]), "unterminated string; add the closing '\"' on this line",
                    "syntax");
        writable(i).setType(DrbookLexer::STRING);
        lines.insert(all[i]->getLine());
        break;
      case DrbookLexer::BAD_CHAR:
        i = badChars(i);
        break;
      default:
        if (all[i]->getType() == minusType && i + 1 < all.size() &&
            all[i + 1]->getType() == greaterType &&
            all[i + 1]->getStartIndex() == all[i]->getStopIndex() + 1) {
          // `->` for `=>`: there is no `->` in drbook, so this is never a minus.
          diags.error({locs.start(all[i]), locs.end(all[i + 1])},
                      "'->' is not an arrow in drbook; write '=>'", "syntax");
          writable(i).setType(arrowType);
          hide(++i);
          lines.insert(all[i]->getLine());
        }
        break;
      }
    }
    return std::move(lines);
  }

private:
  /// Every token in the stream is the Lexer's.
  SourceToken &writable(size_t i) { return static_cast<SourceToken &>(*all[i]); }
  void hide(size_t i) { writable(i).setChannel(antlr4::Token::HIDDEN_CHANNEL); }

  /// Reports the run of adjacent bad characters starting at token `i` as one mistake; returns
  /// the index of the last token handled.
  size_t badChars(size_t i) {
    llvm::SMRange r = locs.range(all[i]);
    const char *p = r.Start.getPointer();
    lines.insert(all[i]->getLine());
    if (*p == '\'')
      return singleQuoted(i);
    if (llvm::StringRef(p, text.end() - p).startswith("/*")) {
      diags.error({r.Start, llvm::SMLoc::getFromPointer(p + 2)},
                  "unterminated comment; close it with '*/'", "syntax");
      hide(i);
      lines.insert(all.back()->getLine()); // what the comment swallowed is not missing too
      return i;
    }
    const char *runEnd = r.End.getPointer();
    while (i + 1 < all.size() && all[i + 1]->getType() == DrbookLexer::BAD_CHAR &&
           locs.start(all[i + 1]).getPointer() == runEnd) {
      hide(i);
      runEnd = locs.end(all[++i]).getPointer();
    }
    auto [cp, len] = codePointAt(p, text.end());
    llvm::StringRef shown(p, runEnd - p);
    bool several = shown.size() > len;
    if (shown.size() > 20)
      shown = llvm::StringRef(p, len);
    diags.error({r.Start, llvm::SMLoc::getFromPointer(runEnd)}, badCharMessage(shown, cp, several),
                "syntax");
    if (looksLikeLetter(cp))
      writable(i).setType(DrbookLexer::ID); // `check café` meant a name
    else if (cp == '/' && !several)
      writable(i).setType(starType); // `a / b` still reads as an arithmetic expression
    else
      hide(i);
    // After a '#' the author meant a comment: the rest of the line is one too.
    size_t line = all[i]->getLine();
    while (cp == '#' && i + 1 < all.size() && all[i + 1]->getLine() == line &&
           all[i + 1]->getType() != antlr4::Token::EOF)
      hide(++i);
    return i;
  }

  /// `'text'` as a shell user writes it: reported once, then read as the string it means.
  size_t singleQuoted(size_t i) {
    size_t close = i + 1;
    while (close < all.size() && all[close]->getLine() == all[i]->getLine() &&
           all[close]->getText() != "'")
      ++close;
    llvm::SMRange r = locs.range(all[i]);
    if (close == all.size() || all[close]->getText() != "'") {
      diags.error(r, "unexpected single quote; strings are written in double quotes \"…\"",
                  "syntax");
      hide(i);
      return i;
    }
    diags.error({r.Start, locs.end(all[close])},
                "strings are written in double quotes \"…\", not single quotes", "syntax");
    writable(i).setType(DrbookLexer::STRING);
    writable(i).setStopIndex(all[close]->getStopIndex());
    for (size_t j = i + 1; j <= close; ++j)
      hide(j);
    return close;
  }

  std::vector<antlr4::Token *> all;
  llvm::StringRef text;
  const TokenLocations &locs;
  DiagnosticEngine &diags;
  const size_t starType = literalTokenType("*"), arrowType = literalTokenType("=>");
  const size_t minusType = literalTokenType("-"), greaterType = literalTokenType(">");
  std::set<size_t> lines;
};

/// Counts one kind of nesting the parser would recurse on, and reports the first token that
/// goes deeper than MaxNesting.
struct NestingCounter {
  const char *what;
  unsigned depth = 0;
  bool deeper(antlr4::Token *t, const TokenLocations &locs, DiagnosticEngine &diags) {
    if (++depth <= MaxNesting)
      return false;
    diags.error(locs.range(t),
                std::string(what) + " more than " + std::to_string(MaxNesting) + " deep here",
                "syntax");
    return true;
  }
};

/// Refuses input nested deeper than MaxNesting where the parser recurses: brackets, a run of
/// prefix operators (`not not …`, `- - …`) and nested types (`list<list<…>>`).
bool checkNesting(antlr4::CommonTokenStream &tokens, const TokenLocations &locs,
                  DiagnosticEngine &diags) {
  static const size_t opens[] = {literalTokenType("{"), literalTokenType("("),
                                 literalTokenType("[")};
  static const size_t closes[] = {literalTokenType("}"), literalTokenType(")"),
                                  literalTokenType("]")};
  static const size_t notType = literalTokenType("not"), minusType = literalTokenType("-"),
                      listType = literalTokenType("list"), lessType = literalTokenType("<");
  auto isOneOf = [](size_t type, const size_t(&types)[3]) {
    return type == types[0] || type == types[1] || type == types[2];
  };
  NestingCounter brackets{"blocks and brackets are nested"};
  NestingCounter prefixes{"prefix operators ('not', '-') are repeated"};
  NestingCounter types{"types are nested"};
  size_t previous = antlr4::Token::INVALID_TYPE;
  for (antlr4::Token *t : tokens.getTokens()) {
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL)
      continue;
    size_t type = t->getType();
    // Brackets do not end a run: `not (not (…` recurses as deep as `not not …`.
    if (type != notType && type != minusType && type != opens[1] && type != opens[2])
      prefixes.depth = 0;
    bool typeOpens = type == lessType && previous == listType;
    if (type != listType && !typeOpens)
      types.depth = 0;
    if ((isOneOf(type, opens) && brackets.deeper(t, locs, diags)) ||
        ((type == notType || type == minusType) && prefixes.deeper(t, locs, diags)) ||
        (typeOpens && types.deeper(t, locs, diags)))
      return false;
    if (isOneOf(type, closes) && brackets.depth > 0)
      --brackets.depth;
    previous = type;
  }
  return true;
}

/// Refuses an expression whose parse tree is deeper than MaxExpressionDepth: a chain of binary
/// operators, fields or calls parses in a loop, but every later pass walks it recursively.
/// Walks the tree with an explicit stack for the same reason.
bool checkExpressionDepth(antlr4::tree::ParseTree *root, const TokenLocations &locs,
                          DiagnosticEngine &diags) {
  std::vector<std::pair<antlr4::tree::ParseTree *, unsigned>> work = {{root, 0}};
  while (!work.empty()) {
    auto [node, depth] = work.back();
    work.pop_back();
    // Only rule contexts have children, and one without any adds no depth: the rule index
    // then tells an expression without a type test.
    bool expression =
        !node->children.empty() &&
        static_cast<antlr4::RuleContext *>(node)->getRuleIndex() == DrbookParser::RuleExpr;
    if (expression && ++depth > MaxExpressionDepth) {
      auto *expr = static_cast<antlr4::ParserRuleContext *>(node);
      diags.error(locs.range(expr->getStart()),
                  "expression nested more than " + std::to_string(MaxExpressionDepth) +
                      " levels deep here (operators, fields and calls); split it into smaller "
                      "parts",
                  "syntax");
      return false;
    }
    for (antlr4::tree::ParseTree *child : node->children)
      work.push_back({child, depth});
  }
  return true;
}

} // namespace

DrbookParser::FileContext *parseTree(DrbookParser &parser, antlr4::CommonTokenStream &tokens,
                                     std::shared_ptr<antlr4::ANTLRErrorStrategy> recovery) {
  parser.removeErrorListeners();
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  try {
    return parser.file();
  } catch (antlr4::ParseCancellationException &) {
  }
  tokens.seek(0);
  parser.reset();
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::LL);
  parser.setErrorHandler(std::move(recovery));
  try {
    return parser.file();
  } catch (antlr4::ParseCancellationException &) {
    return nullptr; // what was reported stands
  }
}

std::unique_ptr<ast::Module> parseModule(llvm::SourceMgr &sources, unsigned bufferId,
                                         DiagnosticEngine &diags) {
  const llvm::MemoryBuffer *buffer = sources.getMemoryBuffer(bufferId);
  llvm::StringRef text = buffer->getBuffer();
  llvm::SMLoc start = llvm::SMLoc::getFromPointer(text.data());
  llvm::SMRange firstChar{start, llvm::SMLoc::getFromPointer(text.data() + (text.empty() ? 0 : 1))};
  if (text.size() > MaxSourceBytes) {
    diags.error(firstChar,
                "file is " + llvm::formatv("{0:F1}", text.size() / double(1 << 20)).str() +
                    " MB; a runbook may be at most " + std::to_string(MaxSourceBytes >> 20) + " MB",
                "syntax");
    return nullptr;
  }
  if (text.trim().empty()) {
    diags.error(firstChar, "file is empty; expected 'runbook NAME { … }' or 'module NAME { … }'",
                "syntax");
    return nullptr;
  }
  if (!checkText(text, start, diags))
    return nullptr;

  Lexer lexer(text);
  TokenStream tokens(lexer);
  tokens.fill();
  if (tokens.size() == 1) { // only end of file: the text was all comments
    diags.error(firstChar,
                "file holds only comments; expected 'runbook NAME { … }' or 'module NAME { … }'",
                "syntax");
    return nullptr;
  }
  TokenLocations locs(text.data(), text.size());
  std::set<size_t> lexicalErrorLines = LexicalRepair(tokens, text, locs, diags).run();
  if (!checkNesting(tokens, locs, diags))
    return nullptr;
  std::optional<MissingBrace> missingBrace = findMissingBrace(tokens, locs, diags);

  DrbookParser parser(&tokens);
  // Full LL recovers with the strategy that reports in runbook terms, so that one run reports
  // every mistake it can.
  DrbookParser::FileContext *tree =
      parseTree(parser, tokens,
                std::make_shared<SyntaxErrorStrategy>(locs, diags, missingBrace,
                                                      std::move(lexicalErrorLines)));
  if (!tree)
    return nullptr;
  if (!checkExpressionDepth(tree, locs, diags))
    return nullptr;
  Builder builder(locs, diags);
  auto module = builder.buildFile(tree);
  module->bufferId = bufferId;
  module->path = buffer->getBufferIdentifier().str();
  return module;
}

/// Reports a file that is not UTF-8 text: a NUL byte (a binary file: an image, an archive, a
/// compiled program) or the first byte that is not UTF-8.
bool checkText(llvm::StringRef text, llvm::SMLoc base, DiagnosticEngine &diags) {
  size_t nul = text.find('\0');
  if (nul != llvm::StringRef::npos) {
    llvm::SMLoc at = llvm::SMLoc::getFromPointer(base.getPointer() + nul);
    Diagnostic diag =
        makeDiagnostic(Severity::Error, {at, llvm::SMLoc::getFromPointer(at.getPointer() + 1)},
                       "this is a binary file, not a runbook (it contains a NUL byte); a runbook "
                       "must be a UTF-8 text file",
                       "syntax");
    diag.showSource = false; // Echoing binary bytes would garble the terminal.
    diags.report(std::move(diag));
    return false;
  }
  const auto *begin = reinterpret_cast<const llvm::UTF8 *>(text.data());
  const auto *end = begin + text.size();
  const llvm::UTF8 *p = begin;
  while (p < end) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    unsigned len = llvm::getNumBytesForUTF8(*p);
    if (p + len > end || !llvm::isLegalUTF8Sequence(p, p + len)) {
      llvm::SMLoc at = llvm::SMLoc::getFromPointer(base.getPointer() + (p - begin));
      Diagnostic diag =
          makeDiagnostic(Severity::Error, {at, llvm::SMLoc::getFromPointer(at.getPointer() + 1)},
                         "this is not UTF-8 text (byte 0x" + llvm::utohexstr(*p) +
                             "); a runbook must be a UTF-8 text file",
                         "syntax");
      diag.showSource = false;
      diags.report(std::move(diag));
      return false;
    }
    p += len;
  }
  return true;
}

} // namespace drbook::syntax
