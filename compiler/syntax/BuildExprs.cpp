//===- BuildExprs.cpp - Parse tree to AST: expressions and literals --------===//
#include "Builder.h"
#include "drbook/basic/Saturating.h"

#include <cctype>

namespace drbook::syntax {

using namespace drbook::ast;

static BinaryOp binaryOpOf(const std::string &op) {
  static const std::pair<const char *, BinaryOp> table[] = {{"==", BinaryOp::Eq},
                                                            {"!=", BinaryOp::Ne},
                                                            {"<", BinaryOp::Lt},
                                                            {"<=", BinaryOp::Le},
                                                            {">", BinaryOp::Gt},
                                                            {">=", BinaryOp::Ge},
                                                            {"contains", BinaryOp::Contains},
                                                            {"matches", BinaryOp::Matches},
                                                            {"in", BinaryOp::In},
                                                            {"+", BinaryOp::Add},
                                                            {"-", BinaryOp::Sub},
                                                            {"*", BinaryOp::Mul},
                                                            {"%", BinaryOp::Mod},
                                                            {"and", BinaryOp::And},
                                                            {"or", BinaryOp::Or}};
  for (auto &[spelling, value] : table)
    if (op == spelling)
      return value;
  return BinaryOp::Eq;
}

ExprPtr Builder::buildExpr(P::ExprContext *ctx) {
  if (!ctx || ctx->exception)
    return errorExpr(ctx);
  SMRange r = locs.range(ctx);
  auto binary = [&](auto *c, antlr4::Token *op, const char *otherwise) -> ExprPtr {
    return std::make_unique<BinaryExpr>(r, binaryOpOf(op ? op->getText() : otherwise),
                                        buildExpr(c->expr(0)), buildExpr(c->expr(1)));
  };
  using A = grammar::ExprAlt;
  switch (grammar::alternativeOf(ctx)) {
  case A::IntLiteral:
  case A::FloatLiteral:
  case A::DurationLiteral:
  case A::StringLiteral:
  case A::RegexLiteral:
  case A::BoolLiteral:
    return buildLiteral(ctx);
  case A::ListLiteral: {
    auto list = std::make_unique<ListExpr>(r);
    for (P::ExprContext *e : static_cast<P::ListLiteralContext *>(ctx)->expr())
      list->elements.push_back(buildExpr(e));
    return list;
  }
  case A::ParenExpr: {
    ExprPtr inner = buildExpr(static_cast<P::ParenExprContext *>(ctx)->expr());
    inner->range = r;
    return inner;
  }
  case A::NameRef:
    return std::make_unique<NameExpr>(r, buildName(static_cast<P::NameRefContext *>(ctx)->name()));
  case A::FieldExpr:
    return buildField(static_cast<P::FieldExprContext *>(ctx), r);
  case A::CallExpr:
    return buildCall(static_cast<P::CallExprContext *>(ctx), r);
  case A::NegateExpr:
    return std::make_unique<UnaryExpr>(r, UnaryOp::Negate,
                                       buildExpr(static_cast<P::NegateExprContext *>(ctx)->expr()));
  case A::NotExpr:
    return std::make_unique<UnaryExpr>(r, UnaryOp::Not,
                                       buildExpr(static_cast<P::NotExprContext *>(ctx)->expr()));
  case A::MulExpr: {
    auto *c = static_cast<P::MulExprContext *>(ctx);
    return binary(c, c->op, "*");
  }
  case A::AddExpr: {
    auto *c = static_cast<P::AddExprContext *>(ctx);
    return binary(c, c->op, "+");
  }
  case A::CompareExpr: {
    auto *c = static_cast<P::CompareExprContext *>(ctx);
    return binary(c, c->op, "==");
  }
  case A::AndExpr:
    return binary(static_cast<P::AndExprContext *>(ctx), nullptr, "and");
  case A::OrExpr:
    return binary(static_cast<P::OrExprContext *>(ctx), nullptr, "or");
  case A::Incomplete:
    break;
  }
  return errorExpr(ctx);
}

ExprPtr Builder::buildField(P::FieldExprContext *c, SMRange r) {
  if (!c->name())
    return errorExpr(c);
  return std::make_unique<FieldExpr>(r, buildExpr(c->expr()), tokenText(c->name()),
                                     locs.range(c->name()));
}

ExprPtr Builder::buildCall(P::CallExprContext *c, SMRange r) {
  std::vector<P::ExprContext *> parts = c->expr();
  auto call = std::make_unique<CallExpr>(r, buildExpr(parts.empty() ? nullptr : parts[0]));
  for (size_t i = 1; i < parts.size(); ++i)
    call->args.push_back(buildExpr(parts[i]));
  return call;
}

/// A number, duration, string, regex or bool literal.
ExprPtr Builder::buildLiteral(P::ExprContext *ctx) {
  SMRange r = locs.range(ctx);
  std::string text = ctx->getStart() ? ctx->getStart()->getText() : "";
  using A = grammar::ExprAlt;
  switch (grammar::alternativeOf(ctx)) {
  case A::IntLiteral: {
    errno = 0;
    long long v = std::strtoll(text.c_str(), nullptr, 10);
    if (errno == ERANGE) {
      diags.error(r, "integer '" + text + "' is too large", "syntax");
      return std::make_unique<ErrorExpr>(r);
    }
    return std::make_unique<IntExpr>(r, v);
  }
  case A::FloatLiteral:
    return std::make_unique<FloatExpr>(r, std::strtod(text.c_str(), nullptr));
  case A::DurationLiteral:
    return buildDuration(text, r);
  case A::StringLiteral:
    return buildString(static_cast<P::StringLiteralContext *>(ctx)->STRING()->getSymbol());
  case A::RegexLiteral:
    return std::make_unique<RegexExpr>(r, text.substr(1, text.size() - 2));
  case A::BoolLiteral:
    return std::make_unique<BoolExpr>(r, text == "true");
  case A::ListLiteral:
  case A::ParenExpr:
  case A::NameRef:
  case A::FieldExpr:
  case A::CallExpr:
  case A::NegateExpr:
  case A::MulExpr:
  case A::AddExpr:
  case A::CompareExpr:
  case A::NotExpr:
  case A::AndExpr:
  case A::OrExpr:
  case A::Incomplete:
    break;
  }
  return errorExpr(ctx);
}

ExprPtr Builder::buildDuration(const std::string &text, SMRange r) {
  std::optional<int64_t> ms = parseDuration(text);
  if (!ms) {
    // A malformed one (`5min`) was reported when the tokens were scanned.
    if (text.find_first_not_of("0123456789smhd") == std::string::npos)
      diags.error(r, "duration '" + text + "' is too large", "syntax");
    return std::make_unique<ErrorExpr>(r);
  }
  return std::make_unique<DurationExpr>(r, *ms);
}

std::optional<int64_t> Builder::parseDuration(const std::string &text) {
  int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    int64_t n = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (n > (int64_t(1) << 40))
        return std::nullopt;
      n = n * 10 + (text[i++] - '0');
    }
    int64_t unit = 1;
    if (text.compare(i, 2, "ms") == 0) {
      i += 2;
    } else {
      switch (text[i++]) {
      case 's':
        unit = 1000;
        break;
      case 'm':
        unit = 60'000;
        break;
      case 'h':
        unit = 3'600'000;
        break;
      case 'd':
        unit = 86'400'000;
        break;
      default:
        return std::nullopt;
      }
    }
    total = addSaturating(total, mulSaturating(n, unit));
    if (total > (int64_t(1) << 50))
      return std::nullopt;
  }
  return total;
}

