//===- Format.cpp - The canonical layout of drbook source -------------------===//
//
// The layout is computed from the tokens and the comments between them, never from the AST:
// the output holds the same tokens in the same order, so it parses to the same program. The
// parse tree is read for one thing only, which lines start a clause (a declaration, a step,
// an action clause, an arm) and which continue the clause above.
//
//===----------------------------------------------------------------------===//
#include "drbook/syntax/Format.h"

#include "DrbookParser.h"
#include "Lexer.h"
#include "drbook/syntax/Parser.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace drbook::syntax {

using grammar::DrbookParser;

namespace {

/// The types of the punctuation and keywords the layout looks at, read from the grammar's
/// vocabulary once rather than looked up for every token. Keywords end in `_`, as several
/// are C++ keywords too.
struct LayoutTokens {
  const size_t lparen = literalTokenType("(");
  const size_t rparen = literalTokenType(")");
  const size_t comma = literalTokenType(",");
  const size_t minus = literalTokenType("-");
  const size_t dot = literalTokenType(".");
  const size_t range = literalTokenType("..");
  const size_t colon = literalTokenType(":");
  const size_t less = literalTokenType("<");
  const size_t greater = literalTokenType(">");
  const size_t lbracket = literalTokenType("[");
  const size_t rbracket = literalTokenType("]");
  const size_t lbrace = literalTokenType("{");
  const size_t rbrace = literalTokenType("}");
  const size_t action_ = literalTokenType("action");
  const size_t check_ = literalTokenType("check");
  const size_t do_ = literalTokenType("do");
  const size_t else_ = literalTokenType("else");
  const size_t failure_ = literalTokenType("failure");
  const size_t false_ = literalTokenType("false");
  const size_t list_ = literalTokenType("list");
  const size_t must_ = literalTokenType("must");
  const size_t on_ = literalTokenType("on");
  const size_t probe_ = literalTokenType("probe");
  const size_t procedure_ = literalTokenType("procedure");
  const size_t true_ = literalTokenType("true");
  const size_t wait_ = literalTokenType("wait");
};

const LayoutTokens &tok() {
  static const LayoutTokens tokens;
  return tokens;
}

bool isOpen(size_t t) { return t == tok().lbrace || t == tok().lparen || t == tok().lbracket; }
bool isClose(size_t t) { return t == tok().rbrace || t == tok().rparen || t == tok().rbracket; }

/// Whether a token ends an operand, so that a `-` after it subtracts rather than negates.
bool endsOperand(size_t t) {
  return t == DrbookParser::ID || t == DrbookParser::INT || t == DrbookParser::FLOAT ||
         t == DrbookParser::DURATION || t == DrbookParser::STRING || t == DrbookParser::REGEX ||
         t == tok().rparen || t == tok().rbracket || t == tok().true_ || t == tok().false_;
}

} // namespace

/// The one rule for the space between two tokens on a line. It keeps state for what a pair of
/// tokens cannot tell: whether a `-` negates, and which `>` closes a `list<…>`.
class Spacing {
public:
  /// Whether a space goes between the previous token (if any) and one of type `t`.
  bool spaceBefore(size_t t, llvm::StringRef text) {
    closesList = t == tok().greater && listTypes > 0;
    bool space = previous != antlr4::Token::INVALID_TYPE && wants(t);
    negates = t == tok().minus && !endsOperand(previous);
    opensList = t == tok().less && previous == tok().list_;
    listTypes += opensList ? 1 : closesList ? -1 : 0;
    beforePrevious = previous;
    previous = t;
    previousText = text;
    return space;
  }

private:
  bool wants(size_t t) const {
    if (t == tok().rbrace && previous == tok().lbrace) // `{}`
      return false;
    if (t == tok().rparen || t == tok().rbracket || t == tok().comma || t == tok().dot ||
        t == tok().colon || t == tok().range || closesList)
      return false;
    if (previous == tok().lparen || previous == tok().lbracket || previous == tok().dot ||
        previous == tok().range || negates || opensList)
      return false;
    if (t == tok().less && previous == tok().list_)
      return false;
    return !(t == tok().lparen && namesCallee());
  }

  /// Whether the word before a `(` names what is called or declared (`ready("a")`,
  /// `do db.query(x)`, `action version(base: url)`), rather than starting an expression
  /// (`not (…)`, `expect (…)`): a plain name, or a keyword used as a name after a `.` or a
  /// keyword that names something next.
  bool namesCallee() const {
    if (previous == DrbookParser::ID)
      return true;
    bool word =
        previous != antlr4::Token::INVALID_TYPE && previousText.size() > 0 &&
        (std::isalpha(static_cast<unsigned char>(previousText[0])) || previousText[0] == '_');
    return word && (beforePrevious == tok().dot || beforePrevious == tok().do_ ||
                    beforePrevious == tok().action_ || beforePrevious == tok().probe_ ||
                    beforePrevious == tok().procedure_ || beforePrevious == tok().check_ ||
                    beforePrevious == tok().must_ || beforePrevious == tok().wait_);
  }

