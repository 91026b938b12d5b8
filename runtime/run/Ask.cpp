//===- Ask.cpp - `ask NAME: TYPE "prompt"`: a value the operator types -----===//
#include "RunContext.h"

#include "drbook/basic/Pattern.h"

namespace drbook::run {

using namespace drbook::graph;

namespace {

/// `matches /^INC-[0-9]+$/`, `1..9`: what the prompt says an answer must be.
std::string hintFor(const ast::AskStep &s, const ast::Type *t) {
  std::string hint = t ? t->str() : "";
  if (std::optional<std::string> pattern = ast::literalPattern(s.pattern.get()))
    hint += " matching /" + *pattern + "/";
  if (s.low && s.high)
    hint += " in " + sourceText(s.low->range) + ".." + sourceText(s.high->range);
  return hint;
}

} // namespace

std::string askAnswerProblem(const ast::AskStep &s, const std::string &text) {
  Frame frame; // bounds and patterns are literals
  const ast::Type *type = s.value->type;
  llvm::Expected<Value> v = parseParamValue(text, type);
  if (!v)
    return llvm::toString(v.takeError());
  if (s.pattern) {
    std::string pattern = ast::literalPattern(s.pattern.get()).value_or("");
    if (!patternMatches(text, pattern))
      return "the answer must match /" + pattern + "/";
  }
  if (s.low && s.high && v->is_number()) {
    Value low = evaluate(*s.low, frame), high = evaluate(*s.high, frame);
    double x = v->get<double>();
    if (low.is_number() && high.is_number() && (x < low.get<double>() || x > high.get<double>()))
      return "the answer must lie in " + sourceText(s.low->range) + ".." +
             sourceText(s.high->range);
  }
  return "";
}

NodeId Run::visitAsk(NodeId n) {
  const Node &node = g.nodes[n];
  auto &s = llvm::cast<ast::AskStep>(*node.step);
  const ast::CaptureDecl &c = *s.value;
  display.step(shownLabel(node));
  bool secret = c.type && c.type->kind == ast::TypeKind::Secret;
  const ast::Type *t = secret ? c.type->element : c.type;
  if (dryRun) {
    display.info("would ask the operator: " + s.prompt);
    nlohmann::json recorded = keepCapture(c, dryRunStandIn(c));
    return transition(n, onlyEdge(n), "answer",
                      {{"name", c.name}, {"captured", {{c.writtenName(), recorded}}}});
  }
  display.pause();
  auto asked = std::chrono::steady_clock::now();
  Reply r = op.value(node.id, c.name, s.prompt, hintFor(s, t), secret,
                     [&](const std::string &text) { return askAnswerProblem(s, text); });
  if (!r.answered()) {
    record(node.id, r.status == Reply::Status::EndOfInput ? "operator-abort" : "unanswered",
           {{"step", node.label}, {"question", s.prompt}});
    if (r.status == Reply::Status::EndOfInput)
      throw StopRun("aborted",
                    "input ended at '" + node.label + "' (" + node.id + "); the run stops here");
    throw StopRun("stopped", "the answers file does not answer `ask " + c.name + "` (" + node.id +
                                 ") under \"ask\"" + (r.value.empty() ? "" : ": " + r.value));
  }
  nlohmann::json recorded = keepCapture(c, *parseParamValue(r.value, c.type));
  display.result(true, c.name + " = " + (secret ? recorded.get<std::string>() : r.value) + " (" +
                           r.actor + ", " + r.by + ")");
  return transition(n, onlyEdge(n), "answer",
                    {{"name", c.name},
                     {"question", s.prompt},
                     {"captured", {{c.writtenName(), recorded}}},
                     {"answer_source", r.by},
                     {"actor", r.actor},
                     {"waited_ms", elapsedMs(asked)}});
}

} // namespace drbook::run
