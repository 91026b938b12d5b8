//===- Digest.h - SHA-256, the one hash of journals, statements and keys ---===//
//
// Everything drbook hashes (journal lines, statement subjects, key ids) uses libsodium's
// SHA-256 through these functions, so there is exactly one implementation to trust.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUNTIME_DIGEST_H
#define DRBOOK_RUNTIME_DIGEST_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <string>

namespace drbook {

/// The hash every chain starts from: 64 zeros.
extern const char *const ZeroDigest;

/// SHA-256 of `bytes` as 64 lower-case hex digits.
std::string sha256Hex(llvm::StringRef bytes);

/// HMAC-SHA-256 of `message` under `key`, as 64 lower-case hex digits: a digest only someone
/// holding the key can compute or check.
std::string hmacSha256Hex(llvm::StringRef key, llvm::StringRef message);

/// SHA-256 of a file's contents, read in blocks. Fails with the path and reason.
llvm::Expected<std::string> sha256File(llvm::StringRef path);

/// Whether `text` looks like a digest this module produces: 64 lower-case hex digits.
bool isSha256Hex(llvm::StringRef text);

/// Incremental SHA-256 for data that arrives in pieces (captured command output).
class Sha256 {
public:
  Sha256();
  void update(llvm::StringRef bytes);
  /// The hex digest; the hasher must not be updated afterwards.
  std::string finishHex();

private:
  alignas(64) std::array<unsigned char, 128> state;
};

} // namespace drbook

#endif
