//===- Terminal.h - What the operator's terminal can show -----------------===//
//
// One answer for both tools: colours only on a terminal, not when NO_COLOR is set to anything
// but the empty string (no-color.org), and not on TERM=dumb; lines redrawn in place (the
// status line) only on a terminal that is not dumb. Anything else gets plain lines.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_BASIC_TERMINAL_H
#define DRBOOK_BASIC_TERMINAL_H

namespace drbook {

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
