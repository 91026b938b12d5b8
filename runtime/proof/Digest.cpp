//===- Digest.cpp - HMAC via libsodium, and hashing files -------------------===//
#include "drbook/proof/Digest.h"

#include "drbook/basic/Files.h"
#include "drbook/proof/Encoding.h"

#include "SodiumInit.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace drbook {

std::string hmacSha256Hex(llvm::StringRef key, llvm::StringRef message) {
  ensureSodium();
  crypto_auth_hmacsha256_state state;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char *>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char *>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);
  return hexEncode(llvm::StringRef(reinterpret_cast<char *>(mac), sizeof mac));
}

llvm::Expected<std::string> sha256File(llvm::StringRef path) {
  Sha256 hasher;
  if (llvm::Error err = readInChunks(path, [&](llvm::StringRef bytes) { hasher.update(bytes); }))
    return err;
  return hasher.finishHex();
}

} // namespace drbook
