//===- Digest.cpp - SHA-256, the one hash of plans, journals and statements -===//
#include "drbook/basic/Digest.h"

#include "llvm/ADT/StringExtras.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <memory>

namespace drbook {

const char *const ZeroDigest = "0000000000000000000000000000000000000000000000000000000000000000";

static std::string hex(const unsigned char *digest, unsigned size) {
  return llvm::toHex(llvm::ArrayRef<uint8_t>(digest, size), /*LowerCase=*/true);
}

/// SHA-256 as fetched once: OpenSSL looks the algorithm up again in every digest given its
/// legacy EVP_sha256(), a tenth of hashing a journal line.
static const EVP_MD *sha256Algorithm() {
  static const EVP_MD *algorithm = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (!algorithm)
    std::abort();
  return algorithm;
}

// OpenSSL fails these only when it cannot allocate a few bytes; a digest drbook cannot compute
// is one it must not pretend to have.
Sha256::Sha256() : context(EVP_MD_CTX_new()) {
  if (!context || EVP_DigestInit_ex(context, sha256Algorithm(), nullptr) != 1)
    std::abort();
}

Sha256::~Sha256() { EVP_MD_CTX_free(context); }

void Sha256::update(llvm::StringRef bytes) {
  if (EVP_DigestUpdate(context, bytes.data(), bytes.size()) != 1)
    std::abort();
}

std::string Sha256::finishHex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  if (EVP_DigestFinal_ex(context, digest, &size) != 1)
    std::abort();
  return hex(digest, size);
}

std::string sha256Hex(llvm::StringRef bytes) {
  // One context per thread, reset for each digest: a journal hashes every line of its own.
  static thread_local std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX *)> context(EVP_MD_CTX_new(),
                                                                                  EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  if (!context || EVP_DigestInit_ex(context.get(), sha256Algorithm(), nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest, &size) != 1)
    std::abort();
  return hex(digest, size);
}

bool isSha256Hex(llvm::StringRef text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == llvm::StringRef::npos;
}

} // namespace drbook
