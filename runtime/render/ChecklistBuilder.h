//===- ChecklistBuilder.h - Steps, actions and probes as checklist items ---===//
#ifndef DRBOOK_RENDER_CHECKLISTBUILDER_H
#define DRBOOK_RENDER_CHECKLISTBUILDER_H

#include "drbook/render/Checklist.h"

#include <optional>
#include <set>

namespace drbook::render {

using namespace drbook::ast;
using run::Value;

/// Params have the values given or, unless `givenOnly`, their defaults; nothing else has a
/// value before a run.
class ParamValues : public run::ValueSource {
public:
  ParamValues(const std::map<const Decl *, Value> &given, bool givenOnly)
      : values(given), givenOnly(givenOnly) {}
  Value declValue(const Decl &d) override;
  Value probeRecord(const ProbeDecl &p, const Value &) override {
    throw run::EvalError("probe '" + p.name + "' has not run");
  }
  /// Binds the parameters of a probe or a procedure for the items of one use of it (or, with
  /// no value, unbinds one).
  void bindLocal(const Decl *d, std::optional<Value> v) {
    if (v)
      values[d] = *v;
    else
      values.erase(d);
  }

private:
  std::map<const Decl *, Value> values;
  std::set<const Decl *> resolving;
  bool givenOnly;
};

/// Turns steps, actions and probes into items.
class ChecklistBuilder {
public:
  /// `values` fill commands (given params, then defaults); `chosen` decides which arm of a
  /// `match` or `if` is the one to show (given params only: a checklist printed before an
  /// incident shows every platform's commands unless told which).
  ChecklistBuilder(const Module &root, ParamValues &values, ParamValues &chosen)
      : root(root), values(values), chosen(chosen) {}

  void steps(const Block &block, std::vector<Item> &out, unsigned depth);
  /// One step, then its `on failure` block under it.
  void stepWithHandler(const Step &s, std::vector<Item> &out, unsigned depth);
  /// `decide scenario`: one box per scenario, with what drbook decides by itself.
  void scenarioChoice(const DecideStep &d, std::vector<Item> &out);

private:
  void step(const Step &s, std::vector<Item> &out, unsigned depth);
  void probeStep(const ProbeStep &s, std::vector<Item> &out, unsigned depth);
  void doStep(const DoStep &s, std::vector<Item> &out, unsigned depth);
  void decide(const DecideStep &d, std::vector<Item> &out, unsigned depth);
  void operatorStep(const ManualStep &m, std::vector<Item> &out, unsigned depth);
  void waitStep(const WaitStep &w, std::vector<Item> &out, unsigned depth);
  void branches(const Step &s, std::vector<Item> &out, unsigned depth);
  void action(const ActionDecl &a, const run::ActionArgs &args, std::vector<Item> &out,
              unsigned depth);
  void clauses(const std::vector<ActionClause> &cs, const run::ActionArgs &args,
               std::vector<Item> &out, unsigned depth);
  void probe(const ProbeDecl &p, const std::vector<ExprPtr> *args, bool must,
             std::vector<Item> &out, unsigned depth);
  void probeItems(const ProbeDecl &p, const std::vector<ExprPtr> *callArgs,
                  const run::ActionArgs &args, bool must, std::vector<Item> &out, unsigned depth);
  std::string probeCommand(const ProbeDecl &p, const run::ActionArgs &args);

  /// Runs `fill` with the parameters in `args` bound (a probe's, a procedure's).
  template <class Fn> void withLocals(const run::ActionArgs &args, Fn fill) {
    for (auto &[d, v] : args)
      values.bindLocal(d, v), chosen.bindLocal(d, v);
    fill();
    for (auto &[d, v] : args)
      values.bindLocal(d, std::nullopt), chosen.bindLocal(d, std::nullopt);
  }
  /// A command or text with its placeholders filled as a run fills them.
  std::string fill(const Expr *e, run::Quoting quoting, const run::ActionArgs *args = nullptr);
  /// The value of `e` before the run, if it has one (a param, a literal), from `source`.
  std::optional<Value> valueOf(const Expr *e, const run::ActionArgs *args = nullptr,
                               run::ValueSource *source = nullptr);
  /// The value that selects a branch: known only from params given on the command line.
  std::optional<Value> selector(const Expr *e, const run::ActionArgs *args = nullptr) {
    return valueOf(e, args, &chosen);
  }
  /// ` (the default)` when arm `values` is the one the params' defaults take.
  std::string defaultMark(const Expr *subject, const std::vector<std::string> &armValues,
                          const run::ActionArgs *args = nullptr);
  template <class Params>
  run::ActionArgs bind(const Params &params, const std::vector<ExprPtr> &args);
  std::string nameOf(const Decl &d) const { return qualifiedName(root, d); }

  const Module &root;
  ParamValues &values, &chosen;
  /// Parameters bound to an argument with no value before the run, and the argument's text.
  std::map<const Decl *, std::string> unknownArguments;
};

/// An expression as written, on one line.
std::string written(const Expr &e);
/// A step's box or line: `text`, at `depth`.
inline void add(std::vector<Item> &out, Item::Kind kind, std::string text, unsigned depth) {
  out.push_back({kind, std::move(text), {}, depth});
}

} // namespace drbook::render

#endif
