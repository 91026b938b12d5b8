//===- Checklist.h - The operator's checklist, from the runbook's source ---===//
//
// `drbookc render` writes what an operator reads at 03:00 when drbook itself cannot run: the
// runbook as a short page of sections (declare, identify the scenario, contain, recover,
// validate, proof and postmortem) with checkboxes, and every command written exactly as
// `drbook run` would execute it for the given params. Values that exist only during a run (an
// output, an answer, a decision) show as `<name>`.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RENDER_CHECKLIST_H
#define DRBOOK_RENDER_CHECKLIST_H

#include "drbook/ast/AST.h"
#include "drbook/run/Evaluator.h"

#include "llvm/Support/raw_ostream.h"

#include <map>
#include <string>
#include <vector>

namespace drbook::render {

/// One line of a checklist.
struct Item {
  enum class Kind {
    Text,   ///< what to know or do, no box
    Check,  ///< a box to tick
    Code,   ///< commands, one per element of `lines`
    Expect, ///< what a signal must show
  } kind = Kind::Text;
  std::string text;
  std::vector<std::string> lines;
  unsigned depth = 0; ///< nesting under the item above
};

struct Section {
  std::string title;
  std::vector<Item> items;
  std::vector<Section> parts; ///< one level of subsections
};

struct Checklist {
  std::string title, intro;
  std::vector<Item> header; ///< objectives, roles, parameters, references
  std::vector<Section> sections;
};

/// The checklist of a type-checked runbook `root`; `params` holds the values given for params
/// (by the name the command line uses), the others take their defaults. `source` is the
/// runbook's text, for the comments that describe it and its params.
Checklist buildChecklist(const ast::Module &root, llvm::StringRef source,
                         const std::map<std::string, run::Value> &params);

void writeMarkdown(const Checklist &c, llvm::raw_ostream &os);
/// One self-contained page: no script, no external resource, every text escaped.
void writeHtml(const Checklist &c, llvm::raw_ostream &os);

} // namespace drbook::render

#endif
