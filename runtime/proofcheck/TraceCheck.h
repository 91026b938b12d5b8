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
#include "drbook/run/Program.h"

#include <vector>

namespace drbook::proofcheck {

/// Adds a problem for every event of `events` that the plan of `p` does not allow.
void verifyTrace(const run::Program &p, const std::vector<JournalEvent> &events,
                 VerifyReport &report);

} // namespace drbook::proofcheck

#endif
