//===- ParamsTest.cpp - Binding params from text, answers and the environment ===//
#include "RunTestSupport.h"

#include "drbook/run/Params.h"

#include <gtest/gtest.h>

using namespace drbook;
using namespace drbook::run;
using namespace drbook::run::testing;

namespace {

const char *const Book = R"(runbook pa "Params" {
  param url: url
  param retries: int = 2
  param ratio: float = 0.5
  param grace: duration = 30s
  param dry: bool = false
  param platform: enum { k8s, compose } = compose
  param hosts: list<string> = ["a"]
  param label: string = "x"
  secret token: string from env "DRBOOK_TEST_TOKEN"
  probe p: http GET "{url}/{label}{retries}{ratio}{grace}{dry}{platform}{hosts}" bearer token
    expect status == 200 timeout 5s
  validation { must p }
}
)";

std::string bindError(const Program &p, std::vector<std::string> cli, nlohmann::json answers = {}) {
  Bindings b;
  llvm::Error err = bindParams(p, cli, answers, b);
  return err ? llvm::toString(std::move(err)) : "";
}

TEST(Params, DurationsParse) {
  EXPECT_EQ(*parseDuration("90s"), 90000);
  EXPECT_EQ(*parseDuration("1h30m"), 5400000);
  EXPECT_EQ(*parseDuration("250ms"), 250);
  for (const char *bad : {"", "5", "s", "5x", "1h-3m"}) {
    llvm::Expected<int64_t> d = parseDuration(bad);
    EXPECT_FALSE(d) << bad;
    if (!d)
      llvm::consumeError(d.takeError());
  }
}

TEST(Params, BindsEveryTypeFromText) {
  auto p = compileText(Book);
  ASSERT_TRUE(p);
  Bindings b;
  llvm::Error err = bindParams(*p,
                               {"url=http://h:1", "retries=5", "ratio=0.25", "grace=2m", "dry=true",
                                "platform=k8s", "hosts=a, b,c"},
                               nullptr, b);
  ASSERT_FALSE(err) << llvm::toString(std::move(err));
  auto value = [&](const char *n) { return b.values.at(findDecl(*p, n)); };
  EXPECT_EQ(value("url"), "http://h:1");
  EXPECT_EQ(value("retries"), 5);
  EXPECT_EQ(value("ratio"), 0.25);
  EXPECT_EQ(value("grace"), 120000);
  EXPECT_EQ(value("dry"), true);
  EXPECT_EQ(value("platform"), "k8s");
  EXPECT_EQ(value("hosts"), nlohmann::json({"a", "b", "c"}));
  EXPECT_EQ(value("label"), "x"); // default
  EXPECT_EQ(b.recorded["grace"], "2m");
}

TEST(Params, ReportsEveryProblemByName) {
  auto p = compileText(Book);
  ASSERT_TRUE(p);
  std::string err = bindError(*p, {"retries=many", "platfrom=k8s", "platform=swarm"});
  EXPECT_NE(err.find("parameter 'retries': 'many' is not an int"), std::string::npos) << err;
  EXPECT_NE(err.find("unknown parameter 'platfrom'; did you mean 'platform'?"), std::string::npos)
      << err;
  EXPECT_NE(err.find("'swarm' is not one of k8s, compose"), std::string::npos) << err;
  EXPECT_NE(err.find("parameter 'url' (url) has no value"), std::string::npos) << err;
  EXPECT_NE(bindError(*p, {"url=http://a", "url=http://b"}).find("given twice"), std::string::npos);
  EXPECT_NE(bindError(*p, {"noequals"}).find("is not name=value"), std::string::npos);
}

TEST(Params, AnswersFileThenEnvironmentThenDefault) {
  auto p = compileText(Book);
  ASSERT_TRUE(p);
  ::setenv("DRBOOK_PARAM_URL", "http://from-env", 1);
  ::setenv("DRBOOK_PARAM_RETRIES", "7", 1);
  Bindings b;
  nlohmann::json answers = {{"params", {{"retries", 9}}}};
  ASSERT_FALSE(bindParams(*p, {}, answers, b));
  EXPECT_EQ(b.values.at(findDecl(*p, "url")), "http://from-env");
  EXPECT_EQ(b.values.at(findDecl(*p, "retries")), 9);
  ::unsetenv("DRBOOK_PARAM_URL");
  ::unsetenv("DRBOOK_PARAM_RETRIES");
}

TEST(Params, ListsFromJsonKeepTheirElementsAndResumeExactly) {
  std::unique_ptr<Program> p = compileText(Book);
  ASSERT_TRUE(p);
  nlohmann::json answers = {{"params", {{"url", "http://h"}, {"hosts", {"db 1", "db,2"}}}}};
  Bindings b;
  ASSERT_FALSE(bindParams(*p, {}, answers, b));
  const ast::Decl *hosts = findDecl(*p, "hosts");
  EXPECT_EQ(b.values[hosts], nlohmann::json({"db 1", "db,2"}));
  EXPECT_EQ(b.recorded["hosts"], nlohmann::json({"db 1", "db,2"}));
  // A resumed run binds what the journal recorded: the same two elements, not one string.
  Bindings resumed;
  ASSERT_FALSE(bindRecordedParams(*p, b.recorded, resumed));
  EXPECT_EQ(resumed.values[hosts], b.values[hosts]);
  EXPECT_EQ(resumed.recorded, b.recorded);
}

TEST(Params, SecretsAreRegisteredForRedaction) {
  auto p = compileText(Book);
  ASSERT_TRUE(p);
  Redactor r;
  Bindings b;
  ::unsetenv("DRBOOK_TEST_TOKEN");
  llvm::Error missing = bindSecrets(*p, r, b);
  ASSERT_TRUE(bool(missing));
  EXPECT_NE(llvm::toString(std::move(missing)).find("DRBOOK_TEST_TOKEN is not set"),
            std::string::npos);
  ::setenv("DRBOOK_TEST_TOKEN", "s3cr3t-value", 1);
  ASSERT_FALSE(bindSecrets(*p, r, b));
  EXPECT_EQ(r.redact("got s3cr3t-value back"), "got [REDACTED:token] back");
  EXPECT_FALSE(b.recorded.contains("token"));
  ::unsetenv("DRBOOK_TEST_TOKEN");
}

} // namespace
