//===- Lowering.h - The lowering of one runbook, shared by its parts -------===//
//
// Private to the graph library. Lowering is split by subject: LowerRunbook.cpp (tables,
// phases, scenario routing), LowerSteps.cpp (one function per step kind), LowerActions.cpp
// (effects, requires and timeouts of a call), LowerPredicates.cpp (constants and predicates).
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_GRAPH_LOWERING_H
#define DRBOOK_GRAPH_LOWERING_H

#include "drbook/basic/Diagnostics.h"
#include "drbook/graph/Graph.h"

#include "llvm/ADT/StringMap.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace drbook::graph {

/// A value known while compiling: an enum member (or other bare name), a number, a duration,
/// a boolean or a plain string. Anything bound at run time is Unknown.
struct ConstValue {
  enum class Kind { Unknown, Name, Int, Float, Duration, Bool, String } kind = Kind::Unknown;
  std::string text;  ///< Name and String.
  double number = 0; ///< Int, Float and Duration (milliseconds).
  bool flag = false; ///< Bool.
  bool known() const { return kind != Kind::Unknown; }
};

/// Action parameters bound at one call site (`do restore_db(full)`).
using ConstEnv = std::map<std::string, ConstValue, std::less<>>;

/// What one call of an action does, with the call's constant arguments applied.
struct CallSummary {
  std::vector<StateEffect> effects; ///< Sorted by state.
  std::vector<unsigned>
  requires; ///< Predicate indices.
  std::optional<int64_t> timeoutMs;
  int64_t retries = 0;
};

/// An edge whose target is the next node to be created.
struct Dangling {
  Dangling(NodeId from, EdgeKind kind = EdgeKind::Next, std::string label = {},
           llvm::SMRange range = {}, uint32_t aux = 0)
      : from(from), kind(kind), label(std::move(label)), range(range), aux(aux) {}
  NodeId from;
  EdgeKind kind;
  std::string label;
  llvm::SMRange range;
  uint32_t aux;
  /// The run value the edge tests and the values it allows (see Edge).
  uint32_t var = NoId;
  ValueMask allowed = 0;
};

/// A test of one run value: the condition holds exactly for the values in `allowed`.
struct RunTest {
  uint32_t var;
  ValueMask allowed;
};
using Tails = std::vector<Dangling>;

/// From the start of `whole` to `end`: a step's header (`decide mode`, `if a == b`) rather
/// than its whole block, which is where diagnostics should point.
inline llvm::SMRange headerRange(llvm::SMRange whole, llvm::SMLoc end) {
  if (!whole.Start.isValid() || !end.isValid() || end.getPointer() < whole.Start.getPointer())
    return whole;
  return {whole.Start, end};
}

/// The single unconditional edge out of `node`.
inline Tails next(NodeId node) { return {Dangling(node)}; }

/// Where lowered steps live: their id prefix, phase, scenario and where failures go.
struct Scope {
  std::string prefix;
  int8_t phase = -1;
  int32_t scenario = -1;
  bool inHandler = false;
  /// Inside a copy of a `finally` block: a failing step goes on to the next cleanup step, and
  /// an `on failure` that ends without `abort` or `escalate` does too.
  bool cleanup = false;
  /// Where a failing step goes when it has no `on failure` of its own.
  NodeId failTarget = NoId;
};

/// The `kind:name` part of a step's id: `do:restore_db`, `check:health,ready`.
std::string stepIdSuffix(const ast::Step &s);

/// Gives a node the place its scope says: phase, scenario, handler, cleanup.
inline void placeIn(Node &n, const Scope &scope) {
  n.phase = scope.phase;
  n.scenario = scope.scenario;
  n.inHandler = scope.inHandler;
  n.cleanup = scope.cleanup;
}

/// Where a step is lowered: the scope it runs in, its stable id (`detection/2:do:restore`), and
/// the prefix of the ids of the steps nested in it (`detection/2`).
struct StepSite {
  const Scope &scope;
  std::string id;
  std::string prefix;
};

class Lowerer {
public:
  Lowerer(const ast::Module &root, llvm::ArrayRef<std::unique_ptr<ast::Module>> imported,
          DiagnosticEngine &diags);
  std::unique_ptr<StepGraph> run();

  // LowerPredicates.cpp
  ConstValue evalConst(const ast::Expr &e, const ConstEnv *env) const;
  ConstValue evalName(const ast::NameExpr &n, const ConstEnv *env) const;
  ConstValue evalBinary(const ast::BinaryExpr &b, const ConstEnv *env) const;
  /// The state a name expression refers to, or -1.
  int stateOf(const ast::Expr &e) const;
  /// Compiles `e` into StepGraph::predicates; returns its index.
  unsigned compilePredicate(const ast::Expr &e, const ConstEnv *env);

private:
  // LowerRunbook.cpp
  void collectTables();
  void addState(const ast::StateDecl &d);
  void collectInvariants(const ast::Module &m);
  EventRef eventFor(const ast::NameRef &ref) const;
  Tails lowerPhases(const std::vector<const ast::Phase *> &phases, const std::string &scope,
                    int32_t scenario, Tails in);
  Tails lowerPhase(const ast::Phase &phase, const std::string &prefix, int32_t scenario, Tails in);
  void routeScenarios(Tails in);
  Tails routingNode(Tails in, const std::vector<std::string> &names);
  void lowerScenario(int32_t index, Tails entry);
  /// The runbook's `on failure`, and the end of a failed run, for steps of `scenario`: one per
  /// scenario with a `finally` of its own, one shared by the rest.
  NodeId runbookHandler(int32_t scenario);
  NodeId failNode(int32_t scenario);
  /// The scenario whose cleanup a failure in `scenario` runs, or -1 when only the runbook's.
  int32_t cleanupKey(int32_t scenario) const;

