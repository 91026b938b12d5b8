//===- Digest.cpp - SHA-256 via libsodium ----------------------------------===//
#include "drbook/runtime/Digest.h"

#include "drbook/runtime/Encoding.h"
#include "drbook/runtime/Files.h"

#include "SodiumInit.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace drbook {

const char *const ZeroDigest = "0000000000000000000000000000000000000000000000000000000000000000";

static_assert(sizeof(crypto_hash_sha256_state) <= 128, "Sha256::state is too small");

static crypto_hash_sha256_state *asState(std::array<unsigned char, 128> &raw) {
  return reinterpret_cast<crypto_hash_sha256_state *>(raw.data());
}

Sha256::Sha256() {
  ensureSodium();
  crypto_hash_sha256_init(asState(state));
}

void Sha256::update(llvm::StringRef bytes) {
  crypto_hash_sha256_update(asState(state), reinterpret_cast<const unsigned char *>(bytes.data()),
                            bytes.size());
}

std::string Sha256::finishHex() {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(asState(state), out);
  return hexEncode(llvm::StringRef(reinterpret_cast<const char *>(out), sizeof out));
}

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

std::string sha256Hex(llvm::StringRef bytes) {
  Sha256 hasher;
  hasher.update(bytes);
  return hasher.finishHex();
}

llvm::Expected<std::string> sha256File(llvm::StringRef path) {
  Sha256 hasher;
  if (llvm::Error err = readInChunks(path, [&](llvm::StringRef bytes) { hasher.update(bytes); }))
    return err;
  return hasher.finishHex();
}

bool isSha256Hex(llvm::StringRef text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == llvm::StringRef::npos;
}

} // namespace drbook
