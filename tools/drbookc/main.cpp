//===- main.cpp - drbookc: the drbook compiler and checker -----------------===//
#include "drbook/ast/ASTDump.h"
#include "drbook/driver/Compilation.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace drbook;
namespace cl = llvm::cl;

namespace {

enum class Emit { Ast, Typed };

cl::opt<std::string> inputFile(cl::Positional, cl::desc("<runbook.drbook>"), cl::Required);
cl::opt<Emit> emit("emit", cl::desc("Stop after a phase and print its result"),
                   cl::values(clEnumValN(Emit::Ast, "ast", "the parsed AST with locations"),
                              clEnumValN(Emit::Typed, "typed", "the AST with types")),
                   cl::init(Emit::Ast));

bool useColors() {
  return std::getenv("NO_COLOR") == nullptr && llvm::sys::Process::StandardErrHasColors();
}

} // namespace

int main(int argc, char **argv) {
  cl::SetVersionPrinter([](llvm::raw_ostream &os) { os << "drbookc 0.1.0\n"; });
  if (!cl::ParseCommandLineOptions(argc, argv, "drbookc: the drbook compiler\n", &llvm::errs()))
    return 2;
  Compilation c;
  Stage stage = emit == Emit::Ast ? Stage::Parse : Stage::Sema;
  bool ok = compile(c, inputFile, stage);
  c.diags.printText(llvm::errs(), useColors());
  if (!ok)
    return 1;
  ast::dumpModule(*c.root, c.sources, llvm::outs(), emit == Emit::Typed);
  return 0;
}
