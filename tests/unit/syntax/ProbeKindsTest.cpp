//===- ProbeKindsTest.cpp - The grammar agrees with every probe descriptor -===//
//
// A probe kind is described once (ast/ProbeKinds.cpp) and spelt in the grammar. These tests
// build, from each descriptor alone, a probe using every word of its head, and check that the
// grammar accepts it and the builder hands each word to the AST; and that every spelling and
// word stays usable as a plain name, as contextual keywords must.
//
//===----------------------------------------------------------------------===//
#include "SyntaxTestUtil.h"

#include "drbook/ast/ProbeKinds.h"

#include "gtest/gtest.h"

using namespace drbook;
using namespace drbook::ast;
using namespace drbook::test;

namespace {

/// A value of the form the word reads.
std::string sampleValue(const ProbeWord &w) {
  switch (w.form) {
  case ProbeWordForm::Text:
  case ProbeWordForm::SqlQuery:
    return "\"x\"";
  case ProbeWordForm::RecordCondition:
    return "true";
  case ProbeWordForm::Choice:
    return w.choices.empty() ? "X" : w.choices.back();
  }
  return "";
}

std::string probeUsingEveryWord(const ProbeKindInfo &k) {
  std::string text =
      std::string("  probe p: ") + k.spelling + (k.hasMethod ? " GET" : "") + " \"target\"";
  for (const ProbeWord &w : k.words)
    text += std::string(" ") + w.word + " " + sampleValue(w);
  return "runbook r {\n" + text + " timeout 5s\n}\n";
}

TEST(ProbeKinds, TheGrammarTakesEveryDescribedWord) {
  for (const ProbeKindInfo &k : probeKinds()) {
    std::string source = probeUsingEveryWord(k);
    std::unique_ptr<Parsed> parsed = parse(source);
    ASSERT_FALSE(parsed->diags.hasErrors()) << source << parsed->text();
    ASSERT_EQ(parsed->module->decls.size(), 1u);
    auto *p = llvm::dyn_cast<ProbeDecl>(parsed->module->decls[0].get());
    ASSERT_NE(p, nullptr) << source;
    EXPECT_EQ(p->probeKind, k.kind) << source;
    EXPECT_EQ(p->method, k.hasMethod ? "GET" : "") << source;
    ASSERT_NE(p->target, nullptr) << source;
    ASSERT_EQ(p->args.size(), k.words.size()) << source;
    for (size_t i = 0; i < k.words.size(); ++i) {
      EXPECT_EQ(p->args[i].word, k.words[i].word) << source;
      bool choice = k.words[i].form == ProbeWordForm::Choice;
      EXPECT_EQ(p->args[i].value == nullptr, choice) << source;
    }
  }
}

TEST(ProbeKinds, SpellingsAndWordsStayPlainNames) {
  for (const ProbeKindInfo &k : probeKinds()) {
    std::vector<std::string> names = {k.spelling};
    for (const ProbeWord &w : k.words)
      names.push_back(w.word);
    for (const std::string &name : names) {
      std::unique_ptr<Parsed> parsed =
          parse("runbook r {\n  param " + name + ": string = \"v\"\n  state s: int = 1\n}\n");
      EXPECT_FALSE(parsed->diags.hasErrors())
          << "'" << name << "' must be listed as a contextual keyword in the grammar's name rule\n"
          << parsed->text();
    }
  }
}

TEST(ProbeKinds, DescriptorsAreInTheDefOrderAndComplete) {
  size_t index = 0;
  for (const ProbeKindInfo &k : probeKinds()) {
    EXPECT_EQ(static_cast<size_t>(k.kind), index++) << k.spelling;
    EXPECT_EQ(findProbeKind(k.spelling), &k);
    ASSERT_GE(k.fields.size(), 2u) << k.spelling;
    EXPECT_STREQ(k.fields[0].name, "ok");
    EXPECT_STREQ(k.fields[1].name, "failed");
    EXPECT_NE(k.defaultOk, nullptr) << k.spelling;
    EXPECT_NE(std::string(k.defaultOkText), "") << k.spelling;
  }
}

} // namespace
