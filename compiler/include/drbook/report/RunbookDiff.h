//===- RunbookDiff.h - What a change to a runbook changes ------------------===//
//
// `drbookc diff OLD NEW` compares two compiled runbooks the way a reviewer reads a pull
// request: the steps added, removed and moved (by a step id that survives steps inserted
// before it), what changed in a step's guards, effects, requirements and timing, the
// declarations and objectives that changed, the worst-case time against the RTO, and the
// verifier's verdicts that appeared or went away.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_REPORT_RUNBOOKDIFF_H
#define DRBOOK_REPORT_RUNBOOKDIFF_H

#include "llvm/Support/raw_ostream.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace drbook::report {

/// One side of the comparison.
struct DiffSide {
  /// The plan as `drbookc build` writes it (drbook.plan/v1), parsed.
  nlohmann::json plan;
  /// The verifier's and compiler's findings: rule and message of each.
  std::set<std::pair<std::string, std::string>> verdicts;
  /// The worst-case time of a run, over every path ("") and per scenario (by name).
  std::map<std::string, int64_t> worstMs;
};

/// A change, said in runbook terms, and the step it is about (its id in the new runbook, or
/// the old one's for a removed step; empty for a declaration).
struct Change {
  std::string text;
  std::string nodeId;
};

struct RunbookDiff {
  std::vector<Change> added, removed, moved, changed, declarations, timing;
  std::vector<Change> newProblems, fixedProblems;
  bool empty() const;
  /// Ids of the new runbook's steps that were added, moved or changed: what a picture marks.
  std::set<std::string> markedNodes() const;
};

RunbookDiff diffRunbooks(const DiffSide &before, const DiffSide &after);

void writeDiffText(const RunbookDiff &d, llvm::raw_ostream &os);
/// For a pull-request comment: headed sections of bullet points.
void writeDiffMarkdown(const RunbookDiff &d, llvm::raw_ostream &os);

/// A step's id without its positions (`db/recovery/3/then/0:do:restore` →
/// `db/recovery/then/do:restore`): the same step keeps it when steps are inserted before it.
std::string stableStepKey(const std::string &nodeId);

} // namespace drbook::report

#endif
