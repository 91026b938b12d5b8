//===- Declare.cpp - Scopes, duplicates, decisions and declared types ------===//
//
// Runs over every module before any reference is resolved, so a module can use what another
// declares whatever the load order, and every declaration has its type before expressions
// that read it are checked.
//
//===----------------------------------------------------------------------===//
#include "Captures.h"
#include "drbook/basic/Suggest.h"

#include "llvm/ADT/StringSet.h"

namespace drbook::sema {

using namespace drbook::ast;

namespace {

class Declarer {
public:
  Declarer(SemaContext &s, Module &m) : s(s), m(m), scope(s.scope(m)) {}

  void run();

private:
  void declareImports();
  void declare(Decl &d);
  void giveType(Decl &d);
  void giveCaptureType(CaptureDecl &c);
  /// The parameters of a procedure or a probe: typed, their names not repeated.
  void giveParamTypes(Decl &owner, std::vector<CapturePtr> &params);
  void declareDecision(DecideStep &step);
  const Type *typeOf(const TypeSyntax &syntax);

  SemaContext &s;
  Module &m;
  ModuleScope &scope;
};

void Declarer::run() {
  declareImports();
  for (DeclPtr &d : m.decls)
    if (d)
      declare(*d);
  forEachStep(m, [&](Step &step) {
    if (auto *decide = llvm::dyn_cast<DecideStep>(&step))
      declareDecision(*decide);
    if (auto *ask = llvm::dyn_cast<AskStep>(&step))
      declare(*ask->value);
  });
}

void Declarer::declareImports() {
  for (Import &imp : m.imports) {
    std::string q = imp.qualifier();
    if (q.empty())
      continue;
    auto [it, fresh] = scope.imports.try_emplace(q, imp.resolved);
    if (!fresh) {
      s.reportDuplicate(q, imp.range, scope.importRanges[q]);
      continue;
    }
    scope.importRanges[q] = imp.range;
  }
}

void Declarer::declare(Decl &d) {
  if (&m != &s.unit.root)
    d.owner = &m;
  giveType(d);
  if (d.name.empty())
    return;
  auto imported = scope.importRanges.find(d.name);
  if (imported != scope.importRanges.end()) {
    s.reportDuplicate(d.name, d.nameRange, imported->second);
    return;
  }
  auto [it, fresh] = scope.decls.try_emplace(d.name, &d);
  if (!fresh) {
    s.reportDuplicate(d.name, d.nameRange, it->second->nameRange);
    return;
  }
  scope.ordered.push_back(&d);
}

void Declarer::giveType(Decl &d) {
  switch (d.kind) {
  case Decl::Kind::Param:
    d.type = typeOf(llvm::cast<ParamDecl>(d).typeSyntax);
    return;
  case Decl::Kind::Secret: {
    const Type *value = typeOf(llvm::cast<SecretDecl>(d).typeSyntax);
    d.type = value->isError() ? value : s.types.getSecret(value);
    return;
  }
  case Decl::Kind::State: {
    auto &state = llvm::cast<StateDecl>(d);
    d.type = typeOf(state.typeSyntax);
    if (d.type->kind != TypeKind::Enum && d.type->kind != TypeKind::Bool && !d.type->isError())
      s.diags.error(state.typeSyntax.range,
                    "state '" + d.name + "' must be an enum or bool, found " + d.type->str(),
                    "type");
    return;
  }
  case Decl::Kind::Probe:
    d.type = s.types.getProbe(llvm::cast<ProbeDecl>(&d));
    for (CapturePtr &out : llvm::cast<ProbeDecl>(d).outputs)
      giveType(*out);
    return giveParamTypes(d, llvm::cast<ProbeDecl>(d).params);
  case Decl::Kind::Capture:
    return giveCaptureType(llvm::cast<CaptureDecl>(d));
  case Decl::Kind::Action: {
    for (CapturePtr &out : llvm::cast<ActionDecl>(d).outputs)
      giveType(*out);
    llvm::StringMap<SMRange> seen;
    for (auto &param : llvm::cast<ActionDecl>(d).params) {
      if (!param)
        continue;
      param->owner = d.owner;
      giveType(*param);
      auto [it, fresh] = seen.try_emplace(param->name, param->nameRange);
      if (!fresh && !param->name.empty())
        s.reportDuplicate(param->name, param->nameRange, it->second);
    }
    return;
  }
  case Decl::Kind::ActionParam:
    d.type = typeOf(llvm::cast<ActionParamDecl>(d).typeSyntax);
    return;
  case Decl::Kind::Procedure:
    return giveParamTypes(d, llvm::cast<ProcedureDecl>(d).params);
  case Decl::Kind::Decision:
  case Decl::Kind::Host:
  case Decl::Kind::Scenario:
  case Decl::Kind::Module:
    // Decisions are typed when made; hosts, scenarios and modules are not values.
    return;
  }
}

void Declarer::giveCaptureType(CaptureDecl &c) {
  if (c.origin)
    c.owner = c.origin->owner;
  if (c.source == CaptureSource::Argument) {
    c.type = typeOf(c.typeSyntax); // never a secret: the grammar has no such type
    return;
  }
  // `output token: secret from …`: a secret string.
  bool secret = c.typeSyntax.kind == TypeSyntax::Kind::Named && c.typeSyntax.name == "secret";
  c.type = captureType(
      s, c, secret ? s.types.getSecret(s.types.get(TypeKind::String)) : typeOf(c.typeSyntax));
}

void Declarer::giveParamTypes(Decl &owner, std::vector<CapturePtr> &params) {
  llvm::StringMap<SMRange> seen;
  for (CapturePtr &param : params) {
    param->owner = owner.owner;
    giveType(*param);
    auto [it, fresh] = seen.try_emplace(param->name, param->nameRange);
    if (!fresh && !param->name.empty())
      s.reportDuplicate(param->name, param->nameRange, it->second);
  }
}

const Type *Declarer::typeOf(const TypeSyntax &syntax) {
  switch (syntax.kind) {
  case TypeSyntax::Kind::Enum: {
    llvm::StringMap<SMRange> seen;
    std::vector<std::string> members;
    for (size_t i = 0; i < syntax.members.size(); ++i) {
      SMRange r = i < syntax.memberRanges.size() ? syntax.memberRanges[i] : syntax.range;
      auto [it, fresh] = seen.try_emplace(syntax.members[i], r);
      if (fresh)
        members.push_back(syntax.members[i]);
      else
        s.reportDuplicate(syntax.members[i], r, it->second);
    }
    return s.types.makeEnum(std::move(members));
  }
  case TypeSyntax::Kind::List:
    return syntax.element ? s.types.getList(typeOf(*syntax.element)) : s.errorType();
  case TypeSyntax::Kind::Named:
    break;
  }
  if (syntax.name.empty())
    return s.errorType();
  if (const Type *builtin = s.types.lookupBuiltin(syntax.name))
    return builtin;
  static const std::vector<std::string> known = {
      "bool", "int", "float", "string", "duration", "url", "path", "json", "regex", "enum", "list"};
  s.diags.error(syntax.range, "unknown type '" + syntax.name + "'" + didYouMean(syntax.name, known),
                "unknown-name");
  return s.errorType();
}

/// The values of `decide NAME { … }` in order of first appearance: when arms, otherwise, then
/// ask options. The same value may end several `when` arms, but an ask option may be offered
/// only once.
void Declarer::declareDecision(DecideStep &step) {
  if (step.name.empty())
    return;
  std::vector<std::string> values;
  llvm::StringSet<> seen;
  auto add = [&](const std::string &value) {
    if (!value.empty() && seen.insert(value).second)
      values.push_back(value);
  };
  for (const WhenArm &w : step.whens)
    add(w.value);
  if (step.otherwise)
    add(*step.otherwise);
  llvm::StringMap<SMRange> offered;
  for (const AskOption &o : step.askOptions) {
    auto [it, fresh] = offered.try_emplace(o.value, valueRange(o));
    if (!fresh && !o.value.empty()) {
      s.diags.error(valueRange(o),
                    "decision value '" + o.value + "' is listed twice in '" + step.name + "'",
                    "duplicate-definition", {{it->second, "previously listed here"}});
      continue;
    }
    add(o.value);
  }
  auto decision = std::make_unique<DecisionDecl>(step.name);
  decision->range = step.range;
  decision->nameRange = step.nameRange;
  decision->step = &step;
  decision->type = s.types.makeEnum(std::move(values));
  if (&m != &s.unit.root)
    decision->owner = &m;
  step.decl = decision.get();
  Decl *d = decision.get();
  s.unit.decisions.push_back(std::move(decision));
  auto imported = scope.importRanges.find(step.name);
  if (imported != scope.importRanges.end()) {
    s.reportDuplicate(step.name, step.nameRange, imported->second);
    return;
  }
  auto [it, fresh] = scope.decls.try_emplace(step.name, d);
  if (!fresh) {
    s.reportDuplicate(step.name, step.nameRange, it->second->nameRange);
    return;
  }
  scope.ordered.push_back(d);
}

} // namespace

void declareNames(SemaContext &s) {
  for (Module *m : s.modules)
    Declarer(s, *m).run();
}

} // namespace drbook::sema
