//===- Verifier.h - Proving the properties of a step graph -----------------===//
//
// Every property of LANGUAGE.md §3 is one check over the step graph, linear in its size (or
// linear times a small automaton), never enumerating paths. A failed property is a Violation
// at the offending step, carrying the shortest counterexample path from the start; report()
// turns violations into diagnostics whose notes walk that path.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_VERIFY_VERIFIER_H
#define DRBOOK_VERIFY_VERIFIER_H

#include "drbook/basic/Diagnostics.h"
#include "drbook/graph/Graph.h"

#include <string>
#include <vector>

namespace drbook::verify {

struct Violation {
  /// The stable rule id (see Rules.h).
  std::string rule;
  /// The offending node, or NoId for a property of the whole runbook (the time budget).
  graph::NodeId node = graph::NoId;
  /// Where the diagnostic points; the node's range when left empty.
  llvm::SMRange range;
  std::string message;
  /// The counterexample: step-graph edges from the start, in order.
  std::vector<graph::EdgeId> path;
  /// The invariant that failed (index into StepGraph::invariants), for invariant rules.
  unsigned invariant = graph::NoId;
  /// Time budget only: each path step's note also says how long it may take.
  bool timed = false;
};

/// Each check reports at most this many violations, in node order: more are one mistake
/// repeated, and every counterexample path costs memory in proportion to its length.
constexpr size_t MaxViolationsPerCheck = 50;

struct VerifyOptions {
  /// Destructive safety: a completed action that sets a state whose name contains one of these
  /// (case-insensitive) to a value other than its initial one counts as a guard, as does any
  /// completed `manual` step. A runbook can replace the list with a
  /// `// drbook: destructive-guards[name, …]` comment.
  std::vector<std::string> guardStates = {"backup", "snapshot", "approv"};
};

/// The longest a run can take to complete, over every path (`scenario` -1), and over the paths
/// through each scenario; cleanup is not counted. What `rto-exceeded` holds against the
/// objectives, for a reader who wants the figures themselves (`drbookc diff`).
struct WorstCase {
  int32_t scenario = -1;
  int64_t ms = 0;
};
std::vector<WorstCase> worstCases(const graph::StepGraph &g);

/// For each node, the worst case left from its start to the run's completion (its own time
/// included), or -1 where no completion can follow; cleanup is not counted. The live
/// console's "worst case left": the critical path from where the run stands.
std::vector<int64_t> worstRemaining(const graph::StepGraph &g);

/// Runs every graph check. Violations come sorted by node, then rule.
std::vector<Violation> verifyGraph(const graph::StepGraph &g, const VerifyOptions &options = {});

/// Reports violations to `diags`, each with its counterexample path as notes.
/// Where a violation's diagnostic points: its own range, else its node's.
llvm::SMRange reportedAt(const graph::StepGraph &g, const Violation &v);

void report(const graph::StepGraph &g, const std::vector<Violation> &violations,
            DiagnosticEngine &diags);

/// The checks that read declarations rather than paths: unused probes and params, commands
/// without a timeout, `match` clauses inside actions that miss a member.
void checkDeclarations(const ast::Module &root, const graph::StepGraph &g, DiagnosticEngine &diags);

/// The options a runbook's own `// drbook: destructive-guards[…]` comment sets, if any.
VerifyOptions optionsFor(const ast::Module &root, const llvm::SourceMgr &sources);

/// Everything `drbookc check` proves about a lowered runbook: optionsFor, verifyGraph, report
/// and checkDeclarations in one call. Returns the violations found (already reported).
std::vector<Violation> verifyRunbook(const ast::Module &root, const graph::StepGraph &g,
                                     DiagnosticEngine &diags);

//===----------------------------------------------------------------------===//
// The checks one by one (verifyGraph runs them all). Exposed for tests.
//===----------------------------------------------------------------------===//

class FlowGraph;

/// requires-unmet and invariant-before: forward search over state values.
void checkRequires(const FlowGraph &flow, std::vector<Violation> &out);
/// invariant-eventually and invariant-never-after.
void checkOrderInvariants(const FlowGraph &flow, std::vector<Violation> &out);
/// phase-order.
void checkPhaseOrder(const FlowGraph &flow, std::vector<Violation> &out);
/// no-validation-on-path.
void checkValidation(const FlowGraph &flow, std::vector<Violation> &out);
/// destructive-unguarded.
void checkDestructive(const FlowGraph &flow, const VerifyOptions &options,
                      std::vector<Violation> &out);
/// decision-not-exhaustive.
void checkCovers(const FlowGraph &flow, const VerifyOptions &options, std::vector<Violation> &out);
void checkExhaustive(const FlowGraph &flow, std::vector<Violation> &out);
/// rto-exceeded and unbounded-loop.
void checkBudget(const FlowGraph &flow, std::vector<Violation> &out);
/// unreachable-step.
void checkReachable(const FlowGraph &flow, std::vector<Violation> &out);
/// parallel-race and parallel-branch-ends-run.
void checkParallel(const FlowGraph &flow, std::vector<Violation> &out);
/// value-unset.
void checkCapturedValues(const FlowGraph &flow, std::vector<Violation> &out);

} // namespace drbook::verify

#endif
