//===- Type.cpp - Interning and spelling drbook types ----------------------===//
#include "drbook/ast/Type.h"

#include "drbook/ast/AST.h"

#include <algorithm>

namespace drbook::ast {

bool Type::hasMember(const std::string &name) const {
  return std::find(members.begin(), members.end(), name) != members.end();
}

std::string Type::str() const {
  switch (kind) {
  case TypeKind::Error:
    return "<error>";
  case TypeKind::Bool:
    return "bool";
  case TypeKind::Int:
    return "int";
  case TypeKind::Float:
    return "float";
  case TypeKind::String:
    return "string";
  case TypeKind::Duration:
    return "duration";
  case TypeKind::Url:
    return "url";
  case TypeKind::Path:
    return "path";
  case TypeKind::Json:
    return "json";
  case TypeKind::Regex:
    return "regex";
  case TypeKind::Secret:
    return "secret<" + (element ? element->str() : "string") + ">";
  case TypeKind::List:
    return "list<" + (element ? element->str() : "?") + ">";
  case TypeKind::Probe:
    return "probe " + (probe ? probe->name : std::string("?"));
  case TypeKind::Enum: {
    std::string out = "enum{";
    for (size_t i = 0; i < members.size(); ++i)
      out += (i ? "," : "") + members[i];
    return out + "}";
  }
  }
  return "?";
}

TypeContext::TypeContext() {
  for (TypeKind k :
       {TypeKind::Error, TypeKind::Bool, TypeKind::Int, TypeKind::Float, TypeKind::String,
        TypeKind::Duration, TypeKind::Url, TypeKind::Path, TypeKind::Json, TypeKind::Regex}) {
    storage.push_back(Type{k, {}, nullptr, nullptr});
    simple[k] = &storage.back();
  }
}

const Type *TypeContext::get(TypeKind kind) {
  auto it = simple.find(kind);
  return it == simple.end() ? simple[TypeKind::Error] : it->second;
}

const Type *TypeContext::getList(const Type *element) {
  const Type *&slot = lists[element];
  if (!slot) {
    storage.push_back(Type{TypeKind::List, {}, element, nullptr});
    slot = &storage.back();
  }
  return slot;
}

const Type *TypeContext::getSecret(const Type *value) {
  const Type *&slot = secrets[value];
  if (!slot) {
    storage.push_back(Type{TypeKind::Secret, {}, value, nullptr});
    slot = &storage.back();
  }
  return slot;
}

const Type *TypeContext::getProbe(const ProbeDecl *probe) {
  const Type *&slot = probes[probe];
  if (!slot) {
    storage.push_back(Type{TypeKind::Probe, {}, nullptr, probe});
    slot = &storage.back();
  }
  return slot;
}

const Type *TypeContext::makeEnum(std::vector<std::string> members) {
  storage.push_back(Type{TypeKind::Enum, std::move(members), nullptr, nullptr});
  return &storage.back();
}

const Type *TypeContext::lookupBuiltin(const std::string &name) {
  static const std::pair<const char *, TypeKind> table[] = {
      {"bool", TypeKind::Bool},     {"int", TypeKind::Int},           {"float", TypeKind::Float},
      {"string", TypeKind::String}, {"duration", TypeKind::Duration}, {"url", TypeKind::Url},
      {"path", TypeKind::Path},     {"json", TypeKind::Json},         {"regex", TypeKind::Regex}};
  for (auto &[spelling, kind] : table)
    if (name == spelling)
      return get(kind);
  return nullptr;
}

} // namespace drbook::ast
