//===- Builder.h - Typed builder from the ANTLR parse tree to the AST ------===//
//
// Private to the syntax library: nothing outside it ever sees a parse-tree type.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_SYNTAX_BUILDER_H
#define DRBOOK_SYNTAX_BUILDER_H

#include "DrbookAlternatives.h"
#include "DrbookParser.h"
#include "drbook/ast/AST.h"
#include "drbook/basic/Diagnostics.h"

#include <typeinfo>
#include <vector>

namespace drbook::syntax {

/// The text of a context that spans one token: a name, a keyword or a literal. Much cheaper
/// than RuleContext::getText, which builds a string stream.
inline std::string tokenText(antlr4::ParserRuleContext *ctx) {
  return ctx && ctx->getStart() ? ctx->getStart()->getText() : "";
}
inline std::string tokenText(antlr4::Token *token) { return token ? token->getText() : ""; }

/// Maps token offsets (bytes, as the Lexer produces them) to pointers into the source buffer.
class TokenLocations {
public:
  TokenLocations(const char *buffer, size_t size);
  llvm::SMLoc at(size_t byte) const;
  llvm::SMLoc start(const antlr4::Token *t) const;
  /// One past the last character of the token.
  llvm::SMLoc end(const antlr4::Token *t) const;
  llvm::SMRange range(const antlr4::Token *t) const { return {start(t), end(t)}; }
  llvm::SMRange range(antlr4::ParserRuleContext *ctx) const;

private:
  const char *buffer;
  size_t size;
};

/// Builds the AST for one file from its parse tree.
class Builder {
public:
  Builder(const TokenLocations &locs, DiagnosticEngine &diags) : locs(locs), diags(diags) {}
  std::unique_ptr<ast::Module> buildFile(grammar::DrbookParser::FileContext *ctx);

private:
  using P = grammar::DrbookParser;
  void buildItem(ast::Module &m, P::ItemContext *ctx);
  ast::Import buildImport(P::ImportItemContext *ctx);
  ast::DeclPtr buildValueDecl(P::ItemContext *ctx);
  void buildProbe(ast::Module &m, P::ProbeItemContext *ctx);
  void buildProbeHead(ast::ProbeDecl &d, P::ProbeKindContext *ctx);
  void buildProbeOption(ast::ProbeDecl &d, P::ProbeOptionContext *ctx);
  ast::DeclPtr buildScenario(ast::Module &m, P::ScenarioItemContext *ctx);
  void buildAction(ast::Module &m, P::ActionItemContext *ctx);
  void buildProcedure(ast::Module &m, P::ProcedureItemContext *ctx);
  /// The parameters of a procedure or a probe: values each use binds.
  std::vector<ast::CapturePtr> buildArguments(P::ActionParamsContext *ctx);
  /// `check a, b("x")`: the probes, and the arguments written after each.
  void buildProbeList(P::ProbeListContext *ctx, std::vector<ast::NameRef> &probes,
                      std::vector<std::vector<ast::ExprPtr>> &args);
  std::vector<ast::ExprPtr> buildCallArgs(P::CallArgsContext *ctx);
  ast::StepPtr buildProbeStep(P::StepBodyContext *ctx, llvm::SMRange range);
  std::vector<ast::ActionClause> buildActionBody(P::ActionBodyContext *ctx,
                                                 ast::ActionDecl *owner = nullptr);
  ast::ActionClause buildActionClause(P::ActionClauseContext *ctx);
  ast::Effect buildEffect(P::EffectContext *ctx);
  /// `secret` where a captured value's type is written, or the type.
  ast::TypeSyntax secretOr(antlr4::Token *secret, P::TypeContext *type);
  ast::CapturePtr buildOutput(P::OutputContext *ctx, ast::Decl *origin);
  std::vector<ast::EnvBinding> buildEnv(P::EnvBlockContext *ctx);
  ast::StepPtr buildAsk(P::AskStepContext *ctx, llvm::SMRange range);
  void buildHost(ast::Module &m, P::HostItemContext *ctx);
  ast::StepPtr buildEach(P::EachStepContext *ctx, llvm::SMRange range);
  /// The value of a count token (`max 8`), reported when it does not fit.
  std::optional<int64_t> buildCount(antlr4::Token *tok);
  /// `on HOST`, or a NameRef with no parts when not written.
  ast::NameRef buildHostRef(P::OnHostContext *ctx);
  /// Whether `ctx` is an `output` or `env` clause; one at the top of `owner`'s body is kept
  /// there, one nested in an arm (`owner` null) is an error.
  bool takeActionData(P::ActionClauseContext *ctx, ast::ActionDecl *owner);
  ast::ActionClause::Arm buildActionArm(P::ActionArmContext *ctx);
  /// A phase of `scenario` (empty at the top level); its invariants go to `m`.
  ast::Phase buildPhase(ast::Module &m, P::PhaseContext *ctx, const std::string &scenario);
  ast::Block buildBlock(P::BlockContext *ctx);
  std::unique_ptr<ast::Block> buildOptionalBlock(P::BlockContext *ctx);
  ast::StepPtr buildStep(P::StepContext *ctx);
  ast::StepPtr buildStepBody(P::StepBodyContext *ctx);
  ast::StepPtr buildDo(P::DoStepContext *ctx, llvm::SMRange range);
  ast::StepPtr buildTerminal(ast::Step::Kind kind, P::ExprContext *message, llvm::SMRange range);
  ast::StepPtr buildRun(P::RunStepContext *ctx, llvm::SMRange range);
  std::unique_ptr<ast::ManualStep> buildOperatorStep(ast::Step::Kind kind, P::ExprContext *text,
                                                     P::EstimateContext *estimate,
                                                     llvm::SMRange range);
  ast::Estimate buildEstimate(P::EstimateContext *ctx);
  ast::StepPtr buildMatch(P::MatchStepContext *ctx, llvm::SMRange range);
  ast::StepPtr buildParallel(P::ParallelStepContext *ctx, llvm::SMRange range);
  ast::StepPtr buildWait(P::WaitStepContext *ctx, llvm::SMRange range);
  ast::Block buildBlockOrStep(P::BlockContext *block, P::StepContext *step);
  ast::StepPtr buildDecide(P::DecideStepContext *ctx);
  ast::StepPtr buildIf(antlr4::ParserRuleContext *ctx, P::ExprContext *cond, P::BlockContext *then,
                       P::BlockContext *elseBlock, P::IfElseContext *elseIf);
  /// Adds the invariant to `m`, holding where `scenario` and `phase` say.
  void buildInvariant(ast::Module &m, P::InvariantContext *ctx, const std::string &scenario = {},
                      std::optional<ast::PhaseKind> phase = std::nullopt);
  /// `objectives { rto D rpo D }` into `rto` and `rpo`.
  void buildObjectives(const std::vector<P::ObjectiveContext *> &list, ast::ExprPtr &rto,
                       ast::ExprPtr &rpo);
  ast::TypeSyntax buildType(P::TypeContext *ctx);
  ast::ExprPtr buildExpr(P::ExprContext *ctx);
  ast::ExprPtr buildLiteral(P::ExprContext *ctx);
  ast::ExprPtr buildField(P::FieldExprContext *ctx, llvm::SMRange range);
  ast::ExprPtr buildCall(P::CallExprContext *ctx, llvm::SMRange range);
  ast::ExprPtr buildDuration(const std::string &text, llvm::SMRange range);
  ast::ExprPtr buildString(antlr4::Token *tok);
  ast::NameRef buildQualifiedName(P::QualifiedNameContext *ctx);
  std::vector<ast::NameRef> buildNameList(P::NameListContext *list);
  ast::NameRef buildName(P::NameContext *ctx);
  ast::ExprPtr errorExpr(antlr4::ParserRuleContext *ctx);
  /// The text of a string token without quotes and with escapes resolved.
  std::string unquote(antlr4::Token *tok);
  std::optional<int64_t> parseDuration(const std::string &text);

  const TokenLocations &locs;
  DiagnosticEngine &diags;
};

} // namespace drbook::syntax

#endif
