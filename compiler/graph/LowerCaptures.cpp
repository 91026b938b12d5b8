//===- LowerCaptures.cpp - Which steps capture and read run-time values ----===//
//
// An output exists once its action or probe has succeeded, an answer once its `ask` has run.
// Lowering lists, for each step node, the captured values it captures and the ones it reads:
// in its own expressions, in the clauses of the action it calls, in the probes it runs, and in
// the `env` its commands get. The verifier (value-unset) proves every read preceded by a
// capture on every path.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"

#include "drbook/ast/Walk.h"

namespace drbook::graph {

using namespace drbook::ast;

namespace {

class CaptureIndex {
public:
  CaptureIndex(StepGraph &g) : g(g) {}

  unsigned of(const CaptureDecl &c) {
    auto [it, fresh] = index.emplace(&c, static_cast<unsigned>(g.captures.size()));
    if (fresh)
      g.captures.push_back({c.writtenName(), c.type && c.type->kind == TypeKind::Secret, &c});
    return it->second;
  }

  /// Records node `n` reading every captured value `e` mentions.
  void readsIn(NodeId n, const Expr *e) {
    if (!e)
      return;
    forEachSubExpr(*e, [&](const Expr &sub) {
      if (auto *name = llvm::dyn_cast<NameExpr>(&sub))
        read(n, name->name.decl, name->range);
      if (auto *str = llvm::dyn_cast<StringExpr>(&sub))
        for (const Placeholder &p : str->placeholders)
          read(n, p.path.decl, p.path.range);
      return true;
    });
  }
  void readsIn(NodeId n, const std::vector<EnvBinding> &env) {
    for (const EnvBinding &b : env)
      readsIn(n, b.value.get());
  }
  void readsIn(NodeId n, const std::vector<ActionClause> &clauses) {
    for (const ActionClause &c : clauses) {
      readsIn(n, c.expr.get());
      for (const Effect &e : c.effects) {
        readsIn(n, e.value.get());
        readsIn(n, e.when.get());
      }
      for (const ActionClause::Arm &arm : c.arms)
        readsIn(n, arm.clauses);
    }
  }
  void sets(NodeId n, const std::vector<CapturePtr> &outputs) {
    for (const CapturePtr &o : outputs)
      g.captureSets.push_back({n, of(*o), o->nameRange});
  }

private:
  // A parameter is bound by the step that uses its probe or calls its procedure, always
  // before its body reads it: nothing to prove.
  void read(NodeId n, const Decl *d, llvm::SMRange range) {
    if (auto *c = llvm::dyn_cast_or_null<CaptureDecl>(d); c && c->source != CaptureSource::Argument)
      g.captureUses.push_back({n, of(*c), range});
  }

  StepGraph &g;
  std::map<const CaptureDecl *, unsigned> index;
};

void probeReads(CaptureIndex &idx, NodeId n, const ProbeDecl &p) {
  idx.readsIn(n, p.target.get());
  for (const ProbeArg &a : p.args)
    idx.readsIn(n, a.value.get());
  for (const auto &header : p.headers)
    idx.readsIn(n, header.second.get());
  idx.readsIn(n, p.body.get());
  idx.readsIn(n, p.expect.get());
  idx.readsIn(n, p.env);
}

} // namespace

void Lowerer::collectCaptures() {
  CaptureIndex idx(*g);
  for (NodeId n = 0; n < g->nodes.size(); ++n) {
    const Node &node = g->nodes[n];
    // Joins share their `if`'s step; only the node that evaluates it reads.
    if (!node.step || node.kind == NodeKind::Join || node.kind == NodeKind::ParallelJoin)
      continue;
    forEachExpr(*node.step, [&](const Expr &e, ExprUse) { idx.readsIn(n, &e); });
    if (auto *ask = llvm::dyn_cast<AskStep>(node.step))
      g->captureSets.push_back({n, idx.of(*ask->value), ask->value->nameRange});
    // A call binds its procedure's parameters on its way into the body.
    if (node.kind == NodeKind::Call)
      if (auto *proc =
              llvm::dyn_cast_or_null<ProcedureDecl>(llvm::cast<DoStep>(node.step)->action.decl))
        for (const CapturePtr &param : proc->params) {
          idx.readsIn(n, param->defaultValue.get());
          g->captureSets.push_back({n, idx.of(*param), param->nameRange});
        }
    // An element's test binds the loop variable on its way into the body.
    if (auto *each = llvm::dyn_cast<EachStep>(node.step); each && node.element > 0)
      g->captureSets.push_back({n, idx.of(*each->var), each->var->nameRange});
    if (node.kind == NodeKind::Action) {
      idx.readsIn(n, root.env);
      if (node.action >= 0) {
        const ActionDecl &a = *g->actions[node.action].decl;
        for (const auto &param : a.params)
          idx.readsIn(n, param->defaultValue.get());
        idx.readsIn(n, a.clauses);
        idx.readsIn(n, a.env);
        idx.sets(n, a.outputs);
      }
    }
    // Only a gate goes on only when its probes met their expectations, which is when their
    // outputs are read; a wait ends on its own condition, whatever the probe's expectation.
    bool gate = node.gate && (node.kind == NodeKind::Check || node.kind == NodeKind::Must);
    for (unsigned p : node.probes) {
      const ProbeDecl &probe = *g->probes[p].decl;
      probeReads(idx, n, probe);
      if (probe.probeKind == ProbeKind::Cmd)
        idx.readsIn(n, root.env);
      if (gate)
        idx.sets(n, probe.outputs);
    }
  }
}

} // namespace drbook::graph
