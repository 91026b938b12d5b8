//===- ShellTemplateTest.cpp - Values survive /bin/sh in every context -----===//
#include "drbook/basic/ShellTemplate.h"

#include "drbook/exec/ProcessRunner.h"

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

/// What /bin/sh passes to printf when `value` fills the placeholder between `before` and
/// `after`, quoted for the context the lexer finds there. printf's `%s\n` per argument
/// shows how many words arrived.
std::string inContext(const std::string &before, const std::string &value,
                      const std::string &after) {
  std::vector<shell::Slot> slots = shell::classify({before, after});
  if (slots.size() != 1 || !slots[0].unsafe.empty())
    return "<unsafe>";
  ProcessRequest request;
  request.command = before + shell::quote(slots[0].context, value) + after;
  llvm::Expected<ProcessResult> result = runProcess(request);
  return result ? result->out.text() : llvm::toString(result.takeError());
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

/// Each template is `printf '[%s]\n' …` around one placeholder; the value must arrive as one
/// argument, `[VALUE]`, in every context.
const std::vector<std::pair<std::string, std::string>> Contexts = {
    {"printf '[%s]\\n' ", ""},
    {"printf '[%s]\\n' '", "'"},
    {"printf '[%s]\\n' \"", "\""},
    {"printf '[%s]\\n' \"x$(printf %s '", "')\""},
    {"x=$(printf '%s.' ", "); printf '[%s]\\n' \"${x%.}\""},
    {"printf '[%s]\\n' \"$(printf '%s.' \"", "\")\" | sed 's/\\.]$/]/'"},
    {"printf '[%s]\\n' --opt=", ""},
    {"printf '[%s]\\n' \"pre'", "'post\""},
};

TEST(ShellTemplate, EveryContextPassesExactBytes) {
  const std::vector<std::string> values = {
      "plain", "it's",         "\"",       "\\",         "$(id)",   "`id`",   "a b",
      "*",     "-n --version", "'; id; '", "\"; id; \"", "\\$(id)", "~ $HOME"};
  for (const auto &[before, after] : Contexts)
    for (const std::string &value : values) {
      std::string want = "[" + value + "]\n";
      if (before.find("x$(") != std::string::npos)
        want = "[x" + value + "]\n";
      if (before.find("--opt=") != std::string::npos)
        want = "[--opt=" + value + "]\n";
      if (after.find("'post") != std::string::npos)
        want = "[pre'" + value + "'post]\n";
      EXPECT_EQ(inContext(before, value, after), want) << before << "{v}" << after;
    }
}

TEST(ShellTemplate, ClassifiesContexts) {
  auto one = [](const std::string &before, const std::string &after = "") {
    return shell::classify({before, after}).at(0);
  };
  EXPECT_EQ(one("echo ").context, shell::Context::Bare);
  EXPECT_EQ(one("echo '").context, shell::Context::SingleQuoted);
  EXPECT_EQ(one("echo \"").context, shell::Context::DoubleQuoted);
  EXPECT_EQ(one("echo \"$(cat ").context, shell::Context::Bare);
  EXPECT_EQ(one("echo '$(").context, shell::Context::SingleQuoted);
  EXPECT_EQ(one("echo \"'").context, shell::Context::DoubleQuoted);
  EXPECT_NE(one("echo `").unsafe, "");
  EXPECT_NE(one("echo $((").unsafe, "");
  EXPECT_NE(one("echo ${x:-").unsafe, "");
  EXPECT_NE(one("echo # ").unsafe, "");
  EXPECT_NE(one("cat <<E\n").unsafe, "");
  EXPECT_EQ(one("cat <<E\nx\nE\necho ").unsafe, "");
  EXPECT_NE(one("cat <<-'E'\n\tx\n").unsafe, "");
  EXPECT_EQ(one("cat <<-'E'\n\tE\necho ").unsafe, "");
  EXPECT_EQ(one("echo a#").unsafe, "");
}

TEST(ShellTemplate, OptionPositions) {
  auto option = [](const std::string &before, const std::string &after = "") {
    return shell::classify({before, after}).at(0).optionPosition;
  };
  EXPECT_TRUE(option("rm "));
  EXPECT_TRUE(option("rm '"));
  EXPECT_TRUE(option("A=1 rm -f x "));
  EXPECT_TRUE(option("true; rm "));
  EXPECT_TRUE(option("echo $(rm "));
  EXPECT_FALSE(option(""));             // the command name
  EXPECT_FALSE(option("A="));           // an assignment
  EXPECT_FALSE(option("rm -- "));       // after --
  EXPECT_FALSE(option("kubectl -n "));  // an option's value
  EXPECT_FALSE(option("rm x", ""));     // inside a word
  EXPECT_FALSE(option("echo > "));      // a redirection's file
  EXPECT_FALSE(option("printf '%s' ")); // printf's data
  EXPECT_FALSE(option("docker exec db sh -c 'x' _ "));
  EXPECT_FALSE(option("test x = "));
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
