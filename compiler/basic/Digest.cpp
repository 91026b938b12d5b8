//===- Digest.cpp - SHA-256, the one hash of plans, journals and statements -===//
#include "drbook/basic/Digest.h"

#include "llvm/ADT/StringExtras.h"

namespace drbook {

const char *const ZeroDigest = "0000000000000000000000000000000000000000000000000000000000000000";

std::string Sha256::finishHex() { return llvm::toHex(hasher.final(), /*LowerCase=*/true); }

std::string sha256Hex(llvm::StringRef bytes) {
  Sha256 hasher;
  hasher.update(bytes);
  return hasher.finishHex();
}

bool isSha256Hex(llvm::StringRef text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == llvm::StringRef::npos;
}

} // namespace drbook
