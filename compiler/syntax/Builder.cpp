//===- Builder.cpp - Parse tree to AST, declarations and phases ------------===//
//
// The parser recovers from errors, so any child of a context may be missing; every accessor
// result is checked, and a missing expression becomes an ErrorExpr.
//
//===----------------------------------------------------------------------===//
#include "Builder.h"

namespace drbook::syntax {

using namespace drbook::ast;

TokenLocations::TokenLocations(const char *buffer, size_t size) : buffer(buffer), size(size) {}

llvm::SMLoc TokenLocations::at(size_t byte) const {
  return llvm::SMLoc::getFromPointer(buffer + std::min(byte, size));
}

llvm::SMLoc TokenLocations::start(const antlr4::Token *t) const {
  if (!t)
    return {};
  if (t->getType() == antlr4::Token::EOF)
    return at(size);
  return at(t->getStartIndex());
}

llvm::SMLoc TokenLocations::end(const antlr4::Token *t) const {
  if (!t)
    return {};
  if (t->getType() == antlr4::Token::EOF)
    return start(t);
  return at(t->getStopIndex() + 1);
}

llvm::SMRange TokenLocations::range(antlr4::ParserRuleContext *ctx) const {
  if (!ctx || !ctx->getStart())
    return {};
  const antlr4::Token *stop = ctx->getStop();
  // A context that matched nothing has its stop token before its start token.
  if (!stop || stop->getTokenIndex() < ctx->getStart()->getTokenIndex())
    return {start(ctx->getStart()), start(ctx->getStart())};
  return {start(ctx->getStart()), end(stop)};
}

static std::string textOf(antlr4::ParserRuleContext *ctx) { return ctx ? tokenText(ctx) : ""; }

std::unique_ptr<Module> Builder::buildFile(P::FileContext *ctx) {
  bool isRunbook = ctx->runbook() != nullptr;
  P::NameContext *nameCtx =
      isRunbook ? ctx->runbook()->name() : (ctx->module() ? ctx->module()->name() : nullptr);
  auto m = std::make_unique<Module>(textOf(nameCtx));
  m->isRunbook = isRunbook;
  m->range = locs.range(ctx);
  m->nameRange = locs.range(nameCtx);
  antlr4::tree::TerminalNode *title = nullptr;
  std::vector<P::ItemContext *> items;
  if (isRunbook) {
    title = ctx->runbook()->STRING();
    items = ctx->runbook()->item();
  } else if (ctx->module()) {
    title = ctx->module()->STRING();
    items = ctx->module()->item();
  }
  if (title)
    m->title = unquote(title->getSymbol());
  for (P::ItemContext *item : items)
    buildItem(*m, item);
  return m;
}

Import Builder::buildImport(P::ImportItemContext *c) {
  Import imp;
  imp.range = locs.range(c);
  if (P::ImportTargetContext *t = c->importTarget()) {
    if (t->STRING())
      imp.filePath = unquote(t->STRING()->getSymbol());
    else if (t->qualifiedName())
      imp.modulePath = buildQualifiedName(t->qualifiedName()).parts;
  }
  if (c->name())
    imp.alias = tokenText(c->name());
  return imp;
}

/// A `param`, `secret` or `state` declaration: a name, a type and where its value comes from.
DeclPtr Builder::buildValueDecl(P::ItemContext *ctx) {
  auto named = [&](auto decl, auto *c) {
    decl->range = locs.range(c);
    decl->nameRange = locs.range(c->name());
    decl->typeSyntax = buildType(c->type());
    return decl;
  };
  if (auto *c = as<P::ParamItemContext>(ctx)) {
    auto d = named(std::make_unique<ParamDecl>(textOf(c->name())), c);
    if (c->expr())
      d->defaultValue = buildExpr(c->expr());
    return d;
  }
  if (auto *c = as<P::SecretItemContext>(ctx)) {
    auto d = named(std::make_unique<SecretDecl>(textOf(c->name())), c);
    d->source = textOf(c->secretSource()) == "file" ? SecretSource::File : SecretSource::Env;
    if (c->STRING())
      d->location = unquote(c->STRING()->getSymbol());
    return d;
  }
  auto *c = as<P::StateItemContext>(ctx);
  auto d = named(std::make_unique<StateDecl>(textOf(c->name())), c);
  d->initial = buildExpr(c->expr());
  return d;
}

void Builder::buildItem(Module &m, P::ItemContext *ctx) {
  if (auto *c = as<P::VersionItemContext>(ctx)) {
    if (c->STRING())
      m.version = unquote(c->STRING()->getSymbol());
  } else if (auto *c = as<P::OwnerItemContext>(ctx)) {
    if (c->STRING())
      m.ownerName = unquote(c->STRING()->getSymbol());
  } else if (auto *c = as<P::ObjectivesItemContext>(ctx)) {
    for (P::ObjectiveContext *o : c->objective()) {
      ExprPtr value = buildExpr(o->expr());
      (tokenText(o->getStart()) == "rto" ? m.rto : m.rpo) = std::move(value);
    }
  } else if (auto *c = as<P::ImportItemContext>(ctx)) {
    m.imports.push_back(buildImport(c));
  } else if (as<P::ParamItemContext>(ctx) || as<P::SecretItemContext>(ctx) ||
             as<P::StateItemContext>(ctx)) {
    m.decls.push_back(buildValueDecl(ctx));
  } else if (auto *c = as<P::ProbeItemContext>(ctx)) {
    buildProbe(m, c);
  } else if (auto *c = as<P::ActionItemContext>(ctx)) {
    buildAction(m, c);
  } else if (auto *c = as<P::PhaseItemContext>(ctx)) {
    if (c->phase())
      m.phases.push_back(buildPhase(c->phase()));
  } else if (auto *c = as<P::ScenarioItemContext>(ctx)) {
    auto d = std::make_unique<ScenarioDecl>(textOf(c->name()));
    d->range = locs.range(c);
    d->nameRange = locs.range(c->name());
    if (c->STRING())
      d->title = unquote(c->STRING()->getSymbol());
    for (P::PhaseContext *p : c->phase())
      d->phases.push_back(buildPhase(p));
    m.decls.push_back(std::move(d));
  } else if (auto *c = as<P::InvariantItemContext>(ctx)) {
    buildInvariant(m, c);
  } else if (auto *c = as<P::OnFailureItemContext>(ctx)) {
    m.onFailure = buildOptionalBlock(c->block());
  }
}

/// A probe's head, read the same way for every kind from its descriptor: the kind word, the
/// method of kinds that take one, the target, then each word of the kind with its value.
void Builder::buildProbeHead(ProbeDecl &d, P::ProbeKindContext *k) {
  const ProbeKindInfo *info = k ? findProbeKind(k->getStart()->getText()) : nullptr;
  if (!info)
    return; // The parser has reported the unknown kind.
  d.probeKind = info->kind;
  std::string word = info->spelling;
  for (antlr4::tree::ParseTree *child : k->children) {
    if (auto *t = dynamic_cast<antlr4::tree::TerminalNode *>(child)) {
      word = t->getText();
    } else if (auto *n = dynamic_cast<P::NameContext *>(child)) {
      if (word == info->spelling)
        d.method = textOf(n);
      else
        d.args.push_back({word, nullptr, textOf(n), locs.range(n)});
    } else if (auto *e = dynamic_cast<P::ExprContext *>(child)) {
      if (word == info->spelling && !d.target)
        d.target = buildExpr(e);
      else
        d.args.push_back({word, buildExpr(e), "", locs.range(e)});
    }
  }
}

void Builder::buildProbe(Module &m, P::ProbeItemContext *c) {
  auto d = std::make_unique<ProbeDecl>(textOf(c->name()));
  d->range = locs.range(c);
  d->nameRange = locs.range(c->name());
  P::ProbeKindContext *k = c->probeKind();
  buildProbeHead(*d, k);
  if (!d->target)
    d->target = errorExpr(k ? static_cast<antlr4::ParserRuleContext *>(k) : c);
  for (P::ProbeOptionContext *o : c->probeOption()) {
    if (auto *x = as<P::ExpectOptionContext>(o))
      d->expect = buildExpr(x->expr());
    else if (auto *x = as<P::TimeoutOptionContext>(o))
      d->timeout = buildExpr(x->expr());
    else if (auto *x = as<P::BearerOptionContext>(o))
      d->bearer = buildName(x->name());
    else if (auto *x = as<P::HeaderOptionContext>(o))
      d->headers.emplace_back(x->STRING() ? unquote(x->STRING()->getSymbol()) : "",
                              buildExpr(x->expr()));
    else if (auto *x = as<P::BodyOptionContext>(o))
      d->body = buildExpr(x->expr());
    else if (auto *x = as<P::WindowOptionContext>(o))
      d->window = buildExpr(x->expr());
    else if (as<P::InsecureOptionContext>(o))
      d->insecure = true;
  }
  m.decls.push_back(std::move(d));
}

void Builder::buildAction(Module &m, P::ActionItemContext *c) {
  auto d = std::make_unique<ActionDecl>(textOf(c->name()));
  d->range = locs.range(c);
  d->nameRange = locs.range(c->name());
  if (c->STRING())
    d->title = unquote(c->STRING()->getSymbol());
  if (P::ActionParamsContext *ps = c->actionParams()) {
    for (P::ActionParamContext *p : ps->actionParam()) {
      auto param = std::make_unique<ActionParamDecl>(textOf(p->name()));
      param->range = locs.range(p);
      param->nameRange = locs.range(p->name());
      param->typeSyntax = buildType(p->type());
      if (p->expr())
        param->defaultValue = buildExpr(p->expr());
      d->params.push_back(std::move(param));
    }
  }
  for (P::ActionFlagContext *f : c->actionFlag())
    (tokenText(f) == "destructive" ? d->destructive : d->idempotent) = true;
  d->clauses = buildActionBody(c->actionBody());
  m.decls.push_back(std::move(d));
}

std::vector<ActionClause> Builder::buildActionBody(P::ActionBodyContext *ctx) {
  std::vector<ActionClause> clauses;
  if (!ctx)
    return clauses;
  for (P::ActionClauseContext *c : ctx->actionClause())
    clauses.push_back(buildActionClause(c));
  return clauses;
}

ActionClause Builder::buildActionClause(P::ActionClauseContext *ctx) {
  using K = ActionClause::Kind;
  ActionClause clause;
  clause.range = locs.range(ctx);
  if (auto *c = as<P::RunClauseContext>(ctx)) {
    clause.kind = K::Run;
    clause.expr = buildExpr(c->expr());
  } else if (auto *c = as<P::RequiresClauseContext>(ctx)) {
    clause.kind = K::Requires;
    clause.expr = buildExpr(c->expr());
  } else if (auto *c = as<P::ActionTimeoutClauseContext>(ctx)) {
    clause.kind = K::Timeout;
    clause.expr = buildExpr(c->expr());
  } else if (auto *c = as<P::RetriesClauseContext>(ctx)) {
    clause.kind = K::Retries;
    clause.expr = buildExpr(c->expr());
  } else if (auto *c = as<P::CoversClauseContext>(ctx)) {
    clause.kind = K::Covers;
    clause.covers = buildNameList(c->nameList());
  } else if (auto *c = as<P::EffectsClauseContext>(ctx)) {
    clause.kind = K::Effects;
    for (P::EffectContext *e : c->effect()) {
      Effect effect;
      effect.range = locs.range(e);
      effect.state = buildQualifiedName(e->qualifiedName());
      effect.value = buildExpr(e->expr(0));
      if (e->expr(1))
        effect.when = buildExpr(e->expr(1));
      clause.effects.push_back(std::move(effect));
    }
  } else if (auto *c = as<P::ActionMatchClauseContext>(ctx)) {
    clause.kind = K::Match;
    clause.expr = buildExpr(c->expr());
    for (P::ActionArmContext *a : c->actionArm()) {
      ActionClause::Arm arm;
      arm.range = locs.range(a);
      arm.wildcard = a->name().empty();
      for (P::NameContext *n : a->name()) {
        arm.values.push_back(tokenText(n));
        arm.valueRanges.push_back(locs.range(n));
      }
      if (a->actionBody())
        arm.clauses = buildActionBody(a->actionBody());
      else if (a->actionClause())
        arm.clauses.push_back(buildActionClause(a->actionClause()));
      clause.arms.push_back(std::move(arm));
    }
  } else if (auto *c = as<P::ActionIfClauseContext>(ctx)) {
    clause.kind = K::If;
    clause.expr = buildExpr(c->expr());
    for (P::ActionBodyContext *b : c->actionBody()) {
      ActionClause::Arm arm;
      arm.range = locs.range(b);
      arm.clauses = buildActionBody(b);
      clause.arms.push_back(std::move(arm));
    }
  }
  return clause;
}

Phase Builder::buildPhase(P::PhaseContext *ctx) {
  Phase phase;
  phase.range = locs.range(ctx);
  phase.kind = phaseNamed(textOf(ctx->phaseKind())).value_or(PhaseKind::Validation);
  std::vector<P::BlockContext *> blocks = ctx->block();
  // With `on failure`, the handler block comes first in the source.
  if (blocks.size() == 2) {
    phase.onFailure = buildOptionalBlock(blocks[0]);
    phase.body = buildBlock(blocks[1]);
  } else if (blocks.size() == 1) {
    phase.body = buildBlock(blocks[0]);
  }
  return phase;
}

Block Builder::buildBlock(P::BlockContext *ctx) {
  Block block;
  if (!ctx)
    return block;
  block.range = locs.range(ctx);
  for (P::StepContext *s : ctx->step())
    if (StepPtr step = buildStep(s))
      block.steps.push_back(std::move(step));
  return block;
}

std::unique_ptr<Block> Builder::buildOptionalBlock(P::BlockContext *ctx) {
  if (!ctx)
    return nullptr;
  return std::make_unique<Block>(buildBlock(ctx));
}

void Builder::buildInvariant(Module &m, P::InvariantItemContext *c) {
  Invariant inv;
  inv.range = locs.range(c);
  if (c->STRING())
    inv.title = unquote(c->STRING()->getSymbol());
  P::InvariantBodyContext *body = c->invariantBody();
  if (auto *b = as<P::BeforeInvariantContext>(body)) {
    inv.kind = InvariantKind::Before;
    inv.subject = buildQualifiedName(b->qualifiedName());
    inv.condition = buildExpr(b->expr());
  } else if (auto *b = as<P::EventuallyInvariantContext>(body)) {
    inv.kind = InvariantKind::AfterEventually;
    inv.subject = buildQualifiedName(b->qualifiedName(0));
    inv.other = buildQualifiedName(b->qualifiedName(1));
  } else if (auto *b = as<P::NeverAfterInvariantContext>(body)) {
    inv.kind = InvariantKind::NeverAfter;
    inv.subject = buildQualifiedName(b->qualifiedName(0));
    inv.other = buildQualifiedName(b->qualifiedName(1));
  } else {
    return;
  }
  m.invariants.push_back(std::move(inv));
}

TypeSyntax Builder::buildType(P::TypeContext *ctx) {
  TypeSyntax t;
  if (!ctx)
    return t;
  t.range = locs.range(ctx);
  if (auto *e = as<P::EnumTypeContext>(ctx)) {
    t.kind = TypeSyntax::Kind::Enum;
    t.name = "enum";
    for (P::NameContext *n : e->name()) {
      t.members.push_back(tokenText(n));
      t.memberRanges.push_back(locs.range(n));
    }
  } else if (auto *l = as<P::ListTypeContext>(ctx)) {
    t.kind = TypeSyntax::Kind::List;
    t.name = "list";
    t.element = std::make_unique<TypeSyntax>(buildType(l->type()));
  } else if (auto *n = as<P::NamedTypeContext>(ctx)) {
    t.name = textOf(n->name());
  }
  return t;
}

NameRef Builder::buildQualifiedName(P::QualifiedNameContext *ctx) {
  NameRef ref;
  if (!ctx)
    return ref;
  ref.range = locs.range(ctx);
  for (P::NameContext *n : ctx->name())
    ref.parts.push_back(tokenText(n));
  return ref;
}

NameRef Builder::buildName(P::NameContext *ctx) {
  NameRef ref;
  if (!ctx)
    return ref;
  ref.range = locs.range(ctx);
  ref.parts.push_back(tokenText(ctx));
  return ref;
}

ExprPtr Builder::errorExpr(antlr4::ParserRuleContext *ctx) {
  return std::make_unique<ErrorExpr>(locs.range(ctx));
}

} // namespace drbook::syntax
