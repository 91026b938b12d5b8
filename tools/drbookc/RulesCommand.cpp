//===- RulesCommand.cpp - drbookc rules: every rule, explained -------------===//
#include "Commands.h"

#include "drbook/basic/RuleTable.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormattedStream.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;

namespace {
cl::SubCommand rulesCommand("rules", "List every rule drbookc reports, with an explanation");
cl::opt<std::string> only(cl::Positional, cl::desc("[rule-id]"), cl::sub(rulesCommand));

// Wraps a paragraph at 96 columns, indented.
void printParagraph(llvm::raw_ostream &os, llvm::StringRef text, unsigned indent) {
  unsigned column = indent;
  os.indent(indent);
  while (!text.empty()) {
    auto [word, rest] = text.split(' ');
    if (column > indent && column + word.size() >= 96) {
      os << "\n";
      os.indent(indent);
      column = indent;
    } else if (column > indent) {
      os << ' ';
      ++column;
    }
    os << word;
    column += word.size();
    text = rest;
  }
  os << "\n";
}
} // namespace

bool drbookc::rulesSelected() { return static_cast<bool>(rulesCommand); }

int drbookc::runRules() {
  bool found = false;
  for (const drbook::RuleInfo &r : drbook::allRules()) {
    if (!only.empty() && only != r.id)
      continue;
    found = true;
    llvm::outs() << r.id << " (" << (r.severity == drbook::Severity::Error ? "error" : "warning")
                 << ", " << r.phase << "): " << r.summary << "\n";
    printParagraph(llvm::outs(), r.help, 4);
    llvm::outs() << "\n";
  }
  if (!found) {
    llvm::errs() << "drbookc rules: no rule '" << only << "'\n";
    return ExitUsage;
  }
  return ExitOk;
}
