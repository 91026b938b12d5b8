//===- BuildSteps.cpp - Parse tree to AST: the steps of a phase ------------===//
#include "Builder.h"

namespace drbook::syntax {

using namespace drbook::ast;

StepPtr Builder::buildStep(P::StepContext *ctx) {
  if (!ctx || !ctx->stepBody())
    return nullptr;
  StepPtr step = buildStepBody(ctx->stepBody());
  if (step) {
    step->range = locs.range(ctx->stepBody());
    if (ctx->block())
      step->onFailure = buildOptionalBlock(ctx->block());
  }
  return step;
}

std::vector<NameRef> Builder::buildNameList(P::NameListContext *list) {
  std::vector<NameRef> refs;
  if (list)
    for (P::QualifiedNameContext *q : list->qualifiedName())
      refs.push_back(buildQualifiedName(q));
  return refs;
}

StepPtr Builder::buildStepBody(P::StepBodyContext *ctx) {
  SMRange r = locs.range(ctx);
  using A = grammar::StepBodyAlt;
  switch (grammar::alternativeOf(ctx)) {
  case A::CheckStep:
  case A::MustStep:
    return buildProbeStep(ctx, r);
  case A::DoStep:
    return buildDo(static_cast<P::DoStepContext *>(ctx), r);
  case A::RunStep:
    return buildRun(static_cast<P::RunStepContext *>(ctx), r);
  case A::ManualStep: {
    auto *c = static_cast<P::ManualStepContext *>(ctx);
    auto s = buildOperatorStep(Step::Kind::Manual, c->expr(), c->estimate(), r);
    if (c->nameList())
      s->approves = buildNameList(c->nameList());
    return s;
  }
  case A::VerifyStep: {
    auto *c = static_cast<P::VerifyStepContext *>(ctx);
    return buildOperatorStep(Step::Kind::Verify, c->expr(), c->estimate(), r);
  }
  case A::InvariantStep:
    diags.error(r,
                "an invariant holds over a phase, a scenario or the whole runbook: write it at "
                "the top of a phase, in a scenario, or at the top level",
                "syntax");
    return nullptr;
  case A::NoteStep:
    return buildOperatorStep(Step::Kind::Note, static_cast<P::NoteStepContext *>(ctx)->expr(),
                             nullptr, r);
  case A::DecideStep:
    return buildDecide(static_cast<P::DecideStepContext *>(ctx));
  case A::IfStep: {
    auto *c = static_cast<P::IfStepContext *>(ctx);
    return buildIf(c, c->expr(), c->block(0), c->block(1), c->ifElse());
  }
  case A::MatchStep:
    return buildMatch(static_cast<P::MatchStepContext *>(ctx), r);
  case A::ParallelStep:
    return buildParallel(static_cast<P::ParallelStepContext *>(ctx), r);
  case A::WaitStep:
    return buildWait(static_cast<P::WaitStepContext *>(ctx), r);
  case A::AbortStep:
    return buildTerminal(Step::Kind::Abort, static_cast<P::AbortStepContext *>(ctx)->expr(), r);
  case A::EscalateStep:
    return buildTerminal(Step::Kind::Escalate, static_cast<P::EscalateStepContext *>(ctx)->expr(),
                         r);
  case A::AskStep:
    return buildAsk(static_cast<P::AskStepContext *>(ctx), r);
  case A::EachStep:
    return buildEach(static_cast<P::EachStepContext *>(ctx), r);
  case A::Incomplete:
    break;
  }
  return nullptr;
}

// `check [soft] P, Q("x")` and `must P, Q("x")`.
StepPtr Builder::buildProbeStep(P::StepBodyContext *ctx, SMRange r) {
  if (grammar::alternativeOf(ctx) == grammar::StepBodyAlt::MustStep) {
    auto s = std::make_unique<ProbeStep>(Step::Kind::Must, r);
    buildProbeList(static_cast<P::MustStepContext *>(ctx)->probeList(), s->probes, s->args);
    return s;
  }
  auto *c = static_cast<P::CheckStepContext *>(ctx);
  auto s = std::make_unique<ProbeStep>(Step::Kind::Check, r);
  s->soft = c->soft != nullptr;
  buildProbeList(c->probeList(), s->probes, s->args);
  return s;
}

StepPtr Builder::buildDo(P::DoStepContext *c, SMRange r) {
  auto s = std::make_unique<DoStep>(r);
  s->action = buildQualifiedName(c->qualifiedName());
  s->host = buildHostRef(c->onHost());
  s->args = buildCallArgs(c->callArgs());
  return s;
}

std::vector<ExprPtr> Builder::buildCallArgs(P::CallArgsContext *ctx) {
  std::vector<ExprPtr> args;
  if (ctx)
    for (P::ExprContext *e : ctx->expr())
      args.push_back(buildExpr(e));
  return args;
}

void Builder::buildProbeList(P::ProbeListContext *ctx, std::vector<NameRef> &probes,
                             std::vector<std::vector<ExprPtr>> &args) {
  if (!ctx)
    return;
  for (P::ProbeRefContext *ref : ctx->probeRef()) {
    probes.push_back(buildQualifiedName(ref->qualifiedName()));
    args.push_back(buildCallArgs(ref->callArgs()));
  }
}

StepPtr Builder::buildTerminal(Step::Kind kind, P::ExprContext *message, SMRange r) {
  auto s = std::make_unique<TerminalStep>(kind, r);
  s->message = buildExpr(message);
  return s;
}

StepPtr Builder::buildRun(P::RunStepContext *c, SMRange r) {
  auto s = std::make_unique<RunStep>(r);
  s->host = buildHostRef(c->onHost());
  s->command = buildExpr(c->command);
  if (c->timeout)
    s->timeout = buildExpr(c->timeout);
  if (c->retries)
    s->retries = buildExpr(c->retries);
  for (P::ActionFlagContext *f : c->actionFlag())
    (tokenText(f) == "destructive" ? s->destructive : s->idempotent) = true;
  return s;
}

std::unique_ptr<ManualStep> Builder::buildOperatorStep(Step::Kind kind, P::ExprContext *text,
                                                       P::EstimateContext *estimate, SMRange r) {
  auto s = std::make_unique<ManualStep>(kind, r);
  s->text = text ? buildExpr(text) : errorExpr(nullptr);
  s->estimate = buildEstimate(estimate);
  return s;
}

Estimate Builder::buildEstimate(P::EstimateContext *c) {
  Estimate e;
  if (!c)
    return e;
  e.range = locs.range(c);
  e.expected = c->expected ? buildExpr(c->expected) : errorExpr(c);
  if (c->worst)
    e.worst = buildExpr(c->worst);
  return e;
}

/// A block, or a single step written in its place (`a => do x`, `parallel { do x … }`).
Block Builder::buildBlockOrStep(P::BlockContext *block, P::StepContext *step) {
  if (block)
    return buildBlock(block);
  Block one;
  if (StepPtr s = buildStep(step)) {
    one.range = s->range;
    one.steps.push_back(std::move(s));
  }
  return one;
}

StepPtr Builder::buildMatch(P::MatchStepContext *c, SMRange r) {
  auto s = std::make_unique<MatchStep>(r);
  s->subject = buildExpr(c->expr());
  for (P::StepArmContext *a : c->stepArm()) {
    MatchArm arm;
    arm.range = locs.range(a);
    arm.wildcard = a->name().empty();
    for (P::NameContext *n : a->name()) {
      arm.values.push_back(tokenText(n));
      arm.valueRanges.push_back(locs.range(n));
    }
    arm.body = buildBlockOrStep(a->block(), a->step());
    s->arms.push_back(std::move(arm));
  }
  return s;
}

StepPtr Builder::buildParallel(P::ParallelStepContext *c, SMRange r) {
  auto s = std::make_unique<ParallelStep>(r);
  for (P::ParallelBranchContext *b : c->parallelBranch()) {
    Block branch = buildBlockOrStep(b->block(), b->step());
    if (b->block() || !branch.steps.empty())
      s->branches.push_back(std::move(branch));
  }
  return s;
}

StepPtr Builder::buildWait(P::WaitStepContext *c, SMRange r) {
  auto s = std::make_unique<WaitStep>(r);
  if (c->probeRef()) {
    s->probe = buildQualifiedName(c->probeRef()->qualifiedName());
    s->args = buildCallArgs(c->probeRef()->callArgs());
  }
  s->until = buildExpr(c->expr(0));
  s->within = buildExpr(c->expr(1));
  if (c->expr(2))
    s->every = buildExpr(c->expr(2));
  return s;
}

StepPtr Builder::buildIf(antlr4::ParserRuleContext *ctx, P::ExprContext *cond,
                         P::BlockContext *then, P::BlockContext *elseBlock,
                         P::IfElseContext *elseIf) {
  auto s = std::make_unique<IfStep>(locs.range(ctx));
  s->condition = buildExpr(cond);
  s->thenBlock = buildBlock(then);
  if (elseBlock) {
    s->elseBlock = buildOptionalBlock(elseBlock);
  } else if (elseIf) {
    // `else if` is an else block holding one nested if.
    auto nested =
        buildIf(elseIf, elseIf->expr(), elseIf->block(0), elseIf->block(1), elseIf->ifElse());
    s->elseBlock = std::make_unique<Block>();
    s->elseBlock->range = nested->range;
    s->elseBlock->steps.push_back(std::move(nested));
  }
  return s;
}

StepPtr Builder::buildDecide(P::DecideStepContext *c) {
  auto s = std::make_unique<DecideStep>(locs.range(c));
  s->name = c->name() ? tokenText(c->name()) : "";
  s->nameRange = locs.range(c->name());
  for (P::WhenArmContext *w : c->whenArm()) {
    WhenArm arm;
    arm.condition = buildExpr(w->expr());
    arm.value = w->name() ? tokenText(w->name()) : "";
    arm.valueRange = locs.range(w->name());
    s->whens.push_back(std::move(arm));
  }
  P::AskClauseContext *ask = c->askClause();
  if (s->whens.empty() && !ask && !c->otherwiseArm() && c->name())
    diags.error(s->nameRange,
                "decide '" + s->name +
                    "' has no arms; add 'when CONDITION => VALUE' lines, 'otherwise VALUE' or "
                    "'ask \"question\" { … }'",
                "syntax");
  if (P::OtherwiseArmContext *o = c->otherwiseArm()) {
    if (o->name()) {
      s->otherwise = tokenText(o->name());
      s->otherwiseRange = locs.range(o->name());
    }
    ask = o->askClause();
  }
  if (ask) {
    s->hasAsk = true;
    s->askRange = locs.range(ask);
    if (ask->STRING())
      s->askPrompt = unquote(ask->STRING()->getSymbol());
    for (P::AskOptionContext *opt : ask->askOption()) {
      AskOption option;
      option.value = opt->name() ? tokenText(opt->name()) : "";
      option.range = locs.range(opt);
      if (opt->STRING())
        option.description = unquote(opt->STRING()->getSymbol());
      s->askOptions.push_back(std::move(option));
    }
  }
  return s;
}

} // namespace drbook::syntax
