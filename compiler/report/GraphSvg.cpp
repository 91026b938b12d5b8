//===- GraphSvg.cpp - The step graph through Graphviz ----------------------===//
#include "drbook/report/GraphExport.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

using namespace drbook;

llvm::Expected<std::string> report::drawSvg(const graph::StepGraph &g, const Highlight &h) {
  auto dot = llvm::sys::findProgramByName("dot");
  if (!dot)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "drawing the graph needs Graphviz's 'dot' on PATH (Debian "
                                   "package graphviz)");
  llvm::SmallString<128> in, out;
  if (llvm::sys::fs::createTemporaryFile("drbook-graph", "dot", in) ||
      llvm::sys::fs::createTemporaryFile("drbook-graph", "svg", out))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot create a temporary file for Graphviz");
  llvm::FileRemover removeIn(in), removeOut(out);
  {
    std::error_code ec;
    llvm::raw_fd_ostream file(in, ec);
    writeDot(g, h, file);
  }
  std::string error;
  llvm::Optional<llvm::StringRef> redirects[] = {llvm::StringRef(in), llvm::StringRef(out),
                                                 llvm::None};
  int rc = llvm::sys::ExecuteAndWait(*dot, {"dot", "-Tsvg"}, llvm::None, redirects, 0, 0, &error);
  auto svg = llvm::MemoryBuffer::getFile(out);
  if (rc != 0 || !svg)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "Graphviz could not draw the graph%s",
                                   error.empty() ? "" : (": " + error).c_str());
  return (*svg)->getBuffer().str();
}
