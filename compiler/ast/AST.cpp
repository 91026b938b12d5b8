//===- AST.cpp - Small helpers on AST nodes --------------------------------===//
#include "drbook/ast/AST.h"

namespace drbook::ast {

std::string NameRef::str() const {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i)
    out += (i ? "." : "") + parts[i];
  return out;
}

std::string Import::qualifier() const {
  if (!alias.empty())
    return alias;
  if (!modulePath.empty())
    return modulePath.back();
  // `import "./lib/common.drbook"` is qualified by its file stem: `common`.
  size_t slash = filePath.find_last_of('/');
  std::string base = slash == std::string::npos ? filePath : filePath.substr(slash + 1);
  size_t dot = base.find('.');
  return dot == std::string::npos ? base : base.substr(0, dot);
}

const char *spelling(BinaryOp op) {
  switch (op) {
  case BinaryOp::And:
    return "and";
  case BinaryOp::Or:
    return "or";
  case BinaryOp::Eq:
    return "==";
  case BinaryOp::Ne:
    return "!=";
  case BinaryOp::Lt:
    return "<";
  case BinaryOp::Le:
    return "<=";
  case BinaryOp::Gt:
    return ">";
  case BinaryOp::Ge:
    return ">=";
  case BinaryOp::Contains:
    return "contains";
  case BinaryOp::Matches:
    return "matches";
  case BinaryOp::In:
    return "in";
  case BinaryOp::Add:
    return "+";
  case BinaryOp::Sub:
    return "-";
  case BinaryOp::Mul:
    return "*";
  case BinaryOp::Mod:
    return "%";
  }
  return "?";
}

const char *spelling(PhaseKind kind) {
  switch (kind) {
  case PhaseKind::Detection:
    return "detection";
  case PhaseKind::Containment:
    return "containment";
  case PhaseKind::Recovery:
    return "recovery";
  case PhaseKind::Validation:
    return "validation";
  }
  return "?";
}

std::optional<PhaseKind> phaseNamed(llvm::StringRef name) {
  for (PhaseKind k : AllPhases)
    if (name == spelling(k))
      return k;
  return std::nullopt;
}

std::string phaseList() {
  std::string list;
  for (PhaseKind k : AllPhases)
    list += (list.empty() ? "" : ", ") + std::string(spelling(k));
  return list;
}

std::string qualifiedName(const Module &root, const Decl &d) {
  if (!d.owner || d.owner == &root)
    return d.name;
  const Module &owner = *d.owner;
  for (const Import &imp : root.imports)
    if (imp.resolved == &owner)
      return imp.qualifier() + "." + d.name;
  return owner.name + "." + d.name;
}

const Decl *referencedDecl(const Expr &e) {
  auto *n = llvm::dyn_cast<NameExpr>(&e);
  return n ? n->name.decl : nullptr;
}

const char *spelling(CaptureSource source) {
  static const char *const words[] = {"stdout", "stderr", "body",    "json",
                                      "column", "answer", "element", "argument"};
  return words[static_cast<int>(source)];
}

std::optional<std::string> literalPattern(const Expr *e) {
  if (auto *re = llvm::dyn_cast_or_null<RegexExpr>(e))
    return re->pattern;
  if (auto *str = llvm::dyn_cast_or_null<StringExpr>(e); str && str->isPlain())
    return str->pieces[0];
  return std::nullopt;
}

const ProbeArg *ProbeDecl::arg(llvm::StringRef word) const {
  for (const ProbeArg &a : args)
    if (a.word == word)
      return &a;
  return nullptr;
}

} // namespace drbook::ast
