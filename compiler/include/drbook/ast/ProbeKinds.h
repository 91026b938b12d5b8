//===- ProbeKinds.h - What each probe kind is: its descriptor --------------===//
//
// The one description of a probe kind that the compiler and the runtime read: how it is
// spelt, what its head takes (`sql DSN query Q`, `dns NAME type A server S`), the fields of
// its result with their types, and what counts as success without an `expect`. The syntax
// errors, the type checker, the secret and command checks, the runtime's default verdict and
// the docs' lists all come from here; docs/extending.md has the recipe for a new kind.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_AST_PROBEKINDS_H
#define DRBOOK_AST_PROBEKINDS_H

#include "drbook/ast/Type.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace drbook::ast {

enum class ProbeKind {
#define PROBE_KIND(Name) Name,
#include "drbook/ast/ProbeKinds.def"
};

/// What a probe's target is: it decides the quoting it is interpolated with and the checks it
/// gets.
enum class ProbeTarget {
  Url,     ///< checked as text
  Command, ///< a shell command: shell-quoted, its words checked like a `run`
  Address, ///< `host:port`
  Dsn,     ///< a connection string: a credential, redacted, secrets allowed in it
  Path,
  Name, ///< a DNS name
};

/// How a word of the head after the target reads its value.
enum class ProbeWordForm {
  Text,            ///< an expression of text (`server "127.0.0.1:53"`)
  SqlQuery,        ///< a SQL text whose `{…}` become bound parameters
  RecordCondition, ///< a condition over each log record (`where level == "error"`)
  Choice,          ///< one of a fixed list of bare words (`type AAAA`)
};

/// A word of the probe's head after its target: `query`, `where`, `type`, `server`, `sni`.
struct ProbeWord {
  const char *word;
  ProbeWordForm form;
  llvm::ArrayRef<const char *> choices; ///< Choice only; the first is the default.
};

/// One field of a probe's result record.
struct ProbeField {
  const char *name;
  TypeKind type;
  /// The element type when `type` is List.
  TypeKind element = TypeKind::Error;
};

struct ProbeKindInfo {
  ProbeKind kind;
  const char *spelling;
  /// Whether a method word comes before the target (`http GET URL`).
  bool hasMethod;
  ProbeTarget target;
  llvm::ArrayRef<ProbeWord> words;
  /// Every field of the result, `ok` and `failed` first.
  llvm::ArrayRef<ProbeField> fields;
  /// Whether the kind offers aggregates over record fields (`p95(latency_ms)`, log only).
  bool aggregates;
  /// What a probe without `expect` counts as success, as docs/language.md states it.
  const char *defaultOkText;
  /// The same, judged on the result record.
  bool (*defaultOk)(const nlohmann::json &record);
};

/// Every probe kind, in ProbeKinds.def's order.
llvm::ArrayRef<ProbeKindInfo> probeKinds();
const ProbeKindInfo &describe(ProbeKind kind);
/// The kind spelt `spelling`, or null.
const ProbeKindInfo *findProbeKind(llvm::StringRef spelling);
const char *spelling(ProbeKind kind);
/// `http, cmd, tcp, …`, for messages.
std::string probeKindList();

/// The field named `name` of `kind`'s result, or null.
const ProbeField *findProbeField(ProbeKind kind, llvm::StringRef name);
/// The word `word` of `kind`'s head, or null.
const ProbeWord *findProbeWord(ProbeKind kind, llvm::StringRef word);

/// The aggregates a kind with `aggregates` offers as calls over a record field.
llvm::ArrayRef<const char *> recordAggregates();
bool isRecordAggregate(llvm::StringRef name);

/// `ok, failed, status, body, json, latency`, for messages; aggregates are listed as calls.
std::string describeProbeFields(ProbeKind kind);

} // namespace drbook::ast

#endif
