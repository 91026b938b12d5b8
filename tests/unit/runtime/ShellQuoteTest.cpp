//===- ShellQuoteTest.cpp - Quoted values survive /bin/sh byte for byte ----===//
#include "drbook/runtime/ShellQuote.h"

#include "drbook/runtime/ProcessRunner.h"

#include "RuntimeTestSupport.h"

#include <gtest/gtest.h>

#include <random>
#include <sys/stat.h>

using namespace drbook;

namespace {

/// What /bin/sh passes to printf when `value` is interpolated quoted.
std::string roundTrip(const std::string &value) {
  ProcessRequest request;
  request.command = "printf '%s' " + shellQuote(value);
  llvm::Expected<ProcessResult> result = runProcess(request);
  if (!result)
    return "<" + llvm::toString(result.takeError()) + ">";
  if (result->exitCode != 0)
    return "<exit " + std::to_string(result->exitCode) + ": " + result->err.text() + ">";
  return result->out.text();
}

/// How many words /bin/sh splits the quoted value into.
std::string wordCount(const std::string &value) {
  ProcessRequest request;
  request.command = "set -- " + shellQuote(value) + "; echo $#";
  llvm::Expected<ProcessResult> result = runProcess(request);
  return result ? result->out.text() : llvm::toString(result.takeError());
}

TEST(ShellQuote, PlainWordsStayReadable) {
  EXPECT_EQ(shellQuote("deploy/backend"), "deploy/backend");
  EXPECT_EQ(shellQuote("--replicas-0"), "--replicas-0");
  EXPECT_EQ(shellQuote("user@host:5432"), "user@host:5432");
  EXPECT_EQ(shellQuote("backups/latest.sql.gz"), "backups/latest.sql.gz");
}

TEST(ShellQuote, EverythingElseIsSingleQuoted) {
  EXPECT_EQ(shellQuote(""), "''");
  EXPECT_EQ(shellQuote("a b"), "'a b'");
  EXPECT_EQ(shellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(shellQuote("A=1"), "'A=1'");
  EXPECT_EQ(shellQuote("~root"), "'~root'");
}

TEST(ShellQuote, TrickyValuesRoundTripThroughSh) {
  const std::vector<std::string> values = {"",
                                           "plain",
                                           "two words",
                                           "it's",
                                           "'",
                                           "''",
                                           "\"",
                                           "\\",
                                           "\\'",
                                           "$HOME",
                                           "${HOME}",
                                           "$(id)",
                                           "`id`",
                                           "a\nb",
                                           "trailing\n\n",
                                           "\t tab",
                                           "*",
                                           "?",
                                           "[a-z]",
                                           "~",
                                           "A=1",
                                           "-n",
                                           "-e \\n",
                                           "; rm -rf x",
                                           "a && b || c",
                                           "a|b",
                                           "<in >out 2>&1",
                                           "!!",
                                           "#comment",
                                           "{a,b}",
                                           "ünïcödé",
                                           "\x01\x7f\xff",
                                           "'\"'\"'\\$`\n"};
  for (const std::string &value : values)
    EXPECT_EQ(roundTrip(value), value) << "quoted as " << shellQuote(value);
}

TEST(ShellQuote, QuotedValueIsAlwaysOneWord) {
  for (const std::string value : {"", "a b c", "*", "$(echo a b)", "a\nb", "$IFS"})
    EXPECT_EQ(wordCount(value), "1\n") << "quoted as " << shellQuote(value);
}

TEST(ShellQuote, CommandSubstitutionIsNeverExecuted) {
  test::TempDir dir;
  std::string marker = dir.file("pwned");
  for (const std::string &attack : {"$(touch " + marker + ")", "`touch " + marker + "`",
                                    "'; touch " + marker + "; '", "\"; touch " + marker + "; \""}) {
    EXPECT_EQ(roundTrip(attack), attack);
    struct stat info;
    EXPECT_NE(::stat(marker.c_str(), &info), 0) << "executed: " << attack;
  }
}

TEST(ShellQuote, RandomBytesRoundTrip) {
  std::mt19937 random(20240601);
  std::uniform_int_distribution<int> length(0, 24), byte(1, 255);
  // Weighted towards the characters the shell cares about.
  const std::string special = "'\"\\$`!*?[]{}()<>|&;#~= \t\n";
  std::uniform_int_distribution<size_t> pick(0, special.size() - 1);
  for (int i = 0; i < 120; ++i) {
    std::string value;
    for (int n = length(random); n > 0; --n)
      value.push_back(random() % 2 ? special[pick(random)] : static_cast<char>(byte(random)));
    EXPECT_EQ(roundTrip(value), value) << "quoted as " << shellQuote(value);
  }
}

} // namespace
