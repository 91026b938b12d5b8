//===- ImportWordsTest.cpp - What a runbook's words mean -------------------===//
#include "Importer.h"

#include <gtest/gtest.h>

using namespace drbook::import;

TEST(ImportWords, DurationsTakeTheUpperBound) {
  EXPECT_EQ(durationIn("5-10 minutes"), "10m");
  EXPECT_EQ(durationIn("1-2 hours"), "2h");
  EXPECT_EQ(durationIn("Depends on backup schedule (typically 24 hours max)"), "24h");
  EXPECT_EQ(durationIn("< 20 min"), "20m");
  EXPECT_EQ(durationIn("30 seconds"), "30s");
  EXPECT_EQ(durationIn("0 (no data loss)"), "0s");
  EXPECT_EQ(durationIn("Immediate"), "");
  EXPECT_EQ(durationIn("Auto-heal"), "");
}

TEST(ImportWords, Identifiers) {
  EXPECT_EQ(identifier("Scenario A — App-only failure"), "scenario_a_app_only_failure");
  EXPECT_EQ(identifier("2) Containment"), "containment");
  EXPECT_EQ(identifier("404 page"), "step_404_page");
  EXPECT_EQ(identifier("match"), "match_step");
  EXPECT_EQ(identifier("SECRET", "value"), "secret_value");
  EXPECT_EQ(identifier("!!!", "probe"), "probe");
  EXPECT_LE(identifier("a very long title that goes on and on about the outage").size(), 40u);
}

TEST(ImportWords, PhasesOfTitles) {
  EXPECT_EQ(phaseOfTitle("Detection"), Phase::Detection);
  EXPECT_EQ(phaseOfTitle("Assess Damage"), Phase::Detection);
  EXPECT_EQ(phaseOfTitle("Stop All Write Operations"), Phase::Containment);
  EXPECT_EQ(phaseOfTitle("Recreate Database Container"), Phase::None);
  EXPECT_EQ(phaseOfTitle("Recovery Steps"), Phase::Recovery);
  EXPECT_EQ(phaseOfTitle("Verify Restoration"), Phase::Validation);
  EXPECT_EQ(phaseOfTitle("Post-Recovery Verification"), Phase::Post);
  EXPECT_EQ(phaseOfTitle("Emergency Contacts"), Phase::None);
}

TEST(ImportWords, PlatformsAndObjectives) {
  EXPECT_EQ(platformOf("K8s (fast)"), "k8s");
  EXPECT_EQ(platformOf("Kubernetes (node loss)"), "k8s");
  EXPECT_EQ(platformOf("Compose/VM"), "compose");
  EXPECT_EQ(platformOf("VM host loss"), "vm");
  EXPECT_EQ(platformOf("Database"), "");
  EXPECT_TRUE(isObjectiveLabel("RTO"));
  EXPECT_TRUE(isObjectiveLabel("Total Target RTO"));
  EXPECT_TRUE(isObjectiveLabel("Recovery Point Objective (RPO)"));
  EXPECT_FALSE(isObjectiveLabel("Reporting"));
}
