//===- Digest.h - SHA-256, the one hash of plans, journals and statements ---===//
//
// Everything drbook hashes (plans, journal lines, statement subjects, captured output, key ids)
// goes through these, one implementation (OpenSSL's, which uses the processor's SHA
// instructions: three times LLVM's speed on a journal) on both sides of the pipeline.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_BASIC_DIGEST_H
#define DRBOOK_BASIC_DIGEST_H

#include "llvm/ADT/StringRef.h"

#include <string>

struct evp_md_ctx_st; // OpenSSL's EVP_MD_CTX, kept out of every includer

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
  Sha256();
  ~Sha256();
  Sha256(const Sha256 &) = delete;
  Sha256 &operator=(const Sha256 &) = delete;
  void update(llvm::StringRef bytes);
  /// The hex digest; the hasher must not be updated afterwards.
  std::string finishHex();

private:
  evp_md_ctx_st *context; ///< OpenSSL's EVP_MD_CTX
};

} // namespace drbook

#endif
