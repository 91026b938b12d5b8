//===- ProbeFields.h - The result record of each probe kind ----------------===//
//
// The one table of which fields a probe kind's result has (LANGUAGE.md §2). The type checker
// reads it to type `P.field`; the runtime fills records with exactly these fields.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_SEMA_PROBEFIELDS_H
#define DRBOOK_SEMA_PROBEFIELDS_H

#include "drbook/ast/AST.h"
#include "drbook/ast/Type.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace drbook::sema {

/// One field of a probe's result record.
struct ProbeField {
  const char *name;
  ast::TypeKind type;
};

/// Every field of `kind`'s result, `ok` and `failed` first.
llvm::ArrayRef<ProbeField> probeFields(ast::ProbeKind kind);

/// The field named `name` of `kind`'s result, or null.
const ProbeField *findProbeField(ast::ProbeKind kind, llvm::StringRef name);

/// The aggregates a log probe offers as calls over a record field: p50 p95 p99 max min avg.
llvm::ArrayRef<const char *> logAggregates();

/// Whether `name` is one of logAggregates().
bool isLogAggregate(llvm::StringRef name);

/// `ok, failed, status, body, json, latency`, for messages; log probes add their aggregates.
std::string describeProbeFields(ast::ProbeKind kind);

} // namespace drbook::sema

#endif
