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
  grammar::ItemAlt alt = grammar::alternativeOf(ctx);
  if (alt == grammar::ItemAlt::ParamItem) {
    auto *c = static_cast<P::ParamItemContext *>(ctx);
    auto d = named(std::make_unique<ParamDecl>(textOf(c->name())), c);
    if (c->expr())
      d->defaultValue = buildExpr(c->expr());
    d->maxItems = buildCount(c->max);
    return d;
  }
  if (alt == grammar::ItemAlt::SecretItem) {
    auto *c = static_cast<P::SecretItemContext *>(ctx);
    auto d = named(std::make_unique<SecretDecl>(textOf(c->name())), c);
    d->source = textOf(c->secretSource()) == "file" ? SecretSource::File : SecretSource::Env;
    if (c->STRING())
      d->location = unquote(c->STRING()->getSymbol());
    return d;
  }
  auto *c = static_cast<P::StateItemContext *>(ctx);
  auto d = named(std::make_unique<StateDecl>(textOf(c->name())), c);
  d->initial = buildExpr(c->expr());
  return d;
}

void Builder::buildItem(Module &m, P::ItemContext *ctx) {
  using A = grammar::ItemAlt;
  switch (grammar::alternativeOf(ctx)) {
  case A::VersionItem:
    if (auto *c = static_cast<P::VersionItemContext *>(ctx); c->STRING())
      m.version = unquote(c->STRING()->getSymbol());
    return;
  case A::OwnerItem:
    if (auto *c = static_cast<P::OwnerItemContext *>(ctx); c->STRING())
      m.ownerName = unquote(c->STRING()->getSymbol());
    return;
  case A::ObjectivesItem:
    return buildObjectives(static_cast<P::ObjectivesItemContext *>(ctx)->objective(), m.rto, m.rpo);
  case A::ImportItem:
    m.imports.push_back(buildImport(static_cast<P::ImportItemContext *>(ctx)));
    return;
  case A::ParamItem:
  case A::SecretItem:
  case A::StateItem:
    m.decls.push_back(buildValueDecl(ctx));
    return;
  case A::ProbeItem:
    return buildProbe(m, static_cast<P::ProbeItemContext *>(ctx));
  case A::ActionItem:
    return buildAction(m, static_cast<P::ActionItemContext *>(ctx));
  case A::ProcedureItem:
    return buildProcedure(m, static_cast<P::ProcedureItemContext *>(ctx));
  case A::PhaseItem:
    if (auto *c = static_cast<P::PhaseItemContext *>(ctx); c->phase())
      m.phases.push_back(buildPhase(m, c->phase(), {}));
    return;
  case A::ScenarioItem:
    m.decls.push_back(buildScenario(m, static_cast<P::ScenarioItemContext *>(ctx)));
    return;
  case A::InvariantItem:
    return buildInvariant(m, static_cast<P::InvariantItemContext *>(ctx)->invariant());
  case A::OnFailureItem:
    m.onFailure = buildOptionalBlock(static_cast<P::OnFailureItemContext *>(ctx)->block());
    return;
  case A::FinallyItem:
    m.finally = buildOptionalBlock(static_cast<P::FinallyItemContext *>(ctx)->block());
    return;
  case A::HostItem:
    return buildHost(m, static_cast<P::HostItemContext *>(ctx));
  case A::EnvItem: {
    std::vector<EnvBinding> env = buildEnv(static_cast<P::EnvItemContext *>(ctx)->envBlock());
    for (EnvBinding &b : env)
      m.env.push_back(std::move(b));
    return;
  }
  case A::Incomplete:
    return;
  }
}

void Builder::buildObjectives(const std::vector<P::ObjectiveContext *> &list, ExprPtr &rto,
                              ExprPtr &rpo) {
  for (P::ObjectiveContext *o : list) {
    ExprPtr value = buildExpr(o->expr());
    (tokenText(o->getStart()) == "rto" ? rto : rpo) = std::move(value);
  }
}

