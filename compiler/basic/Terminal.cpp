//===- Terminal.cpp - What the operator's terminal can show ---------------===//
#include "drbook/basic/Terminal.h"

#include <cstdlib>
#include <cstring>
#include <sys/ioctl.h>
#include <unistd.h>

namespace drbook {

TerminalCaps terminalCaps(int fd) {
  TerminalCaps caps;
  const char *term = std::getenv("TERM");
  bool dumb = term && std::strcmp(term, "dumb") == 0;
  if (!::isatty(fd) || dumb)
    return caps;
  caps.redraws = true;
  const char *noColor = std::getenv("NO_COLOR");
  caps.colors = !(noColor && *noColor);
  return caps;
}

bool terminalSize(int fd, unsigned &rows, unsigned &cols) {
  struct winsize size {};
  if (::ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0)
    return false;
  rows = size.ws_row;
  cols = size.ws_col;
  return true;
}

} // namespace drbook
