//===- Compilation.cpp - Running the phases in order -----------------------===//
#include "drbook/driver/Compilation.h"
#include "drbook/sema/ModuleCache.h"

#include "drbook/graph/Lower.h"
#include "drbook/graph/Plan.h"
#include "drbook/sema/Sema.h"
#include "drbook/syntax/Parser.h"
#include "drbook/verify/Verifier.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstdlib>

#ifndef DRBOOK_SOURCE_STDLIB
#define DRBOOK_SOURCE_STDLIB ""
#endif

namespace drbook {

Compilation::Compilation() : stdlibDir(defaultStdlibDir()) {}
Compilation::~Compilation() {
  if (moduleCache)
    moduleCache->giveBack(imported);
}

std::string defaultStdlibDir() {
  if (const char *env = std::getenv("DRBOOK_STDLIB"))
    return env;
  // Installed (`cmake --install`): PREFIX/bin/drbookc next to PREFIX/share/drbook/stdlib.
  // Looked up once per process: `check` makes a Compilation for every file it visits.
  static const std::string found = [] {
    static int anchor;
    std::string exe = llvm::sys::fs::getMainExecutable(nullptr, &anchor);
    llvm::SmallString<256> installed(
        llvm::sys::path::parent_path(llvm::sys::path::parent_path(exe)));
    llvm::sys::path::append(installed, "share", "drbook", "stdlib");
    if (!exe.empty() && llvm::sys::fs::is_directory(installed))
      return std::string(installed);
    return std::string(DRBOOK_SOURCE_STDLIB);
  }();
  return found;
}

bool compile(Compilation &c, const std::string &path, Stage stage) {
  if (path == "-") { // standard input, named `<stdin>` in messages; imports from here
    auto in = llvm::MemoryBuffer::getSTDIN();
    if (!in) {
      c.diags.fileError(path, "cannot read standard input: " + in.getError().message(), "input");
      return false;
    }
    return compileBuffer(c, std::move(*in), stage);
  }
  if (llvm::sys::fs::is_directory(path)) {
    c.diags.fileError(path, "'" + path + "' is a directory, not a runbook file", "input");
    return false;
  }
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    c.diags.fileError(path, "cannot read '" + path + "': " + buffer.getError().message(), "input");
    return false;
  }
  return compileBuffer(c, std::move(*buffer), stage);
}

bool compileBuffer(Compilation &c, std::unique_ptr<llvm::MemoryBuffer> buffer, Stage stage) {
  unsigned id = c.sources.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  c.root = syntax::parseModule(c.sources, id, c.diags);
  if (!c.root || c.diags.hasErrors() || stage == Stage::Parse)
    return !c.diags.hasErrors();
  sema::analyze({c.sources, c.diags, c.moduleCache ? c.moduleCache->types : c.types, *c.root,
                 c.imported, c.decisions, c.stdlibDir, c.moduleCache});
  if (c.diags.hasErrors() || stage == Stage::Sema)
    return !c.diags.hasErrors();
  c.graph = graph::lowerRunbook(*c.root, c.imported, c.diags);
  if (!c.graph || c.diags.hasErrors() || stage == Stage::Graph)
    return !c.diags.hasErrors();
  verify::verifyRunbook(*c.root, *c.graph, c.diags);
  return !c.diags.hasErrors();
}

graph::PlanInputs planInputs(const Compilation &c, const std::string &baseDir) {
  graph::PlanInputs in;
  in.graph = c.graph.get();
  in.root = c.root.get();
  in.imported = c.imported;
  in.sources = &c.sources;
  in.baseDir = baseDir;
  in.stdlibDir = c.stdlibDir;
  return in;
}

std::string renderPlan(const Compilation &c, const std::string &baseDir) {
  return graph::renderPlan(planInputs(c, baseDir));
}

} // namespace drbook
