//===- RedactorTest.cpp - Secrets never survive redaction ------------------===//
#include "drbook/runtime/Redactor.h"

#include "drbook/basic/ShellTemplate.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>

using namespace drbook;

namespace {

TEST(Redactor, ReplacesRawOccurrencesAndCounts) {
  Redactor r;
  r.addSecret("token", "hunter2");
  EXPECT_EQ(r.redact("login hunter2 and again hunter2."),
            "login [REDACTED:token] and again [REDACTED:token].");
  EXPECT_EQ(r.count(), 2u);
  EXPECT_EQ(r.redact("nothing here"), "nothing here");
  EXPECT_EQ(r.count(), 2u);
}

TEST(Redactor, ReplacesJsonEscapedForms) {
  Redactor r;
  std::string secret = "p\"a\\ss/wörd\n";
  r.addSecret("db", secret);
  std::string plain = nlohmann::json({{"password", secret}}).dump();
  std::string ascii = nlohmann::json({{"password", secret}}).dump(-1, ' ', true);
  EXPECT_EQ(r.redact(plain), "{\"password\":\"[REDACTED:db]\"}");
  EXPECT_EQ(r.redact(ascii), "{\"password\":\"[REDACTED:db]\"}");
  EXPECT_EQ(r.redact("{\"p\":\"p\\\"a\\\\ss\\/wörd\\n\"}"), "{\"p\":\"[REDACTED:db]\"}");
  // Jackson writes upper-case hex, Go escapes HTML characters.
  Redactor other;
  other.addSecret("k", "é<&>");
  EXPECT_EQ(other.redact("\"\\u00E9<&>\""), "\"[REDACTED:k]\"");
  EXPECT_EQ(other.redact("\"é\\u003c\\u0026\\u003e\""), "\"[REDACTED:k]\"");
}

TEST(Redactor, ReplacesUrlEncodedAndShellQuotedForms) {
  Redactor r;
  r.addSecret("pw", "a b&c/d'e");
  EXPECT_EQ(r.redact("https://x/?pw=a%20b%26c%2Fd%27e&x=1"), "https://x/?pw=[REDACTED:pw]&x=1");
  EXPECT_EQ(r.redact("pw=a%20b%26c%2fd%27e"), "pw=[REDACTED:pw]");
  EXPECT_EQ(r.redact("pw=a+b%26c%2Fd%27e"), "pw=[REDACTED:pw]");
  EXPECT_EQ(r.redact("psql --password " + shellQuote("a b&c/d'e")),
            "psql --password [REDACTED:pw]");
}

TEST(Redactor, OverlappingSecretsLeaveNothingBehind) {
  Redactor r;
  r.addSecret("short", "abc");
  r.addSecret("long", "xabcx");
  EXPECT_EQ(r.redact("1 xabcx 2 abc 3"), "1 [REDACTED:long] 2 [REDACTED:short] 3");
  // Two occurrences overlapping each other merge into one marker.
  Redactor s;
  s.addSecret("aba", "aba");
  EXPECT_EQ(s.redact("xababay"), "x[REDACTED:aba]y");
  EXPECT_EQ(s.count(), 1u);
}

TEST(Redactor, EmptySecretsAreIgnored) {
  Redactor r;
  r.addSecret("empty", "");
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.redact("text"), "text");
}

TEST(Redactor, RedactInPlaceReportsChange) {
  Redactor r;
  r.addSecret("k", "key123");
  std::string text = "use key123";
  EXPECT_TRUE(r.redactInPlace(text));
  EXPECT_EQ(text, "use [REDACTED:k]");
  EXPECT_FALSE(r.redactInPlace(text));
}

/// The forms a command or log line may show a secret in.
std::vector<std::string> encodings(const std::string &secret) {
  return {secret,
          jsonEscape(secret),
          jsonEscape(secret, true),
          urlEncode(secret),
          urlEncode(secret, true),
          urlEncode(secret, false, true),
          shellQuote(secret)};
}

TEST(Redactor, PropertyRandomSecretsInRandomTextNeverSurvive) {
  std::mt19937 random(7);
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                               " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\t\nüé€";
  auto randomText = [&](size_t maxLength) {
    std::string out;
    for (size_t n = random() % maxLength; n > 0; --n)
      out.push_back(alphabet[random() % alphabet.size()]);
    return out;
  };
  for (int round = 0; round < 300; ++round) {
    Redactor r;
    std::vector<std::string> secrets;
    for (int s = 0, count = 1 + random() % 3; s < count; ++s) {
      std::string secret;
      while (secret.size() < 6)
        secret = randomText(20);
      secrets.push_back(secret);
      r.addSecret("s" + std::to_string(s), secret);
    }
    std::string text;
    size_t embedded = 0;
    for (int piece = 0; piece < 8; ++piece) {
      text += randomText(30);
      if (random() % 2) {
        std::vector<std::string> forms = encodings(secrets[random() % secrets.size()]);
        text += forms[random() % forms.size()];
        ++embedded;
      }
    }
    std::string out = r.redact(text);
    for (const std::string &secret : secrets)
      for (const std::string &form : encodings(secret))
        ASSERT_EQ(out.find(form), std::string::npos)
            << "secret form '" << form << "' survived in: " << out;
    if (embedded) {
      EXPECT_GE(r.count(), 1u);
    }
  }
}

} // namespace
