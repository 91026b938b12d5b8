//===- Counterexample.cpp - `drbook plan --path`: one counterexample, replayed ===//
//
// A reviewer who doubts a report can walk the exact path the verifier found: the same run of
// the checks `drbookc check` makes, the violation picked by rule and line, and its path listed
// the way `drbook plan` lists paths.
//
//===----------------------------------------------------------------------===//
#include "drbook/driver/Compilation.h"
#include "drbook/graph/Graph.h"
#include "drbook/run/Interpreter.h"
#include "drbook/run/PlanPaths.h"
#include "drbook/run/Program.h"
#include "drbook/verify/Verifier.h"

#include "llvm/ADT/StringRef.h"

#include <cstdio>

namespace drbook::run {

using namespace drbook::graph;

namespace {

/// `RULE@LINE` or `RULE@LINE:COL`.
struct Selector {
  std::string rule;
  unsigned line = 0, column = 0;
};

bool parseSelector(llvm::StringRef text, Selector &out) {
  auto [rule, where] = text.split('@');
  auto [line, column] = where.split(':');
  out.rule = rule.str();
  return !rule.empty() && !line.getAsInteger(10, out.line) && out.line > 0 &&
         (column.empty() || (!column.getAsInteger(10, out.column) && out.column > 0));
}

/// Where each violation of `rule` is reported, as `LINE:COL`, for the message that none is at
/// the line asked for.
/// Line and column where `drbookc check` reports `v`; (0, 0) when it has no location.
std::pair<unsigned, unsigned> position(const Compilation &c, const verify::Violation &v) {
  llvm::SMRange at = verify::reportedAt(*c.graph, v);
  return at.Start.isValid() ? c.sources.getLineAndColumn(at.Start)
                            : std::pair<unsigned, unsigned>();
}

std::string reportedLines(const Compilation &c, const std::vector<verify::Violation> &all,
                          const std::string &rule) {
  std::string lines;
  for (const verify::Violation &v : all)
    if (auto [line, column] = position(c, v); v.rule == rule && line)
      lines += (lines.empty() ? "" : ", ") + std::to_string(line) + ":" + std::to_string(column);
  return lines;
}

void printViolation(const Compilation &c, const verify::Violation &v) {
  const StepGraph &g = *c.graph;
  auto [line, column] = position(c, v);
  std::printf("%s at line %u:%u: %s\n", v.rule.c_str(), line, column, v.message.c_str());
  std::string end =
      v.path.empty() ? g.nodes[g.start].label : g.nodes[g.edges[v.path.back()].to].label;
  std::printf("\ncounterexample: %s -> %s\n", pathChoices(g, v.path).c_str(), end.c_str());
  if (v.path.empty())
    std::printf("    %-12s %s\n", "", end.c_str());
  printPathSteps(g, v.path);
}

} // namespace

int printCounterexample(const std::string &input, const std::string &text, bool colors) {
  Selector want;
  if (!parseSelector(text, want)) {
    std::fprintf(stderr,
                 "drbook: error: --path needs RULE@LINE or RULE@LINE:COL, as `drbookc "
                 "check` reports it (requires-unmet@24), not '%s'\n",
                 text.c_str());
    return ExitUsage;
  }
  Compilation c;
  c.stdlibDir = defaultStdlibDir();
  if (!compile(c, input, Stage::Graph) || !c.graph) {
    std::fputs(renderDiagnostics(c, colors).c_str(), stderr);
    std::fprintf(stderr, "drbook: error: '%s' does not compile; fix the errors above first\n",
                 input.c_str());
    return ExitProblems;
  }
  std::vector<verify::Violation> all =
      verify::verifyGraph(*c.graph, verify::optionsFor(*c.root, c.sources));
  for (const verify::Violation &v : all) {
    auto [line, column] = position(c, v);
    if (v.rule == want.rule && line == want.line && (!want.column || column == want.column)) {
      printViolation(c, v);
      return ExitOk;
    }
  }
  std::string lines = reportedLines(c, all, want.rule);
  std::fprintf(stderr, "drbook: error: `drbookc check` reports no %s at line %u%s\n",
               want.rule.c_str(), want.line,
               lines.empty() ? "; it reports none anywhere in this runbook"
                             : ("; it reports one at " + lines).c_str());
  return ExitProblems;
}

} // namespace drbook::run
