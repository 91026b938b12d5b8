//===- EvaluatorTest.cpp - Run-time semantics of typed expressions ---------===//
#include "RunTestSupport.h"

#include "drbook/basic/Duration.h"
#include "drbook/run/ProbeExec.h"

#include <gtest/gtest.h>

using namespace drbook;
using namespace drbook::run;
using namespace drbook::run::testing;

namespace {

const char *const Book = R"(runbook ev "Evaluator" {
  param url: url
  param name: string
  param limit: int = 3
  param grace: duration = 90s
  param platform: enum { k8s, compose } = compose
  state traffic: enum { serving, stopped } = serving
  probe ready: http GET "{url}/ready" expect status == 200 timeout 5s
  probe caps: http GET "{url}/caps" expect status == 200 and json.is_owner == true timeout 5s
  probe alembic: cmd "alembic current" expect stdout contains name timeout 5s
  probe tenant: sql "dbname=app" query "select count(*) from t where name = {name} and n < {limit}"
    expect ok timeout 5s
  probe errors: log "app.jsonl" where event == "request" and status_code >= 500
    window 5m expect rate < 0.01 timeout 5s
  probe latency: log "app.jsonl" window 5m expect p95(duration_ms) < 500 timeout 5s
  detection {
    decide kind {
      when alembic.failed and ready.failed => db_mismatch
      when not ready.ok or caps.json.is_owner == false => app_only
      when ready.latency > 2s and platform == k8s => slow
      when name matches /^db-[0-9]+$/ => named
      when limit * 2 + 1 >= 7 and name in ["a", "b"] => listed
      otherwise fine
    }
  }
  validation { must ready }
}
)";

class EvaluatorTest : public ::testing::Test {
protected:
  void SetUp() override {
    p = compileText(Book);
    ASSERT_TRUE(p);
    decide = findDecide(*p, "kind");
    ASSERT_TRUE(decide);
    world.values = {{"url", "http://h"}, {"name", "x"},           {"limit", 3},
                    {"grace", 90000},    {"platform", "compose"}, {"traffic", "serving"}};
    world.probes["ready"] = {{"ok", true}, {"failed", false}, {"status", 200}, {"latency", 12}};
    world.probes["caps"] = {{"ok", true}, {"json", {{"is_owner", true}}}};
    world.probes["alembic"] = {{"ok", true}, {"failed", false}, {"stdout", "abc (head)"}};
    frame.source = &world;
  }
  bool arm(size_t i) { return evaluateCondition(*decide->whens[i].condition, frame); }

  std::unique_ptr<Program> p;
  const ast::DecideStep *decide = nullptr;
  FakeWorld world;
  Frame frame;
};

TEST_F(EvaluatorTest, ProbeFieldsAndShortCircuit) {
  EXPECT_FALSE(arm(0));
  // `and` stops at a false left side: ready is never read for the first arm.
  EXPECT_EQ(world.probeReads["ready"], 0);
  world.probes["alembic"]["failed"] = true;
  world.probes["ready"]["ok"] = false;
  world.probes["ready"]["failed"] = true;
  EXPECT_TRUE(arm(0));
  EXPECT_EQ(world.probeReads["ready"], 1);
}

TEST_F(EvaluatorTest, JsonFieldsOfProbeResults) {
  EXPECT_FALSE(arm(1));
  world.probes["caps"]["json"]["is_owner"] = false;
  EXPECT_TRUE(arm(1));
  // A missing JSON field is nothing: it equals neither true nor false.
  world.probes["caps"]["json"] = nlohmann::json::object();
  EXPECT_FALSE(arm(1));
}

TEST_F(EvaluatorTest, DurationsAndEnumMembers) {
  EXPECT_FALSE(arm(2));
  world.probes["ready"]["latency"] = 2001;
  EXPECT_FALSE(arm(2)); // platform is compose
  world.values["platform"] = "k8s";
  EXPECT_TRUE(arm(2));
  world.probes["ready"]["latency"] = 2000;
  EXPECT_FALSE(arm(2)); // 2s is not more than 2s
}

TEST_F(EvaluatorTest, RegexMatchesSearchesTheText) {
  EXPECT_FALSE(arm(3));
  world.values["name"] = "db-42";
  EXPECT_TRUE(arm(3));
  world.values["name"] = "db-42x";
  EXPECT_FALSE(arm(3));
}

TEST_F(EvaluatorTest, ArithmeticAndMembership) {
  EXPECT_FALSE(arm(4)); // 3*2+1 = 7 >= 7, but "x" is not in the list
  world.values["name"] = "b";
  EXPECT_TRUE(arm(4));
  world.values["limit"] = 2;
  EXPECT_FALSE(arm(4));
}

TEST_F(EvaluatorTest, UnknownValuesAreErrorsNotCrashes) {
  world.probes.erase("alembic");
  EXPECT_THROW(arm(0), EvalError);
  // A decision that has not been taken cannot be read.
  auto *ready = llvm::cast<ast::ProbeDecl>(findDecl(*p, "ready"));
  world.values.erase("url");
  EXPECT_THROW(interpolate(*ready->target, frame, Quoting::None), EvalError);
}

