//===- Emit.cpp - drbookc FILE -emit=ast|typed|graph|plan: the phase ladder ===//
#include "Commands.h"
#include "drbook/driver/Compilation.h"

#include "drbook/ast/ASTDump.h"
#include "drbook/graph/GraphDump.h"
#include "drbook/graph/Plan.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace drbook;
namespace cl = llvm::cl;

namespace {

enum class Emit { Ast, Typed, Graph, Plan };

cl::opt<std::string> inputFile(cl::Positional, cl::desc("<runbook.drbook>"));
cl::opt<Emit, false, ChoiceParser<Emit>>
    emit("emit", cl::desc("Stop after a phase and print its result"),
         cl::values(clEnumValN(Emit::Ast, "ast", "the parsed AST with locations"),
                    clEnumValN(Emit::Typed, "typed", "the AST with types"),
                    clEnumValN(Emit::Graph, "graph", "the step graph, one node a line"),
                    clEnumValN(Emit::Plan, "plan", "the verified plan, as `build` writes it")),
         cl::init(Emit::Ast));

} // namespace

int drbookc::runEmit() {
  if (inputFile.empty()) {
    llvm::errs() << "drbookc: no input file (see drbookc --help)\n";
    return ExitUsage;
  }
  Compilation c;
  Stage stage = emit == Emit::Ast     ? Stage::Parse
                : emit == Emit::Typed ? Stage::Sema
                : emit == Emit::Graph ? Stage::Graph
                                      : Stage::Verify;
  bool ok = compile(c, inputFile, stage);
  c.diags.printText(llvm::errs(), useColors());
  if (!ok)
    return failureExit(c);
  if (emit == Emit::Plan && c.graph) {
    llvm::outs() << drbookc::renderPlan(c);
    return ExitOk;
  }
  if (emit == Emit::Graph) {
    if (c.graph)
      graph::dumpGraph(*c.graph, c.sources, llvm::outs());
    return ExitOk;
  }
  ast::dumpModule(*c.root, c.sources, llvm::outs(), emit == Emit::Typed);
  return ExitOk;
}
