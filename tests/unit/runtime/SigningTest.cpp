//===- SigningTest.cpp - Statements, DSSE envelopes and Ed25519 keys -------===//
#include "drbook/proof/Signing.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Files.h"
#include "drbook/proof/Digest.h"
#include "drbook/proof/Encoding.h"
#include "drbook/proof/Statement.h"

#include "RuntimeTestSupport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sys/stat.h>

using namespace drbook;

namespace {

struct Keys : ::testing::Test {
  test::TempDir dir;
  KeyFiles files;
  std::optional<SigningKey> key;
  std::optional<PublicKey> pub;
  void SetUp() override {
    llvm::Expected<KeyFiles> made = keygen(dir.file("keys"));
    ASSERT_TRUE(bool(made)) << llvm::toString(made.takeError());
    files = *made;
    llvm::Expected<SigningKey> loaded = loadSigningKey(files.privatePath);
    ASSERT_TRUE(bool(loaded)) << llvm::toString(loaded.takeError());
    key = *loaded;
    llvm::Expected<PublicKey> loadedPub = loadPublicKey(files.publicPath);
    ASSERT_TRUE(bool(loadedPub)) << llvm::toString(loadedPub.takeError());
    pub = *loadedPub;
  }
  /// The envelope's canonical text, parsed strictly and checked against `k`.
  static llvm::Error verify(const nlohmann::json &envelope, const PublicKey &k) {
    return verifyText(canonicalJson(envelope), k);
  }
  static llvm::Error verifyText(const std::string &text, const PublicKey &k) {
    llvm::Expected<Envelope> e = parseEnvelope(text);
    if (!e)
      return e.takeError();
    return checkSignature(*e, k);
  }
  std::string statementText() {
    return canonicalJson(
        makeStatement({{"events.jsonl", sha256Hex("events")}, {"plan.json", sha256Hex("plan")}},
                      {{"runbook", "casino_dr"}, {"status", "passed"}}));
  }
};

TEST_F(Keys, KeyFilesHaveDocumentedFormatAndModes) {
  struct stat info;
  ASSERT_EQ(::stat(files.privatePath.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(files.publicPath.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644u);
  EXPECT_EQ(readWholeFile(files.privatePath)->rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0u);
  EXPECT_EQ(readWholeFile(files.publicPath)->rfind("-----BEGIN PUBLIC KEY-----\n", 0), 0u);
  EXPECT_EQ(files.keyid, sha256Hex(hexEncode(pub->bytes)));
  EXPECT_EQ(key->publicKey.keyid, files.keyid);
  EXPECT_EQ(pub->keyid, files.keyid);
  EXPECT_EQ(pub->fingerprint, files.fingerprint);
  EXPECT_EQ(pub->fingerprint.rfind("SHA256:", 0), 0u);
  EXPECT_EQ(pub->fingerprint.size(), 7u + 43u);
}

TEST_F(Keys, KeygenRefusesToOverwrite) {
  llvm::Expected<KeyFiles> again = keygen(dir.file("keys"));
  ASSERT_FALSE(again);
  EXPECT_NE(llvm::toString(again.takeError()).find("refusing to overwrite"), std::string::npos);
}

TEST_F(Keys, BadKeyFilesAreClearErrors) {
  std::ofstream(dir.file("bad.pub")) << "not a key\n";
  llvm::Expected<PublicKey> bad = loadPublicKey(dir.file("bad.pub"));
  ASSERT_FALSE(bad);
  std::string message = llvm::toString(bad.takeError());
  EXPECT_NE(message.find("bad.pub: not an Ed25519 public key"), std::string::npos) << message;
  EXPECT_NE(message.find("PEM, OpenSSH or 64 hex digits"), std::string::npos) << message;
  llvm::Expected<SigningKey> missing = loadSigningKey(dir.file("none.key"));
  ASSERT_FALSE(missing);
  EXPECT_NE(llvm::toString(missing.takeError()).find("none.key"), std::string::npos);
  llvm::Expected<PublicKey> privateAsPublic = loadPublicKey(files.privatePath);
  ASSERT_FALSE(privateAsPublic);
  EXPECT_NE(llvm::toString(privateAsPublic.takeError()).find("a private key given as --pubkey?"),
            std::string::npos);
  // The 64-hex-digit files of earlier versions still load.
  std::ofstream(dir.file("old.pub")) << hexEncode(pub->bytes) << "\n";
  llvm::Expected<PublicKey> old = loadPublicKey(dir.file("old.pub"));
  ASSERT_TRUE(bool(old));
  EXPECT_EQ(old->keyid, pub->keyid);
}

/// Runs a shell command in `dir`; true when it exited 0.
bool shell(const test::TempDir &dir, const std::string &command) {
  return std::system(("cd '" + dir.path() + "' && { " + command + "; } >/dev/null 2>&1").c_str()) ==
         0;
}

std::string firstWordOf(const std::string &path, int field) {
  std::ifstream in(path);
  std::string word;
  for (int i = 0; i < field; ++i)
    in >> word;
  return word;
}

TEST_F(Keys, OpenSslKeysAreReadAndOursAreReadByOpenSsl) {
  ASSERT_TRUE(shell(dir, "openssl genpkey -algorithm ed25519 -out o.key && "
                         "openssl pkey -in o.key -pubout -out o.pub"));
  llvm::Expected<SigningKey> k = loadSigningKey(dir.file("o.key"));
  ASSERT_TRUE(bool(k)) << llvm::toString(k.takeError());
  llvm::Expected<PublicKey> p = loadPublicKey(dir.file("o.pub"));
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  EXPECT_EQ(k->publicKey.keyid, p->keyid);
  nlohmann::json envelope = signEnvelope(statementText(), InTotoPayloadType, *k);
  EXPECT_FALSE(bool(verify(envelope, *p)));
  // OpenSSL derives from our private key file the public key file we wrote.
  ASSERT_TRUE(shell(dir, "openssl pkey -in keys/drbook.key -pubout -out derived.pub"));
  EXPECT_EQ(*readWholeFile(dir.file("derived.pub")), *readWholeFile(files.publicPath));
}

TEST_F(Keys, OpenSshKeysAreReadWithTheFingerprintSshKeygenPrints) {
  ASSERT_TRUE(shell(dir, "ssh-keygen -q -t ed25519 -N '' -C oncall -f id"));
  llvm::Expected<SigningKey> k = loadSigningKey(dir.file("id"));
  ASSERT_TRUE(bool(k)) << llvm::toString(k.takeError());
  llvm::Expected<PublicKey> p = loadPublicKey(dir.file("id.pub"));
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  EXPECT_EQ(k->publicKey.keyid, p->keyid);
  EXPECT_FALSE(bool(verify(signEnvelope(statementText(), InTotoPayloadType, *k), *p)));
  ASSERT_TRUE(shell(dir, "ssh-keygen -l -E sha256 -f id.pub > fp.txt"));
  EXPECT_EQ(p->fingerprint, firstWordOf(dir.file("fp.txt"), 2));
  EXPECT_EQ(k->publicKey.fingerprint, p->fingerprint);
}

TEST_F(Keys, KeysWithAPassphraseAreRefusedClearly) {
  ASSERT_TRUE(shell(dir, "ssh-keygen -q -t ed25519 -N sesame -f locked && "
                         "openssl genpkey -algorithm ed25519 -aes256 -pass pass:sesame "
                         "-out locked.pem"));
  for (const char *file : {"locked", "locked.pem"}) {
    llvm::Expected<SigningKey> k = loadSigningKey(dir.file(file));
    ASSERT_FALSE(k) << file;
    EXPECT_NE(llvm::toString(k.takeError()).find("passphrase"), std::string::npos) << file;
  }
}

TEST(Dsse, PreAuthEncoding) {
  EXPECT_EQ(dssePae("application/vnd.in-toto+json", "{}"),
            "DSSEv1 28 application/vnd.in-toto+json 2 {}");
  EXPECT_EQ(dssePae("", ""), "DSSEv1 0  0 ");
}

TEST_F(Keys, SignAndVerify) {
  std::string payload = statementText();
  nlohmann::json envelope = signEnvelope(payload, InTotoPayloadType, *key);
  EXPECT_EQ(envelope["payloadType"], "application/vnd.in-toto+json");
  EXPECT_EQ(envelope["payload"], base64Encode(payload));
  ASSERT_EQ(envelope["signatures"].size(), 1u);
  EXPECT_EQ(envelope["signatures"][0]["keyid"], files.keyid);
  EXPECT_EQ(base64Decode(envelope["signatures"][0]["sig"].get<std::string>())->size(), 64u);
  llvm::Expected<Envelope> parsed = parseEnvelope(canonicalJson(envelope));
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  EXPECT_EQ(parsed->payload, payload);
  EXPECT_EQ(parsed->payloadType, InTotoPayloadType);
  EXPECT_EQ(parsed->keyid, files.keyid);
  llvm::Error checked = checkSignature(*parsed, *pub);
  EXPECT_FALSE(bool(checked)) << llvm::toString(std::move(checked));
}

TEST_F(Keys, AnyFlippedPayloadByteFails) {
  std::string payload = statementText();
  nlohmann::json envelope = signEnvelope(payload, InTotoPayloadType, *key);
  for (size_t i = 0; i < payload.size(); ++i) {
    std::string tampered = payload;
    tampered[i] ^= 0x01;
    nlohmann::json copy = envelope;
    copy["payload"] = base64Encode(tampered);
    llvm::Error result = verify(copy, *pub);
    ASSERT_TRUE(bool(result)) << "byte " << i;
    EXPECT_NE(llvm::toString(std::move(result)).find("does not verify"), std::string::npos);
  }
}

TEST_F(Keys, AnyChangedBase64CharacterFails) {
  nlohmann::json envelope = signEnvelope(statementText(), InTotoPayloadType, *key);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (const char *field : {"payload", "sig"}) {
    nlohmann::json &holder = std::string(field) == "sig" ? envelope["signatures"][0] : envelope;
    std::string text = holder[field];
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '=')
        continue;
      std::string tampered = text;
      tampered[i] = alphabet[(alphabet.find(text[i]) + 1) % alphabet.size()];
      nlohmann::json copy = envelope;
      (std::string(field) == "sig" ? copy["signatures"][0] : copy)[field] = tampered;
      llvm::Error result = verify(copy, *pub);
      EXPECT_TRUE(bool(result)) << field << " character " << i;
      llvm::consumeError(std::move(result));
    }
  }
}

TEST_F(Keys, AnyFlippedSignatureByteFails) {
  nlohmann::json envelope = signEnvelope(statementText(), InTotoPayloadType, *key);
  std::string sig = *base64Decode(envelope["signatures"][0]["sig"].get<std::string>());
  for (size_t i = 0; i < sig.size(); ++i)
    for (int bit = 0; bit < 8; ++bit) {
      std::string tampered = sig;
      tampered[i] ^= static_cast<char>(1 << bit);
      nlohmann::json copy = envelope;
      copy["signatures"][0]["sig"] = base64Encode(tampered);
      llvm::Error result = verify(copy, *pub);
      ASSERT_TRUE(bool(result)) << "byte " << i << " bit " << bit;
      llvm::consumeError(std::move(result));
    }
}

TEST_F(Keys, ChangedPayloadTypeFails) {
  nlohmann::json envelope = signEnvelope(statementText(), InTotoPayloadType, *key);
  envelope["payloadType"] = "application/json";
  llvm::Error result = verify(envelope, *pub);
  ASSERT_TRUE(bool(result));
  llvm::consumeError(std::move(result));
}

/// Every edit of an envelope that leaves the signature bytes valid is still refused: the
/// text must be exactly what drbook writes, and the keyid must name the key that signed.
TEST_F(Keys, EditsThatKeepTheSignatureAreRefused) {
  nlohmann::json envelope = signEnvelope(statementText(), InTotoPayloadType, *key);
  std::string text = canonicalJson(envelope);
  auto edited = [&](auto edit) {
    nlohmann::json copy = envelope;
    edit(copy);
    return canonicalJson(copy);
  };
  std::string sig = envelope["signatures"][0]["sig"], payload = envelope["payload"];
  std::vector<std::pair<std::string, std::string>> edits = {
      {"trailing newline", text + "\n"},
      {"trailing bytes", text + "garbage"},
      {"trailing JSON", text + "{}"},
      {"leading space", " " + text},
      {"pretty-printed", nlohmann::json::parse(text).dump(2)},
      {"keyid changed", edited([](nlohmann::json &j) { j["signatures"][0]["keyid"] = "abc"; })},
      {"keyid empty", edited([](nlohmann::json &j) { j["signatures"][0]["keyid"] = ""; })},
      {"keyid removed", edited([](nlohmann::json &j) { j["signatures"][0].erase("keyid"); })},
      {"keyid not a string", edited([](nlohmann::json &j) { j["signatures"][0]["keyid"] = 7; })},
      {"extra field", edited([](nlohmann::json &j) { j["note"] = "x"; })},
      {"extra signature field", edited([](nlohmann::json &j) { j["signatures"][0]["x"] = 1; })},
      {"second signature",
       edited([](nlohmann::json &j) { j["signatures"].push_back(j["signatures"][0]); })},
      {"no signature",
       edited([](nlohmann::json &j) { j["signatures"] = nlohmann::json::array(); })},
      {"sig unpadded", edited([&](nlohmann::json &j) {
         j["signatures"][0]["sig"] = sig.substr(0, sig.find('='));
       })},
      {"payload url-safe", edited([&](nlohmann::json &j) {
         std::string p = payload;
         std::replace(p.begin(), p.end(), '+', '-');
         std::replace(p.begin(), p.end(), '/', '_');
         j["payload"] = p;
       })},
      {"not JSON", "not json"},
  };
  for (const auto &[name, bad] : edits) {
    if (bad == text)
      continue; // the edit happens not to change this envelope's bytes
    llvm::Error result = verifyText(bad, *pub);
    EXPECT_TRUE(bool(result)) << name;
    llvm::consumeError(std::move(result));
  }
  llvm::Error untouched = verifyText(text, *pub);
  EXPECT_FALSE(bool(untouched)) << llvm::toString(std::move(untouched));
}

TEST_F(Keys, AnotherKeyIsRefusedByItsKeyId) {
  nlohmann::json envelope = signEnvelope(statementText(), InTotoPayloadType, *key);
  llvm::Expected<KeyFiles> other = keygen(dir.file("other"));
  ASSERT_TRUE(bool(other));
  llvm::Expected<PublicKey> otherPub = loadPublicKey(other->publicPath);
  ASSERT_TRUE(bool(otherPub));
  llvm::Error wrongKey = verify(envelope, *otherPub);
  ASSERT_TRUE(bool(wrongKey));
  EXPECT_NE(llvm::toString(std::move(wrongKey)).find("not by key " + otherPub->keyid),
            std::string::npos);
  // Claiming the other key's id does not help: its signature does not verify.
  envelope["signatures"][0]["keyid"] = otherPub->keyid;
  llvm::Error claimed = verify(envelope, *otherPub);
  ASSERT_TRUE(bool(claimed));
  EXPECT_NE(llvm::toString(std::move(claimed)).find("does not verify"), std::string::npos);
}

TEST(Statement, ShapeAndParse) {
  nlohmann::json statement =
      makeStatement({{"source.drbook", sha256Hex("s")}}, {{"mode", "drill"}});
  EXPECT_EQ(statement["_type"], "https://in-toto.io/Statement/v1");
  EXPECT_EQ(statement["predicateType"], "https://drbook.dev/proof/v1");
  EXPECT_EQ(statement["subject"][0]["digest"]["sha256"], sha256Hex("s"));
  llvm::Expected<Statement> parsed = parseStatement(statement);
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  EXPECT_EQ(parsed->subjects[0].name, "source.drbook");
  EXPECT_EQ(parsed->predicate["mode"], "drill");
  nlohmann::json badDigest = statement;
  badDigest["subject"][0]["digest"]["sha256"] = "xyz";
  llvm::Expected<Statement> rejected = parseStatement(badDigest);
  ASSERT_FALSE(rejected);
  EXPECT_NE(llvm::toString(rejected.takeError()).find("subject[0]"), std::string::npos);
  for (const char *field : {"_type", "subject", "predicateType", "predicate"}) {
    nlohmann::json missing = statement;
    missing.erase(field);
    llvm::Expected<Statement> result = parseStatement(missing);
    EXPECT_FALSE(result) << field;
    if (!result)
      llvm::consumeError(result.takeError());
  }
}

} // namespace