  size_t previous = antlr4::Token::INVALID_TYPE, beforePrevious = antlr4::Token::INVALID_TYPE;
  llvm::StringRef previousText;
  bool negates = false, opensList = false, closesList = false;
  int listTypes = 0;
};

namespace {

/// A token or a comment, and how many line ends come before it.
struct Piece {
  llvm::StringRef text;
  size_t tokenType = 0; ///< 0 for a comment.
  size_t tokenIndex = 0;
  unsigned linesBefore = 0;
};

/// The comments in `gap` (the text between two tokens) as pieces, then the line ends after
/// the last one, which belong to the next token.
unsigned splitGap(llvm::StringRef gap, std::vector<Piece> &pieces) {
  unsigned lines = 0;
  size_t i = 0;
  while (i < gap.size()) {
    if (gap[i] == '\n') {
      ++lines, ++i;
      continue;
    }
    if (gap[i] != '/') {
      ++i;
      continue;
    }
    size_t close = gap.find("*/", i);
    size_t end = gap.substr(i, 2) == "//"         ? gap.find('\n', i)
                 : close == llvm::StringRef::npos ? gap.size()
                                                  : close + 2;
    end = std::min(end, gap.size());
    pieces.push_back({gap.slice(i, end).rtrim(), 0, 0, lines});
    lines = 0;
    i = end;
  }
  return lines;
}

/// The pieces of a file: its tokens (but end of file) with the comments between them.
std::vector<Piece> piecesOf(llvm::StringRef text, antlr4::CommonTokenStream &tokens) {
  std::vector<Piece> pieces;
  size_t at = 0;
  for (antlr4::Token *t : tokens.getTokens()) {
    size_t start = t->getType() == antlr4::Token::EOF ? text.size() : t->getStartIndex();
    unsigned lines = splitGap(text.slice(at, start), pieces);
    if (t->getType() == antlr4::Token::EOF)
      break;
    at = t->getStopIndex() + 1;
    pieces.push_back({text.slice(start, at), t->getType(), t->getTokenIndex(), lines});
  }
  return pieces;
}

/// The indices of the tokens that start a clause: a line starting anywhere else inside a block
/// continues the clause above it.
std::unordered_set<size_t> clauseStarts(antlr4::tree::ParseTree *root) {
  std::unordered_set<size_t> starts;
  std::vector<antlr4::tree::ParseTree *> work = {root};
  while (!work.empty()) {
    antlr4::tree::ParseTree *node = work.back();
    work.pop_back();
    if (dynamic_cast<DrbookParser::ItemContext *>(node) ||
        dynamic_cast<DrbookParser::ScenarioPartContext *>(node) ||
        dynamic_cast<DrbookParser::ObjectiveContext *>(node) ||
        dynamic_cast<DrbookParser::PhaseContext *>(node) ||
        dynamic_cast<DrbookParser::ActionClauseContext *>(node) ||
        dynamic_cast<DrbookParser::StepContext *>(node) ||
        dynamic_cast<DrbookParser::AskClauseContext *>(node) ||
        dynamic_cast<DrbookParser::AskOptionContext *>(node) ||
        dynamic_cast<DrbookParser::WhenArmContext *>(node) ||
        dynamic_cast<DrbookParser::OtherwiseArmContext *>(node) ||
        dynamic_cast<DrbookParser::StepArmContext *>(node) ||
        dynamic_cast<DrbookParser::ActionArmContext *>(node) ||
        dynamic_cast<DrbookParser::EnvBindingContext *>(node) ||
        dynamic_cast<DrbookParser::ParallelBranchContext *>(node) ||
        dynamic_cast<DrbookParser::RunbookContext *>(node) ||
        dynamic_cast<DrbookParser::ModuleContext *>(node))
      starts.insert(static_cast<antlr4::ParserRuleContext *>(node)->getStart()->getTokenIndex());
    for (antlr4::tree::ParseTree *child : node->children)
      work.push_back(child);
  }
  return starts;
}

/// Writes the pieces in the canonical layout.
class Layout {
public:
  Layout(const std::vector<Piece> &pieces, const std::unordered_set<size_t> &starts)
      : pieces(pieces), starts(starts) {}