TEST_F(EvaluatorTest, ExpectationsJudgeProbeRecords) {
  auto *caps = llvm::cast<ast::ProbeDecl>(findDecl(*p, "caps"));
  Value rec = {{"status", 200}, {"json", {{"is_owner", true}}}};
  std::string why;
  EXPECT_TRUE(judge(*caps, rec, frame, why));
  EXPECT_EQ(rec["ok"], true);
  EXPECT_EQ(rec["failed"], false);
  rec = {{"status", 200}, {"json", {{"is_owner", "yes"}}}};
  EXPECT_FALSE(judge(*caps, rec, frame, why));
  // An observation that failed is never ok, whatever its fields.
  rec = {{"status", 200}, {"json", {{"is_owner", true}}}, {"error", "timeout"}};
  EXPECT_FALSE(judge(*caps, rec, frame, why));

  auto *alembic = llvm::cast<ast::ProbeDecl>(findDecl(*p, "alembic"));
  rec = {{"exit", 0}, {"stdout", "rev x (head)"}};
  EXPECT_TRUE(judge(*alembic, rec, frame, why)); // stdout contains the param `name` ("x")
  rec = {{"exit", 0}, {"stdout", "rev y"}};
  EXPECT_FALSE(judge(*alembic, rec, frame, why));
}

TEST_F(EvaluatorTest, LogAggregatesReadTheStats) {
  auto *latency = llvm::cast<ast::ProbeDecl>(findDecl(*p, "latency"));
  EXPECT_EQ(p->aggregateFields.at(latency), std::vector<std::string>{"duration_ms"});
  Value rec = {{"count", 10}, {"stats", {{"duration_ms", {{"samples", 10}, {"p95", 480.0}}}}}};
  std::string why;
  EXPECT_TRUE(judge(*latency, rec, frame, why));
  rec["stats"]["duration_ms"]["p95"] = 520.0;
  EXPECT_FALSE(judge(*latency, rec, frame, why));
  // No samples: the percentile has no value and the expectation is not met.
  rec["stats"]["duration_ms"] = {{"samples", 0}, {"p95", 0.0}};
  EXPECT_FALSE(judge(*latency, rec, frame, why));
}

TEST_F(EvaluatorTest, LogWherePredicateReadsRecordFields) {
  auto *errors = llvm::cast<ast::ProbeDecl>(findDecl(*p, "errors"));
  Value record = {{"event", "request"}, {"status_code", 503}};
  Frame f = frame;
  f.logRecord = &record;
  EXPECT_TRUE(evaluateCondition(*errors->arg("where")->value, f));
  record["status_code"] = 200;
  EXPECT_FALSE(evaluateCondition(*errors->arg("where")->value, f));
  record.erase("status_code");
  EXPECT_FALSE(evaluateCondition(*errors->arg("where")->value, f));
}

TEST_F(EvaluatorTest, CommandsShellQuoteEveryInterpolatedValue) {
  auto *alembic = llvm::cast<ast::ProbeDecl>(findDecl(*p, "alembic"));
  EXPECT_EQ(interpolate(*alembic->target, frame, Quoting::Shell), "alembic current");
  auto *ready = llvm::cast<ast::ProbeDecl>(findDecl(*p, "ready"));
  world.values["url"] = "http://h/$(touch /tmp/pwned)'; rm -rf / #";
  EXPECT_EQ(interpolate(*ready->target, frame, Quoting::Shell),
            "'http://h/$(touch /tmp/pwned)'\\''; rm -rf / #'/ready");
  EXPECT_EQ(interpolate(*ready->target, frame, Quoting::None),
            "http://h/$(touch /tmp/pwned)'; rm -rf / #/ready");
}

TEST_F(EvaluatorTest, SqlPlaceholdersAreBoundParameters) {
  auto *tenant = llvm::cast<ast::ProbeDecl>(findDecl(*p, "tenant"));
  world.values["name"] = "x'; drop table t; select '1";
  std::vector<std::string> params;
  EXPECT_EQ(bindPlaceholders(*tenant->arg("query")->value, frame, params),
            "select count(*) from t where name = $1 and n < $2");
  EXPECT_EQ(params, (std::vector<std::string>{"x'; drop table t; select '1", "3"}));
}

TEST(Formatting, DurationsAsDrbookWritesThem) {
  EXPECT_EQ(formatDuration(0), "0s");
  EXPECT_EQ(formatDuration(90000), "1m30s");
  EXPECT_EQ(formatDuration(3600000), "1h");
  EXPECT_EQ(formatDuration(5400000), "1h30m");
  EXPECT_EQ(formatDuration(250), "250ms");
  EXPECT_EQ(formatDuration(1500), "1500ms");
}

TEST(Formatting, ValuesEqualAcrossIntAndFloat) {
  EXPECT_TRUE(valuesEqual(1, 1.0));
  EXPECT_FALSE(valuesEqual(1, "1"));
  EXPECT_TRUE(valuesEqual(nullptr, nullptr));
  EXPECT_FALSE(valuesEqual(true, 1));
}

} // namespace
