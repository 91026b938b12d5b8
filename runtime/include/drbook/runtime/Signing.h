//===- Signing.h - Ed25519 keys and DSSE envelopes for proof statements ----===//
//
// A proof statement is signed as a DSSE envelope: the signature covers the pre-auth
// encoding `DSSEv1 <len(type)> <type> <len(body)> <body>`, so neither the payload nor its
// type can be swapped. Keys are Ed25519 (libsodium) in two small text files, each holding
// 64 hex digits and a newline: the private key file the 32-byte seed (mode 0600), the public
// key file the 32-byte public key. A key's id is the SHA-256 hex of its public key's hex text.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUNTIME_SIGNING_H
#define DRBOOK_RUNTIME_SIGNING_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <nlohmann/json.hpp>

#include <string>

namespace drbook {

/// The DSSE payloadType of an in-toto statement.
extern const char *const InTotoPayloadType;

/// DSSE's pre-authentication encoding of a payload and its type.
std::string dssePae(llvm::StringRef payloadType, llvm::StringRef payload);

/// A public key able to verify envelopes.
struct PublicKey {
  /// 32 raw bytes.
  std::string bytes;
  std::string keyid;
  std::string hex() const;
};

/// A private key able to sign envelopes. Wipes its secret on destruction.
struct SigningKey {
  /// 64 bytes: libsodium's expanded secret key (seed followed by public key).
  std::string secret;
  PublicKey publicKey;
  ~SigningKey();
};

/// Where keygen() put the key pair.
struct KeyFiles {
  std::string privatePath, publicPath, keyid;
};

/// File names keygen() writes inside its directory.
extern const char *const PrivateKeyFileName;
extern const char *const PublicKeyFileName;

/// The key id of a 32-byte public key: SHA-256 hex of its lower-case hex text.
std::string keyIdOf(llvm::StringRef publicKeyBytes);

/// Generates a key pair into `dir` (created 0700 if missing): `drbook.key` (0600) and
/// `drbook.pub` (0644). Refuses to overwrite existing key files.
llvm::Expected<KeyFiles> keygen(llvm::StringRef dir);

/// Reads a private key file (64 hex digits of the seed; surrounding whitespace ignored).
llvm::Expected<SigningKey> loadSigningKey(llvm::StringRef path);

/// Reads a public key file (64 hex digits; surrounding whitespace ignored).
llvm::Expected<PublicKey> loadPublicKey(llvm::StringRef path);

/// Parses a public key from its hex text.
llvm::Expected<PublicKey> publicKeyFromHex(llvm::StringRef hex);

/// `{payloadType, payload: base64, signatures: [{keyid, sig: base64}]}`.
nlohmann::json signEnvelope(llvm::StringRef payload, llvm::StringRef payloadType,
                            const SigningKey &key);

/// What a verified envelope carried.
struct VerifiedPayload {
  std::string payloadType, payload;
};

/// Checks the envelope's shape and that a signature by `key` verifies over the PAE of its
/// payload. Signatures by other key ids are ignored; one without a keyid is tried.
llvm::Expected<VerifiedPayload> verifyEnvelope(const nlohmann::json &envelope,
                                               const PublicKey &key);

} // namespace drbook

#endif
