//===- JsonPathTest.cpp - The JSONPath subset outputs are read with --------===//
#include "drbook/basic/JsonPath.h"

#include <gtest/gtest.h>

using namespace drbook;

namespace {

const nlohmann::json *select(const char *path, const nlohmann::json &doc) {
  JsonPath p;
  std::string why;
  size_t at = 0;
  EXPECT_TRUE(JsonPath::parse(path, p, why, at)) << path << ": " << why;
  return p.select(doc);
}

std::string whyNot(const char *path, size_t &at) {
  JsonPath p;
  std::string why;
  EXPECT_FALSE(JsonPath::parse(path, p, why, at)) << path;
  return why;
}

} // namespace

TEST(JsonPath, SelectsMembersIndexesAndQuotedNames) {
  auto doc = nlohmann::json::parse(
      R"([{"short_id": "ab12", "tags": ["x", "y"], "a.b": 1, "it's": {"k-1": true}}])");
  EXPECT_EQ(*select("$[0].short_id", doc), "ab12");
  EXPECT_EQ(*select("$[0].tags[-1]", doc), "y");
  EXPECT_EQ(*select("$[0][\"a.b\"]", doc), 1);
  EXPECT_EQ(*select("$[0]['it\\'s'].k-1", doc), true);
  EXPECT_EQ(*select("$", doc), doc);
}

TEST(JsonPath, MissingMembersAndIndexesSelectNothing) {
  auto doc = nlohmann::json::parse(R"({"list": [1, 2], "n": 3})");
  EXPECT_EQ(select("$.missing", doc), nullptr);
  EXPECT_EQ(select("$.list[2]", doc), nullptr);
  EXPECT_EQ(select("$.list[-3]", doc), nullptr);
  EXPECT_EQ(select("$.n.deeper", doc), nullptr);
  EXPECT_EQ(select("$[0]", doc), nullptr);
}

TEST(JsonPath, RefusesWhatSelectsSeveralValuesWithAnOffset) {
  size_t at = 0;
  EXPECT_NE(whyNot("$[*].id", at).find("wildcards"), std::string::npos);
  EXPECT_EQ(at, 1u);
  EXPECT_NE(whyNot("$..id", at).find("member name"), std::string::npos);
  EXPECT_EQ(at, 1u);
  EXPECT_NE(whyNot(".id", at).find("starts with `$`"), std::string::npos);
  EXPECT_NE(whyNot("$[\"open", at).find("unterminated"), std::string::npos);
  EXPECT_NE(whyNot("$.a?b", at).find("expected"), std::string::npos);
  EXPECT_EQ(at, 3u);
}
