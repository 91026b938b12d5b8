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

} // namespace drbook::run