DeclPtr Builder::buildScenario(Module &m, P::ScenarioItemContext *c) {
  auto d = std::make_unique<ScenarioDecl>(textOf(c->name()));
  d->range = locs.range(c);
  d->nameRange = locs.range(c->name());
  if (c->STRING())
    d->title = unquote(c->STRING()->getSymbol());
  for (P::PhaseContext *p : c->phase())
    d->phases.push_back(buildPhase(m, p, d->name));
  using A = grammar::ScenarioPartAlt;
  for (P::ScenarioPartContext *part : c->scenarioPart()) {
    switch (grammar::alternativeOf(part)) {
    case A::ScenarioObjectives:
      buildObjectives(static_cast<P::ScenarioObjectivesContext *>(part)->objective(), d->rto,
                      d->rpo);
      break;
    case A::ScenarioInvariant:
      buildInvariant(m, static_cast<P::ScenarioInvariantContext *>(part)->invariant(), d->name);
      break;
    case A::ScenarioFinally:
      d->finally = buildOptionalBlock(static_cast<P::ScenarioFinallyContext *>(part)->block());
      break;
    case A::Incomplete:
      break;
    }
  }
  return d;
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
  d->params = buildArguments(c->actionParams());
  P::ProbeKindContext *k = c->probeKind();
  buildProbeHead(*d, k);
  if (!d->target)
    d->target = errorExpr(k ? static_cast<antlr4::ParserRuleContext *>(k) : c);
  for (P::ProbeOptionContext *o : c->probeOption())
    buildProbeOption(*d, o);
  m.decls.push_back(std::move(d));
}

void Builder::buildProbeOption(ProbeDecl &d, P::ProbeOptionContext *o) {
  using A = grammar::ProbeOptionAlt;
  switch (grammar::alternativeOf(o)) {
  case A::ExpectOption:
    d.expect = buildExpr(static_cast<P::ExpectOptionContext *>(o)->expr());
    return;
  case A::TimeoutOption:
    d.timeout = buildExpr(static_cast<P::TimeoutOptionContext *>(o)->expr());
    return;
  case A::BearerOption:
    d.bearer = buildName(static_cast<P::BearerOptionContext *>(o)->name());
    return;
  case A::HeaderOption: {
    auto *x = static_cast<P::HeaderOptionContext *>(o);
    d.headers.emplace_back(x->STRING() ? unquote(x->STRING()->getSymbol()) : "",
                           buildExpr(x->expr()));
    return;
  }
  case A::BodyOption:
    d.body = buildExpr(static_cast<P::BodyOptionContext *>(o)->expr());
    return;
  case A::WindowOption:
    d.window = buildExpr(static_cast<P::WindowOptionContext *>(o)->expr());
    return;
  case A::InsecureOption:
    d.insecure = true;
    return;
  case A::OutputOption:
    if (CapturePtr out = buildOutput(static_cast<P::OutputOptionContext *>(o)->output(), &d))
      d.outputs.push_back(std::move(out));
    return;
  case A::EnvOption:
    for (EnvBinding &b : buildEnv(static_cast<P::EnvOptionContext *>(o)->envBlock()))
      d.env.push_back(std::move(b));
    return;
  case A::Incomplete:
    return;
  }
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
  d->host = buildHostRef(c->onHost());
  d->clauses = buildActionBody(c->actionBody(), d.get());
  m.decls.push_back(std::move(d));
}

std::vector<CapturePtr> Builder::buildArguments(P::ActionParamsContext *ps) {
  std::vector<CapturePtr> params;
  if (!ps)
    return params;
  for (P::ActionParamContext *p : ps->actionParam()) {
    auto param = std::make_unique<CaptureDecl>(textOf(p->name()));
    param->range = locs.range(p);
    param->nameRange = locs.range(p->name());
    param->source = CaptureSource::Argument;
    param->typeSyntax = buildType(p->type());
    if (p->expr())
      param->defaultValue = buildExpr(p->expr());
    params.push_back(std::move(param));
  }
  return params;
}

