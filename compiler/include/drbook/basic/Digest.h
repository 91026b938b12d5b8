//===- Digest.h - SHA-256, the one hash of plans, journals and statements ---===//
//
// Everything drbook hashes (plans, journal lines, statement subjects, captured output, key ids)
// goes through these, one implementation (LLVM's) on both sides of the pipeline.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_BASIC_DIGEST_H
#define DRBOOK_BASIC_DIGEST_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SHA256.h"

#include <string>

namespace drbook {

/// The hash every chain starts from: 64 zeros.
extern const char *const ZeroDigest;

/// SHA-256 of `bytes` as 64 lower-case hex digits.
std::string sha256Hex(llvm::StringRef bytes);

/// Whether `text` looks like a digest this module produces: 64 lower-case hex digits.
bool isSha256Hex(llvm::StringRef text);

/// Incremental SHA-256 for data that arrives in pieces (captured command output, files).
class Sha256 {
public:
  void update(llvm::StringRef bytes) { hasher.update(bytes); }
  /// The hex digest; the hasher must not be updated afterwards.
  std::string finishHex();

private:
  llvm::SHA256 hasher;
};

} // namespace drbook

#endif
