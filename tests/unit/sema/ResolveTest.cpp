//===- ResolveTest.cpp - Names, enum members and decisions after sema ------===//
#include "SemaTestUtil.h"

#include "drbook/sema/Sema.h"

#include <gtest/gtest.h>

using namespace drbook;
using namespace drbook::ast;
using namespace drbook::test;

namespace {

const char *const Runbook = R"(runbook r {
  objectives { rto 2h  rpo 15m }
  param platform: enum { k8s, compose } = compose
  state traffic: enum { serving, stopped } = serving
  probe health: http GET "http://localhost/health" expect status == 200 timeout 5s
  probe unused: tcp "localhost:1" timeout 1s
  probe errors: log "app.jsonl" where code >= 500 window 5m expect rate < 0.1
  action stop "Stop" {
    requires traffic == serving
    run "true"
    effects traffic = stopped
    timeout 1m
  }
  detection {
    check health
    decide strategy {
      when health.failed => restore
      otherwise ask "How?" { hotfix "forward" restore "back" }
    }
    if strategy == restore { do stop }
  }
}
)";

class ResolveTest : public ::testing::Test {
protected:
  void SetUp() override {
    c = analyzeFile(dir.write("r.drbook", Runbook), dir.path());
    ASSERT_TRUE(c->root);
    ASSERT_TRUE(errorsOf(*c).empty()) << errorsOf(*c).front();
  }

  /// The steps of the detection phase.
  std::vector<StepPtr> &detection() { return c->root->phases.at(0).body.steps; }

  ScratchDir dir;
  std::unique_ptr<Compilation> c;
};

TEST_F(ResolveTest, EnumMemberTakesTheOtherOperandsType) {
  auto *stop = llvm::cast<ActionDecl>(findDecl(*c->root, "stop"));
  auto *requires = llvm::cast<BinaryExpr>(stop->clauses.at(0).expr.get());
  auto *member = llvm::cast<NameExpr>(requires->rhs.get());
  EXPECT_TRUE(member->isEnumMember);
  EXPECT_EQ(member->name.decl, nullptr);
  EXPECT_EQ(member->type, findDecl(*c->root, "traffic")->type);
  EXPECT_EQ(sema::meaningOf(*member), sema::NameMeaning::EnumMember);
  auto *state = llvm::cast<NameExpr>(requires->lhs.get());
  EXPECT_EQ(state->name.decl, findDecl(*c->root, "traffic"));
  EXPECT_EQ(sema::meaningOf(*state), sema::NameMeaning::Declaration);
}

TEST_F(ResolveTest, EffectValueAndDefaultAreMembers) {
  auto *stop = llvm::cast<ActionDecl>(findDecl(*c->root, "stop"));
  const Effect &effect = stop->clauses.at(2).effects.at(0);
  EXPECT_EQ(effect.state.decl, findDecl(*c->root, "traffic"));
  EXPECT_TRUE(llvm::cast<NameExpr>(effect.value.get())->isEnumMember);
  auto *platform = llvm::cast<ParamDecl>(findDecl(*c->root, "platform"));
  EXPECT_EQ(platform->defaultValue->type, platform->type);
}

TEST_F(ResolveTest, ProbeFieldsAreBareInsideExpect) {
  auto *health = llvm::cast<ProbeDecl>(findDecl(*c->root, "health"));
  auto *cmp = llvm::cast<BinaryExpr>(health->expect.get());
  auto *status = llvm::cast<NameExpr>(cmp->lhs.get());
  EXPECT_EQ(status->name.decl, health);
  EXPECT_EQ(status->type->kind, TypeKind::Int);
  EXPECT_EQ(sema::meaningOf(*status), sema::NameMeaning::ProbeField);
}

