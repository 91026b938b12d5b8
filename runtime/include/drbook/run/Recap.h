//===- Recap.h - Where a resumed run stands --------------------------------===//
//
// `drbook run --resume` opens with what the operator needs before anything runs again: the
// phase the run was in, the decisions taken with their values and where each came from, the
// last step and its result, and the step that comes next. Read from the journal alone.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_RECAP_H
#define DRBOOK_RUN_RECAP_H

#include "drbook/proof/Journal.h"
#include "drbook/run/Program.h"

#include <string>
#include <vector>

namespace drbook::run {

/// The recap's lines, each `name: text`.
std::vector<std::string> resumeRecap(const Program &p, const std::vector<JournalEvent> &events);

} // namespace drbook::run

#endif
