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
  if (ast::ExprPtr literal = buildLiteral(ctx))
    return literal;
  if (auto *c = as<P::FieldExprContext>(ctx)) {
    if (!c->name())
      return errorExpr(ctx);
    return std::make_unique<FieldExpr>(r, buildExpr(c->expr()), tokenText(c->name()),
                                       locs.range(c->name()));
  }
  if (auto *c = as<P::CallExprContext>(ctx)) {
    std::vector<P::ExprContext *> parts = c->expr();
    auto call = std::make_unique<CallExpr>(r, buildExpr(parts.empty() ? nullptr : parts[0]));
    for (size_t i = 1; i < parts.size(); ++i)
      call->args.push_back(buildExpr(parts[i]));
    return call;
  }
  if (auto *c = as<P::NegateExprContext>(ctx))
    return std::make_unique<UnaryExpr>(r, UnaryOp::Negate, buildExpr(c->expr()));
  if (auto *c = as<P::NotExprContext>(ctx))
    return std::make_unique<UnaryExpr>(r, UnaryOp::Not, buildExpr(c->expr()));
  auto binary = [&](P::ExprContext *l, P::ExprContext *rr, const std::string &op) -> ExprPtr {
    return std::make_unique<BinaryExpr>(r, binaryOpOf(op), buildExpr(l), buildExpr(rr));
  };
  if (auto *c = as<P::MulExprContext>(ctx))
    return binary(c->expr(0), c->expr(1), c->op ? c->op->getText() : "*");
  if (auto *c = as<P::AddExprContext>(ctx))
    return binary(c->expr(0), c->expr(1), c->op ? c->op->getText() : "+");
  if (auto *c = as<P::CompareExprContext>(ctx))
    return binary(c->expr(0), c->expr(1), c->op ? c->op->getText() : "==");
  if (auto *c = as<P::AndExprContext>(ctx))
    return binary(c->expr(0), c->expr(1), "and");
  if (auto *c = as<P::OrExprContext>(ctx))
    return binary(c->expr(0), c->expr(1), "or");
  return errorExpr(ctx);
}

// Literals, lists, parentheses and names; null for the operator alternatives.
ExprPtr Builder::buildLiteral(P::ExprContext *ctx) {
  SMRange r = locs.range(ctx);
  std::string text = ctx->getStart() ? ctx->getStart()->getText() : "";
  if (as<P::IntLiteralContext>(ctx)) {
    errno = 0;
    long long v = std::strtoll(text.c_str(), nullptr, 10);
    if (errno == ERANGE) {
      diags.error(r, "integer '" + text + "' is too large", "syntax");
      return std::make_unique<ErrorExpr>(r);
    }
    return std::make_unique<IntExpr>(r, v);
  }
  if (as<P::FloatLiteralContext>(ctx))
    return std::make_unique<FloatExpr>(r, std::strtod(text.c_str(), nullptr));
  if (as<P::DurationLiteralContext>(ctx)) {
    std::optional<int64_t> ms = parseDuration(text);
    if (!ms) {
      // A malformed one (`5min`) was reported when the tokens were scanned.
      if (text.find_first_not_of("0123456789smhd") == std::string::npos)
        diags.error(r, "duration '" + text + "' is too large", "syntax");
      return std::make_unique<ErrorExpr>(r);
    }
    return std::make_unique<DurationExpr>(r, *ms);
  }
  if (auto *c = as<P::StringLiteralContext>(ctx))
    return buildString(c->STRING()->getSymbol());
  if (as<P::RegexLiteralContext>(ctx))
    return std::make_unique<RegexExpr>(r, text.substr(1, text.size() - 2));
  if (as<P::BoolLiteralContext>(ctx))
    return std::make_unique<BoolExpr>(r, text == "true");
  if (auto *c = as<P::ListLiteralContext>(ctx)) {
    auto list = std::make_unique<ListExpr>(r);
    for (P::ExprContext *e : c->expr())
      list->elements.push_back(buildExpr(e));
    return list;
  }
  if (auto *c = as<P::ParenExprContext>(ctx)) {
    ExprPtr inner = buildExpr(c->expr());
    inner->range = r;
    return inner;
  }
  if (auto *c = as<P::NameRefContext>(ctx))
    return std::make_unique<NameExpr>(r, buildName(c->name()));
  return nullptr;
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
