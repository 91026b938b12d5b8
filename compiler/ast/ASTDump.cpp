//===- ASTDump.cpp - Printing the AST with source locations ----------------===//
#include "drbook/ast/ASTDump.h"

#include <cctype>

#include "llvm/ADT/StringExtras.h"

namespace drbook::ast {

namespace {

class Dumper {
public:
  Dumper(const llvm::SourceMgr &sources, llvm::raw_ostream &os, bool withTypes)
      : sources(sources), os(os), withTypes(withTypes) {}

  void module(const Module &m) {
    line(0, std::string(m.isRunbook ? "Runbook " : "Module ") + m.name + quoted(m.title), m.range);
    if (!m.version.empty())
      line(1, "Version" + quoted(m.version), {});
    if (!m.ownerName.empty())
      line(1, "Owner" + quoted(m.ownerName), {});
    if (m.rto)
      expr(1, "Rto", m.rto.get());
    if (m.rpo)
      expr(1, "Rpo", m.rpo.get());
    for (const Import &i : m.imports)
      line(1,
           "Import " + (i.filePath.empty() ? joined(i.modulePath) : quoted(i.filePath)) + " as " +
               i.qualifier(),
           i.range);
    env(1, m.env);
    for (const DeclPtr &d : m.decls)
      decl(1, *d);
    for (const Phase &p : m.phases)
      phase(1, p);
    for (const Invariant &inv : m.invariants)
      invariant(1, inv);
    if (m.onFailure)
      block(1, "OnFailure", *m.onFailure);
  }

private:
  static std::string quoted(const std::string &s) { return s.empty() ? "" : " \"" + s + "\""; }
  static std::string joined(const std::vector<std::string> &parts) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i)
      out += (i ? "." : "") + parts[i];
    return out;
  }
  std::string typeSuffix(const Type *t) const { return withTypes && t ? " : " + t->str() : ""; }

  void line(unsigned depth, const std::string &text, SMRange range) {
    os.indent(depth * 2) << text;
    if (range.Start.isValid()) {
      unsigned buffer = sources.FindBufferContainingLoc(range.Start);
      if (buffer) {
        auto [l, c] = sources.getLineAndColumn(range.Start, buffer);
        os << " @" << sources.getMemoryBuffer(buffer)->getBufferIdentifier() << ":" << l << ":"
           << c;
      }
    }
    os << "\n";
  }

  void typeSyntax(unsigned depth, const TypeSyntax &t) {
    std::string text = t.name;
    if (t.kind == TypeSyntax::Kind::Enum)
      text = "enum{" + llvm::join(t.members, ",") + "}";
    else if (t.kind == TypeSyntax::Kind::List && t.element)
      text = "list<" + t.element->name + ">";
    line(depth, "Type " + text, t.range);
  }

  void decl(unsigned depth, const Decl &d) {
    std::string head = d.name + typeSuffix(d.type);
    switch (d.kind) {
    case Decl::Kind::Param: {
      auto &p = llvm::cast<ParamDecl>(d);
      line(depth, "Param " + head, d.range);
      typeSyntax(depth + 1, p.typeSyntax);
      if (p.defaultValue)
        expr(depth + 1, "Default", p.defaultValue.get());
      return;
    }
    case Decl::Kind::Secret: {
      auto &s = llvm::cast<SecretDecl>(d);
      line(depth,
           "Secret " + head + " from " + (s.source == SecretSource::Env ? "env" : "file") +
               quoted(s.location),
           d.range);
      return;
    }
    case Decl::Kind::State: {
      auto &s = llvm::cast<StateDecl>(d);
      line(depth, "State " + head, d.range);
      typeSyntax(depth + 1, s.typeSyntax);
      expr(depth + 1, "Initial", s.initial.get());
      return;
    }
    case Decl::Kind::Probe:
      return probe(depth, llvm::cast<ProbeDecl>(d));
    case Decl::Kind::Action:
      return action(depth, llvm::cast<ActionDecl>(d));
    case Decl::Kind::ActionParam: {
      auto &p = llvm::cast<ActionParamDecl>(d);
      line(depth, "ActionParam " + head, d.range);
      if (p.defaultValue)
        expr(depth + 1, "Default", p.defaultValue.get());
      return;
    }
    case Decl::Kind::Decision:
      line(depth, "Decision " + head, d.range);
      return;
    case Decl::Kind::Capture:
      return capture(depth, llvm::cast<CaptureDecl>(d));
    case Decl::Kind::Host: {
      auto &h = llvm::cast<HostDecl>(d);
      line(depth, "Host " + d.name, d.range);
      expr(depth + 1, "Ssh", h.target.get());
      if (h.port)
        expr(depth + 1, "Port", h.port.get());
      if (h.identity)
        expr(depth + 1, "Identity", h.identity.get());
      if (h.knownHosts)
        expr(depth + 1, "KnownHosts", h.knownHosts.get());
      return;
    }
    case Decl::Kind::Scenario: {
      auto &s = llvm::cast<ScenarioDecl>(d);
      line(depth, "Scenario " + d.name + quoted(s.title), d.range);
      for (const Phase &p : s.phases)
        phase(depth + 1, p);
      return;
    }
    case Decl::Kind::Module:
      line(depth, "Module " + d.name, d.range);
      return;
    case Decl::Kind::Procedure: {
      auto &p = llvm::cast<ProcedureDecl>(d);
      line(depth, "Procedure " + d.name + quoted(p.title), d.range);
      for (const CapturePtr &param : p.params) {
        line(depth + 1, "Param " + param->name + typeSuffix(param->type), param->range);
        if (param->defaultValue)
          expr(depth + 2, "Default", param->defaultValue.get());
      }
      block(depth + 1, "Body", p.body);
      return;
    }
    }
  }