std::string Builder::unquote(antlr4::Token *tok) {
  auto lit = buildString(tok);
  auto *s = llvm::cast<StringExpr>(lit.get());
  // Titles, prompts and paths are plain text: placeholders there are kept as written.
  std::string out = s->pieces[0];
  for (size_t i = 0; i < s->placeholders.size(); ++i)
    out += "{" + s->placeholders[i].path.str() + "}" + s->pieces[i + 1];
  return out;
}

static bool isPlaceholderPath(llvm::StringRef text) {
  if (text.empty())
    return false;
  bool atStart = true;
  for (char c : text) {
    if (c == '.') {
      if (atStart)
        return false;
      atStart = true;
      continue;
    }
    bool ok = std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
              (!atStart && std::isdigit(static_cast<unsigned char>(c)));
    if (!ok)
      return false;
    atStart = false;
  }
  return !atStart;
}

// Splits a string token into text pieces and `{name.field}` placeholders. `${…}` is shell
// syntax and `{…}` holding anything but a dotted name (an awk program, a JSON body) is text,
// so commands can be pasted in as they are; `\{` forces a literal brace.
ExprPtr Builder::buildString(antlr4::Token *tok) {
  SMRange r = locs.range(tok);
  auto s = std::make_unique<StringExpr>(r);
  const char *begin = r.Start.getPointer();
  const char *end = r.End.getPointer();
  if (!begin || end - begin < 2) {
    s->pieces.push_back("");
    return s;
  }
  // An unterminated string (already reported) has no closing quote to drop.
  const char *p = begin + 1, *stop = end[-1] == *begin ? end - 1 : end;
  std::string piece;
  while (p < stop) {
    char c = *p;
    if (c == '\\' && p + 1 < stop) {
      char e = p[1];
      switch (e) {
      case 'n':
        piece += '\n';
        break;
      case 't':
        piece += '\t';
        break;
      case '"':
      case '\\':
      case '{':
      case '}':
        piece += e;
        break;
      default:
        piece += '\\';
        piece += e;
        break;
      }
      p += 2;
      continue;
    }
    if (c == '{' && !(p > begin + 1 && p[-1] == '$')) {
      const char *close = p + 1;
      while (close < stop && *close != '}' && *close != '{')
        ++close;
      llvm::StringRef inner(p + 1, close - p - 1);
      if (close < stop && *close == '}' && isPlaceholderPath(inner.trim())) {
        Placeholder ph;
        ph.path.range = {llvm::SMLoc::getFromPointer(p), llvm::SMLoc::getFromPointer(close + 1)};
        llvm::SmallVector<llvm::StringRef, 4> parts;
        inner.trim().split(parts, '.');
        for (llvm::StringRef part : parts)
          ph.path.parts.push_back(part.str());
        s->pieces.push_back(std::move(piece));
        piece.clear();
        s->placeholders.push_back(std::move(ph));
        p = close + 1;
        continue;
      }
    }
    piece += c;
    ++p;
  }
  s->pieces.push_back(std::move(piece));
  return s;
}

} // namespace drbook::syntax
