//===- DiffCommand.cpp - drbookc diff OLD NEW: what a change does ----------===//
//
// `drbookc diff OLD NEW` for people and CI (exit 0: no change in meaning, 1: changes); with
// git's seven arguments (PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE) it is a
// diff driver (`git config diff.drbook.command "drbookc diff"` and `*.drbook diff=drbook` in
// .gitattributes), and exits 0 as git requires.
//
//===----------------------------------------------------------------------===//
#include "Commands.h"

#include "drbook/driver/Compilation.h"
#include "drbook/graph/Graph.h"
#include "drbook/report/GraphExport.h"
#include "drbook/report/RunbookDiff.h"
#include "drbook/verify/Verifier.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

using namespace drbook;
namespace cl = llvm::cl;

namespace {
cl::SubCommand diffCommand("diff", "What a change to a runbook changes: steps, guards, "
                                   "timing, verdicts");

enum class Format { Text, Markdown, Mermaid };

cl::list<std::string> inputs(cl::Positional, cl::desc("<old.drbook> <new.drbook>"),
                             cl::sub(diffCommand));
cl::opt<Format, false, ChoiceParser<Format>> format(
    "format", cl::desc("Output format"), cl::init(Format::Text),
    cl::values(clEnumValN(Format::Text, "text", "sections of changes"),
               clEnumValN(Format::Markdown, "markdown", "a pull-request comment"),
               clEnumValN(Format::Mermaid, "mermaid", "the new step graph, changed steps marked")),
    cl::sub(diffCommand));

/// One side compiled: false (after printing why) when it cannot be compared.
bool sideOf(const std::string &path, Compilation &c, report::DiffSide &side) {
  if (path == "/dev/null") { // a runbook added or deleted, as git says
    side.plan = {{"nodes", nlohmann::json::array()}, {"runbook", nlohmann::json::object()}};
    return true;
  }
  compile(c, path, Stage::Verify);
  if (!c.graph) {
    c.diags.printText(llvm::errs(), drbookc::useColors());
    llvm::errs() << "drbookc diff: '" << path << "' cannot be compared: "
                 << (c.root && !c.root->isRunbook ? "it is a module" : "it does not compile")
                 << "\n";
    return false;
  }
  for (const Diagnostic &d : c.diags.sorted())
    side.verdicts.insert({d.rule, d.message});
  side.plan = nlohmann::json::parse(drbookc::renderPlan(c));
  for (const verify::WorstCase &w : verify::worstCases(*c.graph))
    side.worstMs[w.scenario < 0 ? "" : c.graph->scenarios[w.scenario].name] = w.ms;
  return true;
}
} // namespace

bool drbookc::diffSelected() { return static_cast<bool>(diffCommand); }

int drbookc::runDiff() {
  bool gitDriver = inputs.size() == 7;
  if (inputs.size() != 2 && !gitDriver) {
    llvm::errs() << "drbookc diff: give the old and the new runbook (or git's seven diff-driver "
                    "arguments)\n";
    return ExitUsage;
  }
  std::string oldPath = inputs[gitDriver ? 1 : 0], newPath = inputs[gitDriver ? 4 : 1];
  Compilation oldC, newC;
  report::DiffSide before, after;
  if (!sideOf(oldPath, oldC, before) || !sideOf(newPath, newC, after))
    return ExitUsage;
  report::RunbookDiff d = report::diffRunbooks(before, after);
  if (gitDriver)
    llvm::outs() << "drbookc diff " << inputs[0] << "\n";
  switch (format) {
  case Format::Text:
    report::writeDiffText(d, llvm::outs());
    break;
  case Format::Markdown:
    report::writeDiffMarkdown(d, llvm::outs());
    break;
  case Format::Mermaid: {
    if (!newC.graph) {
      llvm::errs() << "drbookc diff: the new side has no step graph to draw\n";
      return ExitUsage;
    }
    report::Highlight marks;
    std::set<std::string> ids = d.markedNodes();
    for (graph::NodeId n = 0; n < newC.graph->nodes.size(); ++n)
      if (ids.count(newC.graph->nodes[n].id))
        marks.nodes.insert(n);
    report::writeMermaid(*newC.graph, marks, llvm::outs());
    break;
  }
  }
  return gitDriver || d.empty() ? ExitOk : ExitProblems;
}
