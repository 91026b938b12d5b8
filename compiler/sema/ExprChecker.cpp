//===- ExprChecker.cpp - Resolving and typing one expression ---------------===//
//
// Names resolve innermost first: action parameters, the fields of the probe in scope, the
// module's declarations, then (when nothing else matched) a member of the expected enum or a
// field of the log record. An expression that cannot be typed gets `<error>`, which every rule
// accepts, so one mistake is reported once.
//
//===----------------------------------------------------------------------===//
#include "ExprChecker.h"

#include "drbook/basic/Pattern.h"

#include "drbook/basic/Suggest.h"
#include "drbook/sema/TypeRules.h"

#include "llvm/ADT/StringExtras.h"

namespace drbook::sema {

using namespace drbook::ast;

static bool isValueKind(Decl::Kind k) {
  return k == Decl::Kind::Param || k == Decl::Kind::Secret || k == Decl::Kind::State ||
         k == Decl::Kind::Probe || k == Decl::Kind::Decision || k == Decl::Kind::ActionParam ||
         k == Decl::Kind::Capture;
}

void reportUnknownMember(SemaContext &s, llvm::StringRef value, SMRange at, const Type *e) {
  s.diags.error(
      at, "unknown value '" + value.str() + "' for " + e->str() + didYouMean(value, e->members),
      "unknown-name");
}

/// Whether some probe kind has a field (or aggregate) named `name`.
static bool isAnyProbeField(llvm::StringRef name) {
  for (const ProbeKindInfo &k : probeKinds())
    if (findProbeField(k.kind, name))
      return true;
  return isRecordAggregate(name);
}

/// `http probe 'ready' has no field 'stdout'; fields are ok, failed, …`
static std::string noSuchField(const ProbeDecl &p, llvm::StringRef field) {
  std::vector<std::string> names;
  for (const ProbeField &f : describe(p.probeKind).fields)
    names.push_back(f.name);
  std::string hint = didYouMean(field, names);
  if (hint.empty())
    hint = "; fields are " + describeProbeFields(p.probeKind);
  return std::string(spelling(p.probeKind)) + " probe '" + p.name + "' has no field '" +
         field.str() + "'" + hint;
}

bool ExprChecker::isImport(llvm::StringRef name) {
  return scope.module && s.scope(*scope.module).imports.count(name);
}

ExprChecker::Binding ExprChecker::bind(llvm::StringRef name) {
  Binding b;
  if (scope.locals) {
    auto it = scope.locals->find(name);
    if (it != scope.locals->end()) {
      b.decl = it->second;
      b.type = it->second->type;
      b.found = true;
      return b;
    }
  }
  if (scope.actionParams) {
    auto it = scope.actionParams->find(name);
    if (it != scope.actionParams->end()) {
      b.decl = it->second;
      b.type = it->second->type;
      b.found = true;
      return b;
    }
  }
  if (ProbeDecl *p = scope.fieldsOf) {
    if (const ProbeField *f = findProbeField(p->probeKind, name)) {
      b.decl = p;
      b.type = fieldType(*f);
      b.found = true;
      return b;
    }
    if (describe(p->probeKind).aggregates && isRecordAggregate(name)) {
      b.decl = p;
      b.found = b.aggregate = true;
      return b;
    }
  }
  if (!scope.module)
    return b;
  ModuleScope &ms = s.scope(*scope.module);
  auto it = ms.decls.find(name);
  if (it != ms.decls.end()) {
    b.decl = it->second;
    b.type = it->second->type;
    b.found = true;
  }
  return b;
}

ExprChecker::Binding ExprChecker::bindQualified(llvm::StringRef qualifier, llvm::StringRef name,
                                                bool &broken) {
  Binding b;
  Lookup found = s.lookup(*scope.module, {qualifier.str(), name.str()});
  broken = found.brokenImport;
  if (found.decl) {
    b.decl = found.decl;
    b.type = found.decl->type;
    b.found = true;
  }
  return b;
}

/// Marks a found declaration used and returns its type, or reports one that is not a value.
const Type *ExprChecker::use(const Binding &b, NameRef &ref, SMRange at) {
  ref.decl = b.decl;
  // A probe reading its own fields in its `expect` does not make it used.
  if (b.decl != scope.fieldsOf)
    b.decl->used = true;
  if (b.aggregate) {
    s.diags.error(at,
                  "'" + ref.str() + "' is an aggregate of log probe '" + b.decl->name +
                      "'; call it with a record field, like " + ref.str() + "(duration_ms)",
                  "type");
    return s.errorType();
  }
  if (auto *p = llvm::dyn_cast<ProbeDecl>(b.decl);
      p && !p->params.empty() && !calling && p != scope.fieldsOf) {
    s.diags.error(at,
                  "probe '" + ref.str() + "' takes parameters: observe it with its arguments, " +
                      "like " + ref.str() + "(" + p->params[0]->name + ")." + "ok",
                  "type");
    return s.errorType();
  }
  if (!isValueKind(b.decl->kind)) {
    s.diags.error(at,
                  withArticle(b.decl->kind) + " is not a value; '" + ref.str() +
                      "' cannot be used in an expression",
                  "type");
    return s.errorType();
  }
  return b.type ? b.type : s.errorType();
}

const Type *ExprChecker::fieldType(const ProbeField &f) {
  if (f.type == TypeKind::List)
    return s.types.getList(s.types.get(f.element));
  return s.types.get(f.type);
}

std::vector<std::string> ExprChecker::valueNames() {
  std::vector<std::string> names;
  if (scope.actionParams)
    for (const auto &entry : *scope.actionParams)
      names.push_back(entry.getKey().str());
  if (scope.fieldsOf)
    for (const ProbeField &f : describe(scope.fieldsOf->probeKind).fields)
      names.push_back(f.name);
  if (scope.module) {
    auto more = s.visibleNames(*scope.module, [](const Decl &d) { return isValueKind(d.kind); });
    names.insert(names.end(), more.begin(), more.end());
  }
  return names;
}

const Type *ExprChecker::reportUnknown(llvm::StringRef name, SMRange at, const Type *hint) {
  if (scope.quietUnknown || (hint && hint->isError()))
    return s.errorType();
  if (scope.fieldsOf && isAnyProbeField(name)) {
    s.diags.error(at, noSuchField(*scope.fieldsOf, name), "type");
  } else if (isImport(name)) {
    s.diags.error(at,
                  "'" + name.str() + "' is a module; name one of its declarations, like '" +
                      name.str() + ".NAME'",
                  "unknown-name");
  } else if (hint && hint->kind == TypeKind::Enum) {
    reportUnknownMember(s, name, at, hint);
  } else {
    s.diags.error(at,
                  std::string("unknown ") + scope.noun + " '" + name.str() + "'" +
                      didYouMean(name, valueNames()),
                  "unknown-name");
  }
  return s.errorType();
}

const Type *ExprChecker::check(ExprPtr &e, const Type *hint) {
  if (!e)
    return s.errorType();
  const Type *t = nullptr;
  switch (e->kind) {
  case Expr::Kind::Int:
    t = s.types.get(TypeKind::Int);
    break;
  case Expr::Kind::Float:
    t = s.types.get(TypeKind::Float);
    break;
  case Expr::Kind::Duration:
    t = s.types.get(TypeKind::Duration);
    break;
  case Expr::Kind::String:
    for (Placeholder &p : llvm::cast<StringExpr>(*e).placeholders)
      placeholder(p);
    t = s.types.get(TypeKind::String);
    break;
  case Expr::Kind::Regex:
    if (std::string why = patternError(llvm::cast<RegexExpr>(*e).pattern); !why.empty())
      s.diags.error(e->range,
                    "invalid regex: " + why +
                        "; patterns are RE2 syntax, without backreferences or lookaround",
                    "type");
    t = s.types.get(TypeKind::Regex);
    break;
  case Expr::Kind::Bool:
    t = s.types.get(TypeKind::Bool);
    break;
  case Expr::Kind::List:
    t = list(llvm::cast<ListExpr>(*e), hint);
    break;
  case Expr::Kind::Name:
    t = name(llvm::cast<NameExpr>(*e), hint);
    break;
  case Expr::Kind::Field:
    // May replace `e` with a qualified NameExpr, which then carries the type.
    return field(e, hint);
  case Expr::Kind::Call:
    t = call(llvm::cast<CallExpr>(*e));
    break;
  case Expr::Kind::Unary:
    t = unary(llvm::cast<UnaryExpr>(*e));
    break;
  case Expr::Kind::Binary:
    t = binary(llvm::cast<BinaryExpr>(*e));
    break;
  case Expr::Kind::Error:
    t = s.errorType();
    break;
  }
  e->type = t ? t : s.errorType();
  return e->type;
}

const Type *ExprChecker::expect(ExprPtr &e, const Type *want, llvm::StringRef what) {
  const Type *t = check(e, want);
  if (e && !isAssignable(t, want))
    s.diags.error(e->range,
                  "expected " + want->str() + " for " + what.str() + ", found " + t->str(), "type");
  return t;
}

const Type *ExprChecker::name(NameExpr &n, const Type *hint) {
  if (n.name.parts.size() == 2)
    return qualifiedName(n);
  if (n.name.parts.size() != 1)
    return s.errorType();
  const std::string &id = n.name.parts[0];
  bool memberOfHint = hint && hint->kind == TypeKind::Enum && hint->hasMember(id);
  Binding b = bind(id);
  // A declared name wins unless it does not fit where an enum member of that name would.
  if (b.found && !(memberOfHint && b.type != hint))
    return use(b, n.name, n.range);
  if (memberOfHint) {
    n.isEnumMember = true;
    return hint;
  }
  if (scope.logRecord)
    return s.types.get(TypeKind::Json);
  return reportUnknown(id, n.range, hint);
}

const Type *ExprChecker::qualifiedName(NameExpr &n) {
  bool broken = false;
  Binding b = bindQualified(n.name.parts[0], n.name.parts[1], broken);
  if (broken)
    return s.errorType();
  if (b.found)
    return use(b, n.name, n.range);
  std::string written = n.name.str();
  auto names = s.visibleNames(*scope.module, [](const Decl &d) { return isValueKind(d.kind); });
  s.diags.error(n.range,
                std::string("unknown ") + scope.noun + " '" + written + "'" +
                    didYouMean(written, names),
                "unknown-name");
  return s.errorType();
}

const Type *ExprChecker::field(ExprPtr &e, const Type *hint) {
  auto &f = llvm::cast<FieldExpr>(*e);
  // `k8s.replicas` parses as a field of `k8s`; when `k8s` is an import, it is a qualified name.
  if (auto *base = llvm::dyn_cast_or_null<NameExpr>(f.base.get())) {
    if (base->name.parts.size() == 1 && isImport(base->name.parts[0]) &&
        !bind(base->name.parts[0]).found) {
      NameRef ref;
      ref.parts = {base->name.parts[0], f.field};
      ref.range = f.range;
      ExprPtr qualified = std::make_unique<NameExpr>(f.range, std::move(ref));
      e = std::move(qualified);
      return check(e, hint);
    }
  }
  if (const Type *t = output(e))
    return t;
  const Type *baseType = check(f.base, nullptr);
  f.type = fieldOf(baseType, f.field, f.fieldRange);
  return f.type;
}

/// The output an action or probe captures, as `snapshot.id` or `k8s.snapshot.id` names it.
/// What the first part of `parts` names, or its first two for an import's declaration
/// (`k8s.snap.id`); `used` is how many parts that took. Needs a part left after them.
ExprChecker::Binding ExprChecker::bindOwner(llvm::ArrayRef<std::string> parts, size_t &used) {
  used = 1;
  if (parts.size() < 2 || !scope.module)
    return Binding();
  Binding b = bind(parts[0]);
  if (!b.found && parts.size() >= 3 && isImport(parts[0])) {
    bool broken = false;
    b = bindQualified(parts[0], parts[1], broken);
    used = 2;
  }
  return b;
}

CaptureDecl *ExprChecker::outputNamed(llvm::ArrayRef<std::string> parts, size_t &used) {
  Binding b = bindOwner(parts, used);
  if (!b.found)
    return nullptr;
  std::vector<CapturePtr> *outputs = nullptr;
  if (auto *a = llvm::dyn_cast<ActionDecl>(b.decl))
    outputs = &a->outputs;
  else if (auto *p = llvm::dyn_cast<ProbeDecl>(b.decl))
    outputs = &p->outputs;
  if (!outputs)
    return nullptr;
  for (CapturePtr &o : *outputs)
    if (o->name == parts[used]) {
      ++used;
      b.decl->used = true;
      return o.get();
    }
  return nullptr;
}

/// Reports `snap.nothing` where `snap` is an action, which has nothing to read but outputs.
bool ExprChecker::noOutput(llvm::ArrayRef<std::string> parts, SMRange at) {
  size_t field = 0;
  Binding b = bindOwner(parts, field);
  auto *a = llvm::dyn_cast_or_null<ActionDecl>(b.decl);
  if (!a)
    return false;
  std::vector<std::string> names;
  for (const CapturePtr &o : a->outputs)
    names.push_back(o->name);
  std::string hint = didYouMean(parts[field], names);
  if (hint.empty())
    hint = names.empty() ? "; it declares none (`output NAME: TYPE from …`)"
                         : "; its outputs are " + llvm::join(names, ", ");
  s.diags.error(at, "action '" + a->name + "' has no output '" + parts[field] + "'" + hint,
                "unknown-name");
  return true;
}

/// `snapshot.id` written as a field access: rewritten into a NameExpr of the output.
const Type *ExprChecker::output(ExprPtr &e) {
  auto &f = llvm::cast<FieldExpr>(*e);
  std::vector<std::string> parts;
  const Expr *at = f.base.get();
  while (auto *inner = llvm::dyn_cast_or_null<FieldExpr>(at)) {
    parts.insert(parts.begin(), inner->field);
    at = inner->base.get();
  }
  auto *head = llvm::dyn_cast_or_null<NameExpr>(at);
  if (!head)
    return nullptr;
  parts.insert(parts.begin(), head->name.parts.begin(), head->name.parts.end());
  parts.push_back(f.field);
  size_t used = 0;
  CaptureDecl *out = outputNamed(parts, used);
  if (!out && noOutput(parts, f.range)) {
    f.type = s.errorType();
    return f.type;
  }
  if (!out || used != parts.size())
    return nullptr;
  NameRef ref;
  ref.parts = std::move(parts);
  ref.range = f.range;
  ref.decl = out;
  out->used = true;
  auto name = std::make_unique<NameExpr>(f.range, std::move(ref));
  name->type = out->type ? out->type : s.errorType();
  e = std::move(name);
  return e->type;
}

const Type *ExprChecker::fieldOf(const Type *base, llvm::StringRef field, SMRange at) {
  const Type *t = valueType(base);
  if (!t || t->isError())
    return s.errorType();
  if (t->kind == TypeKind::Json)
    return t;
  if (t->kind != TypeKind::Probe || !t->probe) {
    s.diags.error(at,
                  "cannot read field '" + field.str() + "' of " + t->str() +
                      "; only probe results and json have fields",
                  "type");
    return s.errorType();
  }
  const ProbeDecl &p = *t->probe;
  if (const ProbeField *f = findProbeField(p.probeKind, field))
    return fieldType(*f);
  if (describe(p.probeKind).aggregates && isRecordAggregate(field)) {
    s.diags.error(at,
                  "'" + field.str() + "' of " + spelling(p.probeKind) + " probe '" + p.name +
                      "' is an aggregate; call it with a record field, like " + p.name + "." +
                      field.str() + "(duration_ms)",
                  "type");
    return s.errorType();
  }
  s.diags.error(at, noSuchField(p, field), "type");
  return s.errorType();
}

} // namespace drbook::sema
