//===- Visible.cpp - Untrusted text made safe to print on a terminal -------===//
#include "drbook/basic/Visible.h"

#include <cstdio>

namespace drbook {

std::string visible(llvm::StringRef text) {
  std::string out;
  out.reserve(text.size());
  char escape[8];
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    unsigned char next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      std::snprintf(escape, sizeof escape, "\\x%02x", c);
      out += escape;
    } else if (c == 0xc2 && next >= 0x80 && next <= 0x9f) {
      std::snprintf(escape, sizeof escape, "\\u%04x", next);
      out += escape;
      ++i;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

} // namespace drbook
