//===- ProbeFields.cpp - The result record of each probe kind --------------===//
#include "drbook/sema/ProbeFields.h"

#include "llvm/ADT/STLExtras.h"

namespace drbook::sema {

using ast::ProbeKind;
using ast::TypeKind;

namespace {

const ProbeField HttpFields[] = {{"ok", TypeKind::Bool},    {"failed", TypeKind::Bool},
                                 {"status", TypeKind::Int}, {"body", TypeKind::String},
                                 {"json", TypeKind::Json},  {"latency", TypeKind::Duration}};
const ProbeField CmdFields[] = {{"ok", TypeKind::Bool},       {"failed", TypeKind::Bool},
                                {"exit", TypeKind::Int},      {"stdout", TypeKind::String},
                                {"stderr", TypeKind::String}, {"duration", TypeKind::Duration}};
const ProbeField TcpFields[] = {
    {"ok", TypeKind::Bool}, {"failed", TypeKind::Bool}, {"latency", TypeKind::Duration}};
const ProbeField SqlFields[] = {{"ok", TypeKind::Bool},
                                {"failed", TypeKind::Bool},
                                {"value", TypeKind::Json},
                                {"rows", TypeKind::Int}};
const ProbeField LogFields[] = {{"ok", TypeKind::Bool},
                                {"failed", TypeKind::Bool},
                                {"count", TypeKind::Int},
                                {"rate", TypeKind::Float}};
const ProbeField FileFields[] = {{"ok", TypeKind::Bool},
                                 {"failed", TypeKind::Bool},
                                 {"exists", TypeKind::Bool},
                                 {"size", TypeKind::Int},
                                 {"age", TypeKind::Duration}};

const char *const Aggregates[] = {"p50", "p95", "p99", "max", "min", "avg"};

} // namespace

llvm::ArrayRef<ProbeField> probeFields(ProbeKind kind) {
  switch (kind) {
  case ProbeKind::Http:
    return HttpFields;
  case ProbeKind::Cmd:
    return CmdFields;
  case ProbeKind::Tcp:
    return TcpFields;
  case ProbeKind::Sql:
    return SqlFields;
  case ProbeKind::Log:
    return LogFields;
  case ProbeKind::File:
    return FileFields;
  }
  return {};
}

const ProbeField *findProbeField(ProbeKind kind, llvm::StringRef name) {
  for (const ProbeField &f : probeFields(kind))
    if (name == f.name)
      return &f;
  return nullptr;
}

llvm::ArrayRef<const char *> logAggregates() { return Aggregates; }

bool isLogAggregate(llvm::StringRef name) {
  return llvm::any_of(Aggregates, [&](const char *a) { return name == a; });
}

std::string describeProbeFields(ProbeKind kind) {
  std::string out;
  for (const ProbeField &f : probeFields(kind))
    out += (out.empty() ? "" : ", ") + std::string(f.name);
  if (kind == ProbeKind::Log)
    for (const char *a : Aggregates)
      out += ", " + std::string(a) + "(field)";
  return out;
}

} // namespace drbook::sema
