//===- ExhaustivenessTest.cpp - Interval sets and decision coverage ---------===//
#include "IntervalSet.h"

#include "drbook/graph/Exhaustiveness.h"

#include <gtest/gtest.h>

using namespace drbook::graph;

TEST(IntervalSet, GapsAndWitnesses) {
  IntervalSet calm = IntervalSet::below(0.01, false), storm = IntervalSet::above(0.05, true);
  IntervalSet both = calm.unite(storm);
  EXPECT_FALSE(both.isAll());
  EXPECT_EQ(both.uncovered(false), 0.01); // [0.01, 0.05) is open at neither end we can name
  EXPECT_TRUE(calm.unite(IntervalSet::above(0.01, true)).isAll());
  EXPECT_FALSE(calm.unite(IntervalSet::above(0.01, false)).isAll()); // 0.01 itself is missing
  EXPECT_EQ(calm.unite(IntervalSet::above(0.01, false)).uncovered(false), 0.01);
}

TEST(IntervalSet, IntegersNeedOnlyIntegers) {
  // `status <= 199` and `status >= 200` leave no integer uncovered, but a real number.
  IntervalSet s = IntervalSet::below(199, true).unite(IntervalSet::above(200, true));
  EXPECT_EQ(s.uncovered(true), std::nullopt);
  ASSERT_TRUE(s.uncovered(false).has_value());
  EXPECT_GT(*s.uncovered(false), 199);
  EXPECT_LT(*s.uncovered(false), 200);
  // `status < 200` and `status > 200` miss exactly 200.
  EXPECT_EQ(IntervalSet::below(200, false).unite(IntervalSet::above(200, false)).uncovered(true),
            200);
}

TEST(IntervalSet, ComplementAndIntersection) {
  IntervalSet band = IntervalSet::above(1, true).intersect(IntervalSet::below(3, false));
  EXPECT_EQ(band.complement().uncovered(false), 1);
  EXPECT_TRUE(band.unite(band.complement()).isAll());
  EXPECT_EQ(IntervalSet::point(5).complement().uncovered(true), 5);
  EXPECT_TRUE(IntervalSet::empty().complement().isAll());
}

TEST(Coverage, MatchMembers) {
  std::vector<std::string> members{"k8s", "compose", "nomad"};
  std::vector<std::vector<std::string>> arms{{"k8s"}, {"compose"}};
  Coverage c = coverMembers(members, arms, false);
  EXPECT_FALSE(c.exhaustive);
  EXPECT_EQ(c.uncovered, "nomad");
  EXPECT_TRUE(coverMembers(members, arms, true).exhaustive);
  arms.push_back({"nomad"});
  EXPECT_TRUE(coverMembers(members, arms, false).exhaustive);
  // Unknown members: only a wildcard covers.
  EXPECT_FALSE(coverMembers({}, arms, false).exhaustive);
}
