//===- SignatureCheck.cpp - Who signed a proof, and whether they are trusted ---===//
#include "SignatureCheck.h"

#include "drbook/basic/Files.h"
#include "drbook/proof/Digest.h"
#include "drbook/run/Proof.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cstdlib>

namespace drbook::proofcheck {

using namespace drbook::run;

namespace {

/// Whether `text` has the shape of a fingerprint: `SHA256:` and 43 base64 characters.
bool isFingerprint(llvm::StringRef text) {
  if (!text.consume_front("SHA256:") || text.size() != 43)
    return false;
  return text.find_first_not_of(
             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") ==
         llvm::StringRef::npos;
}

/// The signer the statement claims, when it claims one in the shape signerOf() writes.
std::optional<nlohmann::json> claimedSigner(const nlohmann::json &predicate, VerifyReport &r) {
  if (!predicate.contains("signer"))
    return std::nullopt;
  const nlohmann::json &s = predicate["signer"];
  if (!s.is_object() || s.size() != 2 || !s.value("keyid", nlohmann::json()).is_string() ||
      !s.value("fingerprint", nlohmann::json()).is_string() ||
      !isSha256Hex(s["keyid"].get<std::string>()) ||
      !isFingerprint(s["fingerprint"].get<std::string>())) {
    r.fail(proof_files::Statement,
           "predicate field 'signer' is not {keyid: 64 hex digits, fingerprint: SHA256:…}");
    return std::nullopt;
  }
  return s;
}

/// Checks the envelope itself; returns it when it signs exactly statement.json as `signer`.
std::optional<Envelope> readEnvelope(const std::string &dir, const std::string &statementText,
                                     const nlohmann::json &signer, VerifyReport &r) {
  llvm::Expected<std::string> text =
      readWholeFile(dir + "/" + proof_files::Envelope, file_limits::Document);
  if (!text) {
    r.fail(proof_files::Envelope, llvm::toString(text.takeError()));
    return std::nullopt;
  }
  llvm::Expected<Envelope> e = parseEnvelope(*text);
  if (!e) {
    r.fail(proof_files::Envelope, llvm::toString(e.takeError()));
    return std::nullopt;
  }
  size_t before = r.problems.size();
  if (e->payloadType != InTotoPayloadType)
    r.fail(proof_files::Envelope, "payloadType is not " + std::string(InTotoPayloadType));
  if (e->payload != statementText)
    r.fail(proof_files::Envelope, "signs a statement other than statement.json");
  if (e->keyid != signer.value("keyid", ""))
    r.fail(proof_files::Envelope, "is signed by key id " + e->keyid +
                                      ", but the statement names signer " +
                                      signer.value("keyid", ""));
  if (r.problems.size() != before)
    return std::nullopt;
  return std::move(*e);
}

} // namespace

void checkProofSignature(const std::string &dir, const std::string &statementText,
                         const nlohmann::json &predicate, const std::vector<PublicKey> &trusted,
                         VerifyReport &r) {
  std::optional<nlohmann::json> signer = claimedSigner(predicate, r);
  bool enveloped = llvm::sys::fs::exists(dir + "/" + proof_files::Envelope);
  if (!signer || !enveloped) {
    if (signer)
      r.fail(proof_files::Envelope, "is missing, but the statement says the proof was signed by " +
                                        signer->value("fingerprint", ""));
    else if (enveloped && !predicate.contains("signer"))
      r.fail(proof_files::Envelope, "is present, but the statement names no signer");
    r.unsignedReason = "the proof carries no signature";
    return;
  }
  std::optional<Envelope> e = readEnvelope(dir, statementText, *signer, r);
  std::string fingerprint = signer->value("fingerprint", "");
  if (!e)
    return;
  if (trusted.empty()) {
    r.unsignedReason = "the proof says it is signed by " + fingerprint +
                       ", but no trusted key was given (--pubkey or --trusted-keys), so the "
                       "signature was not checked";
    return;
  }
  auto key = std::find_if(trusted.begin(), trusted.end(),
                          [&](const PublicKey &k) { return k.keyid == e->keyid; });
  if (key == trusted.end()) {
    r.fail(proof_files::Envelope, "is signed by " + fingerprint + ", which is not a trusted key");
    return;
  }
  if (llvm::Error err = checkSignature(*e, *key)) {
    r.fail(proof_files::Envelope, llvm::toString(std::move(err)));
    return;
  }
  if (fingerprint != key->fingerprint) {
    r.fail(proof_files::Statement, "names signer fingerprint " + fingerprint +
                                       ", but the key that signed it is " + key->fingerprint);
    return;
  }
  r.signedBy = key->fingerprint;
  r.passed.push_back("signature by trusted key " + key->fingerprint + " verifies");
}

/// Every regular file in `dir` is a public key; anything unreadable is an error.
static llvm::Error loadKeyDirectory(const std::string &dir, std::vector<PublicKey> &keys) {
  if (!llvm::sys::fs::is_directory(dir))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "trusted keys: '%s' is not a directory", dir.c_str());
  std::vector<std::string> files;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec))
    if (!llvm::sys::path::filename(it->path()).startswith(".") &&
        !llvm::sys::fs::is_directory(it->path()))
      files.push_back(it->path());
  std::sort(files.begin(), files.end());
  for (const std::string &file : files) {
    llvm::Expected<PublicKey> key = loadPublicKey(file);
    if (!key)
      return key.takeError();
    keys.push_back(std::move(*key));
  }
  if (files.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "trusted keys: '%s' holds no public key", dir.c_str());
  return llvm::Error::success();
}

llvm::Expected<std::vector<PublicKey>> loadTrustedKeys(const VerifyOptions &opts) {
  std::vector<PublicKey> keys;
  for (const std::string &file : opts.keyFiles) {
    llvm::Expected<PublicKey> key = loadPublicKey(file);
    if (!key)
      return key.takeError();
    keys.push_back(std::move(*key));
  }
  std::string dir = opts.trustedKeysDir;
  if (dir.empty() && opts.keyFiles.empty())
    if (const char *fromEnv = std::getenv("DRBOOK_TRUSTED_KEYS"))
      dir = fromEnv;
  if (!dir.empty())
    if (llvm::Error err = loadKeyDirectory(dir, keys))
      return err;
  return keys;
}

} // namespace drbook::proofcheck
