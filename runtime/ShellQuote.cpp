//===- ShellQuote.cpp - Quoting interpolated values for /bin/sh ------------===//
#include "drbook/runtime/ShellQuote.h"

#include "llvm/ADT/STLExtras.h"

namespace drbook {

static bool isPlainWordChar(char c) {
  // `=` and `~` are absent on purpose: `A=b` as a first word is an assignment and a leading
  // `~` is expanded.
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         llvm::StringRef("_./:,@%+-").contains(c);
}

std::string shellQuote(llvm::StringRef value) {
  if (!value.empty() && llvm::all_of(value, isPlainWordChar))
    return value.str();
  std::string out = "'";
  for (char c : value) {
    if (c == '\'')
      out += "'\\''";
    else
      out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

} // namespace drbook