  void probe(unsigned depth, const ProbeDecl &p) {
    std::string kind = spelling(p.probeKind);
    if (!p.method.empty())
      kind += " " + p.method;
    line(depth, "Probe " + p.name + " " + kind + typeSuffix(p.type), p.range);
    expr(depth + 1, "Target", p.target.get());
    for (const ProbeArg &a : p.args) {
      std::string label = a.word;
      label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
      if (a.value)
        expr(depth + 1, label, a.value.get());
      else
        line(depth + 1, label + " " + a.choice, a.range);
    }
    if (p.window)
      expr(depth + 1, "Window", p.window.get());
    if (!p.bearer.parts.empty())
      line(depth + 1, "Bearer " + p.bearer.str(), p.bearer.range);
    for (auto &[name, value] : p.headers)
      expr(depth + 1, "Header \"" + name + "\"", value.get());
    if (p.body)
      expr(depth + 1, "Body", p.body.get());
    if (p.expect)
      expr(depth + 1, "Expect", p.expect.get());
    if (p.timeout)
      expr(depth + 1, "Timeout", p.timeout.get());
    if (p.insecure)
      line(depth + 1, "Insecure", {});
    for (const CapturePtr &o : p.outputs)
      capture(depth + 1, *o);
    env(depth + 1, p.env);
  }

  void capture(unsigned depth, const CaptureDecl &c) {
    if (c.ask) {
      line(depth, "Answer " + c.name + typeSuffix(c.type), c.range);
      return;
    }
    line(depth,
         "Output " + c.name + typeSuffix(c.type) + " from " + spelling(c.source) + quoted(c.path),
         c.range);
    typeSyntax(depth + 1, c.typeSyntax);
    if (c.pattern)
      expr(depth + 1, "Pattern", c.pattern.get());
  }

  void env(unsigned depth, const std::vector<EnvBinding> &env) {
    for (const EnvBinding &b : env)
      expr(depth, "Env " + b.name, b.value.get());
  }

  void action(unsigned depth, const ActionDecl &a) {
    std::string flags =
        std::string(a.destructive ? " destructive" : "") + (a.idempotent ? " idempotent" : "");
    line(depth, "Action " + a.name + quoted(a.title) + flags, a.range);
    for (const auto &p : a.params)
      decl(depth + 1, *p);
    for (const CapturePtr &o : a.outputs)
      capture(depth + 1, *o);
    env(depth + 1, a.env);
    if (!a.host.parts.empty())
      line(depth + 1, "On " + a.host.str(), a.host.range);
    if (a.user)
      expr(depth + 1, "User", a.user.get());
    if (a.workdir)
      expr(depth + 1, "Workdir", a.workdir.get());
    clauses(depth + 1, a.clauses);
  }

