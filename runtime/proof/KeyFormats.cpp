//===- KeyFormats.cpp - Ed25519 key files in the formats users already hold -===//
#include "drbook/proof/KeyFormats.h"

#include "drbook/proof/Digest.h"
#include "drbook/proof/Encoding.h"

#include "llvm/ADT/StringExtras.h"

#include <cstdint>

namespace drbook {

namespace {

constexpr size_t KeyBytes = 32;

// RFC 8410 fixes the DER of an Ed25519 key: a constant prefix, then the key bytes.
const char Pkcs8V1Prefix[] = "\x30\x2e\x02\x01\x00\x30\x05\x06\x03\x2b\x65\x70\x04\x22\x04\x20";
const char Pkcs8V2Prefix[] = "\x30\x51\x02\x01\x01\x30\x05\x06\x03\x2b\x65\x70\x04\x22\x04\x20";
const char Pkcs8V2PublicTag[] = "\x81\x21\x00";
const char SpkiPrefix[] = "\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00";
const char OpenSshMagic[] = "openssh-key-v1";
const char SshKeyType[] = "ssh-ed25519";

/// A byte-string constant without its terminating NUL (the DER bytes hold NULs themselves).
template <size_t N> llvm::StringRef lit(const char (&s)[N]) { return llvm::StringRef(s, N - 1); }

llvm::Error keyError(const std::string &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The decoded body of the PEM block labelled `label`, or an error.
llvm::Expected<std::string> pemBody(llvm::StringRef text, llvm::StringRef label) {
  std::string begin = "-----BEGIN " + label.str() + "-----";
  std::string end = "-----END " + label.str() + "-----";
  size_t from = text.find(begin), to = text.find(end);
  if (from == llvm::StringRef::npos || to == llvm::StringRef::npos || to < from)
    return keyError("a PEM block '" + label.str() + "' without its END line");
  llvm::StringRef body = text.slice(from + begin.size(), to);
  if (body.contains(':'))
    return keyError("an encrypted PEM key (it has headers); drbook cannot prompt for a "
                    "passphrase");
  std::string base64;
  for (char c : body)
    if (!llvm::isSpace(c))
      base64.push_back(c);
  llvm::Expected<std::string> der = base64Decode(base64);
  if (!der) {
    llvm::consumeError(der.takeError());
    return keyError("a PEM block whose body is not base64");
  }
  return der;
}

llvm::Expected<std::string> hexKey(llvm::StringRef text) {
  llvm::Expected<std::string> key = hexDecode(text.trim());
  if (key && key->size() == KeyBytes)
    return key;
  if (!key)
    llvm::consumeError(key.takeError());
  return keyError("not a key in a format drbook reads (PEM, OpenSSH or 64 hex digits)");
}

/// Reads the length-prefixed fields of the OpenSSH wire format.
struct SshReader {
  llvm::StringRef rest;
  bool failed = false;

  uint32_t u32() {
    if (rest.size() < 4) {
      failed = true;
      return 0;
    }
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
      v = v << 8 | static_cast<unsigned char>(rest[i]);
    rest = rest.drop_front(4);
    return v;
  }
  llvm::StringRef string() {
    uint32_t n = u32();
    if (failed || rest.size() < n) {
      failed = true;
      return {};
    }
    llvm::StringRef s = rest.take_front(n);
    rest = rest.drop_front(n);
    return s;
  }
};

std::string sshString(llvm::StringRef s) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>(s.size() >> shift & 0xff));
  return out + s.str();
}

/// The public key in an OpenSSH `ssh-ed25519` blob.
llvm::Expected<std::string> sshPublicBlob(llvm::StringRef blob) {
  SshReader r{blob};
  llvm::StringRef type = r.string(), key = r.string();
  if (r.failed || type != SshKeyType || key.size() != KeyBytes || !r.rest.empty())
    return keyError("an OpenSSH key that is not ssh-ed25519");
  return key.str();
}

llvm::Expected<std::string> openSshSeed(llvm::StringRef text) {
  llvm::Expected<std::string> body = pemBody(text, "OPENSSH PRIVATE KEY");
  if (!body)
    return body.takeError();
  llvm::StringRef magic = lit(OpenSshMagic);
  if (!llvm::StringRef(*body).startswith(magic) || body->size() <= magic.size() ||
      (*body)[magic.size()] != '\0')
    return keyError("an OPENSSH PRIVATE KEY block without its magic");
  SshReader r{llvm::StringRef(*body).drop_front(magic.size() + 1)};
  llvm::StringRef cipher = r.string();
  r.string(); // kdf name
  r.string(); // kdf options
  uint32_t keys = r.u32();
  r.string(); // public key blob, repeated in the private section
  SshReader priv{r.string()};
  if (!r.failed && cipher != "none")
    return keyError("an OpenSSH key protected by a passphrase; drbook cannot prompt for one");
  uint32_t check1 = priv.u32(), check2 = priv.u32();
  llvm::StringRef type = priv.string(), pub = priv.string(), secret = priv.string();
  if (r.failed || priv.failed || keys != 1 || check1 != check2 || type != SshKeyType ||
      pub.size() != KeyBytes || secret.size() != 2 * KeyBytes || secret.drop_front(KeyBytes) != pub)
    return keyError("an OpenSSH private key that is not one ssh-ed25519 key");
  return secret.take_front(KeyBytes).str();
}

llvm::Expected<std::string> pkcs8Seed(llvm::StringRef text) {
  llvm::Expected<std::string> der = pemBody(text, "PRIVATE KEY");
  if (!der)
    return der.takeError();
  llvm::StringRef d = *der;
  if (d.size() == lit(Pkcs8V1Prefix).size() + KeyBytes && d.startswith(lit(Pkcs8V1Prefix)))
    return d.take_back(KeyBytes).str();
  size_t v2 = lit(Pkcs8V2Prefix).size() + KeyBytes + lit(Pkcs8V2PublicTag).size() + KeyBytes;
  if (d.size() == v2 && d.startswith(lit(Pkcs8V2Prefix)) &&
      d.drop_front(lit(Pkcs8V2Prefix).size() + KeyBytes).startswith(lit(Pkcs8V2PublicTag)))
    return d.substr(lit(Pkcs8V2Prefix).size(), KeyBytes).str();
  return keyError("a PKCS#8 private key that is not Ed25519");
}

std::string pem(llvm::StringRef label, llvm::StringRef der) {
  std::string base64 = base64Encode(der), out = "-----BEGIN " + label.str() + "-----\n";
  for (size_t at = 0; at < base64.size(); at += 64)
    out += base64.substr(at, 64) + "\n";
  return out + "-----END " + label.str() + "-----\n";
}

} // namespace

