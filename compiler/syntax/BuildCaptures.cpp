//===- BuildCaptures.cpp - Parse tree to AST: run-time values --------------===//
//
// `output` clauses, `env` blocks and `ask` steps: the values that exist only while a runbook
// runs, and what commands get in their environment.
//
//===----------------------------------------------------------------------===//
#include "Builder.h"

#include "llvm/ADT/StringSwitch.h"

#include <map>

namespace drbook::syntax {

using namespace drbook::ast;

TypeSyntax Builder::secretOr(antlr4::Token *secret, P::TypeContext *type) {
  if (!secret)
    return buildType(type);
  TypeSyntax t;
  t.name = "secret";
  t.range = locs.range(secret);
  return t;
}

CapturePtr Builder::buildOutput(P::OutputContext *ctx, Decl *origin) {
  if (!ctx || !ctx->name() || !ctx->captureSource())
    return nullptr;
  auto out = std::make_unique<CaptureDecl>(tokenText(ctx->name()));
  out->range = locs.range(ctx);
  out->nameRange = locs.range(ctx->name());
  out->typeSyntax = secretOr(ctx->secret, ctx->type());
  out->origin = origin;
  P::CaptureSourceContext *src = ctx->captureSource();
  out->sourceRange = locs.range(src);
  std::string word = tokenText(src->source);
  std::optional<CaptureSource> kind = llvm::StringSwitch<std::optional<CaptureSource>>(word)
                                          .Case("stdout", CaptureSource::Stdout)
                                          .Case("stderr", CaptureSource::Stderr)
                                          .Case("body", CaptureSource::Body)
                                          .Case("json", CaptureSource::Json)
                                          .Case("column", CaptureSource::Column)
                                          .Default(std::nullopt);
  if (!kind) {
    diags.error(locs.range(src->source),
                "unknown output source '" + word +
                    "'; write stdout, stderr or body with `matches /PATTERN/`, json \"PATH\" or "
                    "column \"NAME\"",
                "syntax");
    return nullptr;
  }
  out->source = *kind;
  bool takesPath = *kind == CaptureSource::Json || *kind == CaptureSource::Column;
  if (takesPath != (src->STRING() != nullptr) || takesPath == (src->expr() != nullptr)) {
    diags.error(out->sourceRange,
                takesPath
                    ? "`" + word + "` takes a quoted " +
                          (*kind == CaptureSource::Json ? "JSONPath" : "column name") + ", like " +
                          word + (*kind == CaptureSource::Json ? " \"$.id\"" : " \"id\"")
                    : "`" + word + "` takes a pattern whose group 1 is the value, like " + word +
                          " matches /id: (\\S+)/",
                "syntax");
    return nullptr;
  }
  if (src->STRING())
    out->path = unquote(src->STRING()->getSymbol());
  if (src->expr())
    out->pattern = buildExpr(src->expr());
  return out;
}

std::vector<EnvBinding> Builder::buildEnv(P::EnvBlockContext *ctx) {
  std::vector<EnvBinding> env;
  if (!ctx)
    return env;
  for (P::EnvBindingContext *b : ctx->envBinding()) {
    EnvBinding binding;
    binding.name = tokenText(b->name());
    binding.nameRange = locs.range(b->name());
    binding.value = b->expr() ? buildExpr(b->expr()) : errorExpr(b);
    env.push_back(std::move(binding));
  }
  return env;
}

bool Builder::takeActionData(P::ActionClauseContext *ctx, ActionDecl *owner) {
  using A = grammar::ActionClauseAlt;
  A alt = grammar::alternativeOf(ctx);
  static const std::map<A, const char *> words = {{A::OutputClause, "output"},
                                                  {A::EnvClause, "env"},
                                                  {A::UserClause, "user"},
                                                  {A::WorkdirClause, "workdir"},
                                                  {A::EstimateClause, "estimate"}};
  auto word = words.find(alt);
  if (word == words.end())
    return false;
  if (!owner) {
    diags.error(locs.range(ctx),
                "`" + std::string(word->second) +
                    "` is written at the top of the action body, not under `match` or `if`",
                "syntax");
    return true;
  }
  if (alt == A::OutputClause) {
    if (CapturePtr out = buildOutput(static_cast<P::OutputClauseContext *>(ctx)->output(), owner))
      owner->outputs.push_back(std::move(out));
  } else if (alt == A::EnvClause) {
    for (EnvBinding &b : buildEnv(static_cast<P::EnvClauseContext *>(ctx)->envBlock()))
      owner->env.push_back(std::move(b));
  } else if (alt == A::UserClause) {
    owner->user = buildExpr(static_cast<P::UserClauseContext *>(ctx)->expr());
  } else if (alt == A::WorkdirClause) {
    owner->workdir = buildExpr(static_cast<P::WorkdirClauseContext *>(ctx)->expr());
  } else {
    owner->estimate = buildEstimate(static_cast<P::EstimateClauseContext *>(ctx)->estimate());
  }
  return true;
}

std::optional<int64_t> Builder::buildCount(antlr4::Token *tok) {
  if (!tok)
    return std::nullopt;
  int64_t n = 0;
  if (llvm::StringRef(tok->getText()).getAsInteger(10, n)) {
    diags.error(locs.range(tok), "count '" + tok->getText() + "' is too large", "syntax");
    return std::nullopt;
  }
  return n;
}

StepPtr Builder::buildEach(P::EachStepContext *c, SMRange r) {
  auto s = std::make_unique<EachStep>(r);
  s->parallel = c->par != nullptr;
  s->var = std::make_unique<CaptureDecl>(tokenText(c->name()));
  s->var->range = s->var->nameRange = locs.range(c->name());
  s->var->source = CaptureSource::Element;
  s->var->each = s.get();
  s->list = c->expr() ? buildExpr(c->expr()) : errorExpr(c);
  s->max = buildCount(c->max);
  if (c->max)
    s->maxRange = locs.range(c->max);
  s->body = buildBlock(c->block());
  return s;
}

void Builder::buildHost(Module &m, P::HostItemContext *c) {
  auto d = std::make_unique<HostDecl>(tokenText(c->name()));
  d->range = locs.range(c);
  d->nameRange = locs.range(c->name());
  d->target = c->expr() ? buildExpr(c->expr()) : errorExpr(c);
  for (P::HostOptionContext *o : c->hostOption()) {
    std::string word = tokenText(o->getStart());
    ExprPtr &slot = word == "port" ? d->port : word == "identity" ? d->identity : d->knownHosts;
    slot = o->expr() ? buildExpr(o->expr()) : errorExpr(o);
  }
  m.decls.push_back(std::move(d));
}

NameRef Builder::buildHostRef(P::OnHostContext *ctx) {
  NameRef ref;
  if (!ctx || !ctx->host)
    return ref;
  ref.parts.push_back(ctx->host->getText());
  ref.range = locs.range(ctx->host);
  return ref;
}

StepPtr Builder::buildAsk(P::AskStepContext *c, SMRange r) {
  auto s = std::make_unique<AskStep>(r);
  s->value = std::make_unique<CaptureDecl>(tokenText(c->name()));
  s->value->range = r;
  s->value->nameRange = locs.range(c->name());
  s->value->typeSyntax = secretOr(c->secret, c->type());
  s->value->source = CaptureSource::Answer;
  s->value->ask = s.get();
  if (c->STRING())
    s->prompt = unquote(c->STRING()->getSymbol());
  if (P::AskRuleContext *rule = c->askRule()) {
    if (rule->lo) {
      s->low = buildExpr(rule->lo);
      s->high = rule->hi ? buildExpr(rule->hi) : errorExpr(rule);
    } else if (!rule->expr().empty()) {
      s->pattern = buildExpr(rule->expr(0));
    }
  }
  return s;
}

} // namespace drbook::syntax
