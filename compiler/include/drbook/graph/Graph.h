//===- Graph.h - The step graph a runbook lowers to ------------------------===//
//
// The graph `drbookc` verifies and `drbook run` executes. Nodes are steps (probes, actions,
// manual steps, decisions, joins, terminals); edges carry the condition that selects them.
// Every node has a stable id derived from its place in the runbook and its names, so a plan
// built twice, or rebuilt after an unrelated edit elsewhere, names the same steps the same way.
//
// The graph is self-contained for verification: states, effects, requires predicates,
// durations and invariants are resolved onto it, so the verifier never looks at the AST and
// tests can build graphs by hand. AST pointers are kept only for locations and descriptions.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_GRAPH_GRAPH_H
#define DRBOOK_GRAPH_GRAPH_H

#include "drbook/ast/AST.h"

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace drbook::graph {

using NodeId = uint32_t;
using EdgeId = uint32_t;
constexpr uint32_t NoId = ~0u;

/// A set of values of one state, one bit per enum member (bool states: bit 0 false, bit 1 true).
using ValueMask = uint64_t;
/// Enum states with more members than this are rejected by lowering.
constexpr unsigned MaxStateValues = 64;
/// What a probe without `timeout` may take, for the time budget. The interpreter uses the same.
constexpr int64_t DefaultProbeTimeoutMs = 30000;

enum class NodeKind : uint8_t {
  Start,        ///< Where every run begins.
  PhaseEntry,   ///< Entering a phase (of a scenario, or of the runbook).
  Handler,      ///< Entering an `on failure` block.
  Check,        ///< `check P, Q`: a gate in containment/recovery unless `soft`.
  Must,         ///< `must P, Q`: validation that must pass.
  Action,       ///< `do A(args)` or an anonymous `run "cmd"`.
  Manual,       ///< An operator step.
  Decision,     ///< `decide NAME { … }`: one outgoing edge per possible value.
  Branch,       ///< `if` or `match`, or routing to the scenario the decision chose.
  Join,         ///< Where the arms of an `if`/`match` meet again.
  Fork,         ///< `parallel {`: one outgoing edge per branch.
  ParallelJoin, ///< The end of `parallel`: all branches have finished.
  Wait,         ///< `wait P until C within D`.
  Pass,         ///< The run completed (after validation).
  Fail,         ///< The run failed: a step failed and no handler ended the run explicitly.
  Abort,        ///< An explicit `abort "why"`.
  Escalate,     ///< An explicit `escalate "to whom"`.
  Ask,          ///< `ask NAME: TYPE "prompt"`: the operator types a value.
  Verify,       ///< `verify "…"`: the operator's verdict, yes or no; it validates the run.
  Note,         ///< `note "…"`: shown to the operator and recorded; nothing is asked.
  Finally,      ///< Entering a copy of a `finally` block, on the way to an end of the run.
  Call,         ///< `do PROCEDURE(args)`: binds the parameters; the body's copy follows.
};
const char *spelling(NodeKind kind);
/// Pass, Fail, Abort and Escalate end a run.
bool isTerminal(NodeKind kind);
/// Checks, musts, manual steps, decisions and waits: they observe the world or ask the
/// operator, so what earlier steps recorded must be durable before they run.
bool observes(NodeKind kind);
/// The steps `drbook run --phases` skips outside the chosen phases: those that observe or act.
bool skippable(NodeKind kind);

enum class EdgeKind : uint8_t {
  Next,    ///< Unconditional.
  Ok,      ///< The step succeeded.
  Failure, ///< The step failed (gate, must, action, manual, wait, undecidable decision).
  Value,   ///< A decision took the value in `label`.
  Then,    ///< The `if` condition held.
  Else,    ///< The `if` condition did not hold.
  Arm,     ///< A `match` arm; `label` lists its values, `_` for the wildcard.
  NoMatch, ///< No arm of a non-exhaustive `match` applied.
  Branch,  ///< Fork to parallel branch number `aux`.
};
const char *spelling(EdgeKind kind);

/// One state the verifier tracks: `state traffic: enum { serving, stopped } = serving`.
struct StateVar {
  /// As written from the runbook: `traffic`, or `k8s.replicas` for a module's state.
  std::string name;
  std::vector<std::string> values;
  unsigned initial = 0;
  llvm::SMRange range;
};

/// What an action does to one state: afterwards the state holds one of `values`, or keeps its
/// old value when `mayKeep` (an effect under a `when` or `match` that may not apply).
struct StateEffect {
  unsigned state = 0;
  ValueMask values = 0;
  bool mayKeep = false;
};

/// Three-valued truth: predicates may mention facts only known at run time.
enum class Truth : uint8_t { False, True, Unknown };

/// A boolean formula over state values, from `requires` and `before … require`. Atoms that
/// are not about states (a parameter, a probe) are `Unknown`: they may be either.
struct Predicate {
  enum class Op : uint8_t { True, False, Unknown, Atom, Not, And, Or };
  struct Term {
    Op op = Op::Unknown;
    unsigned state = 0;    ///< Atom: the state tested.
    ValueMask allowed = 0; ///< Atom: the values for which it holds.
    unsigned lhs = 0, rhs = 0;
    /// Where the term is written (empty in hand-built graphs).
    llvm::SMRange range;
  };
  std::vector<Term> terms;
  unsigned root = 0;
  /// The predicate as written, for messages.
  std::string text;
  llvm::SMRange range;

  /// Evaluates term `at` on one value per state (`values[state]` is a member index).
  Truth eval(unsigned at, llvm::ArrayRef<unsigned> values) const;
  /// The terms whose conjunction is the predicate (the root split at `and`).
  std::vector<unsigned> conjuncts() const;
  /// The states term `at` mentions, sorted, without repeats.
  std::vector<unsigned> statesOf(unsigned at) const;
  /// The source text of term `at`, or of the whole predicate when the term has none.
  std::string textOf(unsigned at) const;
};

/// A value that stays fixed for a whole run and that branches test: an enum or bool param, or
/// a decision once taken. Edges that test it carry the values they allow, so the verifier
/// can rule out paths that assume two different values (`match platform => k8s` and later
/// `if platform == compose`).
struct RunVar {
  std::string name;
  std::vector<std::string> values;
};

struct ActionInfo {
  std::string name; ///< `restore_db`, or `k8s.scale` for a module's action.
  std::string title;
  bool destructive = false, idempotent = false;
  const ast::ActionDecl *decl = nullptr;
  /// `covers`: the states whose data the action's backup preserves (indices into `states`);
  /// empty when it says nothing, and then a backup guards every destructive step.
  std::vector<unsigned> covers;
};

struct ProbeInfo {
  std::string name;
  std::optional<int64_t> timeoutMs;
  const ast::ProbeDecl *decl = nullptr;
};

struct ScenarioInfo {
  std::string name, title;
  llvm::SMRange range;
  const ast::ScenarioDecl *decl = nullptr;
  /// The scenario's own `objectives { rto … }`, in milliseconds, and where it is written;
  /// without one, the runbook's applies.
  std::optional<int64_t> rtoMs;
  llvm::SMRange rtoRange;
};

/// What an invariant talks about: an action, a phase, a probe or a scenario.
struct EventRef {
  enum class Kind : uint8_t { Action, Phase, Probe, Scenario, None } kind = Kind::None;
  unsigned index = 0; ///< Into actions/probes/scenarios, or the ast::PhaseKind.
  std::string name;
  /// Where occurrences count, for an invariant written in a scenario or a phase: the
  /// scenario's index and the phase (an ast::PhaseKind), -1 for anywhere.
  int32_t scenario = -1;
  int8_t phase = -1;
  bool inScope(int8_t nodePhase, int32_t nodeScenario) const {
    return (scenario < 0 || nodeScenario == scenario) && (phase < 0 || nodePhase == phase);
  }
};

/// A value that exists once a step has captured it: an output (`snapshot.id`, captured when
/// its action or probe succeeds) or an answer (`ticket`, captured by its `ask` step).
struct CaptureVar {
  std::string name;
  bool secret = false;
  const ast::CaptureDecl *decl = nullptr;
};

/// Node `node` captures (CaptureVar index `capture`), or reads it at `range`.
struct CaptureSite {
  NodeId node = NoId;
  unsigned capture = 0;
  llvm::SMRange range;
};

struct InvariantInfo {
  ast::InvariantKind kind = ast::InvariantKind::Before;
  std::string title;
  EventRef subject, other;
  /// `before X require P`: index into StepGraph::predicates.
  unsigned predicate = NoId;
  llvm::SMRange range;
};

struct Node {
  NodeKind kind = NodeKind::Start;
  /// The phase the node belongs to (an ast::PhaseKind), or -1.
  int8_t phase = -1;
  /// Inside an `on failure` block.
  bool inHandler = false;
  /// In a copy of a `finally` block: cleanup, which the RTO does not count.
  bool cleanup = false;
  /// Check nodes: a failure stops the phase.
  bool gate = false;
  /// Action nodes: flagged `destructive`.
  bool destructive = false;
  /// Decision and match nodes: every run gets a value or an arm.
  bool exhaustive = true;
  /// The Branch node of element N (1-based) of an `each`: taken when the list has N elements.
  uint16_t element = 0;
  /// The scenario (index into StepGraph::scenarios) or -1 when shared by all.
  int32_t scenario = -1;
  /// Action nodes: index into StepGraph::actions, or -1 for an anonymous `run`.
  int32_t action = -1;
  /// Fork ↔ ParallelJoin, Branch (if/match) → Join.
  NodeId partner = NoId;
  std::string id;
  /// What the step is, in the runbook's words: `do restore_db`, `check health, ready`.
  std::string label;
  /// Decision nodes: the decision's name. Branch nodes: the condition or match subject.
  std::string subject;
  /// Decision and match nodes that are not exhaustive: a value no arm covers, if one is known.
  std::string uncovered;
  /// The AST step (null for structural nodes and hand-built graphs) and where to point.
  const ast::Step *step = nullptr;
  llvm::SMRange range;
  /// Action nodes: what completing the action does to states, and what it requires first.
  std::vector<StateEffect> effects;
  std::vector<unsigned>
  requires;
  /// Manual nodes written with `approves`: the actions they confirm (indices into
  /// StepGraph::actions); such a node confirms nothing else.
  std::vector<unsigned> approves;
  /// Check/Must/Wait nodes: the probes run (indices into StepGraph::probes).
  std::vector<unsigned> probes;
  /// Worst-case time the step takes, in milliseconds; `timed` is false when the step has no
  /// bound (an action without a timeout).
  int64_t durationMs = 0;
  bool timed = true;
  /// Steps with an `estimate`: the time they usually take, in milliseconds; -1 without one.
  int64_t expectedMs = -1;
};

struct Edge {
  NodeId from = NoId, to = NoId;
  EdgeKind kind = EdgeKind::Next;
  /// Branch edges, and edges into a ParallelJoin: the parallel branch number.
  uint32_t aux = 0;
  /// Value: the decision value. Arm: the arm's values joined with `,` or `_`.
  std::string label;
  /// Where the choice is written (a `when` arm, an `ask` option, a `match` arm).
  llvm::SMRange range;
  /// The run value this edge tests (index into StepGraph::runVars) and the values for which
  /// it is taken; NoId when the edge tests none.
  uint32_t var = NoId;
  ValueMask allowed = 0;
};

/// A lowered runbook. Build with addNode/addEdge, then call finalize() before querying
/// adjacency.
class StepGraph {
public:
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  NodeId start = NoId;

  std::vector<StateVar> states;
  std::vector<Predicate> predicates;
  std::vector<ActionInfo> actions;
  std::vector<ProbeInfo> probes;
  std::vector<ScenarioInfo> scenarios;
  std::vector<InvariantInfo> invariants;
  std::vector<RunVar> runVars;
  /// Captured values, the nodes that capture each (on any edge but their failure edge) and
  /// the nodes that read them.
  std::vector<CaptureVar> captures;
  std::vector<CaptureSite> captureSets, captureUses;

  std::string runbookName;
  llvm::SMRange runbookRange;
  /// `objectives { rto … }` in milliseconds, and where it is written.
  std::optional<int64_t> rtoMs;
  llvm::SMRange rtoRange;

  NodeId addNode(Node node);
  EdgeId addEdge(NodeId from, NodeId to, EdgeKind kind, std::string label = {},
                 llvm::SMRange range = {}, uint32_t aux = 0);
  /// Builds the adjacency lists. Edges added afterwards need another finalize().
  void finalize();
  llvm::ArrayRef<EdgeId> out(NodeId n) const {
    return llvm::ArrayRef<EdgeId>(outList).slice(outStart[n], outStart[n + 1] - outStart[n]);
  }
  llvm::ArrayRef<EdgeId> in(NodeId n) const {
    return llvm::ArrayRef<EdgeId>(inList).slice(inStart[n], inStart[n + 1] - inStart[n]);
  }
  size_t size() const { return nodes.size(); }

  /// Whether node `n` is an occurrence of `event`.
  bool matches(NodeId n, const EventRef &event) const;
  /// The RTO a run that ends at `end` is held to: its scenario's own, else the runbook's.
  std::optional<int64_t> objectiveFor(NodeId end) const;
  /// `via`-note text for leaving node `edge.from` along `edge`: `decide scenario = db_mismatch`.
  std::string describeEdge(EdgeId edge) const;
  /// Where a note about leaving along `edge` points: the chosen arm if written, else the step.
  llvm::SMRange edgeRange(EdgeId edge) const;

private:
  std::vector<uint32_t> outStart, outList, inStart, inList;
};

/// The source text a range covers, on one line in the canonical spacing and without comments
/// (empty for an invalid range): plans and messages quote the same text however the file is
/// laid out.
std::string sourceText(llvm::SMRange range);

} // namespace drbook::graph

#endif
