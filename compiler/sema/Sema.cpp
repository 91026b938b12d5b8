//===- Sema.cpp - Running the passes of semantic analysis in order ---------===//
#include "drbook/sema/Sema.h"

#include "SemaContext.h"
#include "drbook/basic/Suggest.h"

namespace drbook::sema {

using namespace drbook::ast;

bool analyze(const Unit &unit) {
  SemaContext s(unit);
  loadImports(s);
  declareNames(s);
  resolveReferences(s);
  checkProcedureCalls(s);
  typeCheck(s);
  checkSecrets(s);
  checkCommands(s);
  return !unit.diags.hasErrors();
}

NameMeaning meaningOf(const NameExpr &e) {
  if (e.isEnumMember)
    return NameMeaning::EnumMember;
  if (!e.type || e.type->isError())
    return NameMeaning::Unresolved;
  if (!e.name.decl)
    return NameMeaning::LogField;
  if (e.name.decl->kind == Decl::Kind::Probe && e.type->kind != TypeKind::Probe)
    return NameMeaning::ProbeField;
  return NameMeaning::Declaration;
}

bool isPhaseName(llvm::StringRef name) { return phaseNamed(name).has_value(); }

const char *kindNoun(Decl::Kind kind) {
  switch (kind) {
  case Decl::Kind::Param:
    return "param";
  case Decl::Kind::Secret:
    return "secret";
  case Decl::Kind::State:
    return "state";
  case Decl::Kind::Probe:
    return "probe";
  case Decl::Kind::Action:
    return "action";
  case Decl::Kind::ActionParam:
    return "action parameter";
  case Decl::Kind::Decision:
    return "decision";
  case Decl::Kind::Capture:
    return "captured value";
  case Decl::Kind::Host:
    return "host";
  case Decl::Kind::Scenario:
    return "scenario";
  case Decl::Kind::Module:
    return "module";
  case Decl::Kind::Procedure:
    return "procedure";
  }
  return "name";
}

std::string withArticle(Decl::Kind kind) {
  std::string noun = kindNoun(kind);
  return (noun[0] == 'a' ? "an " : "a ") + noun;
}

ModuleScope &SemaContext::scope(const Module &m) {
  std::unique_ptr<ModuleScope> &slot = scopes[&m];
  if (!slot) {
    slot = std::make_unique<ModuleScope>();
    slot->module = const_cast<Module *>(&m);
  }
  return *slot;
}

Lookup SemaContext::lookup(const Module &from, llvm::ArrayRef<std::string> parts) {
  Lookup result;
  ModuleScope *target = &scope(from);
  if (parts.empty() || parts.size() > 2)
    return result;
  if (parts.size() == 2) {
    auto it = target->imports.find(parts[0]);
    if (it == target->imports.end()) {
      result.unknownQualifier = true;
      return result;
    }
    if (!it->second) {
      result.brokenImport = true;
      return result;
    }
    target = &scope(*it->second);
  }
  result.scope = target;
  auto it = target->decls.find(parts.back());
  if (it != target->decls.end())
    result.decl = it->second;
  return result;
}

std::vector<std::string> SemaContext::visibleNames(const Module &from,
                                                   const std::function<bool(const Decl &)> &keep) {
  std::vector<std::string> names;
  // Past the error limit no message is kept, so a suggestion would be wasted work.
  if (diags.limitReached())
    return names;
  ModuleScope &own = scope(from);
  for (Decl *d : own.ordered)
    if (keep(*d))
      names.push_back(d->name);
  for (Import &imp : const_cast<Module &>(from).imports) {
    if (!imp.resolved)
      continue;
    std::string q = imp.qualifier();
    for (Decl *d : scope(*imp.resolved).ordered)
      if (keep(*d))
        names.push_back(q + "." + d->name);
  }
  return names;
}

Decl *SemaContext::resolve(const Module &from, NameRef &ref, Decl::Kind want) {
  if (ref.parts.empty())
    return nullptr;
  Lookup found = lookup(from, ref.parts);
  if (found.brokenImport)
    return nullptr;
  std::string written = ref.str();
  if (found.unknownQualifier) {
    std::vector<std::string> qualifiers;
    for (const Import &imp : from.imports)
      qualifiers.push_back(imp.qualifier());
    diags.error(ref.range,
                "unknown module '" + ref.parts[0] + "' in '" + written + "'" +
                    didYouMean(ref.parts[0], qualifiers),
                "unknown-name");
    return nullptr;
  }
  if (found.decl && found.decl->kind == want) {
    ref.decl = found.decl;
    found.decl->used = true;
    return found.decl;
  }
  if (found.decl) {
    diags.error(ref.range,
                "expected " + withArticle(want) + ", but '" + written + "' is " +
                    withArticle(found.decl->kind),
                "unknown-name");
    return nullptr;
  }
  auto names = visibleNames(from, [&](const Decl &d) { return d.kind == want; });
  diags.error(ref.range,
              std::string("unknown ") + kindNoun(want) + " '" + written + "'" +
                  didYouMean(written, names),
              "unknown-name");
  return nullptr;
}

void SemaContext::reportDuplicate(llvm::StringRef name, llvm::SMRange again, llvm::SMRange first) {
  diags.error(again, "duplicate definition of '" + name.str() + "'", "duplicate-definition",
              {{first, "previously defined here"}});
}

llvm::SMRange valueRange(const AskOption &option) {
  const char *start = option.range.Start.getPointer();
  if (!start)
    return option.range;
  return {option.range.Start, llvm::SMLoc::getFromPointer(start + option.value.size())};
}

} // namespace drbook::sema
