//===- KeyFormats.h - Ed25519 key files in the formats users already hold --===//
//
// A team's signing key usually exists before drbook does: made by `openssl genpkey`
// (PEM, PKCS#8 / SubjectPublicKeyInfo, RFC 8410) or by `ssh-keygen -t ed25519` (OpenSSH).
// These functions read both, and drbook's own 64-hex-digit files of earlier versions, into
// raw key bytes, and write PEM, which both OpenSSL and ssh-keygen can read back.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUNTIME_KEYFORMATS_H
#define DRBOOK_RUNTIME_KEYFORMATS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace drbook {

/// The 32-byte seed of an Ed25519 private key file's text: PEM `PRIVATE KEY` (PKCS#8 v1 or
/// v2), `OPENSSH PRIVATE KEY` without a passphrase, or 64 hex digits. Errors say which
/// format was seen and why it cannot be used.
llvm::Expected<std::string> privateKeySeed(llvm::StringRef text);

/// The 32 bytes of an Ed25519 public key file's text: PEM `PUBLIC KEY`, an OpenSSH
/// `ssh-ed25519 AAAA… comment` line, or 64 hex digits.
llvm::Expected<std::string> publicKeyBytes(llvm::StringRef text);

/// PEM PKCS#8 v1 of a 32-byte seed, as `openssl genpkey -algorithm ed25519` writes it.
std::string privateKeyPem(llvm::StringRef seed);

/// PEM SubjectPublicKeyInfo of a 32-byte public key, as `openssl pkey -pubout` writes it.
std::string publicKeyPem(llvm::StringRef publicKey);

/// `SHA256:<base64, unpadded>` of the key's OpenSSH wire form: what `ssh-keygen -l` prints,
/// so a key can be recognised whichever tool made it.
std::string keyFingerprint(llvm::StringRef publicKey);

} // namespace drbook

#endif
