//===- PlanFile.h - Running and verifying from a plan file -----------------===//
//
// A plan written by `drbookc build` embeds the source texts of the runbook and its modules.
// Loading one recompiles those texts (in a private temporary directory laid out as the plan
// names them) and accepts the plan only when the result is byte for byte the plan: a plan
// cannot say anything its source does not. The proof directory keeps the plan, so `drbook
// verify` and `--resume` work from it alone.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_PLANFILE_H
#define DRBOOK_RUN_PLANFILE_H

#include "drbook/run/Program.h"

#include <memory>
#include <string>

namespace drbook::run {

/// Reads a plan file and loads it with programFromPlan.
std::unique_ptr<Program> loadPlanFile(const std::string &path, bool colors, LoadFailure &failure);

/// Checks the plan's schema, digest and embedded source digests, recompiles its sources and
/// confirms they give exactly `planText`, which the program then holds (moved, never copied:
/// a plan is megabytes). `shown` names the plan in messages.
std::unique_ptr<Program> programFromPlan(std::string planText, const std::string &shown,
                                         bool colors, LoadFailure &failure);

} // namespace drbook::run

#endif
