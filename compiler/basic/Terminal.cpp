//===- Terminal.cpp - What the operator's terminal can show ---------------===//
#include "drbook/basic/Terminal.h"

#include <cstdlib>
#include <cstring>
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

} // namespace drbook