  std::string run() {
    for (size_t i = 0; i < pieces.size(); ++i) {
      const Piece &p = pieces[i];
      bool endsLine = i + 1 == pieces.size() || pieces[i + 1].linesBefore > 0;
      if (i == 0 || p.linesBefore > 0)
        newLine(i);
      else if (p.tokenType == 0 && endsLine)
        trailing.push_back(out.size()); // aligned by alignComments
      else if (p.tokenType == 0 || spacing.spaceBefore(p.tokenType, p.text) ||
               pieces[i - 1].tokenType == 0)
        out += ' ';
      out += p.text;
      if (isOpen(p.tokenType))
        open.push_back(p.tokenType);
      else if (isClose(p.tokenType) && !open.empty())
        open.pop_back();
    }
    return alignComments() + "\n";
  }

private:
  /// The text with the comments that end consecutive lines starting in one column, two
  /// space after the longest code among them.
  std::string alignComments() const {
    std::string aligned;
    size_t next = 0; // the first of `trailing` not yet placed
    for (size_t at = 0; at < out.size();) {
      // A run of lines that each end in a comment: [at, runEnd), the comments at `cuts`.
      std::vector<size_t> cuts;
      size_t runEnd = at, width = 0;
      while (runEnd < out.size() && next + cuts.size() < trailing.size()) {
        size_t lineEnd = std::min(out.find('\n', runEnd), out.size());
        size_t cut = trailing[next + cuts.size()];
        if (cut < runEnd || cut > lineEnd)
          break;
        width = std::max(width, displayWidth(llvm::StringRef(out).slice(runEnd, cut)));
        cuts.push_back(cut);
        runEnd = lineEnd + 1;
      }
      if (cuts.empty()) {
        size_t lineEnd = std::min(out.find('\n', at), out.size());
        aligned.append(out, at, lineEnd + 1 - at);
        at = lineEnd + 1;
        continue;
      }
      for (size_t cut : cuts) {
        size_t lineEnd = std::min(out.find('\n', cut), out.size());
        size_t code = displayWidth(llvm::StringRef(out).slice(at, cut));
        aligned.append(out, at, cut - at).append(width + 1 - code, ' ');
        aligned.append(out, cut, lineEnd + 1 - cut);
        at = lineEnd + 1;
      }
      next += cuts.size();
    }
    if (!aligned.empty() && aligned.back() == '\n')
      aligned.pop_back();
    return aligned;
  }

  /// Characters, not bytes: `→` in a string takes one column.
  static size_t displayWidth(llvm::StringRef text) {
    return std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; });
  }

  void newLine(size_t i) {
    const Piece &p = pieces[i];
    bool afterOpen = i > 0 && pieces[i - 1].tokenType == tok().lbrace;
    if (i > 0)
      out += p.linesBefore > 1 && !afterOpen && p.tokenType != tok().rbrace ? "\n\n" : "\n";
    // A comment line is indented as the code after it: inside a continued clause, it continues.
    size_t code = i;
    while (code < pieces.size() && pieces[code].tokenType == 0)
      ++code;
    bool closes = code < pieces.size() && isClose(pieces[code].tokenType);
    size_t depth = open.size() - (closes && code == i && !open.empty() ? 1 : 0);
    bool inBlock = open.empty() || open.back() == tok().lbrace;
    if (code < pieces.size() && !closes && inBlock && !startsClause(code))
      ++depth; // the clause above goes on
    out.append(2 * depth, ' ');
    if (p.tokenType != 0)
      spacing.spaceBefore(p.tokenType, p.text); // for its state: a line starts unspaced
  }

  bool startsClause(size_t i) const {
    const Piece &p = pieces[i];
    if (starts.count(p.tokenIndex) || p.tokenType == tok().else_)
      return true;
    // `on failure { … }` after a step or a phase; `on HOST` after a step goes on with it.
    for (size_t j = i + 1; j < pieces.size(); ++j)
      if (pieces[j].tokenType != 0)
        return p.tokenType == tok().on_ && pieces[j].tokenType == tok().failure_;
    return false;
  }

  const std::vector<Piece> &pieces;
  const std::unordered_set<size_t> &starts;
  std::vector<size_t> open;
  std::vector<size_t> trailing; ///< where comments that end a line of code start, in `out`
  Spacing spacing;
  std::string out;
};

} // namespace

std::optional<std::string> formatSource(llvm::SourceMgr &sources, unsigned bufferId,
                                        DiagnosticEngine &diags) {
  unsigned errors = diags.errorCount();
  if (!parseModule(sources, bufferId, diags) || diags.errorCount() > errors)
    return std::nullopt;
  llvm::StringRef text = sources.getMemoryBuffer(bufferId)->getBuffer();
  Lexer lexer(text);
  TokenStream tokens(lexer);
  tokens.fill();
  DrbookParser parser(&tokens);
  // The file is known to parse: the recovery strategy is never used.
  std::unordered_set<size_t> starts =
      clauseStarts(parseTree(parser, tokens, std::make_shared<antlr4::DefaultErrorStrategy>()));
  std::vector<Piece> pieces = piecesOf(text, tokens);
  return Layout(pieces, starts).run();
}

std::string canonicalText(llvm::StringRef text) {
  Lexer lexer(text);
  Spacing spacing;
  std::string out;
  for (auto t = lexer.nextToken(); t->getType() != antlr4::Token::EOF; t = lexer.nextToken()) {
    llvm::StringRef token = text.slice(t->getStartIndex(), t->getStopIndex() + 1);
    if (spacing.spaceBefore(t->getType(), token))
      out += ' ';
    out += token;
  }
  return out;
}

} // namespace drbook::syntax
