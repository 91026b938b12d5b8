//===- Digest.h - Keyed digests and file digests ----------------------------===//
//
// SHA-256 itself is drbook/basic/Digest.h, one implementation for the whole pipeline; here are
// what the runtime adds: HMAC (libsodium) and the digest of a file read in blocks.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUNTIME_DIGEST_H
#define DRBOOK_RUNTIME_DIGEST_H

#include "drbook/basic/Digest.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace drbook {

/// HMAC-SHA-256 of `message` under `key`, as 64 lower-case hex digits: a digest only someone
/// holding the key can compute or check.
std::string hmacSha256Hex(llvm::StringRef key, llvm::StringRef message);

/// SHA-256 of a file's contents, read in blocks. Fails with the path and reason.
llvm::Expected<std::string> sha256File(llvm::StringRef path);

} // namespace drbook

#endif
