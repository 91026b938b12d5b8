//===- Pipeline.h - Compile, lower and verify one runbook for a command ---===//
#ifndef DRBOOKC_PIPELINE_H
#define DRBOOKC_PIPELINE_H

#include "drbook/driver/Compilation.h"
#include "drbook/graph/Graph.h"

#include <memory>
#include <string>

namespace drbookc {

struct RunbookResult {
  /// No errors were reported.
  bool ok = false;
  /// The step graph, when the pipeline got that far and the file is a runbook.
  std::unique_ptr<drbook::graph::StepGraph> graph;
};

/// Runs the pipeline on `path` up to `stage`: parse, sema, lowering (Graph), verification
/// (Verify). Diagnostics stay in `c.diags`.
RunbookResult compileRunbook(drbook::Compilation &c, const std::string &path, drbook::Stage stage);

} // namespace drbookc

#endif
