//===- Program.cpp - Loading a runbook or plan for the interpreter ---------===//
#include "drbook/run/Program.h"

#include "drbook/ast/Walk.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Files.h"
#include "drbook/graph/Plan.h"
#include "drbook/proof/Digest.h"
#include "drbook/run/Evaluator.h"
#include "drbook/run/PlanFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <set>
#include <unistd.h>

namespace drbook::run {

using namespace drbook::ast;

graph::NodeId Program::node(const std::string &id) const {
  auto it = nodeById.find(id);
  return it == nodeById.end() ? graph::NoId : it->second;
}

const std::string &Program::probeName(const ast::ProbeDecl &probe) const {
  auto it = probeNames.find(&probe);
  return it == probeNames.end() ? probe.name : it->second;
}

namespace {

using ExprFn = llvm::function_ref<void(const Expr &)>;

void walkExpr(const Expr *e, ExprFn fn) {
  if (e)
    forEachSubExpr(*e, [&](const Expr &sub) {
      fn(sub);
      return true;
    });
}

void walkClauses(const std::vector<ActionClause> &clauses, ExprFn fn) {
  for (const ActionClause &c : clauses) {
    walkExpr(c.expr.get(), fn);
    for (const Effect &e : c.effects)
      walkExpr(e.when.get(), fn);
    for (const ActionClause::Arm &arm : c.arms)
      walkClauses(arm.clauses, fn);
  }
}

/// Every expression that may read a probe: expectations, action clauses, and what steps
/// decide on or pass to actions.
void walkModule(const Module &m, ExprFn fn) {
  for (const DeclPtr &d : m.decls) {
    if (auto *p = llvm::dyn_cast<ProbeDecl>(d.get()))
      walkExpr(p->expect.get(), fn);
    else if (auto *a = llvm::dyn_cast<ActionDecl>(d.get()))
      walkClauses(a->clauses, fn);
  }
  forEachStep(m, [&](const Step &s) {
    forEachExpr(s, [&](const Expr &e, ExprUse use) {
      if (use == ExprUse::Condition || use == ExprUse::Argument)
        walkExpr(&e, fn);
    });
  });
}

/// The log probe an aggregate call reads: the probe in scope for `p95(x)` inside an
/// `expect`, or the base of `latency.p95(x)`.
const ProbeDecl *aggregateProbe(const CallExpr &c) {
  if (auto *n = llvm::dyn_cast_or_null<NameExpr>(c.callee.get()))
    return llvm::dyn_cast_or_null<ProbeDecl>(n->name.decl);
  if (auto *f = llvm::dyn_cast_or_null<FieldExpr>(c.callee.get()))
    if (auto *n = llvm::dyn_cast_or_null<NameExpr>(f->base.get()))
      return llvm::dyn_cast_or_null<ProbeDecl>(n->name.decl);
  return nullptr;
}

} // namespace

std::string renderDiagnostics(Compilation &c, bool colors) {
  std::string text;
  llvm::raw_string_ostream os(text);
  c.diags.printText(os, colors);
  os.flush();
  return text;
}

void indexProgram(Program &p) {
  Compilation &c = *p.compilation;
  for (const graph::ProbeInfo &probe : p.graph->probes)
    p.probeNames[probe.decl] = probe.name;
  std::map<std::string, unsigned> stateByName;
  for (unsigned i = 0; i < p.graph->states.size(); ++i)
    stateByName[p.graph->states[i].name] = i;
  std::vector<const Module *> modules{c.root.get()};
  for (const auto &m : c.imported)
    modules.push_back(m.get());
  for (const Module *m : modules) {
    for (const DeclPtr &d : m->decls) {
      if (auto *s = llvm::dyn_cast<StateDecl>(d.get())) {
        auto it = stateByName.find(qualifiedName(*c.root, *s));
        if (it != stateByName.end())
          p.stateIndex[s] = it->second;
      } else if (auto *param = llvm::dyn_cast<ParamDecl>(d.get())) {
        p.params[qualifiedName(*c.root, *param)] = param;
      } else if (auto *secret = llvm::dyn_cast<SecretDecl>(d.get())) {
        p.secrets.push_back(secret);
      }
    }
    walkModule(*m, [&](const Expr &e) {
      auto *call = llvm::dyn_cast<CallExpr>(&e);
      const ProbeDecl *probe = call ? aggregateProbe(*call) : nullptr;
      if (!probe || call->args.size() != 1)
        return;
      std::string field = recordFieldPath(*call->args[0]);
      auto &fields = p.aggregateFields[probe];
      if (!field.empty() && std::find(fields.begin(), fields.end(), field) == fields.end())
        fields.push_back(field);
    });
  }
  for (const auto &d : c.decisions)
    p.decisions[d->name] = d.get();
  for (graph::NodeId n = 0; n < p.graph->nodes.size(); ++n)
    p.nodeById[p.graph->nodes[n].id] = n;
}

std::unique_ptr<Program> compileProgram(const std::string &path, const CompileOptions &opts,
                                        LoadFailure &failure) {
  auto p = std::make_unique<Program>();
  p->compilation = std::make_unique<Compilation>();
  Compilation &c = *p->compilation;
  if (!opts.stdlibDir.empty())
    c.stdlibDir = opts.stdlibDir;
  bool ok = compile(c, path, Stage::Verify);
  if (!ok || c.diags.hasErrors() || !c.graph) {
    failure.message = !c.root || c.root->isRunbook || c.diags.hasErrors()
                          ? "'" + opts.shownPath +
                                "' does not pass `drbookc check`; refusing "
                                "to run it"
                          : "'" + opts.shownPath + "' is a module, not a runbook";
    failure.diagnostics = renderDiagnostics(c, opts.colors);
    return nullptr;
  }
  graph::PlanInputs in = planInputs(c, opts.baseDir);
  if (opts.expectedPlan) {
    if (graph::planMatches(in, *opts.expectedPlan))
      p->planText = std::move(*opts.expectedPlan);
  } else if (opts.withPlan) {
    p->planText = graph::renderPlan(in);
  }
  p->sourcePath = graph::planSourcePath(in, *c.root);
  p->graph = std::move(c.graph);
  const llvm::MemoryBuffer *buffer = c.sources.getMemoryBuffer(c.root->bufferId);
  p->sourceText = buffer->getBuffer().str();
  p->sourceDigest = sha256Hex(p->sourceText);
  p->planDigest = p->planText.empty() ? "" : sha256Hex(p->planText);
  indexProgram(*p);
  return p;
}

std::unique_ptr<Program> loadProgram(const std::string &path, bool colors, LoadFailure &failure,
                                     bool withPlan) {
  int err = ::access(path.c_str(), R_OK) == 0 ? 0 : errno;
  bool isDirectory = llvm::sys::fs::is_directory(path);
  if (err || isDirectory) {
    failure.message =
        "cannot read '" + path + "': " + (isDirectory ? "it is a directory" : std::strerror(err));
    failure.unreadable = true;
    return nullptr;
  }
  if (llvm::StringRef(path).endswith(".json"))
    return loadPlanFile(path, colors, failure);
  // Paths in the plan are relative to the runbook's own directory, so the plan (and its
  // digest) does not depend on where drbook was started from.
  llvm::SmallString<256> dir(path);
  llvm::sys::fs::make_absolute(dir);
  llvm::sys::path::remove_filename(dir);
  CompileOptions opts;
  opts.baseDir = std::string(dir);
  opts.colors = colors;
  opts.shownPath = path;
  opts.withPlan = withPlan;
  return compileProgram(path, opts, failure);
}

} // namespace drbook::run
