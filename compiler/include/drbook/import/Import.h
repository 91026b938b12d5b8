//===- Import.h - A Markdown runbook as a drbook program -------------------===//
//
// `drbookc import RUNBOOK.md` gives a team its first draft of a drbook program: headings
// become scenarios and phases, fenced shell blocks `run` steps, curl health checks `http`
// probes, checklists `manual` steps, decision points `decide`, RTO/RPO lines objectives, and
// "note the value" an `ask`. What has no mapping is kept as a `manual` step (or a comment, for
// prose) marked `// TODO(import)`, so nothing the page said is lost and a reviewer can find
// every guess.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_IMPORT_IMPORT_H
#define DRBOOK_IMPORT_IMPORT_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace drbook::import {

/// The drbook program for the Markdown runbook `markdown`, read from the file `sourceName`
/// (named in the program's first comment), unformatted: `drbookc import` lays it out with
/// `fmt`'s canonical layout.
std::string importRunbook(llvm::StringRef markdown, llvm::StringRef sourceName);

} // namespace drbook::import

#endif
