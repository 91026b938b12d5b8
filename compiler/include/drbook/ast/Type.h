//===- Type.h - The types of drbook values ---------------------------------===//
//
// Types are interned by TypeContext, so two types are equal exactly when their pointers are.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_AST_TYPE_H
#define DRBOOK_AST_TYPE_H

#include <deque>
#include <map>
#include <string>
#include <vector>

namespace drbook::ast {

struct ProbeDecl;

/// What a value is. `Error` absorbs follow-on errors: any check against it passes.
enum class TypeKind {
  Error,
  Bool,
  Int,
  Float,
  String,
  Duration,
  Url,
  Path,
  Json,
  Regex,
  Secret,
  Enum,
  List,
  Probe,
};

/// One interned type. Enum types are nominal: each `enum {…}` written in source is its own type.
struct Type {
  TypeKind kind;
  /// Enum members in declaration order.
  std::vector<std::string> members;
  /// List element type, or the value type of a secret.
  const Type *element = nullptr;
  /// The probe whose result record this is (Probe types only).
  const ProbeDecl *probe = nullptr;

  bool isError() const { return kind == TypeKind::Error; }
  bool isNumeric() const { return kind == TypeKind::Int || kind == TypeKind::Float; }
  /// Strings, urls and paths all read as text.
  bool isText() const {
    return kind == TypeKind::String || kind == TypeKind::Url || kind == TypeKind::Path;
  }
  bool hasMember(const std::string &name) const;
  /// The spelling used in diagnostics and the typed AST dump, e.g. `enum{serving,stopped}`.
  std::string str() const;
};

/// Owns and interns every type of one compilation.
class TypeContext {
public:
  TypeContext();
  const Type *get(TypeKind kind);
  const Type *getList(const Type *element);
  const Type *getSecret(const Type *value);
  const Type *getProbe(const ProbeDecl *probe);
  /// A fresh enum type; enums are nominal, so this never returns an existing one.
  const Type *makeEnum(std::vector<std::string> members);
  /// The builtin type named `name` (`bool`, `duration`, …) or null.
  const Type *lookupBuiltin(const std::string &name);

private:
  std::deque<Type> storage;
  std::map<TypeKind, const Type *> simple;
  std::map<const Type *, const Type *> lists, secrets;
  std::map<const ProbeDecl *, const Type *> probes;
};

} // namespace drbook::ast

#endif
