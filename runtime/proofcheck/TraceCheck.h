//===- TraceCheck.h - Checking a recorded run against its plan --------------===//
//
// Private to `drbook verify`: the checks that need the compiled runbook (transitions are plan
// edges, automatic decisions and probe verdicts follow from recorded observations, the
// invariants hold over the trace).
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_PROOFCHECK_TRACECHECK_H
#define DRBOOK_PROOFCHECK_TRACECHECK_H

#include "drbook/proof/Journal.h"
#include "drbook/proofcheck/ProofCheck.h"
#include "drbook/run/Params.h"
#include "drbook/run/Program.h"

#include <memory>
#include <set>

#include <vector>

namespace drbook::proofcheck {

class RecordedWorld;

/// Checks a recorded run against its plan one journal event at a time, adding a problem for
/// every event the plan does not allow. What it keeps is bounded by the plan (steps reached,
/// values captured, the steps an `after X eventually Y` still waits on), not by the journal.
class TraceChecker {
public:
  TraceChecker(const run::Program &p, VerifyReport &r);
  ~TraceChecker();
  void add(const JournalEvent &e);
  /// After the last event: the invariants only a whole run can break.
  void finish();

private:
  void bindRecordedParams(const JournalEvent &start);
  void step(const JournalEvent &e, graph::NodeId n);
  void checkInvariantsAt(const JournalEvent &e, graph::NodeId n);

  const run::Program &p;
  VerifyReport &r;
  run::Bindings bindings;
  std::unique_ptr<RecordedWorld> world;
  bool boundParams = false;
  std::set<graph::NodeId> reachable, started;
  /// Per `never Y after X` invariant, the first X that happened; per `after X eventually Y`,
  /// the Xs no Y has followed yet.
  std::vector<graph::NodeId> firstOther;
  std::vector<std::vector<graph::NodeId>> unanswered;
  size_t problemsBefore;
  std::string status;
};

} // namespace drbook::proofcheck

#endif
