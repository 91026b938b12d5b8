//===- Symbols.h - Finding the declaration a name refers to ----------------===//
//
// Sema records the declaration each name resolves to; these lookups use that answer when it
// is there and otherwise resolve the name the way the language defines it (a module's own
// declarations, then `qualifier.name` through its imports), so lowering also works on an AST
// that has only been parsed.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_GRAPH_SYMBOLS_H
#define DRBOOK_GRAPH_SYMBOLS_H

#include "drbook/ast/AST.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <memory>
#include <string>

namespace drbook::graph {

class Symbols {
public:
  Symbols(const ast::Module &root, llvm::ArrayRef<std::unique_ptr<ast::Module>> imported);

  /// The declaration `ref` names, seen from module `scope`.
  const ast::Decl *lookup(const ast::Module &scope, const ast::NameRef &ref) const;
  /// `name` or `qualifier.name`, seen from module `scope`.
  const ast::Decl *lookup(const ast::Module &scope, llvm::StringRef name) const;
  /// The declaration a name expression (`traffic`, `k8s.replicas`) refers to, or null.
  const ast::Decl *lookupExpr(const ast::Module &scope, const ast::Expr &expr) const;
  /// The module that declares `decl` (the root when unknown).
  const ast::Module &ownerOf(const ast::Decl &decl) const;
  /// `decl`'s name as the runbook writes it: `traffic`, or `k8s.replicas` for a module's.
  std::string qualifiedName(const ast::Decl &decl) const;
  const ast::Module &root() const { return rootModule; }

private:
  struct Scope {
    std::map<std::string, const ast::Decl *, std::less<>> decls;
    std::map<std::string, const ast::Module *, std::less<>> imports;
  };
  void addModule(const ast::Module &m, llvm::ArrayRef<std::unique_ptr<ast::Module>> imported);

  const ast::Module &rootModule;
  std::map<const ast::Module *, Scope> scopes;
  std::map<const ast::Decl *, const ast::Module *> owners;
  std::map<const ast::Module *, std::string> qualifiers;
};

} // namespace drbook::graph

#endif
