//===- OperatorTest.cpp - Questions answered at a prompt or by a file ------===//
#include "drbook/run/Operator.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>

using namespace drbook::run;

namespace {

/// An Operator reading `input` as the terminal and writing into `output`.
struct Terminal {
  explicit Terminal(const std::string &input) : text(input) {
    in = ::fmemopen(text.data(), text.size(), "r");
    out = ::open_memstream(&buffer, &size);
  }
  ~Terminal() {
    std::fclose(in);
    std::fclose(out);
    std::free(buffer);
  }
  std::string shown() {
    std::fflush(out);
    return std::string(buffer, size);
  }
  std::string text;
  std::FILE *in, *out;
  char *buffer = nullptr;
  size_t size = 0;
};

const std::vector<Choice> Options = {{"restore", "Restore from backup"}, {"hotfix", "Ship a fix"}};

TEST(Operator, PromptReasksUntilTheAnswerIsValid) {
  Terminal t(std::string("") + "maybe\n3\n  2  \n");
  Operator op(nullptr, false, "alice", t.in, t.out);
  Reply r = op.choose("n1", "strategy", "Restore or hotfix?", Options);
  ASSERT_TRUE(r.answered());
  EXPECT_EQ(r.value, "hotfix");
  EXPECT_EQ(r.by, "prompt");
  EXPECT_EQ(r.actor, "alice");
  std::string shown = t.shown();
  EXPECT_NE(shown.find("1) restore"), std::string::npos);
  EXPECT_NE(shown.find("Restore from backup"), std::string::npos);
  EXPECT_NE(shown.find("'maybe' is not one of: restore, hotfix"), std::string::npos);
  EXPECT_NE(shown.find("'3' is not one of"), std::string::npos);
}

TEST(Operator, EndOfInputIsAnAbortNotAnAnswer) {
  Terminal t("");
  Operator op(nullptr, false, "bob", t.in, t.out);
  EXPECT_EQ(op.manual("n2", "Check the UI").status, Reply::Status::EndOfInput);
  Terminal t2("nope\n");
  Operator op2(nullptr, false, "bob", t2.in, t2.out);
  EXPECT_EQ(op2.manual("n2", "Check the UI").status, Reply::Status::EndOfInput);
}

TEST(Operator, AnswersFileByNameOrNodeId) {
  Terminal t("");
  nlohmann::json answers = {{"decisions", {{"strategy", "restore"}}},
                            {"manual", {{"validation/2:manual", true}, {"Log in", "failed"}}},
                            {"confirm", {{"restore_db", false}}}};
  Operator op(answers, false, "ci", t.in, t.out);
  Reply r = op.choose("n", "strategy", "?", Options);
  EXPECT_EQ(r.value, "restore");
  EXPECT_EQ(r.by, "answers-file");
  EXPECT_EQ(op.manual("validation/2:manual", "Anything").value, "done");
  EXPECT_EQ(op.manual("other", "Log in").value, "failed");
  EXPECT_EQ(op.confirmDestructive("x", "restore_db", "Restore", {"pg_restore"}).value, "no");
  // Nothing is read from the terminal when an answers file is used.
  EXPECT_EQ(t.shown(), "");
}

TEST(Operator, AnswersFileGapsAndInvalidAnswersStopTheRun) {
  Terminal t("yes\n");
  nlohmann::json answers = {{"decisions", {{"strategy", "rebuild"}}}};
  Operator op(answers, false, "ci", t.in, t.out);
  Reply bad = op.choose("n", "strategy", "?", Options);
  EXPECT_EQ(bad.status, Reply::Status::Unanswered);
  EXPECT_EQ(bad.value, "rebuild");
  EXPECT_EQ(op.manual("m", "Do it").status, Reply::Status::Unanswered);
  EXPECT_EQ(op.confirmDestructive("d", "drop", "", {}).status, Reply::Status::Unanswered);
}

TEST(Operator, YesConfirmsDestructiveActionsOnly) {
  Terminal t("");
  Operator op(nullptr, true, "ops", t.in, t.out);
  Reply r = op.confirmDestructive("d", "restore_db", "Restore", {"pg_restore …"});
  EXPECT_EQ(r.value, "yes");
  EXPECT_EQ(r.by, "--yes");
  EXPECT_EQ(op.manual("m", "Manual still asks").status, Reply::Status::EndOfInput);
}

TEST(Operator, PromptsTakeCaseAndUnambiguousPrefixesAndSaySo) {
  const std::vector<Choice> three = {
      {"cli", "Command line"}, {"console", "Web console"}, {"skip", "Skip it"}};
  Terminal t("C\nCL\n");
  Operator op(nullptr, false, "alice", t.in, t.out);
  Reply r = op.choose("n", "how", "How?", three);
  EXPECT_EQ(r.value, "cli");
  std::string shown = t.shown();
  EXPECT_NE(shown.find("'C' is not one of: cli, console, skip"), std::string::npos) << shown;
  EXPECT_NE(shown.find("(taken as 'cli')"), std::string::npos) << shown;

  Terminal t2("DONE\nf\n");
  Operator op2(nullptr, false, "alice", t2.in, t2.out);
  EXPECT_EQ(op2.manual("m", "Check").value, "done");
  EXPECT_EQ(t2.shown().find("taken as"), std::string::npos) << "an exact word in another case";
  EXPECT_EQ(op2.manual("m", "Check").value, "failed");
}

TEST(Operator, DestructivePromptShowsTheActionAndWantsTheWholeWord) {
  Terminal t("y\nYES\n");
  Operator op(nullptr, false, "alice", t.in, t.out);
  Reply r = op.confirmDestructive("d", "restore_db", "Restore the database from the backup",
                                  {"pg_restore -d app /backups/latest.dump"});
  EXPECT_EQ(r.value, "yes");
  std::string shown = t.shown();
  EXPECT_NE(shown.find("! restore_db is destructive: Restore the database from the backup"),
            std::string::npos)
      << shown;
  EXPECT_NE(shown.find("  $ pg_restore -d app /backups/latest.dump"), std::string::npos);
  EXPECT_NE(shown.find("'y' is not one of: yes, no"), std::string::npos) << shown;
}

} // namespace
