//===- ParserBaseTest.cpp - The generated parser's base classes ------------===//
//
// grammar/ParserBase.h replaces the runtime's dynamic_casts with static_casts and a memo. These
// tests parse every example runbook (and a broken one, whose tree holds error nodes) and check
// the result against the runtime's own definitions: every accessor answers as the runtime's
// would, and the tree is linked as the runtime would link it.
//
//===----------------------------------------------------------------------===//
#include "DrbookLexer.h"
#include "DrbookParser.h"

#include "gtest/gtest.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace drbook::grammar;
using antlr4::ParserRuleContext;
using antlr4::tree::ParseTree;

namespace {

/// A parse of one text with the generated lexer and parser, recovering from errors.
struct Parse {
  antlr4::ANTLRInputStream input;
  DrbookLexer lexer{&input};
  antlr4::CommonTokenStream tokens{&lexer};
  DrbookParser parser{&tokens};
  DrbookParser::FileContext *tree;

  explicit Parse(const std::string &text) : input(text) {
    lexer.removeErrorListeners();
    parser.removeErrorListeners();
    tree = parser.file();
  }
};

std::string readFile(const std::filesystem::path &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> exampleRunbooks() {
  std::vector<std::string> texts;
  for (const auto &entry : std::filesystem::recursive_directory_iterator(DRBOOK_TEST_EXAMPLES))
    if (entry.path().extension() == ".drbook")
      texts.push_back(readFile(entry.path()));
  return texts;
}

void collect(ParseTree *node, std::vector<ParserRuleContext *> &out) {
  if (auto *ctx = dynamic_cast<ParserRuleContext *>(node)) {
    out.push_back(ctx);
    for (ParseTree *child : ctx->children)
      collect(child, out);
  }
}

/// The runtime's own accessor for T, next to the one the generated code calls, for every index
/// up to one past the last match.
template <class T> void expectSameRuleContexts(ParserRuleContext *ctx) {
  auto *base = static_cast<RuleContextBase *>(ctx);
  std::vector<T *> runtime = ctx->ParserRuleContext::template getRuleContexts<T>();
  EXPECT_EQ(base->template getRuleContexts<T>(), runtime);
  for (size_t i = 0; i <= runtime.size(); ++i)
    EXPECT_EQ(base->template getRuleContext<T>(i),
              ctx->ParserRuleContext::template getRuleContext<T>(i));
}

void expectSameAccessors(ParserRuleContext *ctx) {
  auto *base = static_cast<RuleContextBase *>(ctx);
  std::set<size_t> types{DrbookParser::STRING, DrbookParser::ID};
  for (ParseTree *child : ctx->children)
    if (auto *t = dynamic_cast<antlr4::tree::TerminalNode *>(child))
      types.insert(t->getSymbol()->getType());
  for (size_t type : types) {
    std::vector<antlr4::tree::TerminalNode *> runtime = ctx->ParserRuleContext::getTokens(type);
    EXPECT_EQ(base->getTokens(type), runtime);
    for (size_t i = 0; i <= runtime.size(); ++i)
      EXPECT_EQ(base->getToken(type, i), ctx->ParserRuleContext::getToken(type, i));
  }
  // A rule context type, its labelled alternatives, and types that never appear as children.
  expectSameRuleContexts<DrbookParser::ExprContext>(ctx);
  expectSameRuleContexts<DrbookParser::CompareExprContext>(ctx);
  expectSameRuleContexts<DrbookParser::NameContext>(ctx);
  expectSameRuleContexts<DrbookParser::StepContext>(ctx);
  expectSameRuleContexts<DrbookParser::StepBodyContext>(ctx);
  expectSameRuleContexts<DrbookParser::BlockContext>(ctx);
  expectSameRuleContexts<DrbookParser::ItemContext>(ctx);
  expectSameRuleContexts<DrbookParser::FileContext>(ctx);
}

/// What exitRule, enterOuterAlt and addContextToParseTree must leave behind: every rule context
/// is a child of its parent, and its tokens lie within its parent's.
void expectLinked(ParserRuleContext *ctx) {
  // A context that was entered but not exited (one a labelled alternative should have
  // replaced) has no stop token.
  EXPECT_NE(ctx->getStop(), nullptr) << "rule number " << ctx->getRuleIndex();
  auto *parent = dynamic_cast<ParserRuleContext *>(ctx->parent);
  if (!parent) {
    EXPECT_EQ(ctx->parent, nullptr);
    return;
  }
  EXPECT_NE(std::find(parent->children.begin(), parent->children.end(), ctx),
            parent->children.end());
  ASSERT_NE(ctx->getStart(), nullptr);
  ASSERT_NE(parent->getStart(), nullptr);
  EXPECT_GE(ctx->getStart()->getTokenIndex(), parent->getStart()->getTokenIndex());
  if (ctx->getStop() && parent->getStop() &&
      ctx->getStop()->getTokenIndex() >= ctx->getStart()->getTokenIndex()) {
    EXPECT_LE(ctx->getStop()->getTokenIndex(), parent->getStop()->getTokenIndex());
  }
}

void checkTree(const std::string &text) {
  Parse p(text);
  ASSERT_NE(p.tree, nullptr);
  std::vector<ParserRuleContext *> contexts;
  collect(p.tree, contexts);
  ASSERT_GT(contexts.size(), 1u);
  for (ParserRuleContext *ctx : contexts) {
    expectSameAccessors(ctx);
    expectLinked(ctx);
  }
}

TEST(ParserBase, AccessorsAndLinksMatchTheRuntimeOnEveryExample) {
  std::vector<std::string> examples = exampleRunbooks();
  ASSERT_GE(examples.size(), 5u);
  for (const std::string &text : examples)
    checkTree(text);
}

TEST(ParserBase, AccessorsMatchTheRuntimeOverErrorNodes) {
  std::string broken = "runbook r {\n  recovery {\n    run \"a\" timeout\n    chek x\n"
                       "    if a == { run \"b\" }\n  }\n  probe p: http GET expect\n}\n";
  Parse p(broken);
  ASSERT_GT(p.parser.getNumberOfSyntaxErrors(), 0u);
  std::vector<ParserRuleContext *> contexts;
  collect(p.tree, contexts);
  bool sawErrorNode = false;
  for (ParserRuleContext *ctx : contexts)
    for (ParseTree *child : ctx->children)
      sawErrorNode |= dynamic_cast<antlr4::tree::ErrorNode *>(child) != nullptr;
  EXPECT_TRUE(sawErrorNode);
  checkTree(broken);
}

TEST(ParserBase, IsAAnswersByConcreteClass) {
  Parse p("runbook r {\n  param a: int = 1\n  validation { if a == 1 { run \"x\" } }\n}\n");
  std::vector<ParserRuleContext *> contexts;
  collect(p.tree, contexts);
  unsigned compares = 0;
  for (ParserRuleContext *ctx : contexts) {
    // Asked twice: the second answer comes from the memo and must be the same.
    for (int round = 0; round < 2; ++round) {
      EXPECT_EQ(isA<DrbookParser::ExprContext>(ctx),
                dynamic_cast<DrbookParser::ExprContext *>(ctx) != nullptr);
      EXPECT_EQ(isA<DrbookParser::CompareExprContext>(ctx),
                dynamic_cast<DrbookParser::CompareExprContext *>(ctx) != nullptr);
      EXPECT_FALSE(isA<antlr4::tree::TerminalNode>(ctx));
    }
    compares += isA<DrbookParser::CompareExprContext>(ctx);
    for (ParseTree *child : ctx->children)
      EXPECT_EQ(isA<antlr4::tree::TerminalNode>(child),
                dynamic_cast<antlr4::tree::TerminalNode *>(child) != nullptr);
  }
  EXPECT_EQ(compares, 1u);
}

} // namespace
