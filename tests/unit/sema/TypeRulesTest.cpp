//===- TypeRulesTest.cpp - Which types fit together ------------------------===//
#include "drbook/sema/TypeRules.h"
#include "drbook/ast/ProbeKinds.h"

#include <gtest/gtest.h>

using namespace drbook;
using namespace drbook::ast;
using namespace drbook::sema;

namespace {

class TypeRulesTest : public ::testing::Test {
protected:
  const Type *t(TypeKind k) { return types.get(k); }
  /// The result of `l op r`, or null with the reason kept in `why`.
  const Type *result(BinaryOp op, const Type *l, const Type *r) {
    why.clear();
    return binaryResultType(op, l, r, types, why);
  }

  TypeContext types;
  std::string why;
};

TEST_F(TypeRulesTest, TextKindsAndNumbersAssignAcross) {
  EXPECT_TRUE(isAssignable(t(TypeKind::String), t(TypeKind::Url)));
  EXPECT_TRUE(isAssignable(t(TypeKind::Path), t(TypeKind::String)));
  EXPECT_TRUE(isAssignable(t(TypeKind::Int), t(TypeKind::Float)));
  EXPECT_FALSE(isAssignable(t(TypeKind::Float), t(TypeKind::Int)));
  EXPECT_FALSE(isAssignable(t(TypeKind::String), t(TypeKind::Duration)));
  EXPECT_FALSE(isAssignable(t(TypeKind::Int), t(TypeKind::Duration)));
  EXPECT_FALSE(isAssignable(t(TypeKind::Bool), t(TypeKind::String)));
}

TEST_F(TypeRulesTest, ErrorAndJsonFitEverywhere) {
  for (TypeKind k : {TypeKind::Bool, TypeKind::Int, TypeKind::Duration, TypeKind::String}) {
    EXPECT_TRUE(isAssignable(t(TypeKind::Error), t(k)));
    EXPECT_TRUE(isAssignable(t(TypeKind::Json), t(k)));
    EXPECT_TRUE(isComparable(t(k), t(TypeKind::Json)));
    EXPECT_TRUE(isComparable(t(TypeKind::Error), t(k)));
  }
}

TEST_F(TypeRulesTest, EnumsWrittenAlikeAreOneType) {
  const Type *a = types.makeEnum({"up", "down"});
  const Type *b = types.makeEnum({"up", "down"});
  const Type *reordered = types.makeEnum({"down", "up"});
  const Type *other = types.makeEnum({"up", "sideways"});
  EXPECT_NE(a, b);
  EXPECT_TRUE(isComparable(a, a));
  EXPECT_TRUE(isComparable(a, b));
  EXPECT_TRUE(isAssignable(a, b));
  EXPECT_FALSE(isAssignable(a, reordered));
  EXPECT_FALSE(isComparable(a, other));
  EXPECT_FALSE(isAssignable(a, other));
  EXPECT_TRUE(a->hasMember("down"));
  EXPECT_FALSE(a->hasMember("sideways"));
}

TEST_F(TypeRulesTest, SecretsReadAsTheirValue) {
  const Type *secret = types.getSecret(t(TypeKind::String));
  EXPECT_EQ(valueType(secret), t(TypeKind::String));
  EXPECT_TRUE(isAssignable(secret, t(TypeKind::String)));
  EXPECT_EQ(secret->str(), "secret<string>");
}

TEST_F(TypeRulesTest, EqualityNeedsCompatibleOperands) {
  EXPECT_EQ(result(BinaryOp::Eq, t(TypeKind::Int), t(TypeKind::Float)), t(TypeKind::Bool));
  EXPECT_EQ(result(BinaryOp::Ne, t(TypeKind::Url), t(TypeKind::String)), t(TypeKind::Bool));
  EXPECT_EQ(result(BinaryOp::Eq, t(TypeKind::Duration), t(TypeKind::String)), nullptr);
  EXPECT_EQ(why, "cannot compare duration with string");
  EXPECT_EQ(result(BinaryOp::Eq, t(TypeKind::Bool), t(TypeKind::Int)), nullptr);
  EXPECT_EQ(why, "cannot compare bool with int");
}

TEST_F(TypeRulesTest, OrderingNeedsNumbersOrDurations) {
  EXPECT_EQ(result(BinaryOp::Lt, t(TypeKind::Int), t(TypeKind::Float)), t(TypeKind::Bool));
  EXPECT_EQ(result(BinaryOp::Ge, t(TypeKind::Duration), t(TypeKind::Duration)), t(TypeKind::Bool));
  EXPECT_EQ(result(BinaryOp::Gt, t(TypeKind::Json), t(TypeKind::Int)), t(TypeKind::Bool));
  EXPECT_EQ(result(BinaryOp::Lt, t(TypeKind::Duration), t(TypeKind::Int)), nullptr);
  EXPECT_EQ(why, "cannot compare duration with int");
  EXPECT_EQ(result(BinaryOp::Le, t(TypeKind::String), t(TypeKind::String)), nullptr);
  EXPECT_EQ(why, "'<=' needs numbers or durations, found string");
}

TEST_F(TypeRulesTest, ArithmeticOnNumbersAndDurations) {
  EXPECT_EQ(result(BinaryOp::Add, t(TypeKind::Int), t(TypeKind::Int)), t(TypeKind::Int));
  EXPECT_EQ(result(BinaryOp::Add, t(TypeKind::Int), t(TypeKind::Float)), t(TypeKind::Float));
  EXPECT_EQ(result(BinaryOp::Sub, t(TypeKind::Duration), t(TypeKind::Duration)),
            t(TypeKind::Duration));
  EXPECT_EQ(result(BinaryOp::Mul, t(TypeKind::Int), t(TypeKind::Duration)), t(TypeKind::Duration));
  EXPECT_EQ(result(BinaryOp::Mul, t(TypeKind::Duration), t(TypeKind::Duration)), nullptr);
  EXPECT_EQ(result(BinaryOp::Add, t(TypeKind::Duration), t(TypeKind::Int)), nullptr);
  EXPECT_EQ(result(BinaryOp::Mod, t(TypeKind::Duration), t(TypeKind::Int)), nullptr);
  EXPECT_EQ(result(BinaryOp::Add, t(TypeKind::String), t(TypeKind::String)), nullptr);
  EXPECT_EQ(why, "'+' needs numbers or durations, found string and string");
}

TEST_F(TypeRulesTest, MembershipAndMatching) {
  const Type *strings = types.getList(t(TypeKind::String));
  EXPECT_EQ(result(BinaryOp::In, t(TypeKind::Path), strings), t(TypeKind::Bool));
  EXPECT_EQ(result(BinaryOp::Contains, strings, t(TypeKind::String)), t(TypeKind::Bool));
  EXPECT_EQ(result(BinaryOp::Contains, t(TypeKind::String), t(TypeKind::Url)), t(TypeKind::Bool));
  EXPECT_EQ(result(BinaryOp::In, t(TypeKind::Int), strings), nullptr);
  EXPECT_EQ(why, "cannot look for int in list<string>");
  EXPECT_EQ(result(BinaryOp::Matches, t(TypeKind::String), t(TypeKind::Regex)), t(TypeKind::Bool));
  EXPECT_EQ(result(BinaryOp::Matches, t(TypeKind::String), t(TypeKind::String)), t(TypeKind::Bool));
  EXPECT_EQ(result(BinaryOp::Matches, t(TypeKind::Int), t(TypeKind::Regex)), nullptr);
}

TEST_F(TypeRulesTest, LogicalOperatorsNeedBool) {
  EXPECT_EQ(result(BinaryOp::And, t(TypeKind::Bool), t(TypeKind::Json)), t(TypeKind::Bool));
  EXPECT_EQ(result(BinaryOp::Or, t(TypeKind::Bool), t(TypeKind::Int)), nullptr);
  EXPECT_EQ(why, "'or' needs bool operands, found int");
  std::string reason;
  EXPECT_EQ(unaryResultType(UnaryOp::Not, t(TypeKind::String), types, reason), nullptr);
  EXPECT_EQ(reason, "'not' needs a bool, found string");
  EXPECT_EQ(unaryResultType(UnaryOp::Negate, t(TypeKind::Duration), types, reason),
            t(TypeKind::Duration));
}

TEST(ProbeFieldsTest, EveryKindHasOkAndFailed) {
  for (const ProbeKindInfo &info : probeKinds()) {
    ProbeKind k = info.kind;
    ASSERT_NE(findProbeField(k, "ok"), nullptr);
    EXPECT_EQ(findProbeField(k, "ok")->type, TypeKind::Bool);
    ASSERT_NE(findProbeField(k, "failed"), nullptr);
  }
}

TEST(ProbeFieldsTest, KindsHaveTheirOwnFields) {
  EXPECT_EQ(findProbeField(ProbeKind::Http, "status")->type, TypeKind::Int);
  EXPECT_EQ(findProbeField(ProbeKind::Cmd, "stdout")->type, TypeKind::String);
  EXPECT_EQ(findProbeField(ProbeKind::Sql, "value")->type, TypeKind::Json);
  EXPECT_EQ(findProbeField(ProbeKind::Log, "rate")->type, TypeKind::Float);
  EXPECT_EQ(findProbeField(ProbeKind::File, "age")->type, TypeKind::Duration);
  EXPECT_EQ(findProbeField(ProbeKind::Http, "stdout"), nullptr);
  EXPECT_EQ(findProbeField(ProbeKind::Tcp, "status"), nullptr);
  EXPECT_TRUE(isRecordAggregate("p95"));
  EXPECT_FALSE(isRecordAggregate("p42"));
  EXPECT_EQ(describeProbeFields(ProbeKind::Tcp), "ok, failed, latency");
}

} // namespace
