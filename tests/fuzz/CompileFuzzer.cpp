//===- CompileFuzzer.cpp - Fuzzing the compiler front end to its end --------===//
//
// The input is a runbook's text. It goes through every phase `drbookc check` runs (parse,
// sema, lowering, verification) and every way the result is shown (text, JSON and SARIF
// diagnostics, the graph exports, the plan), so a crash anywhere a reviewer's tools reach is
// found here.
//
//===----------------------------------------------------------------------===//
#include "drbook/driver/Compilation.h"
#include "drbook/graph/Graph.h"
#include "drbook/report/GraphExport.h"
#include "drbook/report/Report.h"

#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

using namespace drbook;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Compilation c;
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  bool ok =
      compileBuffer(c, llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.drbook"), Stage::Verify);
  llvm::raw_null_ostream out;
  c.diags.printText(out, /*colors=*/true);
  std::vector<report::ResolvedDiagnostic> resolved = report::resolve(c.diags, ".");
  report::writeJson(resolved, out);
  report::writeSarif(resolved, out);
  report::writeGithub(resolved, out);
  if (c.graph) {
    report::Highlight none;
    report::writeDot(*c.graph, none, out);
    report::writeMermaid(*c.graph, none, out);
    report::writeGraphJson(*c.graph, none, out);
    if (ok) // as `drbookc build` does: a module has no plan
      out << renderPlan(c, ".");
  }
  return 0;
}
