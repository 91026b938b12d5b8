//===- ProbeKinds.cpp - The descriptor of every probe kind -----------------===//
//
// One entry per line of ProbeKinds.def, in its order. Result fields are the keys the runtime
// writes into a probe's record (durations as integer milliseconds); `ok` and `failed` are set
// by the verdict, so every kind lists them first.
//
//===----------------------------------------------------------------------===//
#include "drbook/ast/ProbeKinds.h"

#include "llvm/ADT/STLExtras.h"

#include <nlohmann/json.hpp>

namespace drbook::ast {

namespace {

using J = nlohmann::json;
using T = TypeKind;
using W = ProbeWordForm;

#define VERDICT_FIELDS                                                                             \
  {"ok", T::Bool}, { "failed", T::Bool }

const ProbeField HttpFields[] = {VERDICT_FIELDS,
                                 {"status", T::Int},
                                 {"body", T::String},
                                 {"json", T::Json},
                                 {"latency", T::Duration}};
const ProbeField CmdFields[] = {VERDICT_FIELDS,
                                {"exit", T::Int},
                                {"stdout", T::String},
                                {"stderr", T::String},
                                {"duration", T::Duration}};
const ProbeField TcpFields[] = {VERDICT_FIELDS, {"latency", T::Duration}};
const ProbeField SqlFields[] = {VERDICT_FIELDS, {"value", T::Json}, {"rows", T::Int}};
const ProbeField LogFields[] = {VERDICT_FIELDS, {"count", T::Int}, {"rate", T::Float}};
const ProbeField FileFields[] = {
    VERDICT_FIELDS, {"exists", T::Bool}, {"size", T::Int}, {"age", T::Duration}};

const ProbeField DnsFields[] = {VERDICT_FIELDS,
                                {"rcode", T::String},
                                {"answers", T::List, T::String},
                                {"ttl", T::Duration},
                                {"elapsed", T::Duration}};

const char *const DnsTypes[] = {"A", "AAAA", "CNAME", "TXT", "SRV"};
const ProbeWord DnsWords[] = {{"type", W::Choice, DnsTypes}, {"server", W::Text, {}}};
const ProbeField TlsFields[] = {VERDICT_FIELDS,          {"verified", T::Bool},
                                {"days_left", T::Int},   {"subject", T::String},
                                {"issuer", T::String},   {"sans", T::List, T::String},
                                {"protocol", T::String}, {"elapsed", T::Duration}};
const ProbeWord TlsWords[] = {{"sni", W::Text, {}}, {"ca", W::Text, {}}};

const ProbeWord SqlWords[] = {{"query", W::SqlQuery, {}}};
const ProbeWord LogWords[] = {{"where", W::RecordCondition, {}}};

bool httpOk(const J &r) {
  int status = r.value("status", 0);
  return status >= 200 && status < 400;
}
bool cmdOk(const J &r) { return r.value("exit", -1) == 0 && !r.value("timed_out", false); }
bool tcpOk(const J &r) { return r.value("connected", false); }
bool alwaysOk(const J &) { return true; }
bool fileOk(const J &r) { return r.value("exists", false); }
bool tlsOk(const J &r) { return r.value("verified", false); }
bool dnsOk(const J &r) {
  return r.value("rcode", "") == "NOERROR" && !r.value("answers", J::array()).empty();
}

// Laid out by hand: one kind per block, its parts in ProbeKindInfo's order (kind, spelling,
// method word, target, head words, result fields, aggregates, default verdict).
// clang-format off
const ProbeKindInfo Kinds[] = {
    {ProbeKind::Http, "http", true, ProbeTarget::Url, {}, HttpFields, false,
     "a status from 200 to 399", httpOk},
    {ProbeKind::Cmd, "cmd", false, ProbeTarget::Command, {}, CmdFields, false,
     "exit status 0 within the timeout", cmdOk},
    {ProbeKind::Tcp, "tcp", false, ProbeTarget::Address, {}, TcpFields, false,
     "the connection is accepted", tcpOk},
    {ProbeKind::Sql, "sql", false, ProbeTarget::Dsn, SqlWords, SqlFields, false,
     "the query runs", alwaysOk},
    {ProbeKind::Log, "log", false, ProbeTarget::Path, LogWords, LogFields, true,
     "the log can be read", alwaysOk},
    {ProbeKind::File, "file", false, ProbeTarget::Path, {}, FileFields, false,
     "the path exists", fileOk},
    {ProbeKind::Dns, "dns", false, ProbeTarget::Name, DnsWords, DnsFields, false,
     "rcode NOERROR with at least one answer", dnsOk},
    {ProbeKind::Tls, "tls", false, ProbeTarget::Address, TlsWords, TlsFields, false,
     "the certificate verifies", tlsOk},
};
// clang-format on

constexpr size_t KindCount = 0
#define PROBE_KIND(Name) +1
#include "drbook/ast/ProbeKinds.def"
    ;
static_assert(std::size(Kinds) == KindCount, "every line of ProbeKinds.def needs a descriptor");

const char *const Aggregates[] = {"p50", "p95", "p99", "max", "min", "avg"};

} // namespace

llvm::ArrayRef<ProbeKindInfo> probeKinds() { return Kinds; }

const ProbeKindInfo &describe(ProbeKind kind) {
  const ProbeKindInfo &info = Kinds[static_cast<size_t>(kind)];
  assert(info.kind == kind && "descriptors are in ProbeKinds.def's order");
  return info;
}

const ProbeKindInfo *findProbeKind(llvm::StringRef spelling) {
  for (const ProbeKindInfo &k : Kinds)
    if (spelling == k.spelling)
      return &k;
  return nullptr;
}

const char *spelling(ProbeKind kind) { return describe(kind).spelling; }

std::string probeKindList() {
  std::string list;
  for (const ProbeKindInfo &k : Kinds)
    list += (list.empty() ? "" : ", ") + std::string(k.spelling);
  return list;
}

const ProbeField *findProbeField(ProbeKind kind, llvm::StringRef name) {
  for (const ProbeField &f : describe(kind).fields)
    if (name == f.name)
      return &f;
  return nullptr;
}

const ProbeWord *findProbeWord(ProbeKind kind, llvm::StringRef word) {
  for (const ProbeWord &w : describe(kind).words)
    if (word == w.word)
      return &w;
  return nullptr;
}

llvm::ArrayRef<const char *> recordAggregates() { return Aggregates; }

bool isRecordAggregate(llvm::StringRef name) {
  return llvm::any_of(Aggregates, [&](const char *a) { return name == a; });
}

std::string describeProbeFields(ProbeKind kind) {
  std::string out;
  for (const ProbeField &f : describe(kind).fields)
    out += (out.empty() ? "" : ", ") + std::string(f.name);
  if (describe(kind).aggregates)
    for (const char *a : Aggregates)
      out += ", " + std::string(a) + "(field)";
  return out;
}

} // namespace drbook::ast
