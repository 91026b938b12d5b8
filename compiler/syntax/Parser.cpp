//===- Parser.cpp - Lexing, parsing and syntax-error reporting -------------===//
//
// ANTLR's own messages never reach a user. The lexer's error tokens are reported here, the
// parser's errors go through SyntaxErrorStrategy, which phrases them in runbook terms, and the
// parse runs in fast SLL mode first, falling back to full LL only when SLL fails.
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

namespace drbook::syntax {

using grammar::DrbookLexer;
using grammar::DrbookParser;

namespace {

/// The generated vocabulary (keyword and operator spellings). It is a static of the generated
/// lexer, reachable only through an instance; an empty one costs nothing.
const antlr4::dfa::Vocabulary &grammarVocabulary() {
  static antlr4::ANTLRInputStream empty("");
  static DrbookLexer lexer(&empty);
  return lexer.getVocabulary();
}

/// Reports the lexer's error tokens and refuses input nested deeper than MaxNesting.
/// Returns false when the file must not be parsed.
bool scanTokens(antlr4::CommonTokenStream &tokens, const TokenLocations &locs,
                DiagnosticEngine &diags, std::vector<OpenBrace> &unclosed) {
  std::vector<antlr4::Token *> open;
  for (antlr4::Token *t : tokens.getTokens()) {
    llvm::SMRange r = locs.range(t);
    switch (t->getType()) {
    case DrbookLexer::BAD_NUMBER:
      diags.error(r,
                  "invalid number or duration '" + t->getText() +
                      "'; durations are written like 500ms, 30s, 5m, 1h or 1h30m",
                  "syntax");
      break;
    case DrbookLexer::UNTERMINATED_STRING:
      diags.error(r, "unterminated string; add the closing '\"' on this line", "syntax");
      break;
    case DrbookLexer::BAD_CHAR: {
      if (llvm::StringRef(t->getText()).startswith("/*")) {
        diags.error({r.Start, llvm::SMLoc::getFromPointer(r.Start.getPointer() + 2)},
                    "unterminated comment; close it with '*/'", "syntax");
        break;
      }
      unsigned char c = static_cast<unsigned char>(t->getText()[0]);
      std::string shown =
          c >= 0x20 && c < 0x7f ? "'" + t->getText() + "'" : "with code U+" + llvm::utohexstr(c);
      diags.error(r, "unexpected character " + shown, "syntax");
      break;
    }
    default: {
      const std::string &text = t->getText();
      if (text == "{" || text == "(" || text == "[") {
        open.push_back(t);
        if (open.size() > MaxNesting) {
          diags.error(r,
                      "blocks and brackets are nested more than " + std::to_string(MaxNesting) +
                          " deep here",
                      "syntax");
          return false;
        }
      } else if ((text == "}" || text == ")" || text == "]") && !open.empty()) {
        open.pop_back();
      }
    }
    }
  }
  for (antlr4::Token *t : open)
    if (t->getText() == "{")
      unclosed.push_back({t, openingKeyword(tokens, t)});
  return true;
}

/// Reports the first byte that is not UTF-8; ANTLR's input stream cannot decode past it.
bool checkUtf8(llvm::StringRef text, llvm::SMLoc base, DiagnosticEngine &diags) {
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
      diags.error({at, llvm::SMLoc::getFromPointer(at.getPointer() + 1)},
                  "this is not UTF-8 text (byte 0x" + llvm::utohexstr(*p) +
                      "); a runbook must be a UTF-8 text file",
                  "syntax");
      return false;
    }
    p += len;
  }
  return true;
}

} // namespace

std::unique_ptr<ast::Module> parseModule(llvm::SourceMgr &sources, unsigned bufferId,
                                         DiagnosticEngine &diags) {
  const llvm::MemoryBuffer *buffer = sources.getMemoryBuffer(bufferId);
  llvm::StringRef text = buffer->getBuffer();
  llvm::SMLoc start = llvm::SMLoc::getFromPointer(text.data());
  llvm::SMRange firstChar{start, llvm::SMLoc::getFromPointer(text.data() + (text.empty() ? 0 : 1))};
  if (text.size() > MaxSourceBytes) {
    diags.error(firstChar,
                "file is " + std::to_string(text.size() >> 20) + " MB; a runbook may be at most " +
                    std::to_string(MaxSourceBytes >> 20) + " MB",
                "syntax");
    return nullptr;
  }
  if (text.trim().empty()) {
    diags.error(firstChar, "file is empty; expected 'runbook NAME { … }' or 'module NAME { … }'",
                "syntax");
    return nullptr;
  }
  if (!checkUtf8(text, start, diags))
    return nullptr;

  Lexer lexer(text, grammarVocabulary());
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  TokenLocations locs(text.data(), text.size());
  std::vector<OpenBrace> unclosed;
  if (!scanTokens(tokens, locs, diags, unclosed))
    return nullptr;

  DrbookParser parser(&tokens);
  parser.removeErrorListeners();
  // Fast path: SLL with bail-out. Almost every real file parses here.
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  DrbookParser::FileContext *tree = nullptr;
  try {
    tree = parser.file();
  } catch (antlr4::ParseCancellationException &) {
    tree = nullptr;
  }
  if (!tree) {
    // Slow path: full LL with recovery, so one run reports every mistake it can.
    tokens.seek(0);
    parser.reset();
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    parser.setErrorHandler(std::make_shared<SyntaxErrorStrategy>(locs, diags, unclosed));
    try {
      tree = parser.file();
    } catch (antlr4::ParseCancellationException &) {
      // Too many errors to be worth recovering further; what was reported stands.
      return nullptr;
    }
  }
  Builder builder(locs, diags);
  auto module = builder.buildFile(tree);
  module->bufferId = bufferId;
  module->path = buffer->getBufferIdentifier().str();
  return module;
}

} // namespace drbook::syntax
