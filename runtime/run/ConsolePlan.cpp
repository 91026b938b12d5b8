//===- ConsolePlan.cpp - What the live console shows of a run's plan -------===//
#include "drbook/run/ConsolePlan.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/report/GraphExport.h"
#include "drbook/verify/Verifier.h"

#include <cstdio>

namespace drbook::run {

void showPlan(serve::LiveConsole &console, const graph::StepGraph &g, const char *who) {
  llvm::Expected<std::string> svg = report::drawSvg(g, {});
  if (!svg)
    std::fprintf(stderr, "%s: the live view has no step graph: %s\n", who,
                 llvm::toString(svg.takeError()).c_str());
  nlohmann::json left = nlohmann::json::object();
  std::vector<int64_t> remaining = verify::worstRemaining(g);
  for (size_t n = 0; n < g.nodes.size(); ++n)
    if (remaining[n] >= 0 && !g.nodes[n].id.empty())
      left[g.nodes[n].id] = remaining[n];
  nlohmann::json facts = {{"left", std::move(left)}};
  if (g.rtoMs)
    facts["rto_ms"] = *g.rtoMs;
  console.setPlan(svg ? std::move(*svg) : "", canonicalJson(facts));
}

namespace {

class ConsoleAnswers : public RemoteAnswers {
public:
  explicit ConsoleAnswers(serve::LiveConsole &console) : console(console) {}
  void open(const nlohmann::json &question) override {
    console.setQuestion(canonicalJson(question));
  }
  void close() override { console.setQuestion("null"); }
  int wakeFd() const override { return console.answerFd(); }
  std::optional<Answer> take() override {
    std::optional<serve::LiveConsole::Answer> a = console.takeAnswer();
    if (!a)
      return std::nullopt;
    return Answer{a->question, a->value, a->actor};
  }

private:
  serve::LiveConsole &console;
};

} // namespace

std::unique_ptr<RemoteAnswers> answersFrom(serve::LiveConsole &console) {
  console.enableAnswers();
  return std::make_unique<ConsoleAnswers>(console);
}

} // namespace drbook::run
