//===- Symbols.cpp - Name lookup over a runbook and its modules ------------===//
#include "drbook/graph/Symbols.h"

namespace drbook::graph {

using namespace drbook::ast;

// The module an import loaded: sema's answer, else the loaded module whose name or file stem
// is the import's last path component.
static const Module *importedModule(const Import &imp,
                                    llvm::ArrayRef<std::unique_ptr<Module>> imported) {
  if (imp.resolved)
    return imp.resolved;
  std::string want = imp.modulePath.empty() ? "" : imp.modulePath.back();
  llvm::StringRef file = imp.filePath;
  for (const auto &m : imported) {
    if (!want.empty() && m->name == want)
      return m.get();
    llvm::StringRef path = m->path;
    if (!file.empty() && path.endswith(file.ltrim("./")))
      return m.get();
  }
  return nullptr;
}

Symbols::Symbols(const Module &root, llvm::ArrayRef<std::unique_ptr<Module>> imported)
    : rootModule(root) {
  addModule(root, imported);
  for (const auto &m : imported)
    addModule(*m, imported);
  for (const Import &imp : root.imports)
    if (const Module *m = importedModule(imp, imported))
      qualifiers.emplace(m, imp.qualifier());
}

void Symbols::addModule(const Module &m, llvm::ArrayRef<std::unique_ptr<Module>> imported) {
  Scope &scope = scopes[&m];
  for (const DeclPtr &d : m.decls) {
    scope.decls.emplace(d->name, d.get());
    owners.emplace(d.get(), &m);
  }
  for (const Import &imp : m.imports)
    if (const Module *target = importedModule(imp, imported))
      scope.imports.emplace(imp.qualifier(), target);
}

const Decl *Symbols::lookup(const Module &scope, llvm::StringRef name) const {
  auto s = scopes.find(&scope);
  if (s == scopes.end())
    return nullptr;
  auto [qualifier, rest] = name.split('.');
  if (rest.empty()) {
    auto d = s->second.decls.find(name);
    return d == s->second.decls.end() ? nullptr : d->second;
  }
  auto m = s->second.imports.find(qualifier);
  if (m == s->second.imports.end())
    return nullptr;
  return lookup(*m->second, rest);
}

const Decl *Symbols::lookup(const Module &scope, const NameRef &ref) const {
  if (ref.decl)
    return ref.decl;
  return lookup(scope, ref.str());
}

const Decl *Symbols::lookupExpr(const Module &scope, const Expr &expr) const {
  if (auto *n = llvm::dyn_cast<NameExpr>(&expr))
    return lookup(scope, n->name);
  // `k8s.replicas`: a field access whose base names an imported module.
  if (auto *f = llvm::dyn_cast<FieldExpr>(&expr))
    if (auto *base = llvm::dyn_cast<NameExpr>(f->base.get()))
      if (base->name.parts.size() == 1 && !lookup(scope, base->name))
        return lookup(scope, base->name.parts[0] + "." + f->field);
  return nullptr;
}

const Module &Symbols::ownerOf(const Decl &decl) const {
  auto o = owners.find(&decl);
  if (o != owners.end())
    return *o->second;
  return decl.owner ? *decl.owner : rootModule;
}

std::string Symbols::qualifiedName(const Decl &decl) const {
  const Module &owner = ownerOf(decl);
  if (&owner == &rootModule)
    return decl.name;
  auto q = qualifiers.find(&owner);
  return (q != qualifiers.end() ? q->second : owner.name) + "." + decl.name;
}

} // namespace drbook::graph
