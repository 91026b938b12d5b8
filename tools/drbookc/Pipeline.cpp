//===- Pipeline.cpp - Compile, lower and verify one runbook ----------------===//
#include "Pipeline.h"

#include "drbook/graph/Lower.h"

using namespace drbook;

drbookc::RunbookResult drbookc::compileRunbook(Compilation &c, const std::string &path,
                                               Stage stage) {
  RunbookResult result;
  Stage front = stage == Stage::Parse ? Stage::Parse : Stage::Sema;
  result.ok = compile(c, path, front);
  if (!result.ok || stage == front || !c.root)
    return result;
  result.graph = graph::lowerRunbook(*c.root, c.imported, c.diags);
  result.ok = !c.diags.hasErrors();
  return result;
}