void Builder::buildProcedure(Module &m, P::ProcedureItemContext *c) {
  auto d = std::make_unique<ProcedureDecl>(textOf(c->name()));
  d->range = locs.range(c);
  d->nameRange = locs.range(c->name());
  if (c->STRING())
    d->title = unquote(c->STRING()->getSymbol());
  d->params = buildArguments(c->actionParams());
  d->body = buildBlock(c->block());
  m.decls.push_back(std::move(d));
}

std::vector<ActionClause> Builder::buildActionBody(P::ActionBodyContext *ctx, ActionDecl *owner) {
  std::vector<ActionClause> clauses;
  if (!ctx)
    return clauses;
  for (P::ActionClauseContext *c : ctx->actionClause())
    if (!takeActionData(c, owner))
      clauses.push_back(buildActionClause(c));
  return clauses;
}

ActionClause Builder::buildActionClause(P::ActionClauseContext *ctx) {
  using K = ActionClause::Kind;
  ActionClause clause;
  clause.range = locs.range(ctx);
  using A = grammar::ActionClauseAlt;
  auto withExpr = [&](K kind, P::ExprContext *e) {
    clause.kind = kind;
    clause.expr = buildExpr(e);
  };
  switch (grammar::alternativeOf(ctx)) {
  case A::RunClause:
    withExpr(K::Run, static_cast<P::RunClauseContext *>(ctx)->expr());
    break;
  case A::RequiresClause:
    withExpr(K::Requires, static_cast<P::RequiresClauseContext *>(ctx)->expr());
    break;
  case A::ActionTimeoutClause:
    withExpr(K::Timeout, static_cast<P::ActionTimeoutClauseContext *>(ctx)->expr());
    break;
  case A::RetriesClause:
    withExpr(K::Retries, static_cast<P::RetriesClauseContext *>(ctx)->expr());
    break;
  case A::CoversClause:
    clause.kind = K::Covers;
    clause.covers = buildNameList(static_cast<P::CoversClauseContext *>(ctx)->nameList());
    break;
  case A::EffectsClause:
    clause.kind = K::Effects;
    for (P::EffectContext *e : static_cast<P::EffectsClauseContext *>(ctx)->effect())
      clause.effects.push_back(buildEffect(e));
    break;
  case A::ActionMatchClause: {
    auto *c = static_cast<P::ActionMatchClauseContext *>(ctx);
    withExpr(K::Match, c->expr());
    for (P::ActionArmContext *a : c->actionArm())
      clause.arms.push_back(buildActionArm(a));
    break;
  }
  case A::ActionIfClause: {
    auto *c = static_cast<P::ActionIfClauseContext *>(ctx);
    withExpr(K::If, c->expr());
    for (P::ActionBodyContext *b : c->actionBody()) {
      ActionClause::Arm arm;
      arm.range = locs.range(b);
      arm.clauses = buildActionBody(b);
      clause.arms.push_back(std::move(arm));
    }
    break;
  }
  case A::OutputClause:
  case A::EnvClause:
  case A::UserClause:
  case A::WorkdirClause:
  case A::EstimateClause: // taken by buildActionBody
  case A::Incomplete:
    break;
  }
  return clause;
}

Effect Builder::buildEffect(P::EffectContext *e) {
  Effect effect;
  effect.range = locs.range(e);
  effect.state = buildQualifiedName(e->qualifiedName());
  effect.value = buildExpr(e->expr(0));
  if (e->expr(1))
    effect.when = buildExpr(e->expr(1));
  return effect;
}

ActionClause::Arm Builder::buildActionArm(P::ActionArmContext *a) {
  ActionClause::Arm arm;
  arm.range = locs.range(a);
  arm.wildcard = a->name().empty();
  for (P::NameContext *n : a->name()) {
    arm.values.push_back(tokenText(n));
    arm.valueRanges.push_back(locs.range(n));
  }
  if (a->actionBody())
    arm.clauses = buildActionBody(a->actionBody());
  else if (a->actionClause() && !takeActionData(a->actionClause(), nullptr))
    arm.clauses.push_back(buildActionClause(a->actionClause()));
  return arm;
}

