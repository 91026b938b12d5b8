//===- Verifier.cpp - Running the checks and reporting what they found ----===//
#include "drbook/verify/Verifier.h"

#include "Describe.h"

#include "drbook/basic/RuleTable.h"
#include "drbook/verify/Flow.h"

#include <algorithm>
#include <tuple>

namespace drbook::verify {

using namespace drbook::graph;

std::vector<Violation> verifyGraph(const StepGraph &g, const VerifyOptions &options) {
  std::vector<Violation> all;
  if (g.start == NoId)
    return all;
  FlowGraph flow(g);
  checkRequires(flow, all);
  checkOrderInvariants(flow, all);
  checkPhaseOrder(flow, all);
  checkValidation(flow, all);
  checkDestructive(flow, options, all);
  checkCovers(flow, options, all);
  checkExhaustive(flow, all);
  checkBudget(flow, all);
  checkReachable(flow, all);
  checkParallel(flow, all);
  checkCapturedValues(flow, all);
  // One violation per step, rule and invariant: the one with the shortest counterexample. A
  // step lowered more than once (in each copy of a `finally`, in each iteration of `each`)
  // is one step.
  auto key = [&](const Violation &v) {
    const void *step = v.node == NoId ? nullptr : g.nodes[v.node].step;
    uintptr_t at = step ? reinterpret_cast<uintptr_t>(step) : uintptr_t(v.node) ^ ~uintptr_t(0);
    return std::make_tuple(at, v.rule, v.invariant, v.message);
  };
  std::stable_sort(all.begin(), all.end(), [&](const Violation &a, const Violation &b) {
    if (key(a) != key(b))
      return key(a) < key(b);
    return a.path.size() < b.path.size();
  });
  all.erase(std::unique(all.begin(), all.end(),
                        [&](const Violation &a, const Violation &b) { return key(a) == key(b); }),
            all.end());
  return all;
}

// Structural nodes say nothing a reader needs on the path.
static bool worthANote(const Node &n) {
  return n.kind != NodeKind::Start && n.kind != NodeKind::Join && n.kind != NodeKind::ParallelJoin;
}

static std::vector<DiagnosticNote> pathNotes(const StepGraph &g, const Violation &v) {
  std::vector<DiagnosticNote> notes;
  std::set<NodeId> forks;
  for (EdgeId e : v.path) {
    const Node &from = g.nodes[g.edges[e].from];
    if (!worthANote(from))
      continue;
    // A `parallel` is noted once, however many of its branches the path enters.
    if (g.edges[e].kind == EdgeKind::Branch && !forks.insert(g.edges[e].from).second)
      continue;
    std::string text = "via " + g.describeEdge(e);
    if (v.timed) {
      if ((from.timed && from.durationMs == 0) || from.cleanup)
        continue; // takes no time, or cleanup that the RTO does not count
      if (from.timed)
        text += " (+" + formatDuration(from.durationMs) + ")";
      else if (from.durationMs > 0) // the pauses between retries count, the attempts do not
        text += " (+" + formatDuration(from.durationMs) +
                " of pauses between attempts; no timeout: each attempt counted as 0)";
      else
        text += " (no timeout: counted as 0)";
    }
    notes.push_back({g.edgeRange(e), std::move(text)});
  }
  // A path that goes on past the offending step ends somewhere worth naming.
  if (!v.path.empty() && !v.timed) {
    NodeId last = g.edges[v.path.back()].to;
    if (last != v.node)
      notes.push_back({g.nodes[last].range, "then " + g.nodes[last].label});
  }
  return notes;
}

llvm::SMRange reportedAt(const StepGraph &g, const Violation &v) {
  if (!v.range.Start.isValid() && v.node != NoId)
    return g.nodes[v.node].range;
  return v.range;
}

void report(const StepGraph &g, const std::vector<Violation> &violations, DiagnosticEngine &diags) {
  for (const Violation &v : violations) {
    Diagnostic d;
    const RuleInfo *rule = findRule(v.rule);
    d.severity = rule ? rule->severity : Severity::Error;
    d.rule = v.rule;
    d.message = v.message;
    d.range = reportedAt(g, v);
    d.notes = pathNotes(g, v);
    d.notesArePath = !d.notes.empty();
    diags.report(std::move(d));
  }
}

VerifyOptions optionsFor(const ast::Module &root, const llvm::SourceMgr &sources) {
  VerifyOptions options;
  if (root.bufferId == 0 || root.bufferId > sources.getNumBuffers())
    return options;
  llvm::StringRef text = sources.getMemoryBuffer(root.bufferId)->getBuffer();
  const llvm::StringRef marker = "// drbook: destructive-guards[";
  size_t at = text.find(marker);
  if (at == llvm::StringRef::npos)
    return options;
  llvm::StringRef list =
      text.substr(at + marker.size()).take_until([](char c) { return c == ']' || c == '\n'; });
  llvm::SmallVector<llvm::StringRef, 4> names;
  list.split(names, ',', -1, false);
  options.guardStates.clear();
  for (llvm::StringRef n : names)
    if (!n.trim().empty())
      options.guardStates.push_back(n.trim().str());
  return options;
}

std::vector<Violation> verifyRunbook(const ast::Module &root, const StepGraph &g,
                                     DiagnosticEngine &diags) {
  std::vector<Violation> violations = verifyGraph(g, optionsFor(root, diags.sourceManager()));
  report(g, violations, diags);
  checkDeclarations(root, g, diags);
  return violations;
}

} // namespace drbook::verify