llvm::Expected<std::string> privateKeySeed(llvm::StringRef text) {
  if (text.contains("-----BEGIN OPENSSH PRIVATE KEY-----"))
    return openSshSeed(text);
  if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
    return keyError("an encrypted PKCS#8 key; drbook cannot prompt for a passphrase");
  if (text.contains("-----BEGIN PRIVATE KEY-----"))
    return pkcs8Seed(text);
  if (text.contains("-----BEGIN"))
    return keyError("a PEM block that is not an Ed25519 private key");
  return hexKey(text);
}

llvm::Expected<std::string> publicKeyBytes(llvm::StringRef text) {
  llvm::StringRef trimmed = text.trim();
  if (trimmed.startswith(SshKeyType)) {
    llvm::SmallVector<llvm::StringRef, 3> fields;
    trimmed.split(fields, ' ', 2, /*KeepEmpty=*/false);
    llvm::Expected<std::string> blob =
        fields.size() >= 2 ? base64Decode(fields[1]) : keyError("no key after ssh-ed25519");
    if (!blob)
      return keyError("an ssh-ed25519 line whose key is not base64");
    return sshPublicBlob(*blob);
  }
  if (trimmed.startswith("-----BEGIN PUBLIC KEY-----")) {
    llvm::Expected<std::string> der = pemBody(trimmed, "PUBLIC KEY");
    if (!der)
      return der.takeError();
    if (der->size() == lit(SpkiPrefix).size() + KeyBytes &&
        llvm::StringRef(*der).startswith(lit(SpkiPrefix)))
      return der->substr(lit(SpkiPrefix).size());
    return keyError("a PEM public key that is not Ed25519");
  }
  if (trimmed.startswith("-----BEGIN"))
    return keyError("a PEM block that is not a public key (a private key given as --pubkey?)");
  return hexKey(text);
}

std::string privateKeyPem(llvm::StringRef seed) {
  return pem("PRIVATE KEY", lit(Pkcs8V1Prefix).str() + seed.str());
}

std::string publicKeyPem(llvm::StringRef publicKey) {
  return pem("PUBLIC KEY", lit(SpkiPrefix).str() + publicKey.str());
}

std::string keyFingerprint(llvm::StringRef publicKey) {
  std::string blob = sshString(SshKeyType) + sshString(publicKey);
  llvm::Expected<std::string> digest = hexDecode(sha256Hex(blob));
  std::string base64 = base64Encode(*digest);
  while (!base64.empty() && base64.back() == '=')
    base64.pop_back();
  return "SHA256:" + base64;
}

} // namespace drbook
