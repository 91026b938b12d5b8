//===- PatternTest.cpp - Capturing with RE2 patterns -----------------------===//
#include "drbook/basic/Pattern.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace drbook;

TEST(Pattern, CapturesGroupOneOfEachMatch) {
  std::string text = "tag=alpha\ntag=beta\nother\ntag=gamma\n";
  EXPECT_EQ(patternCaptures(text, "tag=(\\w+)", 1), (std::vector<std::string>{"alpha"}));
  EXPECT_EQ(patternCaptures(text, "tag=(\\w+)", 10),
            (std::vector<std::string>{"alpha", "beta", "gamma"}));
  EXPECT_EQ(patternCaptures(text, "tag=(\\w+)", 2).size(), 2u);
  EXPECT_TRUE(patternCaptures(text, "nothing (here)", 10).empty());
}

TEST(Pattern, EmptyMatchesMoveOn) {
  // A pattern that can match nothing must not loop forever on one place.
  EXPECT_EQ(patternCaptures("ab", "(x*)", 10), (std::vector<std::string>{"", "", ""}));
}

TEST(Pattern, CountsGroupsAndExplainsUnclosedOnes) {
  EXPECT_EQ(patternGroups("id: (\\S+) (\\d+)"), 2);
  EXPECT_EQ(patternGroups("id: \\S+"), 0);
  EXPECT_EQ(patternGroups("(open"), -1);
  EXPECT_EQ(patternError("(open"), "a `(` is never closed in (open");
  EXPECT_EQ(patternError("[open"), "a `[` is never closed in [open");
  EXPECT_THROW(patternCaptures("x", "(bad", 1), std::invalid_argument);
}