TEST_F(ResolveTest, LogWhereNamesAreRecordFields) {
  auto *errors = llvm::cast<ProbeDecl>(findDecl(*c->root, "errors"));
  auto *code =
      llvm::cast<NameExpr>(llvm::cast<BinaryExpr>(errors->arg("where")->value.get())->lhs.get());
  EXPECT_EQ(code->type->kind, TypeKind::Json);
  EXPECT_EQ(sema::meaningOf(*code), sema::NameMeaning::LogField);
}

TEST_F(ResolveTest, DecisionsAreOwnedByTheCompilation) {
  ASSERT_EQ(c->decisions.size(), 1u);
  DecisionDecl &d = *c->decisions[0];
  auto *step = llvm::cast<DecideStep>(detection().at(1).get());
  EXPECT_EQ(step->decl, &d);
  EXPECT_EQ(d.step, step);
  // when values, then ask options, each once, in order of appearance.
  EXPECT_EQ(d.type->members, (std::vector<std::string>{"restore", "hotfix"}));
  auto *test = llvm::cast<BinaryExpr>(llvm::cast<IfStep>(detection().at(2).get())->condition.get());
  EXPECT_EQ(llvm::cast<NameExpr>(test->lhs.get())->name.decl, &d);
  EXPECT_TRUE(d.used);
}

TEST_F(ResolveTest, UsedMarksOnlyWhatIsReferred) {
  EXPECT_TRUE(findDecl(*c->root, "health")->used);
  EXPECT_TRUE(findDecl(*c->root, "stop")->used);
  EXPECT_FALSE(findDecl(*c->root, "unused")->used);
  EXPECT_FALSE(findDecl(*c->root, "errors")->used);
}

TEST_F(ResolveTest, ObjectivesAreRecordedInMilliseconds) {
  EXPECT_EQ(c->root->rtoMillis, 2 * 3600 * 1000);
  EXPECT_EQ(c->root->rpoMillis, 15 * 60 * 1000);
}

TEST(ResolveErrorsTest, UnknownNameSaysWhatWasExpected) {
  ScratchDir dir;
  auto c = analyzeFile(dir.write("r.drbook", R"(runbook r {
  probe health: tcp "localhost:1" timeout 1s
  action restart "R" { run "true" timeout 1m }
  detection { check helth  do restrat  wait healt until ok within 1m }
})"),
                       dir.path());
  EXPECT_EQ(errorsOf(*c), (std::vector<std::string>{
                              "unknown probe 'helth'; did you mean 'health'? [unknown-name]",
                              "unknown action 'restrat'; did you mean 'restart'? [unknown-name]",
                              "unknown probe 'healt'; did you mean 'health'? [unknown-name]"}));
}

TEST(ResolveErrorsTest, ErrorTypeAbsorbsFollowOnErrors) {
  ScratchDir dir;
  auto c = analyzeFile(dir.write("r.drbook", R"(runbook r {
  recovery { if nope.status + 1 > 2 and nope.json.x == "a" and not (nope.ok == 3) { manual "x" } }
})"),
                       dir.path());
  // Three uses of one unknown name, each reported once, and nothing built on them.
  std::vector<std::string> errors = errorsOf(*c);
  EXPECT_EQ(errors.size(), 3u);
  for (const std::string &e : errors)
    EXPECT_EQ(e, "unknown name 'nope' [unknown-name]");
}

// Sema must survive any partial tree the parser recovers: cut a valid runbook everywhere.
TEST(ResolveErrorsTest, EveryPrefixOfARunbookIsHandled) {
  std::string text = Runbook;
  ScratchDir dir;
  unsigned analyzed = 0;
  for (size_t cut = 1; cut < text.size(); cut += 7) {
    auto c = analyzeFile(dir.write("cut.drbook", text.substr(0, cut)), dir.path());
    analyzed += c->root != nullptr;
    EXPECT_TRUE(c->diags.hasErrors()) << "a cut at " << cut << " should not be a valid runbook";
  }
  EXPECT_GT(analyzed, 0u);
}

} // namespace
