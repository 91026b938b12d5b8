//===- PlanFileTest.cpp - A plan from someone else writes only its modules -===//
#include "drbook/run/PlanFile.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/graph/Plan.h"

#include "RunTestSupport.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

using namespace drbook;
using namespace drbook::run;
using drbook::run::testing::compileText;

namespace {

const char *const Book = R"(runbook p "Plan" {
  import std.k8s
  probe up: cmd "true" expect exit == 0 timeout 5s
  recovery { do k8s.rollout_undo("backend", "prod") }
  validation { must up }
})";

/// The plan of Book with its first module's path replaced and its digest made to match.
std::string planWithModulePath(const std::string &path) {
  std::unique_ptr<Program> p = compileText(Book);
  EXPECT_TRUE(p);
  nlohmann::json plan = nlohmann::json::parse(p->planText);
  EXPECT_FALSE(plan["modules"].empty());
  plan["modules"][0]["path"] = path;
  plan["digest"] = graph::planDigest(plan);
  return plan.dump();
}

TEST(PlanFile, ModulePathsAreNamesNotPaths) {
  for (const std::string path :
       {"<stdlib>/../../../../../../tmp/drbook-plan-escape.drbook", "<stdlib>/../k8s.drbook",
        "../escape.drbook", "/tmp/drbook-plan-escape.drbook", "<stdlib>/a//b.drbook",
        "<stdlib>/./k8s.drbook", "<stdlib>/k8s.sh", "<stdlib>/a\\..\\b.drbook"}) {
    LoadFailure failure;
    EXPECT_FALSE(programFromPlan(planWithModulePath(path), "p.json", false, failure)) << path;
    EXPECT_NE(failure.message.find("is not a module name"), std::string::npos)
        << path << ": " << failure.message;
  }
  struct stat info;
  EXPECT_NE(::stat("/tmp/drbook-plan-escape.drbook", &info), 0);
}

TEST(PlanFile, AnUntouchedPlanLoads) {
  std::unique_ptr<Program> p = compileText(Book);
  ASSERT_TRUE(p);
  LoadFailure failure;
  EXPECT_TRUE(programFromPlan(p->planText, "p.json", false, failure)) << failure.message;
}

} // namespace
