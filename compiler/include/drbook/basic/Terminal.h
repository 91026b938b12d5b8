//===- Terminal.h - What the operator's terminal can show -----------------===//
//
// One answer for both tools: colours only on a terminal, not when NO_COLOR is set to anything
// but the empty string (no-color.org), and not on TERM=dumb; lines redrawn in place (the
// status line) only on a terminal that is not dumb. Anything else gets plain lines.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_BASIC_TERMINAL_H
#define DRBOOK_BASIC_TERMINAL_H

#include <optional>
#include <string>
#include <vector>

namespace drbook {

/// `--color=auto|always|never`: auto follows the terminal and NO_COLOR; the others decide
/// colour for the whole process, whatever the output is.
enum class ColorChoice { Auto, Always, Never };
void setColorChoice(ColorChoice choice);
ColorChoice colorChoice();
/// `auto`, `always` or `never`; nothing for any other word.
std::optional<ColorChoice> colorChoiceNamed(const char *word);
/// Takes `--color=WHEN` or `--color WHEN` out of `args` (after args[0], anywhere: both tools
/// accept it with every command) and sets the choice; false with `error` set for a bad value.
/// It is taken before llvm::cl parses the rest, as LLVMSupport has a `--color` of its own.
bool takeColorOption(std::vector<char *> &args, std::string &error);

struct TerminalCaps {
  bool colors = false;
  bool redraws = false;
};

/// What the terminal on file descriptor `fd` (1 or 2) can show.
TerminalCaps terminalCaps(int fd);

/// The size of the terminal on `fd`, as it says; false when it says none (a pipe, or a
/// pseudo-terminal nobody sized).
bool terminalSize(int fd, unsigned &rows, unsigned &cols);

} // namespace drbook

#endif
