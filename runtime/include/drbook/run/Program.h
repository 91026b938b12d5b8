//===- Program.h - A compiled, verified runbook ready to run ---------------===//
//
// `drbook run`, `plan` and `verify` all start from a Program: the compilation (typed AST of the
// runbook and its imports), the verified step graph, the plan text whose digest the proof
// names, and lookup tables from the graph's indices to the AST.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_PROGRAM_H
#define DRBOOK_RUN_PROGRAM_H

#include "drbook/driver/Compilation.h"
#include "drbook/graph/Graph.h"

#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace drbook::run {

/// A runbook compiled and verified, with everything the interpreter looks up by name.
struct Program {
  std::unique_ptr<Compilation> compilation;
  std::unique_ptr<graph::StepGraph> graph;
  /// The root source's path as the plan names it, its bytes and their SHA-256.
  std::string sourcePath, sourceText, sourceDigest;
  /// The plan file's bytes as `drbookc build` writes them, and their SHA-256; empty when the
  /// program was loaded only to be read (`drbook plan`).
  std::string planText, planDigest;

  /// Graph state index of each state declaration.
  std::map<const ast::Decl *, unsigned> stateIndex;
  /// Params of the runbook and of the modules it imports, by the name the command line uses
  /// (`url`, `k8s.namespace`).
  std::map<std::string, const ast::ParamDecl *> params;
  std::vector<const ast::SecretDecl *> secrets;
  /// Decisions by name.
  std::map<std::string, const ast::DecisionDecl *> decisions;
  /// Each probe's name as the runbook writes it (`health`, `k8s.api`), which is how the plan
  /// and the journal name it: two modules may both declare a `health`.
  std::map<const ast::ProbeDecl *, std::string> probeNames;
  /// Record fields each log probe needs aggregates of (`p95(duration_ms)`).
  std::map<const ast::ProbeDecl *, std::vector<std::string>> aggregateFields;
  /// Node index by node id.
  std::map<std::string, graph::NodeId> nodeById;

  const ast::Module &root() const { return *compilation->root; }
  /// The node `id`, or graph::NoId.
  graph::NodeId node(const std::string &id) const;
  const std::string &probeName(const ast::ProbeDecl &probe) const;
};

/// What loading found wrong: compiler diagnostics (already rendered as text) or a plan that
/// does not match its source.
struct LoadFailure {
  std::string message;
  /// Rendered diagnostics, `path:line:col: error: … [rule]` with source lines.
  std::string diagnostics;
  /// The file could not be read at all: a usage error (exit 2), not a problem in a runbook.
  bool unreadable = false;
};

/// Compiles and verifies a `.drbook` file, or reads a plan file (`*.json`), checks its digest
/// and recompiles its embedded source to confirm the plan matches byte for byte. Returns the
/// failure (with diagnostics) when the runbook does not pass `drbookc check`.
/// `withPlan`: render the plan (a run records it; listing paths does not need it).
std::unique_ptr<Program> loadProgram(const std::string &path, bool colors, LoadFailure &failure,
                                     bool withPlan = true);

/// How to compile a runbook into a Program.
struct CompileOptions {
  /// Paths in the plan are relative to this directory.
  std::string baseDir;
  /// Where `import std.x` looks; the default stdlib when empty.
  std::string stdlibDir;
  /// The runbook's name in messages.
  std::string shownPath;
  bool colors = false;
  bool withPlan = true;
  /// A plan file to compare with instead of rendering the plan: moved into the program's
  /// planText when the runbook compiles to exactly it, left as it is (and planText empty)
  /// when not.
  std::string *expectedPlan = nullptr;
};

/// Compiles and verifies the runbook at `path` and renders its plan.
std::unique_ptr<Program> compileProgram(const std::string &path, const CompileOptions &opts,
                                        LoadFailure &failure);

/// The compiler's diagnostics as text.
std::string renderDiagnostics(Compilation &c, bool colors);

/// Fills the lookup tables of a compiled program.
void indexProgram(Program &p);

} // namespace drbook::run

#endif
