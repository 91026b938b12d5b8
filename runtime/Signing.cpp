//===- Signing.cpp - Ed25519 keys and DSSE envelopes -----------------------===//
#include "drbook/runtime/Signing.h"

#include "drbook/runtime/Digest.h"
#include "drbook/runtime/Encoding.h"
#include "drbook/runtime/Files.h"

#include "SodiumInit.h"

namespace drbook {

const char *const InTotoPayloadType = "application/vnd.in-toto+json";
const char *const PrivateKeyFileName = "drbook.key";
const char *const PublicKeyFileName = "drbook.pub";

static llvm::Error signingError(const std::string &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

static const unsigned char *bytesOf(llvm::StringRef s) {
  return reinterpret_cast<const unsigned char *>(s.data());
}

std::string dssePae(llvm::StringRef payloadType, llvm::StringRef payload) {
  return "DSSEv1 " + std::to_string(payloadType.size()) + " " + payloadType.str() + " " +
         std::to_string(payload.size()) + " " + payload.str();
}

std::string PublicKey::hex() const { return hexEncode(bytes); }

SigningKey::~SigningKey() { sodium_memzero(secret.data(), secret.size()); }

std::string keyIdOf(llvm::StringRef publicKeyBytes) { return sha256Hex(hexEncode(publicKeyBytes)); }

/// Reads a key file holding exactly 32 bytes as hex.
static llvm::Expected<std::string> readKeyHex(llvm::StringRef path, const char *what) {
  llvm::Expected<std::string> text = readWholeFile(path);
  if (!text)
    return text.takeError();
  llvm::StringRef hex = llvm::StringRef(*text).trim();
  llvm::Expected<std::string> bytes = hexDecode(hex);
  if (!bytes || bytes->size() != 32) {
    if (!bytes)
      llvm::consumeError(bytes.takeError());
    return signingError(path.str() + ": not a " + what +
                        " file (expected 64 hex digits, the format keygen writes)");
  }
  return bytes;
}

llvm::Expected<PublicKey> publicKeyFromHex(llvm::StringRef hex) {
  llvm::Expected<std::string> bytes = hexDecode(hex.trim());
  if (!bytes || bytes->size() != 32) {
    if (!bytes)
      llvm::consumeError(bytes.takeError());
    return signingError("not an Ed25519 public key (expected 64 hex digits)");
  }
  return PublicKey{*bytes, keyIdOf(*bytes)};
}

llvm::Expected<PublicKey> loadPublicKey(llvm::StringRef path) {
  llvm::Expected<std::string> bytes = readKeyHex(path, "public key");
  if (!bytes)
    return bytes.takeError();
  return PublicKey{*bytes, keyIdOf(*bytes)};
}

llvm::Expected<SigningKey> loadSigningKey(llvm::StringRef path) {
  ensureSodium();
  llvm::Expected<std::string> seed = readKeyHex(path, "private key");
  if (!seed)
    return seed.takeError();
  SigningKey key;
  key.secret.assign(crypto_sign_SECRETKEYBYTES, '\0');
  std::string pub(crypto_sign_PUBLICKEYBYTES, '\0');
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char *>(pub.data()),
                           reinterpret_cast<unsigned char *>(key.secret.data()), bytesOf(*seed));
  sodium_memzero(seed->data(), seed->size());
  key.publicKey = PublicKey{pub, keyIdOf(pub)};
  return key;
}

llvm::Expected<KeyFiles> keygen(llvm::StringRef dir) {
  ensureSodium();
  if (llvm::Error err = ensurePrivateDirectory(dir))
    return err;
  KeyFiles files;
  files.privatePath = (dir.rtrim('/') + "/" + PrivateKeyFileName).str();
  files.publicPath = (dir.rtrim('/') + "/" + PublicKeyFileName).str();
  unsigned char pub[crypto_sign_PUBLICKEYBYTES], secret[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pub, secret);
  unsigned char seed[crypto_sign_SEEDBYTES];
  crypto_sign_ed25519_sk_to_seed(seed, secret);
  std::string seedHex = hexEncode(llvm::StringRef(reinterpret_cast<char *>(seed), sizeof seed));
  std::string pubBytes(reinterpret_cast<char *>(pub), sizeof pub);
  sodium_memzero(secret, sizeof secret);
  sodium_memzero(seed, sizeof seed);
  llvm::Error err = writeFileDurably(files.privatePath, seedHex + "\n", 0600, /*exclusive=*/true);
  sodium_memzero(seedHex.data(), seedHex.size());
  if (err)
    return err;
  if (llvm::Error err =
          writeFileDurably(files.publicPath, hexEncode(pubBytes) + "\n", 0644, /*exclusive=*/true))
    return err;
  files.keyid = keyIdOf(pubBytes);
  return files;
}

nlohmann::json signEnvelope(llvm::StringRef payload, llvm::StringRef payloadType,
                            const SigningKey &key) {
  ensureSodium();
  std::string pae = dssePae(payloadType, payload);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, bytesOf(pae), pae.size(), bytesOf(key.secret));
  std::string sigText = base64Encode(llvm::StringRef(reinterpret_cast<char *>(sig), sizeof sig));
  return {{"payloadType", payloadType.str()},
          {"payload", base64Encode(payload)},
          {"signatures", {{{"keyid", key.publicKey.keyid}, {"sig", sigText}}}}};
}

static bool isStringField(const nlohmann::json &object, const char *name) {
  return object.is_object() && object.contains(name) && object[name].is_string();
}

llvm::Expected<VerifiedPayload> verifyEnvelope(const nlohmann::json &envelope,
                                               const PublicKey &key) {
  ensureSodium();
  if (!isStringField(envelope, "payloadType") || !isStringField(envelope, "payload"))
    return signingError("envelope: payloadType and payload must be strings");
  if (!envelope.contains("signatures") || !envelope["signatures"].is_array() ||
      envelope["signatures"].empty())
    return signingError("envelope: no signatures");
  if (key.bytes.size() != crypto_sign_PUBLICKEYBYTES)
    return signingError("public key has the wrong size");
  VerifiedPayload out{envelope["payloadType"].get<std::string>(), ""};
  llvm::Expected<std::string> payload = base64Decode(envelope["payload"].get<std::string>());
  if (!payload)
    return signingError("envelope: payload is not valid base64");
  out.payload = std::move(*payload);
  std::string pae = dssePae(out.payloadType, out.payload);
  bool tried = false;
  for (const nlohmann::json &signature : envelope["signatures"]) {
    if (!isStringField(signature, "sig"))
      continue;
    if (isStringField(signature, "keyid") && !signature["keyid"].get<std::string>().empty() &&
        signature["keyid"].get<std::string>() != key.keyid)
      continue;
    tried = true;
    llvm::Expected<std::string> sig = base64Decode(signature["sig"].get<std::string>());
    if (!sig) {
      llvm::consumeError(sig.takeError());
      continue;
    }
    if (sig->size() == crypto_sign_BYTES &&
        crypto_sign_verify_detached(bytesOf(*sig), bytesOf(pae), pae.size(), bytesOf(key.bytes)) ==
            0)
      return out;
  }
  if (!tried)
    return signingError("envelope has no signature by key " + key.keyid);
  return signingError("envelope signature by key " + key.keyid + " does not verify");
}

} // namespace drbook
