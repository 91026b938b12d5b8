//===- Signing.cpp - Ed25519 keys and DSSE envelopes -----------------------===//
#include "drbook/proof/Signing.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Files.h"
#include "drbook/proof/Digest.h"
#include "drbook/proof/Encoding.h"
#include "drbook/proof/KeyFormats.h"

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

SigningKey::~SigningKey() { sodium_memzero(secret.data(), secret.size()); }

std::string keyIdOf(llvm::StringRef publicKeyBytes) { return sha256Hex(hexEncode(publicKeyBytes)); }

PublicKey PublicKey::fromBytes(llvm::StringRef bytes) {
  return PublicKey{bytes.str(), keyIdOf(bytes), keyFingerprint(bytes)};
}

/// The key bytes `parse` finds in the file at `path`; errors name the file.
static llvm::Expected<std::string>
readKeyFile(llvm::StringRef path, const char *what,
            llvm::Expected<std::string> (*parse)(llvm::StringRef)) {
  llvm::Expected<std::string> text = readWholeFile(path, file_limits::Key);
  if (!text)
    return text.takeError();
  llvm::Expected<std::string> key = parse(*text);
  sodium_memzero(text->data(), text->size());
  if (!key)
    return signingError(path.str() + ": not an Ed25519 " + what + ": " +
                        llvm::toString(key.takeError()));
  return key;
}

llvm::Expected<PublicKey> loadPublicKey(llvm::StringRef path) {
  llvm::Expected<std::string> bytes = readKeyFile(path, "public key", publicKeyBytes);
  if (!bytes)
    return bytes.takeError();
  return PublicKey::fromBytes(*bytes);
}

llvm::Expected<SigningKey> loadSigningKey(llvm::StringRef path) {
  ensureSodium();
  llvm::Expected<std::string> seed = readKeyFile(path, "private key", privateKeySeed);
  if (!seed)
    return seed.takeError();
  SigningKey key;
  key.secret.assign(crypto_sign_SECRETKEYBYTES, '\0');
  std::string pub(crypto_sign_PUBLICKEYBYTES, '\0');
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char *>(pub.data()),
                           reinterpret_cast<unsigned char *>(key.secret.data()), bytesOf(*seed));
  sodium_memzero(seed->data(), seed->size());
  key.publicKey = PublicKey::fromBytes(pub);
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
  std::string privatePem =
      privateKeyPem(llvm::StringRef(reinterpret_cast<char *>(seed), sizeof seed));
  std::string pubBytes(reinterpret_cast<char *>(pub), sizeof pub);
  sodium_memzero(secret, sizeof secret);
  sodium_memzero(seed, sizeof seed);
  llvm::Error err = writeFileDurably(files.privatePath, privatePem, 0600, /*exclusive=*/true);
  sodium_memzero(privatePem.data(), privatePem.size());
  if (err)
    return err;
  if (llvm::Error err =
          writeFileDurably(files.publicPath, publicKeyPem(pubBytes), 0644, /*exclusive=*/true))
    return err;
  files.keyid = keyIdOf(pubBytes);
  files.fingerprint = keyFingerprint(pubBytes);
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

/// Whether `j` is an object with exactly the fields `names`, `strings` of them strings.
static bool hasExactly(const nlohmann::json &j, std::initializer_list<const char *> names,
                       size_t strings) {
  if (!j.is_object() || j.size() != names.size())
    return false;
  size_t i = 0;
  for (const char *name : names)
    if (!j.contains(name) || (i++ < strings && !j[name].is_string()))
      return false;
  return true;
}

/// Decodes base64 that must be in the canonical padded form signEnvelope() writes.
static llvm::Expected<std::string> canonicalBase64(const nlohmann::json &text, const char *what) {
  llvm::Expected<std::string> bytes = base64Decode(text.get<std::string>());
  if (!bytes || base64Encode(*bytes) != text.get<std::string>()) {
    if (!bytes)
      llvm::consumeError(bytes.takeError());
    return signingError(std::string("envelope: ") + what + " is not canonical base64");
  }
  return bytes;
}

llvm::Expected<Envelope> parseEnvelope(llvm::StringRef text) {
  std::optional<nlohmann::json> j = parseJson(text);
  if (!j)
    return signingError("envelope: not JSON");
  if (canonicalJson(*j) != text)
    return signingError("envelope: not the canonical JSON drbook writes (edited, or trailing "
                        "bytes)");
  if (!hasExactly(*j, {"payloadType", "payload", "signatures"}, 2))
    return signingError("envelope: fields must be exactly payloadType, payload, signatures");
  const nlohmann::json &sigs = (*j)["signatures"];
  if (!sigs.is_array() || sigs.size() != 1 || !hasExactly(sigs[0], {"keyid", "sig"}, 2) ||
      sigs[0]["keyid"].get<std::string>().empty())
    return signingError("envelope: must hold exactly one signature with a keyid and a sig");
  Envelope e{(*j)["payloadType"].get<std::string>(), "", sigs[0]["keyid"].get<std::string>(), ""};
  llvm::Expected<std::string> payload = canonicalBase64((*j)["payload"], "payload");
  if (!payload)
    return payload.takeError();
  llvm::Expected<std::string> sig = canonicalBase64(sigs[0]["sig"], "sig");
  if (!sig)
    return sig.takeError();
  e.payload = std::move(*payload);
  e.signature = std::move(*sig);
  return e;
}

llvm::Error checkSignature(const Envelope &envelope, const PublicKey &key) {
  ensureSodium();
  if (envelope.keyid != key.keyid)
    return signingError("envelope is signed by key id " + envelope.keyid + ", not by key " +
                        key.keyid);
  if (key.bytes.size() != crypto_sign_PUBLICKEYBYTES)
    return signingError("public key has the wrong size");
  std::string pae = dssePae(envelope.payloadType, envelope.payload);
  if (envelope.signature.size() != crypto_sign_BYTES ||
      crypto_sign_verify_detached(bytesOf(envelope.signature), bytesOf(pae), pae.size(),
                                  bytesOf(key.bytes)) != 0)
    return signingError("envelope signature by key " + key.fingerprint + " does not verify");
  return llvm::Error::success();
}

} // namespace drbook