  // LowerCleanup.cpp
  /// Connects an end of the run (`pass`, `fail`, `abort`, `escalate`) after a copy of the
  /// cleanup that applies to it; returns the first node: the cleanup's, or the end itself.
  NodeId endRun(Node terminal, Tails &in);
  Tails lowerCleanup(const ast::Block &block, const Scope &scope, const std::string &what,
                     Tails in);
  NodeId lowerHandler(const ast::Block &block, const Scope &outer, const std::string &prefix,
                      const std::string &what);

  // LowerSteps.cpp
  Tails lowerBlock(const ast::Block &block, const Scope &scope, const std::string &prefix,
                   Tails in);
  Tails lowerStep(const ast::Step &step, const StepSite &site, Tails in);
  Tails lowerStepKind(const ast::Step &step, const StepSite &site, Tails in);
  NodeId addStepNode(Node node, const ast::Step &step, const StepSite &site, Tails &in);
  /// The join of a parallel (or parallel `each`) whose branches end in `done`.
  Tails parallelJoin(NodeId fork, Tails done, const StepSite &site, llvm::SMRange range);
  NodeId connect(Node node, Tails &in);
  /// Leads the dangling edges `in` to the existing node `to`.
  void attach(Tails &in, NodeId to);
  NodeId failureTarget(const ast::Step &step, const StepSite &site);
  Tails lowerProbeStep(const ast::ProbeStep &s, const StepSite &site, Tails in);
  Tails lowerDo(const ast::DoStep &s, const StepSite &site, Tails in);
  /// `do PROCEDURE(args)`: a Call node, then a copy of the body whose failures go where the
  /// call's would.
  Tails lowerCall(const ast::DoStep &s, const ast::ProcedureDecl &proc, const StepSite &site,
                  Tails in);
  Tails lowerRun(const ast::RunStep &s, const StepSite &site, Tails in);
  Tails lowerManual(const ast::ManualStep &s, const StepSite &site, Tails in);
  void applyEstimate(const ast::Estimate &e, Node &n) const;
  Tails lowerDecide(const ast::DecideStep &s, const StepSite &site, Tails in);
  void coverWhens(const ast::DecideStep &s, Node &n);
  Tails lowerIf(const ast::IfStep &s, const StepSite &site, Tails in);
  Tails lowerMatch(const ast::MatchStep &s, const StepSite &site, Tails in);
  Tails lowerParallel(const ast::ParallelStep &s, const StepSite &site, Tails in);
  Tails lowerWait(const ast::WaitStep &s, const StepSite &site, Tails in);
  Tails lowerAsk(const ast::AskStep &s, const StepSite &site, Tails in);
  Tails lowerEach(const ast::EachStep &s, const StepSite &site, Tails in);
  Tails lowerParallelEach(const ast::EachStep &s, const StepSite &site, Tails in);
  void forgetHandlers(const ast::Block &body);
  /// The Branch node that tests whether an `each` list has element `k` (1-based).
  NodeId elementNode(const ast::EachStep &s, const StepSite &site, unsigned k, Tails &in);
  Tails joinArms(NodeId branch, Tails arms, const StepSite &site);
  /// The members a match subject can take (a decision's values, an enum param's members).
  std::vector<std::string> subjectMembers(const ast::Expr &subject) const;

  // LowerCaptures.cpp
  void collectCaptures();

  // LowerRunVars.cpp
  /// The run value `subject` names (an enum or bool param, a decision), created on first use.
  std::optional<uint32_t> runVarOf(const ast::Expr &subject);
  /// The run value a decision sets.
  uint32_t decisionVar(const std::string &name, const std::vector<std::string> &values);
  /// `platform == k8s`, `not (strategy == restore)`, `flag`: the values the condition holds for.
  std::optional<RunTest> testOf(const ast::Expr &condition);
  ValueMask runVarMask(uint32_t var) const;
  /// The value of run value `var` that `value` names, as a one-bit mask (0: none).
  ValueMask runValueMask(uint32_t var, const ast::Expr &value) const;
  std::map<const void *, uint32_t> runVarIndex;

  // LowerActions.cpp
  CallSummary summarizeCall(const ast::ActionDecl &action, const ConstEnv &env);
  void summarizeClauses(const std::vector<ast::ActionClause> &clauses, const ConstEnv &env,
                        std::map<unsigned, StateEffect> &effects, CallSummary &out);
  void addEffect(const ast::Effect &effect, const ConstEnv &env,
                 std::map<unsigned, StateEffect> &effects);
  ConstEnv bindArguments(const ast::ActionDecl &action, const ast::DoStep &call);
  std::optional<int64_t> durationOf(const ast::Expr *e) const;

  const ast::Module &root;
  std::vector<const ast::Module *> modules;
  DiagnosticEngine &diags;
  std::unique_ptr<StepGraph> g;
  std::map<const ast::Decl *, unsigned> stateIndex, actionIndex, probeIndex;
  std::map<std::string, unsigned> scenarioIndex;
  /// Decisions by name, with their possible values, as lowering meets them.
  std::map<std::string, std::vector<std::string>, std::less<>> decisions;
  /// The decision node named `scenario` in top-level detection, if any.
  NodeId scenarioDecision = NoId;
  std::map<int32_t, NodeId> runbookHandlers, failNodes;
  /// How often each node id was taken: one entry per node, so a hash table.
  llvm::StringMap<unsigned> usedIds;
  /// The procedures being lowered, outermost first (sema refuses recursion; this stops it).
  std::vector<const ast::ProcedureDecl *> calls;
  /// The `on failure` block lowered for each step that has one.
  std::map<const ast::Step *, NodeId> stepHandlers;
};

} // namespace drbook::graph

#endif
