//===- RecoveryTest.cpp - Error counts, limits and partial results ---------===//
#include "SyntaxTestUtil.h"

#include "drbook/syntax/Parser.h"

#include "gtest/gtest.h"

using namespace drbook;
using namespace drbook::test;

namespace {

std::string lines(const std::string &line, unsigned n) {
  std::string out;
  for (unsigned i = 0; i < n; ++i)
    out += line + "\n";
  return out;
}

size_t count(const std::string &text, const std::string &needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

TEST(Recovery, EachBadLineIsReportedOnce) {
  auto p = parse("runbook r {\n  recovery {\n" + lines("    chek health", 7) +
                 "    check ready\n  }\n}\n");
  EXPECT_EQ(p->diags.errorCount(), 7u) << p->text();
  EXPECT_EQ(count(p->text(), "unknown step 'chek'; did you mean 'check'?"), 7u);
}

TEST(Recovery, GoodDeclarationsSurviveBadOnes) {
  auto p = parse("runbook r {\n"
                 "  param a: int = 1\n"
                 "  prob broken: cmd \"x\"\n"
                 "  param b: int = 2\n"
                 "  probe p: grpc \"x\"\n"
                 "  param c: int = 3\n"
                 "}\n");
  EXPECT_EQ(p->diags.errorCount(), 2u) << p->text();
  ASSERT_NE(p->module, nullptr);
  std::vector<std::string> names;
  for (const ast::DeclPtr &d : p->module->decls)
    if (llvm::isa<ast::ParamDecl>(d.get()))
      names.push_back(d->name);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Recovery, ErrorLimitStopsAtFifty) {
  auto p = parse("runbook r {\n  recovery {\n" + lines("    chek health", 80) + "  }\n}\n");
  EXPECT_EQ(p->diags.errorCount(), 50u);
  EXPECT_TRUE(p->diags.limitReached());
  EXPECT_EQ(count(p->text(), "too many errors; stopping here (the limit is 50) [error-limit]"), 1u);
}

TEST(Recovery, MissingBraceIsOneErrorWithANote) {
  auto p = parse("runbook r {\n  recovery {\n    do a\n  validation {\n    must b\n  }\n}\n");
  EXPECT_EQ(p->diags.errorCount(), 1u) << p->text();
  std::vector<Diagnostic> all = p->diags.sorted();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].message, "expected '}' to close the 'recovery' block opened at 2:12");
  EXPECT_EQ(p->lineCol(all[0].range.Start), std::make_pair(4u, 3u));
  ASSERT_EQ(all[0].notes.size(), 1u);
  EXPECT_EQ(p->lineCol(all[0].notes[0].range.Start), std::make_pair(2u, 12u));
}

TEST(Recovery, MessagesNeverUseParserGeneratorWording) {
  const char *broken[] = {
      "runbook",
      "runbook r",
      "runbook r {",
      "runbook r { } }",
      "runbook r { param }",
      "runbook r { param p: = 1 }",
      "runbook r { probe p: http }",
      "runbook r { probe p: sql \"d\" }",
      "runbook r { action a { match { } } }",
      "runbook r { detection { decide { } } }",
      "runbook r { detection { decide d { when => x } } }",
      "runbook r { detection { if a { } else } }",
      "runbook r { detection { wait p until } }",
      "runbook r { detection { parallel { ( } } }",
      "runbook r { invariant: }",
      "runbook r { state s: enum { } = a }",
      "runbook r { param p: list< = 1 }",
      "module",
      "{ }",
      ")",
  };
  for (const char *source : broken) {
    auto p = parse(source);
    std::string text = p->text();
    EXPECT_TRUE(p->diags.hasErrors()) << source;
    for (const char *word : {"no viable alternative", "mismatched input", "extraneous input",
                             "missing ", "<EOF>", "T__", "expecting"})
      EXPECT_EQ(text.find(word), std::string::npos) << source << "\n" << text;
  }
}

TEST(Recovery, NestingLimit) {
  auto nested = [](unsigned depth) {
    return "runbook r { param p: int = " + std::string(depth - 1, '(') + "1" +
           std::string(depth - 1, ')') + " }";
  };
  auto ok = parse(nested(syntax::MaxNesting));
  EXPECT_FALSE(ok->diags.hasErrors()) << ok->text();
  auto over = parse(nested(syntax::MaxNesting + 1));
  EXPECT_EQ(over->diags.errorCount(), 1u);
  EXPECT_EQ(over->module, nullptr);
  auto deep =
      parse("runbook r { detection { " + lines("parallel {", 10000) + lines("}", 10000) + "} }");
  EXPECT_EQ(deep->diags.errorCount(), 1u);
  EXPECT_NE(deep->text().find("nested more than 200 deep"), std::string::npos);
}

TEST(Recovery, UnusableInputGivesNoModule) {
  for (const std::string &source :
       {std::string(), std::string("\n \t\n"), std::string("// only\n/* comments */"),
        std::string("runbook r {\0}", 13)}) {
    auto p = parse(source);
    EXPECT_EQ(p->module, nullptr);
    EXPECT_EQ(p->diags.errorCount(), 1u) << p->text();
  }
}

TEST(Recovery, OversizedFileIsRefusedUnread) {
  std::string big = "runbook r {\n" + lines("  // " + std::string(95, 'x'), 170000) + "}\n";
  ASSERT_GT(big.size(), syntax::MaxSourceBytes);
  auto p = parse(big);
  EXPECT_EQ(p->module, nullptr);
  EXPECT_EQ(p->diags.errorCount(), 1u);
  EXPECT_NE(p->text().find("a runbook may be at most 16 MB"), std::string::npos);
}

} // namespace
