//===- VerifyTrace.h - Checking a recorded run against its plan ------------===//
//
// Private to `drbook verify`: the checks that need the compiled runbook (transitions are plan
// edges, automatic decisions and probe verdicts follow from recorded observations, the
// invariants hold over the trace).
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_VERIFYTRACE_H
#define DRBOOK_RUN_VERIFYTRACE_H

#include "drbook/run/Program.h"
#include "drbook/run/Verify.h"
#include "drbook/runtime/Journal.h"

#include <vector>

namespace drbook::run {

/// Adds a problem for every event of `events` that the plan of `p` does not allow.
void verifyTrace(const Program &p, const std::vector<JournalEvent> &events, VerifyReport &report);

} // namespace drbook::run

#endif
