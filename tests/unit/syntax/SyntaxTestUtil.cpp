//===- SyntaxTestUtil.cpp - Parsing snippets in syntax unit tests ----------===//
#include "SyntaxTestUtil.h"

#include "drbook/syntax/Parser.h"

#include "llvm/Support/MemoryBuffer.h"

namespace drbook::test {

std::string Parsed::text() const {
  std::string out;
  llvm::raw_string_ostream os(out);
  diags.printText(os, /*colors=*/false);
  return os.str();
}

std::pair<unsigned, unsigned> Parsed::lineCol(llvm::SMLoc loc) const {
  return sources.getLineAndColumn(loc);
}

std::unique_ptr<Parsed> parse(const std::string &source) {
  auto p = std::make_unique<Parsed>();
  unsigned id = p->sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(source, "test.drbook"), llvm::SMLoc());
  p->module = syntax::parseModule(p->sources, id, p->diags);
  return p;
}

const ast::Expr *defaultOf(const Parsed &p, size_t index) {
  if (!p.module)
    return nullptr;
  size_t seen = 0;
  for (const ast::DeclPtr &d : p.module->decls)
    if (auto *param = llvm::dyn_cast<ast::ParamDecl>(d.get()))
      if (seen++ == index)
        return param->defaultValue.get();
  return nullptr;
}

} // namespace drbook::test
