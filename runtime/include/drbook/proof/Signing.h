//===- Signing.h - Ed25519 keys and DSSE envelopes for proof statements ----===//
//
// A proof statement is signed as a DSSE envelope: the signature covers the pre-auth
// encoding `DSSEv1 <len(type)> <type> <len(body)> <body>`, so neither the payload nor its
// type can be swapped. Keys are Ed25519 (libsodium), read from PEM, OpenSSH or hex files
// (KeyFormats.h); keygen writes PEM. A key's id is the SHA-256 hex of its public key's hex
// text; its fingerprint is the `SHA256:…` form `ssh-keygen -l` prints.
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
  std::string fingerprint;
  static PublicKey fromBytes(llvm::StringRef bytes);
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
  std::string privatePath, publicPath, keyid, fingerprint;
};

/// File names keygen() writes inside its directory.
extern const char *const PrivateKeyFileName;
extern const char *const PublicKeyFileName;

/// The key id of a 32-byte public key: SHA-256 hex of its lower-case hex text.
std::string keyIdOf(llvm::StringRef publicKeyBytes);

/// Generates a key pair into `dir` (created 0700 if missing): `drbook.key` (PEM PKCS#8, 0600)
/// and `drbook.pub` (PEM SubjectPublicKeyInfo, 0644). Refuses to overwrite existing key files.
llvm::Expected<KeyFiles> keygen(llvm::StringRef dir);

/// Reads a private key file in any format privateKeySeed() reads.
llvm::Expected<SigningKey> loadSigningKey(llvm::StringRef path);

/// Reads a public key file in any format publicKeyBytes() reads.
llvm::Expected<PublicKey> loadPublicKey(llvm::StringRef path);

/// `{payloadType, payload: base64, signatures: [{keyid, sig: base64}]}`.
nlohmann::json signEnvelope(llvm::StringRef payload, llvm::StringRef payloadType,
                            const SigningKey &key);

/// A DSSE envelope as drbook writes it, decoded.
struct Envelope {
  std::string payloadType;
  std::string payload;   ///< raw bytes
  std::string keyid;     ///< of the one signature
  std::string signature; ///< raw bytes
};

/// Parses an envelope's text strictly: it must be the canonical JSON drbook writes, with
/// exactly the fields payloadType, payload and signatures, one signature holding exactly a
/// non-empty keyid and a sig, and base64 in its canonical padded form. Anything else (trailing
/// bytes, an extra field, a re-encoded signature) could only come from an edit.
llvm::Expected<Envelope> parseEnvelope(llvm::StringRef text);

/// Checks that the envelope is signed by `key`: its keyid names the key, and the signature
/// verifies over the pre-auth encoding of its payload and type.
llvm::Error checkSignature(const Envelope &envelope, const PublicKey &key);

} // namespace drbook

#endif
