//===- Compilation.h - The pipeline from source to verified plan -----------===//
//
// One Compilation holds everything a run of the compiler produces. `compile` runs the phases
// in order and stops after the requested one, or as soon as errors exist.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_DRIVER_COMPILATION_H
#define DRBOOK_DRIVER_COMPILATION_H

#include "drbook/ast/AST.h"
#include "drbook/basic/Diagnostics.h"
#include "drbook/graph/Plan.h"

#include "llvm/Support/MemoryBuffer.h"

#include <memory>
#include <string>
#include <vector>

namespace drbook {
namespace sema {
class ModuleCache;
} // namespace sema

namespace graph {
class StepGraph;
}

/// How far to run the pipeline; each stage includes those before it.
enum class Stage { Parse, Sema, Graph, Verify };

struct Compilation {
  Compilation();
  ~Compilation();

  llvm::SourceMgr sources;
  DiagnosticEngine diags{sources};
  ast::TypeContext types;
  /// The file given on the command line.
  std::unique_ptr<ast::Module> root;
  /// Every module loaded through imports, each once, in load order.
  std::vector<std::unique_ptr<ast::Module>> imported;
  /// One declaration per `decide NAME` step, made by sema (DecideStep::decl points here).
  std::vector<std::unique_ptr<ast::DecisionDecl>> decisions;
  /// The step graph of a runbook, from Stage::Graph on.
  std::unique_ptr<graph::StepGraph> graph;
  /// Where `import std.x` looks for `x.drbook`.
  std::string stdlibDir;
  /// Set by a driver that compiles many runbooks: imported modules are borrowed from it (and
  /// given back when this compilation ends) instead of parsed again, and types are interned
  /// in it. It must outlive the compilation.
  sema::ModuleCache *moduleCache = nullptr;
};

/// Loads `path` into `c.sources` and runs the pipeline up to `stage`. Returns false when a
/// problem was reported (missing file, syntax, type or verification error).
bool compile(Compilation &c, const std::string &path, Stage stage);

/// The same for a text already in memory; the buffer's name is the path diagnostics show and
/// imports are resolved from.
bool compileBuffer(Compilation &c, std::unique_ptr<llvm::MemoryBuffer> buffer, Stage stage);

/// The canonical plan of a compiled runbook (docs/plan-format.md). Source paths in the plan are
/// relative to `baseDir`, stdlib modules' to the stdlib directory.
std::string renderPlan(const Compilation &c, const std::string &baseDir);

/// What the plan is made from, with those paths.
graph::PlanInputs planInputs(const Compilation &c, const std::string &baseDir);

/// The stdlib directory: $DRBOOK_STDLIB, else the one beside the installed tools, else the
/// source tree's.
std::string defaultStdlibDir();

} // namespace drbook

#endif
