//===- SigningTest.cpp - Statements, DSSE envelopes and Ed25519 keys -------===//
#include "drbook/runtime/Signing.h"

#include "drbook/runtime/CanonicalJson.h"
#include "drbook/runtime/Digest.h"
#include "drbook/runtime/Encoding.h"
#include "drbook/runtime/Files.h"
#include "drbook/runtime/Statement.h"

#include "RuntimeTestSupport.h"

#include <gtest/gtest.h>

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
  std::string pubText = *readWholeFile(files.publicPath);
  ASSERT_EQ(pubText.size(), 65u);
  EXPECT_EQ(pubText.back(), '\n');
  EXPECT_EQ(pubText.substr(0, 64), pub->hex());
  EXPECT_EQ(files.keyid, sha256Hex(pub->hex()));
  EXPECT_EQ(key->publicKey.keyid, files.keyid);
  EXPECT_EQ(pub->keyid, files.keyid);
  EXPECT_EQ(readWholeFile(files.privatePath)->size(), 65u);
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
  EXPECT_NE(llvm::toString(bad.takeError()).find("expected 64 hex digits"), std::string::npos);
  llvm::Expected<SigningKey> missing = loadSigningKey(dir.file("none.key"));
  ASSERT_FALSE(missing);
  EXPECT_NE(llvm::toString(missing.takeError()).find("none.key"), std::string::npos);
  llvm::Expected<PublicKey> fromHexText = publicKeyFromHex(pub->hex() + "\n");
  ASSERT_TRUE(bool(fromHexText));
  EXPECT_EQ(fromHexText->keyid, pub->keyid);
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
  llvm::Expected<VerifiedPayload> verified = verifyEnvelope(envelope, *pub);
  ASSERT_TRUE(bool(verified)) << llvm::toString(verified.takeError());
  EXPECT_EQ(verified->payload, payload);
  EXPECT_EQ(verified->payloadType, InTotoPayloadType);
  // Survives a round trip through its canonical text.
  EXPECT_TRUE(bool(verifyEnvelope(*parseJson(canonicalJson(envelope)), *pub)));
}

TEST_F(Keys, AnyFlippedPayloadByteFails) {
  std::string payload = statementText();
  nlohmann::json envelope = signEnvelope(payload, InTotoPayloadType, *key);
  for (size_t i = 0; i < payload.size(); ++i) {
    std::string tampered = payload;
    tampered[i] ^= 0x01;
    nlohmann::json copy = envelope;
    copy["payload"] = base64Encode(tampered);
    llvm::Expected<VerifiedPayload> result = verifyEnvelope(copy, *pub);
    ASSERT_FALSE(result) << "byte " << i;
    EXPECT_NE(llvm::toString(result.takeError()).find("does not verify"), std::string::npos);
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
      llvm::Expected<VerifiedPayload> result = verifyEnvelope(copy, *pub);
      EXPECT_FALSE(result) << field << " character " << i;
      if (!result)
        llvm::consumeError(result.takeError());
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
      llvm::Expected<VerifiedPayload> result = verifyEnvelope(copy, *pub);
      ASSERT_FALSE(result) << "byte " << i << " bit " << bit;
      llvm::consumeError(result.takeError());
    }
}

TEST_F(Keys, ChangedPayloadTypeFails) {
  nlohmann::json envelope = signEnvelope(statementText(), InTotoPayloadType, *key);
  envelope["payloadType"] = "application/json";
  llvm::Expected<VerifiedPayload> result = verifyEnvelope(envelope, *pub);
  ASSERT_FALSE(result);
  llvm::consumeError(result.takeError());
}

TEST_F(Keys, OtherKeyAndMalformedEnvelopesFail) {
  nlohmann::json envelope = signEnvelope(statementText(), InTotoPayloadType, *key);
  llvm::Expected<KeyFiles> other = keygen(dir.file("other"));
  ASSERT_TRUE(bool(other));
  llvm::Expected<PublicKey> otherPub = loadPublicKey(other->publicPath);
  ASSERT_TRUE(bool(otherPub));
  llvm::Expected<VerifiedPayload> wrongKey = verifyEnvelope(envelope, *otherPub);
  ASSERT_FALSE(wrongKey);
  EXPECT_NE(llvm::toString(wrongKey.takeError()).find("no signature by key " + otherPub->keyid),
            std::string::npos);
  // Without a keyid the signature is tried, and fails.
  envelope["signatures"][0].erase("keyid");
  llvm::Expected<VerifiedPayload> tried = verifyEnvelope(envelope, *otherPub);
  ASSERT_FALSE(tried);
  EXPECT_NE(llvm::toString(tried.takeError()).find("does not verify"), std::string::npos);
  EXPECT_TRUE(bool(verifyEnvelope(envelope, *pub)));
  for (nlohmann::json bad :
       {nlohmann::json(nullptr), nlohmann::json::array(), nlohmann::json{{"payload", 1}},
        nlohmann::json{{"payloadType", "t"}, {"payload", "e30="}},
        nlohmann::json{{"payloadType", "t"}, {"payload", "e30="}, {"signatures", {1, 2}}},
        nlohmann::json{{"payloadType", "t"}, {"payload", "!!"}, {"signatures", {{{"sig", ""}}}}}}) {
    llvm::Expected<VerifiedPayload> result = verifyEnvelope(bad, *pub);
    EXPECT_FALSE(result) << bad.dump();
    if (!result)
      llvm::consumeError(result.takeError());
  }
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
