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
  ASSERT_FALSE(bindRecordedParams(*p, b.recorded, nlohmann::json::object(),
                                  nlohmann::json::object(), resumed));
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

namespace {
/// What a resumed run of `p` binds from `start`'s params and seal, with `answers` given again.
llvm::Error resumeWith(const Program &p, const Bindings &start, const nlohmann::json &sealed,
                       const nlohmann::json &answers, Bindings &out) {
  Redactor r;
  if (llvm::Error err = bindSecrets(p, r, out))
    return err;
  nlohmann::json recorded = start.recorded;
  for (auto &item : recorded.items()) // what the journal holds: the redacted text
    if (item.value().is_string())
      item.value() = r.redact(item.value().get<std::string>());
  return bindRecordedParams(p, recorded, sealed, answers, out);
}
} // namespace

TEST(Params, AValueShowingASecretIsSealedAndTakenAgainOnResume) {
  auto p = compileText(Book);
  ASSERT_TRUE(p);
  ::setenv("DRBOOK_TEST_TOKEN", "s3cr3t-value", 1);
  nlohmann::json answers = {{"params", {{"url", "http://h"}, {"label", "db-s3cr3t-value-east"}}}};
  Redactor r;
  Bindings b;
  ASSERT_FALSE(bindSecrets(*p, r, b));
  ASSERT_FALSE(bindParams(*p, {}, answers, b));
  nlohmann::json sealed = sealedParams(*p, r, b);
  ASSERT_EQ(sealed.size(), 1u);
  ASSERT_TRUE(sealed.contains("label"));
  EXPECT_EQ(sealed["label"].get<std::string>().find("s3cr3t"), std::string::npos);

  // Given again, the same value binds; the redacted text is never used as a value.
  Bindings same;
  ASSERT_FALSE(resumeWith(*p, b, sealed, answers, same));
  EXPECT_EQ(same.values.at(findDecl(*p, "label")), "db-s3cr3t-value-east");
  // Not given, or given otherwise, it is refused with what to do.
  for (const nlohmann::json &again :
       {nlohmann::json::object(), nlohmann::json{{"params", {{"label", "db-other-east"}}}}}) {
    Bindings refused;
    llvm::Error err = resumeWith(*p, b, sealed, again, refused);
    ASSERT_TRUE(bool(err)) << again.dump();
    EXPECT_NE(llvm::toString(std::move(err)).find("parameter 'label' was journaled redacted"),
              std::string::npos);
  }
  // Other secrets, other key: the same value no longer matches.
  ::setenv("DRBOOK_TEST_TOKEN", "another-secret", 1);
  Bindings rekeyed;
  llvm::Error err = resumeWith(*p, b, sealed, answers, rekeyed);
  EXPECT_TRUE(bool(err));
  llvm::consumeError(std::move(err));
  ::unsetenv("DRBOOK_TEST_TOKEN");
}
