//===- Import.cpp - A Markdown runbook as a drbook program -----------------===//
#include "drbook/import/Import.h"

#include "Importer.h"

#include "llvm/Support/Path.h"

#include <set>

using namespace drbook;
using namespace drbook::import;

namespace {

/// Consecutive checks of one kind become one step (`check health, ready`), whose probes run
/// side by side; in detection a probe or command already run is not run again.
void tidy(std::vector<Step> &steps, bool detection) {
  std::vector<Step> kept;
  std::set<std::string> seen;
  for (Step &step : steps) {
    for (auto &arm : step.arms)
      tidy(arm.second, detection);
    if (detection && (step.kind == Step::Run || step.kind == Step::Check)) {
      llvm::SmallVector<llvm::StringRef, 4> probes;
      llvm::StringRef(step.text).split(probes, ", ");
      std::string fresh;
      for (llvm::StringRef probe : probes)
        if (seen.insert(probe.str()).second)
          fresh += (fresh.empty() ? "" : ", ") + probe.str();
      if (fresh.empty())
        continue;
      step.text = fresh;
    }
    if (step.kind == Step::Check && step.comments.empty() && !kept.empty() &&
        kept.back().kind == Step::Check && kept.back().must == step.must) {
      kept.back().text += ", " + step.text;
      continue;
    }
    kept.push_back(std::move(step));
  }
  steps = std::move(kept);
}

/// Whether the steps hold a validation on every way through them: a check, a must or a verify
/// outside any branch, or a call of a procedure that does.
bool validates(const std::vector<Step> &steps, const Program &program) {
  return std::any_of(steps.begin(), steps.end(), [&](const Step &step) {
    if (step.kind != Step::Do)
      return step.kind == Step::Check || step.kind == Step::Verify;
    for (const Procedure &procedure : program.procedures)
      if (procedure.name == step.text)
        return validates(procedure.steps, program);
    return false;
  });
}

} // namespace

std::string import::importRunbook(llvm::StringRef markdown, llvm::StringRef sourceName) {
  Program program;
  program.source = llvm::sys::path::filename(sourceName).str();
  readProgram(readMarkdown(markdown), program);
  tidy(program.detection, true);
  for (std::vector<Step> *steps : {&program.containment, &program.recovery, &program.validation})
    tidy(*steps, false);
  for (Procedure &procedure : program.procedures)
    tidy(procedure.steps, false);
  for (Scenario &scenario : program.scenarios)
    for (std::vector<Step> *steps :
         {&scenario.containment, &scenario.recovery, &scenario.validation})
      tidy(*steps, false);
  for (Scenario &scenario : program.scenarios)
    if (!validates(scenario.validation, program)) {
      Step verify{Step::Verify, scenario.line, "The service is recovered"};
      verify.comments.push_back("TODO(import): the runbook states no validation for this scenario");
      scenario.validation.push_back(verify);
    }
  if (program.scenarios.empty() && !validates(program.validation, program) &&
      !program.recovery.empty()) {
    Step verify{Step::Verify, 0, "The service is recovered"};
    verify.comments.push_back("TODO(import): the runbook states no validation");
    program.validation.push_back(verify);
  }
  return writeProgram(program);
}
