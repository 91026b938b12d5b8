//===- StringsTest.cpp - Escapes and {placeholder} interpolation -----------===//
#include "SyntaxTestUtil.h"

#include "gtest/gtest.h"

using namespace drbook;
using namespace drbook::test;

namespace {

/// A string literal split into text pieces and placeholder paths, for comparison.
struct Split {
  std::vector<std::string> pieces;
  std::vector<std::string> placeholders;
  bool operator==(const Split &o) const {
    return pieces == o.pieces && placeholders == o.placeholders;
  }
};

std::ostream &operator<<(std::ostream &os, const Split &s) {
  for (size_t i = 0; i < s.pieces.size(); ++i) {
    os << '[' << s.pieces[i] << ']';
    if (i < s.placeholders.size())
      os << '{' << s.placeholders[i] << '}';
  }
  return os;
}

/// Parses `body` (the inside of a string literal, as written) and splits the result.
Split split(const std::string &body, std::unique_ptr<Parsed> &holder) {
  holder = parse("runbook r {\n  param p: string = \"" + body + "\"\n}\n");
  EXPECT_FALSE(holder->diags.hasErrors()) << holder->text();
  Split out;
  const auto *s = llvm::dyn_cast_or_null<ast::StringExpr>(defaultOf(*holder));
  if (!s)
    return out;
  out.pieces = s->pieces;
  for (const ast::Placeholder &ph : s->placeholders)
    out.placeholders.push_back(ph.path.str());
  return out;
}

Split split(const std::string &body) {
  std::unique_ptr<Parsed> holder;
  return split(body, holder);
}

TEST(Strings, Escapes) {
  EXPECT_EQ(split(R"(say \"hi\")"), (Split{{"say \"hi\""}, {}}));
  EXPECT_EQ(split(R"(a\\b)"), (Split{{"a\\b"}, {}}));
  EXPECT_EQ(split(R"(line\nnext\ttab)"), (Split{{"line\nnext\ttab"}, {}}));
  // Any other backslash stays, so regexes and shell text in commands survive as written.
  EXPECT_EQ(split(R"(grep -E '\d+\.\d+')"), (Split{{"grep -E '\\d+\\.\\d+'"}, {}}));
}

TEST(Strings, PlaceholdersAreDottedNames) {
  EXPECT_EQ(split("{url}/api/health"), (Split{{"", "/api/health"}, {"url"}}));
  EXPECT_EQ(split("owner={caps.json.is_owner}!"), (Split{{"owner=", "!"}, {"caps.json.is_owner"}}));
  EXPECT_EQ(split("{a}{b}"), (Split{{"", "", ""}, {"a", "b"}}));
  EXPECT_EQ(split("{ spaced }"), (Split{{"", ""}, {"spaced"}}));
  EXPECT_EQ(split("{_x1.y_2}"), (Split{{"", ""}, {"_x1.y_2"}}));
}

TEST(Strings, ShellAndProgramBracesStayLiteral) {
  EXPECT_EQ(split("echo ${SHELL_VAR} $HOME"), (Split{{"echo ${SHELL_VAR} $HOME"}, {}}));
  EXPECT_EQ(split("awk '{print $1}'"), (Split{{"awk '{print $1}'"}, {}}));
  EXPECT_EQ(split("{1abc} {a..b} {a.} {.a} {} {a-b}"),
            (Split{{"{1abc} {a..b} {a.} {.a} {} {a-b}"}, {}}));
  EXPECT_EQ(split(R"({\"q\": 1})"), (Split{{"{\"q\": 1}"}, {}}));
  // The outer brace of a JSON body is text; a dotted name inside it is still a placeholder.
  EXPECT_EQ(split(R"({\"id\": {id}})"), (Split{{"{\"id\": ", "}"}, {"id"}}));
}

TEST(Strings, EscapedBraceIsNeverAPlaceholder) {
  EXPECT_EQ(split(R"(\{url})"), (Split{{"{url}"}, {}}));
  EXPECT_EQ(split(R"(\{url\})"), (Split{{"{url}"}, {}}));
}

TEST(Strings, PlaceholderLocationIsItsOpeningBrace) {
  std::unique_ptr<Parsed> p;
  split("→ {url}", p);
  const auto *s = llvm::cast<ast::StringExpr>(defaultOf(*p));
  ASSERT_EQ(s->placeholders.size(), 1u);
  // The string starts at column 21; the arrow is 3 bytes, then a space.
  EXPECT_EQ(p->lineCol(s->placeholders[0].path.range.Start), std::make_pair(2u, 26u));
  EXPECT_EQ(p->lineCol(s->placeholders[0].path.range.End), std::make_pair(2u, 31u));
}

TEST(Strings, Utf8TextIsKeptWhole) {
  EXPECT_EQ(split("Reprise après sinistre ✓ {step}"),
            (Split{{"Reprise après sinistre ✓ ", ""}, {"step"}}));
}

TEST(Strings, TitlesKeepPlaceholdersAsWritten) {
  auto p = parse("runbook r \"Restore {db} \\\"now\\\"\" {}");
  ASSERT_FALSE(p->diags.hasErrors()) << p->text();
  EXPECT_EQ(p->module->title, "Restore {db} \"now\"");
}

TEST(Strings, UnterminatedStringIsOneError) {
  auto p = parse("runbook r {\n  recovery {\n    run \"restart api\n    check health\n  }\n}\n");
  EXPECT_EQ(p->diags.errorCount(), 1u) << p->text();
  EXPECT_NE(p->text().find("test.drbook:3:9: error: unterminated string"), std::string::npos);
}

TEST(Strings, SingleQuotesAreOneErrorAndReadAsAString) {
  auto p = parse("runbook r {\n  recovery { manual 'Call the DBA' estimate 5m }\n}\n");
  EXPECT_EQ(p->diags.errorCount(), 1u) << p->text();
  EXPECT_NE(p->text().find("not single quotes"), std::string::npos);
  ASSERT_NE(p->module, nullptr);
  const auto &manual = llvm::cast<ast::ManualStep>(*p->module->phases[0].body.steps[0]);
  EXPECT_EQ(llvm::cast<ast::StringExpr>(manual.text.get())->pieces[0], "Call the DBA");
}

} // namespace