Phase Builder::buildPhase(Module &m, P::PhaseContext *ctx, const std::string &scenario) {
  Phase phase;
  phase.range = locs.range(ctx);
  phase.kind = phaseNamed(textOf(ctx->phaseKind())).value_or(PhaseKind::Validation);
  std::vector<P::BlockContext *> blocks = ctx->block();
  // With `on failure`, the handler block comes first in the source.
  if (blocks.size() == 2)
    phase.onFailure = buildOptionalBlock(blocks[0]);
  if (blocks.empty())
    return phase;
  // The invariants at the top of the body hold for this phase.
  P::BlockContext *body = blocks.back();
  std::vector<P::StepContext *> steps = body->step();
  size_t first = 0;
  for (; first < steps.size(); ++first) {
    auto *inv = dynamic_cast<P::InvariantStepContext *>(steps[first]->stepBody());
    if (!inv)
      break;
    buildInvariant(m, inv->invariant(), scenario, phase.kind);
  }
  phase.body.range = locs.range(body);
  for (size_t i = first; i < steps.size(); ++i)
    if (StepPtr step = buildStep(steps[i]))
      phase.body.steps.push_back(std::move(step));
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

void Builder::buildInvariant(Module &m, P::InvariantContext *c, const std::string &scenario,
                             std::optional<PhaseKind> phase) {
  if (!c)
    return;
  Invariant inv;
  inv.scenario = scenario;
  inv.phase = phase;
  inv.range = locs.range(c);
  if (c->STRING())
    inv.title = unquote(c->STRING()->getSymbol());
  P::InvariantBodyContext *body = c->invariantBody();
  using A = grammar::InvariantBodyAlt;
  switch (body ? grammar::alternativeOf(body) : A::Incomplete) {
  case A::BeforeInvariant: {
    auto *b = static_cast<P::BeforeInvariantContext *>(body);
    inv.kind = InvariantKind::Before;
    inv.subject = buildQualifiedName(b->qualifiedName());
    inv.condition = buildExpr(b->expr());
    break;
  }
  case A::EventuallyInvariant: {
    auto *b = static_cast<P::EventuallyInvariantContext *>(body);
    inv.kind = InvariantKind::AfterEventually;
    inv.subject = buildQualifiedName(b->qualifiedName(0));
    inv.other = buildQualifiedName(b->qualifiedName(1));
    break;
  }
  case A::NeverAfterInvariant: {
    auto *b = static_cast<P::NeverAfterInvariantContext *>(body);
    inv.kind = InvariantKind::NeverAfter;
    inv.subject = buildQualifiedName(b->qualifiedName(0));
    inv.other = buildQualifiedName(b->qualifiedName(1));
    break;
  }
  case A::Incomplete:
    return;
  }
  m.invariants.push_back(std::move(inv));
}

TypeSyntax Builder::buildType(P::TypeContext *ctx) {
  TypeSyntax t;
  if (!ctx)
    return t;
  t.range = locs.range(ctx);
  using A = grammar::TypeAlt;
  switch (grammar::alternativeOf(ctx)) {
  case A::EnumType:
    t.kind = TypeSyntax::Kind::Enum;
    t.name = "enum";
    for (P::NameContext *n : static_cast<P::EnumTypeContext *>(ctx)->name()) {
      t.members.push_back(tokenText(n));
      t.memberRanges.push_back(locs.range(n));
    }
    break;
  case A::ListType:
    t.kind = TypeSyntax::Kind::List;
    t.name = "list";
    t.element =
        std::make_unique<TypeSyntax>(buildType(static_cast<P::ListTypeContext *>(ctx)->type()));
    break;
  case A::NamedType:
    t.name = textOf(static_cast<P::NamedTypeContext *>(ctx)->name());
    break;

  case A::Incomplete:
    break;
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
