//===- LiteralsTest.cpp - Numbers, durations, regexes, names and columns ---===//
#include "SyntaxTestUtil.h"

#include "gtest/gtest.h"

using namespace drbook;
using namespace drbook::test;

namespace {

/// The value of `param p: T = <literal>`, parsed without errors.
const ast::Expr *literal(const std::string &type, const std::string &text,
                         std::unique_ptr<Parsed> &holder) {
  holder = parse("runbook r {\n  param p: " + type + " = " + text + "\n}\n");
  EXPECT_FALSE(holder->diags.hasErrors()) << holder->text();
  return defaultOf(*holder);
}

int64_t durationMillis(const std::string &text) {
  std::unique_ptr<Parsed> p;
  const auto *d = llvm::dyn_cast_or_null<ast::DurationExpr>(literal("duration", text, p));
  EXPECT_NE(d, nullptr) << text;
  return d ? d->millis : -1;
}

TEST(Literals, DurationsInEveryUnitAndCombined) {
  EXPECT_EQ(durationMillis("500ms"), 500);
  EXPECT_EQ(durationMillis("30s"), 30'000);
  EXPECT_EQ(durationMillis("5m"), 300'000);
  EXPECT_EQ(durationMillis("1h30m"), 5'400'000);
  EXPECT_EQ(durationMillis("2d"), 172'800'000);
  EXPECT_EQ(durationMillis("1d2h3m4s5ms"), 93'784'005);
  EXPECT_EQ(durationMillis("0s"), 0);
  // `m` then `s` is minutes and seconds, `ms` milliseconds: the longest unit wins.
  EXPECT_EQ(durationMillis("1m1s"), 61'000);
  EXPECT_EQ(durationMillis("1ms1s"), 1'001);
}

TEST(Literals, DurationTooLargeIsOneError) {
  auto p = parse("runbook r { param p: duration = 99999999999999d }");
  EXPECT_EQ(p->diags.errorCount(), 1u) << p->text();
  EXPECT_NE(p->text().find("duration '99999999999999d' is too large [syntax]"), std::string::npos);
}

TEST(Literals, MisspeltDurationIsOneErrorWithTheLikelyUnit) {
  auto p = parse("runbook r {\n  recovery { run \"x\" timeout 5min retries 2 }\n}\n");
  EXPECT_EQ(p->diags.errorCount(), 1u) << p->text();
  EXPECT_NE(p->text().find("test.drbook:2:30: error: invalid number or duration '5min'; did "
                           "you mean '5m'?"),
            std::string::npos)
      << p->text();
}

TEST(Literals, IntegersUpToInt64) {
  std::unique_ptr<Parsed> p;
  const auto *max = llvm::dyn_cast_or_null<ast::IntExpr>(literal("int", "9223372036854775807", p));
  ASSERT_NE(max, nullptr);
  EXPECT_EQ(max->value, INT64_MAX);
  const auto *zero = llvm::dyn_cast_or_null<ast::IntExpr>(literal("int", "0", p));
  ASSERT_NE(zero, nullptr);
  EXPECT_EQ(zero->value, 0);
  auto big = parse("runbook r { param p: int = 9223372036854775808 }");
  EXPECT_EQ(big->diags.errorCount(), 1u);
  EXPECT_NE(big->text().find("integer '9223372036854775808' is too large"), std::string::npos);
  auto huge = parse("runbook r { param p: int = 123456789012345678901234567890 }");
  EXPECT_EQ(huge->diags.errorCount(), 1u) << huge->text();
}

TEST(Literals, FloatsAndNegation) {
  std::unique_ptr<Parsed> p;
  const auto *f = llvm::dyn_cast_or_null<ast::FloatExpr>(literal("float", "0.25", p));
  ASSERT_NE(f, nullptr);
  EXPECT_DOUBLE_EQ(f->value, 0.25);
  const auto *neg = llvm::dyn_cast_or_null<ast::UnaryExpr>(literal("float", "-3.5", p));
  ASSERT_NE(neg, nullptr);
  EXPECT_EQ(neg->op, ast::UnaryOp::Negate);
  EXPECT_DOUBLE_EQ(llvm::cast<ast::FloatExpr>(neg->operand.get())->value, 3.5);
}

TEST(Literals, RegexKeepsItsEscapes) {
  std::unique_ptr<Parsed> p;
  const auto *r =
      llvm::dyn_cast_or_null<ast::RegexExpr>(literal("regex", R"(/^v\d+\/x (a|b)$/)", p));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->pattern, R"(^v\d+\/x (a|b)$)");
}

TEST(Literals, SlashWithSpacesIsNoDivision) {
  auto p = parse("runbook r { param p: int = a / b }");
  EXPECT_EQ(p->diags.errorCount(), 1u) << p->text();
  EXPECT_NE(p->text().find("drbook has no division operator"), std::string::npos);
}

TEST(Literals, ListsAndBooleans) {
  std::unique_ptr<Parsed> p;
  const auto *l = llvm::dyn_cast_or_null<ast::ListExpr>(literal("list<bool>", "[true, false,]", p));
  ASSERT_NE(l, nullptr);
  ASSERT_EQ(l->elements.size(), 2u);
  EXPECT_TRUE(llvm::cast<ast::BoolExpr>(l->elements[0].get())->value);
  EXPECT_FALSE(llvm::cast<ast::BoolExpr>(l->elements[1].get())->value);
}

TEST(Names, KeywordsAreNamesWhereNoConstructStarts) {
  auto p = parse("runbook version {\n"
                 "  param file: path = \"x\"\n"
                 "  probe version: http GET \"http://h/v\"\n"
                 "  probe log: file \"/var/log/x\" expect exists\n"
                 "  detection { check version, log  wait version until ok within timeout }\n"
                 "}\n");
  ASSERT_FALSE(p->diags.hasErrors()) << p->text();
  EXPECT_EQ(p->module->name, "version");
  ASSERT_EQ(p->module->decls.size(), 3u);
  EXPECT_EQ(p->module->decls[0]->name, "file");
  EXPECT_EQ(p->module->decls[1]->name, "version");
  EXPECT_EQ(p->module->decls[2]->name, "log");
  const auto &check = llvm::cast<ast::ProbeStep>(*p->module->phases[0].body.steps[0]);
  ASSERT_EQ(check.probes.size(), 2u);
  EXPECT_EQ(check.probes[0].str(), "version");
  EXPECT_EQ(check.probes[1].str(), "log");
}

TEST(Comments, LineBlockAndSuppressionCommentsAreIgnored) {
  auto p = parse("// header\nrunbook /* inline */ r {\n  /* multi\n line */ param a: int = 1 "
                 "// trailing\n  // drbook: ignore[unused-param]\n  param b: int = /**/ 2\n}\n");
  ASSERT_FALSE(p->diags.hasErrors()) << p->text();
  ASSERT_EQ(p->module->decls.size(), 2u);
  EXPECT_EQ(p->lineCol(p->module->decls[0]->range.Start), std::make_pair(4u, 10u));
  EXPECT_EQ(p->lineCol(defaultOf(*p, 1)->range.Start), std::make_pair(6u, 23u));
}

TEST(Columns, CountBytesAfterUtf8InStringsAndComments) {
  // "日本語" is 9 bytes: the name after it starts at byte column 21 + 11 + 3.
  auto p = parse("runbook r {\n  param a: string = \"日本語\" + x\n"
                 "  /* é → ✓ */ param b: int = 1\n}\n");
  ASSERT_FALSE(p->diags.hasErrors()) << p->text();
  const auto *sum = llvm::cast<ast::BinaryExpr>(defaultOf(*p, 0));
  EXPECT_EQ(p->lineCol(sum->lhs->range.Start), std::make_pair(2u, 21u));
  EXPECT_EQ(p->lineCol(sum->lhs->range.End), std::make_pair(2u, 32u));
  EXPECT_EQ(p->lineCol(sum->rhs->range.Start), std::make_pair(2u, 35u));
  EXPECT_EQ(p->lineCol(p->module->decls[1]->range.Start), std::make_pair(3u, 20u));
}

TEST(Columns, ErrorsAfterUtf8CountCharacters) {
  // `ü` and `ï` are two bytes each: the error is at byte 31 but character 29, and the caret
  // stands under it.
  auto p = parse("runbook r {\n  param a: string = \"ünï\" + 5min\n}\n");
  EXPECT_NE(p->text().find("test.drbook:2:29: error: invalid number or duration '5min'"),
            std::string::npos)
      << p->text();
  EXPECT_NE(p->text().find("\n                            ^~~~\n"), std::string::npos) << p->text();
}

} // namespace