  void clauses(unsigned depth, const std::vector<ActionClause> &cs) {
    using K = ActionClause::Kind;
    for (const ActionClause &c : cs) {
      switch (c.kind) {
      case K::Run:
        expr(depth, "Run", c.expr.get());
        break;
      case K::Requires:
        expr(depth, "Requires", c.expr.get());
        break;
      case K::Timeout:
        expr(depth, "Timeout", c.expr.get());
        break;
      case K::Retries:
        expr(depth, "Retries", c.expr.get());
        break;
      case K::Covers:
        line(depth, "Covers", c.range);
        names(depth + 1, c.covers);
        break;
      case K::Effects:
        for (const Effect &e : c.effects) {
          line(depth, "Effect " + e.state.str(), e.range);
          expr(depth + 1, "Value", e.value.get());
          if (e.when)
            expr(depth + 1, "When", e.when.get());
        }
        break;
      case K::Match:
      case K::If:
        expr(depth, c.kind == K::Match ? "Match" : "If", c.expr.get());
        for (const ActionClause::Arm &arm : c.arms) {
          line(depth + 1, "Arm " + (arm.wildcard ? std::string("_") : joined(arm.values)),
               arm.range);
          clauses(depth + 2, arm.clauses);
        }
        break;
      }
    }
  }

  void phase(unsigned depth, const Phase &p) {
    line(depth, std::string("Phase ") + spelling(p.kind), p.range);
    if (p.onFailure)
      block(depth + 1, "OnFailure", *p.onFailure);
    for (const StepPtr &s : p.body.steps)
      step(depth + 1, *s);
  }

  void block(unsigned depth, const std::string &label, const Block &b) {
    line(depth, label, b.range);
    for (const StepPtr &s : b.steps)
      step(depth + 1, *s);
  }

  void names(unsigned depth, const std::vector<NameRef> &refs) {
    for (const NameRef &r : refs)
      line(depth, "Ref " + r.str(), r.range);
  }

  void step(unsigned depth, const Step &s);
  void run(unsigned depth, const RunStep &r);
  void manual(unsigned depth, const ManualStep &m);
  void decide(unsigned depth, const DecideStep &d);
  void wait(unsigned depth, const WaitStep &w);
  void each(unsigned depth, const EachStep &e);
  void ask(unsigned depth, const AskStep &a);
  void pieces(unsigned depth, const StringExpr &s);
  void branching(unsigned depth, const Step &s);
  void operation(unsigned depth, const std::string &prefix, const std::string &t, const Expr *e);
  void invariant(unsigned depth, const Invariant &inv);
  void expr(unsigned depth, const std::string &label, const Expr *e);

  const llvm::SourceMgr &sources;
  llvm::raw_ostream &os;
  bool withTypes;
};

void Dumper::run(unsigned depth, const RunStep &r) {
  line(depth,
       std::string("Run") + (r.destructive ? " destructive" : "") +
           (r.idempotent ? " idempotent" : ""),
       r.range);
  expr(depth + 1, "Command", r.command.get());
  if (r.timeout)
    expr(depth + 1, "Timeout", r.timeout.get());
  if (r.retries)
    expr(depth + 1, "Retries", r.retries.get());
}

void Dumper::manual(unsigned depth, const ManualStep &m) {
  static const char *const kinds[] = {"Manual", "Verify", "Note"};
  line(depth,
       kinds[m.kind == Step::Kind::Manual   ? 0
             : m.kind == Step::Kind::Verify ? 1
                                            : 2],
       m.range);
  expr(depth + 1, "Text", m.text.get());
  if (m.estimate)
    expr(depth + 1, "Estimate", m.estimate.expected.get());
  if (m.estimate.worst)
    expr(depth + 1, "Worst", m.estimate.worst.get());
  if (!m.approves.empty()) {
    line(depth + 1, "Approves", m.range);
    names(depth + 2, m.approves);
  }
}

void Dumper::decide(unsigned depth, const DecideStep &d) {
  line(depth, "Decide " + d.name + typeSuffix(d.decl ? d.decl->type : nullptr), d.range);
  for (const WhenArm &w : d.whens) {
    line(depth + 1, "When => " + w.value, w.valueRange);
    expr(depth + 2, "Condition", w.condition.get());
  }
  if (d.otherwise)
    line(depth + 1, "Otherwise => " + *d.otherwise, d.otherwiseRange);
  if (d.hasAsk) {
    line(depth + 1, "Ask" + quoted(d.askPrompt), d.askRange);
    for (const AskOption &o : d.askOptions)
      line(depth + 2, "Option " + o.value + quoted(o.description), o.range);
  }
}

