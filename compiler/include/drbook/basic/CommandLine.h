//===- CommandLine.h - What both tools' command lines share ----------------===//
//
// drbookc and drbook declare their commands and options with llvm::cl, one SubCommand per
// command, so `--help` after any command shows that command's usage, and the shell
// completions and the manual page are written from the same tables (`--completion=SHELL`,
// `--man`), never by hand.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_BASIC_COMMANDLINE_H
#define DRBOOK_BASIC_COMMANDLINE_H

#include "drbook/basic/Suggest.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace drbook {

/// Reads an option's value from a fixed list, like llvm::cl::parser, but a value not in the list
/// gets the list and a suggestion rather than "Cannot find option named".
template <class T> class ChoiceParser : public llvm::cl::parser<T> {
public:
  using llvm::cl::parser<T>::parser;
  bool parse(llvm::cl::Option &option, llvm::StringRef, llvm::StringRef arg, T &value) {
    std::vector<std::string> names;
    for (const auto &choice : this->Values) {
      if (arg == choice.Name) {
        value = choice.V.getValue();
        return false;
      }
      names.push_back(choice.Name.str());
    }
    return option.error("'" + arg + "' is not one of " + llvm::join(names, ", ") +
                        didYouMean(arg, names));
  }
};

/// The first argument names no command of `commands` (and, for a tool whose first argument
/// may be a file, is not one): the error to print, with a suggestion; empty otherwise.
std::string unknownCommand(llvm::StringRef first, const std::vector<std::string> &commands,
                           bool filesToo);

/// Handles `--completion=bash|zsh|fish` and `--man` before anything else runs: writes the
/// completion script or the manual page of `tool` from its registered commands and options,
/// and returns true (the caller exits with `exitCode`, 0 or 2 for an unknown shell).
bool generateDocs(int argc, char **argv, const char *tool, const char *summary, int &exitCode);

} // namespace drbook

#endif
