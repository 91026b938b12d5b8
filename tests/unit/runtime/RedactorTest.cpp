//===- RedactorTest.cpp - Secrets never survive redaction ------------------===//
#include "drbook/exec/Redactor.h"
#include "drbook/exec/SecretForms.h"

#include "drbook/basic/ShellTemplate.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
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

/// The forms a command or log line may show a secret in: every encoding, and the pieces of a
/// line cut short.
std::vector<std::string> encodings(const std::string &secret) {
  std::vector<std::string> forms = secretForms(secret);
  forms.push_back(secret);
  for (const char *keep : {"", "/", "!'()*", "!~*()"})
    for (bool lower : {false, true})
      forms.push_back(urlEncode(secret, lower, /*plusForSpace=*/!lower, keep));
  if (secret.size() > Redactor::PieceLength) {
    forms.push_back(secret.substr(0, secret.size() - 1));
    forms.push_back(secret.substr(1));
  }
  return forms;
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

/// What a real program prints for `value`: `command` reads it from the environment.
std::string printedBy(const std::string &command, const std::string &value) {
  ::setenv("DRBOOK_TEST_VALUE", value.c_str(), 1);
  std::string out;
  if (FILE *p = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, p)) > 0;)
      out.append(buffer, n);
    ::pclose(p);
  }
  ::unsetenv("DRBOOK_TEST_VALUE");
  while (!out.empty() && out.back() == '\n')
    out.pop_back();
  return out;
}

const std::vector<std::string> HardValues = {
    "plain",          "a b",  "it's",      "say \"hi\"", "x$y`z\\w", "a,b=c:d@e%f+g/h",
    "~home",          "#tag", "tab\there", "new\nline",  "bell\x07", "\xc3\xa9t\xc3\xa9",
    "{}[]*?^<>|&;()!"};

TEST(SecretForms, BashPrintfQMatchesBash) {
  for (const std::string &v : HardValues)
    EXPECT_EQ(bashQuoted(v), printedBy("bash -c 'printf %q \"$DRBOOK_TEST_VALUE\"'", v)) << v;
}

TEST(SecretForms, PythonReprMatchesPython) {
  for (const std::string &v : HardValues) {
    std::string repr =
        printedBy("python3 -c 'import os; print(repr(os.environ[\"DRBOOK_TEST_VALUE\"]))'", v);
    ASSERT_GE(repr.size(), 2u) << v;
    EXPECT_EQ(pythonReprBody(v, repr[0]), repr.substr(1, repr.size() - 2)) << v;
  }
}

/// Each encoding, as real tools print it, is redacted and leaves no run of the encoded text
/// that depends on the secret alone.
TEST(Redactor, EncodingsAsRealToolsPrintThem) {
  const std::string secret = "s3cr3t/t0k+en!it's 9x";
  Redactor r;
  r.addSecret("token", secret);
  const char *const tools[] = {
      "printf %s \"$DRBOOK_TEST_VALUE\" | base64 -w0",
      "printf %s \"$DRBOOK_TEST_VALUE\" | basenc --base64url -w0",
      "printf %s \"$DRBOOK_TEST_VALUE\" | basenc --base64url -w0 | tr -d =",
      "printf %s \"admin:$DRBOOK_TEST_VALUE\" | base64 -w0",
      "printf %s \"ab:$DRBOOK_TEST_VALUE\" | base64 -w0",
      "printf %s \"$DRBOOK_TEST_VALUE\" | od -An -tx1 | tr -d ' \\n'",
      "printf %s \"$DRBOOK_TEST_VALUE\" | od -An -tx1 | tr -d ' \\n' | tr a-f A-F",
      "python3 -c 'import os,urllib.parse as u; print(u.quote(os.environ[\"DRBOOK_TEST_VALUE\"]))'",
      "python3 -c 'import os,urllib.parse as u; "
      "print(u.quote_plus(os.environ[\"DRBOOK_TEST_VALUE\"]))'",
      "python3 -c 'import os; print(repr(os.environ[\"DRBOOK_TEST_VALUE\"]))'",
      "python3 -c 'import os; print(repr(os.environ[\"DRBOOK_TEST_VALUE\"].encode()))'",
      "python3 -c 'import os,json; print(json.dumps(os.environ[\"DRBOOK_TEST_VALUE\"]))'",
      "bash -c 'printf %q \"$DRBOOK_TEST_VALUE\"'",
      "printf %s \"$DRBOOK_TEST_VALUE\" | cut -c1-12",
      "printf %s \"$DRBOOK_TEST_VALUE\" | rev | cut -c1-10 | rev",
  };
  for (const char *tool : tools) {
    std::string shown = printedBy(tool, secret);
    ASSERT_FALSE(shown.empty()) << tool;
    std::string out = r.redact("before " + shown + " after");
    EXPECT_NE(out.find("[REDACTED:token]"), std::string::npos) << tool << ": " << out;
    // What stays is what the tool prints without the secret, and at most the few
    // characters that mix the secret's bits with its neighbours'.
    EXPECT_LE(out.size(),
              std::string("before [REDACTED:token] after").size() + printedBy(tool, "").size() + 3)
        << tool << ": " << out;
  }
}

TEST(Redactor, PiecesOfASecretAreWidenedToAllTheyShow) {
  Redactor r;
  r.addSecret("pw", "correct-horse-battery");
  EXPECT_EQ(r.redact("line cut: correct-horse-bat\n"), "line cut: [REDACTED:pw]\n");
  EXPECT_EQ(r.redact("...rse-battery and more"), "...[REDACTED:pw] and more");
  EXPECT_EQ(r.redact("head correct-hors\n...\nse-battery tail"),
            "head [REDACTED:pw]\n...\n[REDACTED:pw] tail");
  // Seven characters are not enough to tell a piece from ordinary text.
  EXPECT_EQ(r.redact("correct answer"), "correct answer");
}