void Dumper::each(unsigned depth, const EachStep &e) {
  line(depth,
       std::string(e.parallel ? "ParallelEach " : "Each ") + e.var->name + typeSuffix(e.var->type) +
           (e.bound ? " bound " + std::to_string(e.bound) : ""),
       e.range);
  expr(depth + 1, "List", e.list.get());
  block(depth + 1, "Body", e.body);
}

void Dumper::ask(unsigned depth, const AskStep &a) {
  line(depth, "Ask " + a.value->name + typeSuffix(a.value->type) + quoted(a.prompt), a.range);
  typeSyntax(depth + 1, a.value->typeSyntax);
  if (a.pattern)
    expr(depth + 1, "Matches", a.pattern.get());
  if (a.low)
    expr(depth + 1, "Low", a.low.get());
  if (a.high)
    expr(depth + 1, "High", a.high.get());
}

void Dumper::wait(unsigned depth, const WaitStep &w) {
  line(depth, "Wait " + w.probe.str(), w.range);
  expr(depth + 1, "Until", w.until.get());
  expr(depth + 1, "Within", w.within.get());
  if (w.every)
    expr(depth + 1, "Every", w.every.get());
}

// The steps that hold blocks: if, match and parallel.
void Dumper::branching(unsigned depth, const Step &s) {
  if (auto *i = llvm::dyn_cast<IfStep>(&s)) {
    line(depth, "If", s.range);
    expr(depth + 1, "Condition", i->condition.get());
    block(depth + 1, "Then", i->thenBlock);
    if (i->elseBlock)
      block(depth + 1, "Else", *i->elseBlock);
  } else if (auto *m = llvm::dyn_cast<MatchStep>(&s)) {
    line(depth, "Match", s.range);
    expr(depth + 1, "Subject", m->subject.get());
    for (const MatchArm &arm : m->arms)
      block(depth + 1, "Arm " + (arm.wildcard ? std::string("_") : joined(arm.values)), arm.body);
  } else if (auto *p = llvm::dyn_cast<ParallelStep>(&s)) {
    line(depth, "Parallel", s.range);
    for (const Block &b : p->branches)
      block(depth + 1, "Branch", b);
  }
}

void Dumper::step(unsigned depth, const Step &s) {
  switch (s.kind) {
  case Step::Kind::Check:
  case Step::Kind::Must: {
    auto &p = llvm::cast<ProbeStep>(s);
    line(depth,
         std::string(s.kind == Step::Kind::Check ? "Check" : "Must") + (p.soft ? " soft" : ""),
         s.range);
    names(depth + 1, p.probes);
    break;
  }
  case Step::Kind::Do: {
    auto &d = llvm::cast<DoStep>(s);
    line(depth, "Do " + d.action.str() + (d.host.parts.empty() ? "" : " on " + d.host.str()),
         s.range);
    for (const ExprPtr &a : d.args)
      expr(depth + 1, "Arg", a.get());
    break;
  }
  case Step::Kind::Run:
    run(depth, llvm::cast<RunStep>(s));
    break;
  case Step::Kind::Manual:
  case Step::Kind::Verify:
  case Step::Kind::Note:
    manual(depth, llvm::cast<ManualStep>(s));
    break;
  case Step::Kind::Decide:
    decide(depth, llvm::cast<DecideStep>(s));
    break;
  case Step::Kind::If:
  case Step::Kind::Match:
  case Step::Kind::Parallel:
    branching(depth, s);
    break;
  case Step::Kind::Wait:
    wait(depth, llvm::cast<WaitStep>(s));
    break;
  case Step::Kind::Abort:
  case Step::Kind::Escalate:
    line(depth, s.kind == Step::Kind::Abort ? "Abort" : "Escalate", s.range);
    expr(depth + 1, "Message", llvm::cast<TerminalStep>(s).message.get());
    break;
  case Step::Kind::Each:
    each(depth, llvm::cast<EachStep>(s));
    break;
  case Step::Kind::Ask:
    ask(depth, llvm::cast<AskStep>(s));
    break;
  }
  if (s.onFailure)
    block(depth + 1, "OnFailure", *s.onFailure);
}

