//===- PlanFile.h - The plan a proof names, and plan files as run input ----===//
#ifndef DRBOOK_RUN_PLANFILE_H
#define DRBOOK_RUN_PLANFILE_H

#include "drbook/run/Program.h"

#include <memory>
#include <string>

namespace drbook::run {

/// The plan text of a compiled program: the bytes whose digest the proof names.
std::string renderPlan(const Program &p);

/// Reads a plan file, checks its digest, recompiles its embedded source and confirms the plan
/// it gives is byte for byte the file's.
std::unique_ptr<Program> loadPlanFile(const std::string &path, bool colors, LoadFailure &failure);

} // namespace drbook::run

#endif
