//===- GraphCommand.cpp - drbookc graph FILE: draw the step graph ----------===//
#include "Commands.h"

#include "drbook/basic/RuleTable.h"
#include "drbook/driver/Compilation.h"
#include "drbook/report/GraphExport.h"
#include "drbook/verify/Verifier.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

using namespace drbook;
namespace cl = llvm::cl;

namespace {
cl::SubCommand graphCommand("graph", "Draw a runbook's step graph");

enum class Format { Dot, Mermaid, Json, Svg };

cl::opt<std::string> input(cl::Positional, cl::desc("<runbook.drbook>"), cl::sub(graphCommand));
cl::opt<Format, false, ChoiceParser<Format>>
    format("format", cl::desc("Output format"), cl::init(Format::Dot),
           cl::values(clEnumValN(Format::Dot, "dot", "Graphviz"),
                      clEnumValN(Format::Mermaid, "mermaid", "Mermaid flowchart"),
                      clEnumValN(Format::Json, "json", "nodes and edges as JSON"),
                      clEnumValN(Format::Svg, "svg", "SVG drawn by Graphviz's dot")),
           cl::sub(graphCommand));
cl::opt<std::string> highlight("highlight",
                               cl::desc("Draw the counterexample of the first violation of "
                                        "this rule in red"),
                               cl::value_desc("rule-id"), cl::sub(graphCommand));
} // namespace

/// The graph through Graphviz's `dot -Tsvg`; without Graphviz, the message says what to
/// install and how to get the DOT text instead.
static int writeSvg(const graph::StepGraph &g, const report::Highlight &marks) {
  llvm::Expected<std::string> svg = report::drawSvg(g, marks);
  if (!svg) {
    std::string why = llvm::toString(svg.takeError());
    bool missing = llvm::StringRef(why).contains("on PATH");
    llvm::errs() << "drbookc graph: --format svg: " << why
                 << (missing ? "; --format dot writes the graph in its input language" : "")
                 << "\n";
    return missing ? ExitUsage : ExitInternal;
  }
  llvm::outs() << *svg;
  return ExitOk;
}

bool drbookc::graphSelected() { return static_cast<bool>(graphCommand); }

int drbookc::runGraph() {
  if (input.empty()) {
    llvm::errs() << "drbookc graph: no input file\n";
    return ExitUsage;
  }
  if (!highlight.empty() && !findRule(highlight)) {
    llvm::errs() << "drbookc graph: unknown rule '" << highlight << "' (see drbookc rules)\n";
    return ExitUsage;
  }
  Compilation c;
  bool ok = compile(c, input, Stage::Graph);
  c.diags.printText(llvm::errs(), useColors());
  if (!ok)
    return failureExit(c);
  if (!c.graph) {
    llvm::errs() << "drbookc graph: '" << input << "' is a module; only runbooks have graphs\n";
    return ExitUsage;
  }
  report::Highlight marks;
  if (!highlight.empty()) {
    for (const verify::Violation &v :
         verify::verifyGraph(*c.graph, verify::optionsFor(*c.root, c.sources))) {
      if (v.rule != highlight)
        continue;
      marks.edges.insert(v.path.begin(), v.path.end());
      if (v.node != graph::NoId)
        marks.nodes.insert(v.node);
      break;
    }
    if (marks.nodes.empty() && marks.edges.empty())
      llvm::errs() << "drbookc graph: no violation of '" << highlight << "' to highlight\n";
  }
  switch (format) {
  case Format::Dot:
    report::writeDot(*c.graph, marks, llvm::outs());
    break;
  case Format::Mermaid:
    report::writeMermaid(*c.graph, marks, llvm::outs());
    break;
  case Format::Json:
    report::writeGraphJson(*c.graph, marks, llvm::outs());
    break;
  case Format::Svg:
    return writeSvg(*c.graph, marks);
  }
  return ExitOk;
}