void Dumper::invariant(unsigned depth, const Invariant &inv) {
  switch (inv.kind) {
  case InvariantKind::Before:
    line(depth, "Invariant before " + inv.subject.str() + quoted(inv.title), inv.range);
    expr(depth + 1, "Require", inv.condition.get());
    break;
  case InvariantKind::AfterEventually:
    line(depth,
         "Invariant after " + inv.subject.str() + " eventually " + inv.other.str() +
             quoted(inv.title),
         inv.range);
    break;
  case InvariantKind::NeverAfter:
    line(depth,
         "Invariant never " + inv.subject.str() + " after " + inv.other.str() + quoted(inv.title),
         inv.range);
    break;
  }
}

// A string's text and placeholders, in order.
void Dumper::pieces(unsigned depth, const StringExpr &s) {
  for (size_t i = 0; i < s.pieces.size(); ++i) {
    if (!s.pieces[i].empty())
      line(depth, "Text \"" + llvm::StringRef(s.pieces[i]).str() + "\"", {});
    if (i < s.placeholders.size())
      line(depth,
           "Placeholder " + s.placeholders[i].path.str() + typeSuffix(s.placeholders[i].type),
           s.placeholders[i].path.range);
  }
}

// Calls and operators: the node, then its operands.
void Dumper::operation(unsigned depth, const std::string &prefix, const std::string &t,
                       const Expr *e) {
  if (auto *c = llvm::dyn_cast<CallExpr>(e)) {
    line(depth, prefix + "Call" + t, e->range);
    expr(depth + 1, "Callee", c->callee.get());
    for (const ExprPtr &a : c->args)
      expr(depth + 1, "Arg", a.get());
  } else if (auto *u = llvm::dyn_cast<UnaryExpr>(e)) {
    line(depth, prefix + (u->op == UnaryOp::Not ? "Not" : "Negate") + t, e->range);
    expr(depth + 1, "Operand", u->operand.get());
  } else if (auto *b = llvm::dyn_cast<BinaryExpr>(e)) {
    line(depth, prefix + "Binary " + spelling(b->op) + t, e->range);
    expr(depth + 1, "Lhs", b->lhs.get());
    expr(depth + 1, "Rhs", b->rhs.get());
  }
}

void Dumper::expr(unsigned depth, const std::string &label, const Expr *e) {
  if (!e)
    return;
  std::string prefix = label + ": ";
  std::string t = typeSuffix(e->type);
  switch (e->kind) {
  case Expr::Kind::Int:
    line(depth, prefix + "Int " + std::to_string(llvm::cast<IntExpr>(e)->value) + t, e->range);
    return;
  case Expr::Kind::Float:
    line(depth, prefix + "Float " + std::to_string(llvm::cast<FloatExpr>(e)->value) + t, e->range);
    return;
  case Expr::Kind::Duration:
    line(depth,
         prefix + "Duration " + std::to_string(llvm::cast<DurationExpr>(e)->millis) + "ms" + t,
         e->range);
    return;
  case Expr::Kind::String:
    line(depth, prefix + "String" + t, e->range);
    pieces(depth + 1, *llvm::cast<StringExpr>(e));
    return;
  case Expr::Kind::Regex:
    line(depth, prefix + "Regex /" + llvm::cast<RegexExpr>(e)->pattern + "/" + t, e->range);
    return;
  case Expr::Kind::Bool:
    line(depth, prefix + "Bool " + (llvm::cast<BoolExpr>(e)->value ? "true" : "false") + t,
         e->range);
    return;
  case Expr::Kind::List:
    line(depth, prefix + "List" + t, e->range);
    for (const ExprPtr &el : llvm::cast<ListExpr>(e)->elements)
      expr(depth + 1, "Element", el.get());
    return;
  case Expr::Kind::Name:
    line(depth, prefix + "Name " + llvm::cast<NameExpr>(e)->name.str() + t, e->range);
    return;
  case Expr::Kind::Field: {
    auto *f = llvm::cast<FieldExpr>(e);
    line(depth, prefix + "Field ." + f->field + t, e->range);
    expr(depth + 1, "Base", f->base.get());
    return;
  }
  case Expr::Kind::Call:
  case Expr::Kind::Unary:
  case Expr::Kind::Binary:
    operation(depth, prefix, t, e);
    return;
  case Expr::Kind::Error:
    line(depth, prefix + "Error", e->range);
    return;
  }
}

} // namespace

void dumpModule(const Module &module, const llvm::SourceMgr &sources, llvm::raw_ostream &os,
                bool withTypes) {
  Dumper(sources, os, withTypes).module(module);
}

} // namespace drbook::ast
