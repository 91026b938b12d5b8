//===- Digest.cpp - SHA-256, the one hash of plans, journals and statements -===//
#include "drbook/basic/Digest.h"

namespace drbook {

const char *const ZeroDigest = "0000000000000000000000000000000000000000000000000000000000000000";

std::string Sha256::finishHex() {
  static const char digits[] = "0123456789abcdef";
  std::string hex;
  for (char c : hasher.final()) {
    auto b = static_cast<uint8_t>(c);
    hex += digits[b >> 4];
    hex += digits[b & 15];
  }
  return hex;
}

std::string sha256Hex(llvm::StringRef bytes) {
  Sha256 hasher;
  hasher.update(bytes);
  return hasher.finishHex();
}

bool isSha256Hex(llvm::StringRef text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == llvm::StringRef::npos;
}

} // namespace drbook
