//===- Terminal.cpp - What the operator's terminal can show ---------------===//
#include "drbook/basic/Terminal.h"

#include "llvm/Support/CommandLine.h"

#include <cstdlib>
#include <cstring>
#include <sys/ioctl.h>
#include <unistd.h>

namespace drbook {

static TerminalCaps terminalCapsAuto(int fd);

static ColorChoice chosenColors = ColorChoice::Auto;

// LLVM's message printer (SMDiagnostic, used for located messages) decides colour by LLVM's
// own `--color` option (true/false), which LLVMSupport registers; it follows the choice made
// here, and is hidden so that `--help` lists only drbook's `--color`.
void setColorChoice(ColorChoice choice) {
  chosenColors = choice;
  auto &options = llvm::cl::getRegisteredOptions();
  auto it = options.find("color");
  if (it == options.end())
    return;
  auto *llvmColor = static_cast<llvm::cl::opt<llvm::cl::boolOrDefault> *>(it->second);
  llvmColor->setHiddenFlag(llvm::cl::ReallyHidden);
  *llvmColor = choice == ColorChoice::Auto     ? llvm::cl::BOU_UNSET
               : choice == ColorChoice::Always ? llvm::cl::BOU_TRUE
                                               : llvm::cl::BOU_FALSE;
}
ColorChoice colorChoice() { return chosenColors; }

std::optional<ColorChoice> colorChoiceNamed(const char *word) {
  if (std::strcmp(word, "auto") == 0)
    return ColorChoice::Auto;
  if (std::strcmp(word, "always") == 0)
    return ColorChoice::Always;
  if (std::strcmp(word, "never") == 0)
    return ColorChoice::Never;
  return std::nullopt;
}

bool takeColorOption(std::vector<char *> &args, std::string &error) {
  for (size_t i = 1; i < args.size();) {
    std::string arg = args[i];
    if (arg == "--") // what follows is not an option
      break;
    bool joined = arg.rfind("--color=", 0) == 0;
    if (!joined && arg != "--color") {
      ++i;
      continue;
    }
    if (!joined && i + 1 >= args.size()) {
      error = "--color needs a value: auto, always or never";
      return false;
    }
    std::string value = joined ? arg.substr(8) : std::string(args[i + 1]);
    std::optional<ColorChoice> choice = colorChoiceNamed(value.c_str());
    if (!choice) {
      error = "--color: '" + value + "' is not one of auto, always, never";
      return false;
    }
    setColorChoice(*choice);
    args.erase(args.begin() + i, args.begin() + i + (joined ? 1 : 2));
  }
  return true;
}

TerminalCaps terminalCaps(int fd) {
  TerminalCaps caps = terminalCapsAuto(fd);
  if (chosenColors != ColorChoice::Auto)
    caps.colors = chosenColors == ColorChoice::Always;
  return caps;
}

static TerminalCaps terminalCapsAuto(int fd) {
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
