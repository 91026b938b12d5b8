//===- ParserBase.h - Base classes of the generated parser and its contexts -===//
//
// Drbook.g4 names these as the superclasses of the generated parser and of its rule contexts.
// The ANTLR runtime tests types with dynamic_cast on the hot path: the parser on every rule
// entry, alternative and exit, and the contexts' child accessors on every child they pass.
// Together that was a third of all parse time. Everything else is the runtime's own behaviour.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_GRAMMAR_PARSERBASE_H
#define DRBOOK_GRAMMAR_PARSERBASE_H

#include "antlr4-runtime.h"

#include <typeinfo>
#include <utility>
#include <vector>

namespace drbook::grammar {

/// Whether a parse-tree node is a T. The answer depends only on the node's concrete class, and
/// few classes ever meet a given accessor, so a short memo replaces a dynamic_cast per node.
template <class T> bool isA(antlr4::tree::ParseTree *node) {
  static thread_local std::vector<std::pair<const std::type_info *, bool>> known;
  const std::type_info *type = &typeid(*node);
  for (const auto &[seen, yes] : known)
    if (seen == type)
      return yes;
  bool yes = dynamic_cast<T *>(node) != nullptr;
  known.emplace_back(type, yes);
  return yes;
}

class RuleContextBase : public antlr4::ParserRuleContext {
public:
  using antlr4::ParserRuleContext::ParserRuleContext;

  // These hide the runtime's templates of the same names, which the generated accessors call.
  template <class T> T *getRuleContext(size_t i) {
    for (antlr4::tree::ParseTree *child : children)
      if (isA<T>(child) && i-- == 0)
        return static_cast<T *>(child);
    return nullptr;
  }
  template <class T> std::vector<T *> getRuleContexts() {
    std::vector<T *> found;
    for (antlr4::tree::ParseTree *child : children)
      if (isA<T>(child))
        found.push_back(static_cast<T *>(child));
    return found;
  }

  antlr4::tree::TerminalNode *getToken(size_t type, size_t i) override {
    for (antlr4::tree::ParseTree *child : children)
      if (auto *token = terminalOfType(child, type); token && i-- == 0)
        return token;
    return nullptr;
  }
  std::vector<antlr4::tree::TerminalNode *> getTokens(size_t type) override {
    std::vector<antlr4::tree::TerminalNode *> found;
    for (antlr4::tree::ParseTree *child : children)
      if (auto *token = terminalOfType(child, type))
        found.push_back(token);
    return found;
  }

private:
  static antlr4::tree::TerminalNode *terminalOfType(antlr4::tree::ParseTree *node, size_t type) {
    if (!isA<antlr4::tree::TerminalNode>(node))
      return nullptr;
    auto *terminal = static_cast<antlr4::tree::TerminalNode *>(node);
    return terminal->getSymbol()->getType() == type ? terminal : nullptr;
  }
};

class ParserBase : public antlr4::Parser {
public:
  explicit ParserBase(antlr4::TokenStream *input) : Parser(input) {}

  /// Hides antlr4::Parser::exitRule, which is not virtual; the generated rules call this one.
  void exitRule() {
    _ctx->stop = _input->LT(_matchedEOF ? 1 : -1);
    if (!_parseListeners.empty())
      triggerExitRuleEvent();
    setState(_ctx->invokingState);
    _ctx = parentOf(_ctx);
  }

  void enterOuterAlt(antlr4::ParserRuleContext *localctx, size_t altNum) override {
    localctx->setAltNumber(altNum);
    // A labelled alternative replaces the rule's context, which is already in the tree.
    if (_buildParseTrees && _ctx != localctx) {
      if (antlr4::ParserRuleContext *parent = parentOf(_ctx)) {
        parent->removeLastChild();
        parent->addChild(localctx);
      }
    }
    _ctx = localctx;
  }

protected:
  void addContextToParseTree() override {
    if (antlr4::ParserRuleContext *parent = parentOf(_ctx))
      parent->addChild(_ctx);
  }

private:
  // In a parser every context's parent is a rule context, so a static_cast is exact.
  static antlr4::ParserRuleContext *parentOf(antlr4::ParserRuleContext *ctx) {
    return static_cast<antlr4::ParserRuleContext *>(ctx->parent);
  }
};

} // namespace drbook::grammar

#endif
