//===- ChecklistSteps.cpp - Steps as checklist items -----------------------===//
//
// Operator steps (`manual`, `verify`) are boxes to tick; commands and probes are code with
// what they must show; decisions list their options as boxes; branches nest under the
// condition that selects them.
//
//===----------------------------------------------------------------------===//
#include "ChecklistBuilder.h"

#include "llvm/ADT/StringExtras.h"

namespace drbook::render {

namespace {

std::string estimateText(const Estimate &e) {
  if (!e.expected)
    return "";
  return " (about " + written(*e.expected) + (e.worst ? ", at most " + written(*e.worst) : "") +
         ")";
}

} // namespace

void ChecklistBuilder::steps(const Block &block, std::vector<Item> &out, unsigned depth) {
  for (const StepPtr &s : block.steps)
    stepWithHandler(*s, out, depth);
}

void ChecklistBuilder::stepWithHandler(const Step &s, std::vector<Item> &out, unsigned depth) {
  step(s, out, depth);
  if (s.onFailure) {
    add(out, Item::Kind::Text, "If that fails:", depth + 1);
    steps(*s.onFailure, out, depth + 2);
  }
}

void ChecklistBuilder::probeStep(const ProbeStep &s, std::vector<Item> &out, unsigned depth) {
  for (size_t i = 0; i < s.probes.size(); ++i)
    if (auto *p = llvm::dyn_cast_or_null<ProbeDecl>(s.probes[i].decl))
      probe(*p, i < s.args.size() ? &s.args[i] : nullptr, s.kind == Step::Kind::Must && !s.soft,
            out, depth);
}

void ChecklistBuilder::doStep(const DoStep &s, std::vector<Item> &out, unsigned depth) {
  if (!s.host.parts.empty())
    add(out, Item::Kind::Text, "On host `" + s.host.str() + "`:", depth);
  if (auto *a = llvm::dyn_cast_or_null<ActionDecl>(s.action.decl))
    return action(*a, bind(a->params, s.args), out, depth);
  auto *proc = llvm::dyn_cast_or_null<ProcedureDecl>(s.action.decl);
  if (!proc)
    return add(out, Item::Kind::Text, "`do " + s.action.str() + "`", depth);
  add(out, Item::Kind::Text,
      "**" + (proc->title.empty() ? proc->name : proc->title) + "** (`do " + s.action.str() + "`)",
      depth);
  withLocals(bind(proc->params, s.args), [&] { steps(proc->body, out, depth + 1); });
}

void ChecklistBuilder::decide(const DecideStep &d, std::vector<Item> &out, unsigned depth) {
  add(out, Item::Kind::Text, "Decide **" + d.name + "**" + (d.hasAsk ? ": " + d.askPrompt : ""),
      depth);
  for (const WhenArm &w : d.whens)
    add(out, Item::Kind::Text,
        "drbook takes `" + w.value + "` when `" + written(*w.condition) + "`", depth + 1);
  for (const AskOption &o : d.askOptions)
    add(out, Item::Kind::Check,
        "**" + o.value + "**" + (o.description.empty() ? "" : ": " + o.description), depth + 1);
  if (d.otherwise)
    add(out, Item::Kind::Text, "Otherwise `" + *d.otherwise + "`", depth + 1);
}

void ChecklistBuilder::scenarioChoice(const DecideStep &d, std::vector<Item> &out) {
  if (!d.whens.empty())
    add(out, Item::Kind::Text,
        "drbook decides from the signals above when it can; otherwise the operator chooses.", 0);
  for (const WhenArm &w : d.whens)
    add(out, Item::Kind::Text, "`" + w.value + "` when `" + written(*w.condition) + "`", 1);
  if (d.otherwise)
    add(out, Item::Kind::Text, "`" + *d.otherwise + "` otherwise", 1);
  for (const AskOption &o : d.askOptions)
    add(out, Item::Kind::Check,
        "**" + o.value + "**" + (o.description.empty() ? "" : ": " + o.description), 0);
}

void ChecklistBuilder::branches(const Step &s, std::vector<Item> &out, unsigned depth) {
  if (auto *i = llvm::dyn_cast<IfStep>(&s)) {
    std::optional<Value> known = selector(i->condition.get());
    if (known && known->is_boolean()) {
      if (known->get<bool>())
        return steps(i->thenBlock, out, depth);
      if (i->elseBlock)
        steps(*i->elseBlock, out, depth);
      return;
    }
    add(out, Item::Kind::Text, "If `" + written(*i->condition) + "`:", depth);
    steps(i->thenBlock, out, depth + 1);
    if (i->elseBlock) {
      add(out, Item::Kind::Text, "Otherwise:", depth);
      steps(*i->elseBlock, out, depth + 1);
    }
    return;
  }
  auto &m = llvm::cast<MatchStep>(s);
  std::optional<Value> known = selector(m.subject.get());
  std::string value = known && known->is_string() ? known->get<std::string>() : "";
  for (const MatchArm &arm : m.arms) {
    bool taken = arm.wildcard || llvm::is_contained(arm.values, value);
    if (known && taken)
      return steps(arm.body, out, depth);
    if (known)
      continue;
    add(out, Item::Kind::Text,
        arm.wildcard ? "Otherwise:"
                     : "**" + llvm::join(arm.values, ", ") + ":**" +
                           defaultMark(m.subject.get(), arm.values),
        depth);
    steps(arm.body, out, depth + 1);
  }
}

void ChecklistBuilder::operatorStep(const ManualStep &m, std::vector<Item> &out, unsigned depth) {
  std::string text = fill(m.text.get(), run::Quoting::None);
  if (m.kind == Step::Kind::Note)
    return add(out, Item::Kind::Text, text, depth);
  add(out, Item::Kind::Check,
      (m.kind == Step::Kind::Verify ? "Verify: " : "") + text + estimateText(m.estimate), depth);
}

void ChecklistBuilder::waitStep(const WaitStep &w, std::vector<Item> &out, unsigned depth) {
  add(out, Item::Kind::Text,
      "Wait until `" + w.probe.str() + "` shows `" + written(*w.until) + "`, at most " +
          written(*w.within) + (w.every ? ", looking every " + written(*w.every) : ""),
      depth);
  if (auto *p = llvm::dyn_cast_or_null<ProbeDecl>(w.probe.decl))
    probe(*p, &w.args, true, out, depth + 1);
}

void ChecklistBuilder::step(const Step &s, std::vector<Item> &out, unsigned depth) {
  switch (s.kind) {
  case Step::Kind::Check:
  case Step::Kind::Must:
    return probeStep(llvm::cast<ProbeStep>(s), out, depth);
  case Step::Kind::Do:
    return doStep(llvm::cast<DoStep>(s), out, depth);
  case Step::Kind::Run:
    out.push_back({Item::Kind::Code,
                   "",
                   {fill(llvm::cast<RunStep>(s).command.get(), run::Quoting::Shell)},
                   depth});
    return;
  case Step::Kind::Manual:
  case Step::Kind::Verify:
  case Step::Kind::Note:
    return operatorStep(llvm::cast<ManualStep>(s), out, depth);
  case Step::Kind::Decide:
    return decide(llvm::cast<DecideStep>(s), out, depth);
  case Step::Kind::If:
  case Step::Kind::Match:
    return branches(s, out, depth);
  case Step::Kind::Parallel:
    add(out, Item::Kind::Text, "At the same time:", depth);
    for (const Block &b : llvm::cast<ParallelStep>(s).branches)
      steps(b, out, depth + 1);
    return;
  case Step::Kind::Wait:
    return waitStep(llvm::cast<WaitStep>(s), out, depth);
  case Step::Kind::Abort:
  case Step::Kind::Escalate:
    return add(out, Item::Kind::Text,
               std::string(s.kind == Step::Kind::Abort ? "**Abort:** " : "**Escalate:** ") +
                   fill(llvm::cast<TerminalStep>(s).message.get(), run::Quoting::None),
               depth);
  case Step::Kind::Ask: {
    auto &a = llvm::cast<AskStep>(s);
    return add(out, Item::Kind::Check, a.prompt + " Record it as `" + a.value->name + "`.", depth);
  }
  case Step::Kind::Each: {
    auto &e = llvm::cast<EachStep>(s);
    add(out, Item::Kind::Text,
        std::string("For each `") + e.var->name + "` in `" + written(*e.list) + "`" +
            (e.parallel ? ", side by side:" : ":"),
        depth);
    return steps(e.body, out, depth + 1);
  }
  }
}

} // namespace drbook::render
