//===- Probes.h - The probe kinds: raw observations of the world -----------===//
//
// Each probe takes a fully resolved request (plain values: parameters interpolated, secrets
// substituted) and returns what it observed. Whether that is good is not decided here: the
// runbook's `expect` decides `ok` from these fields. A probe never throws and never fails
// as a call: when it cannot observe, `error` says why and the other fields keep their
// defaults. Field names in toJson() are the language's result fields, as listed in
// docs/proof-format.md ("Probe observations").
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUNTIME_PROBES_H
#define DRBOOK_RUNTIME_PROBES_H

#include "drbook/ast/ProbeKinds.h"
#include "drbook/exec/ProcessRunner.h"
#include "drbook/proof/Timestamp.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace drbook {
namespace probe {

using std::chrono::milliseconds;

//===--- http ---===//

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  /// Sent as `Authorization: Bearer …`; kept out of error text.
  std::string bearerToken;
  std::optional<std::string> body;
  milliseconds timeout{10000};
  /// TLS certificates and host names are verified unless this is set.
  bool insecure = false;
  bool followRedirects = false;
  /// Bytes of body kept; the rest is counted, not stored.
  size_t bodyLimit = 1 << 20;
};

struct HttpResult {
  /// Why no response was observed (connection refused, timeout, TLS); empty otherwise.
  std::string error;
  /// HTTP status, 0 without a response.
  int status = 0;
  std::string body;
  uint64_t bodyBytes = 0;
  bool bodyTruncated = false;
  /// The body parsed as JSON when it is JSON (and complete); null otherwise.
  nlohmann::json json;
  bool isJson = false;
  std::string contentType;
  /// Request start to the end of the response.
  milliseconds latency{0};
};

HttpResult http(const HttpRequest &request);

//===--- tcp ---===//

struct TcpRequest {
  /// `host:port`, `[v6addr]:port`.
  std::string address;
  milliseconds timeout{5000};
};

struct TcpResult {
  std::string error;
  bool connected = false;
  /// The address that accepted, as text.
  std::string peer;
  milliseconds latency{0};
};

TcpResult tcp(const TcpRequest &request);

//===--- sql ---===//

struct SqlRequest {
  /// A libpq connection string or URI.
  std::string dsn;
  /// One statement; `$1`, `$2`… stand for `params`, which are sent apart from the text.
  std::string query;
  std::vector<std::string> params;
  /// Bounds connecting and the statement (server-side statement_timeout and client side).
  milliseconds timeout{10000};
  /// Runs the query as one statement in a read-only transaction that is rolled back: probes
  /// observe, they do not change. Only test fixtures turn it off, to create their tables.
  bool readOnly = true;
};

struct SqlResult {
  /// The server's or libpq's message, with the DSN's password redacted.
  std::string error;
  /// First column of the first row: string, number, bool or null.
  nlohmann::json value;
  /// The first row, by column name (what `output … from column "NAME"` reads); null when the
  /// statement returned no rows.
  nlohmann::json row;
  /// Rows returned (or affected, for a command).
  int64_t rows = 0;
  milliseconds latency{0};
};

SqlResult sql(const SqlRequest &request);

/// Passwords a DSN carries (URI user-info or `password=`), raw and as written, so they can
/// be redacted from any text; also used by the sql probe on its own error messages.
std::vector<std::string> dsnPasswords(llvm::StringRef dsn);

//===--- log ---===//

/// Percentiles (nearest-rank) and extremes of one numeric field over the matching records.
struct FieldStats {
  uint64_t samples = 0;
  double min = 0, max = 0, avg = 0, p50 = 0, p95 = 0, p99 = 0;
};

struct LogRequest {
  /// A JSON-lines file.
  std::string path;
  /// Chooses the records that count; all do when empty. A predicate that throws counts as
  /// no match.
  std::function<bool(const nlohmann::json &)> where;
  /// Only records whose timestamp is at or after `now - window` count; all when unset.
  /// Records stamped after `now` count too: writers' clocks may run slightly ahead.
  std::optional<milliseconds> window;
  /// The record field holding the timestamp: RFC 3339 text, or epoch seconds (or
  /// milliseconds when above 10^11) as a number.
  std::string timeField = "ts";
  SystemTime now = std::chrono::system_clock::now();
  /// Numeric fields to compute FieldStats for, over the matching records.
  std::vector<std::string> statFields;
};

struct LogResult {
  std::string error;
  /// Records in the window that match `where`.
  uint64_t count = 0;
  /// Records in the window (matching or not).
  uint64_t total = 0;
  /// count / total; 0 when the window is empty.
  double rate = 0;
  /// Lines that are not JSON objects, and records in a window-bound probe without a usable
  /// timestamp: skipped, but counted so that a broken log is visible.
  uint64_t badLines = 0, undated = 0;
  std::map<std::string, FieldStats> stats;
  milliseconds latency{0};
};

LogResult log(const LogRequest &request);

//===--- file ---===//

struct FileRequest {
  std::string path;
  SystemTime now = std::chrono::system_clock::now();
};

struct FileResult {
  /// Set when the path could not be inspected for a reason other than not existing.
  std::string error;
  bool exists = false;
  bool isDirectory = false;
  uint64_t size = 0;
  /// now minus the last modification.
  milliseconds age{0};
};

FileResult file(const FileRequest &request);

//===--- cmd ---===//

struct CmdResult {
  /// Set when the command could not be started.
  std::string error;
  int exit = -1;
  int signal = 0;
  bool timedOut = false;
  std::string stdoutText, stderrText;
  uint64_t stdoutBytes = 0, stderrBytes = 0;
  milliseconds duration{0};
};

/// Runs the command with runProcess (own process group, timeout stops the group).
CmdResult cmd(const ProcessRequest &request);

//===--- any kind ---===//

/// A probe of any kind with its head resolved to plain values, as the interpreter hands it
/// over. Each kind's runtime function reads the parts its descriptor (ast/ProbeKinds.h) says
/// it takes.
struct ProbeRequest {
  ast::ProbeKind kind = ast::ProbeKind::Cmd;
  std::string method;
  /// Interpolated; shell-quoted for a command target.
  std::string target;
  /// Text and Choice words of the head (`server`, `type`, `sni`); a SqlQuery word's text with
  /// `$1`, `$2`… standing for `sqlParams`.
  std::map<std::string, std::string> words;
  std::vector<std::string> sqlParams;
  /// RecordCondition words (`where`): chooses the records that count.
  std::map<std::string, std::function<bool(const nlohmann::json &)>> conditions;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string bearerToken;
  std::optional<std::string> body;
  bool insecure = false;
  std::optional<milliseconds> window;
  milliseconds timeout{10000};
  /// Each output line as it arrives (command probes).
  std::function<void(OutputStream, llvm::StringRef)> onLine;
  /// Variables added to a command probe's environment (`env`).
  std::vector<std::pair<std::string, std::string>> environment;
  /// Record fields to compute aggregates of (kinds with aggregates).
  std::vector<std::string> statFields;

  /// The word's value, or "" when the probe does not give it.
  std::string word(const std::string &name) const;
};

/// What one probe observed: the target as the operator reads it, the result record with the
/// language's field names (and `error` when it could not observe), and the full output.
struct Observation {
  std::string target;
  nlohmann::json record;
  std::string output;
};

// Each kind's runtime function, one per line of ProbeKinds.def (observeHttp, observeDns, …).
#define PROBE_KIND(Name) Observation observe##Name(const ProbeRequest &request);
#include "drbook/ast/ProbeKinds.def"

/// Runs the runtime function of the request's kind.
Observation observe(const ProbeRequest &request);

//===--- journal form ---===//

/// Adds `error` to a result record when there is one: it appears only when the probe could
/// not observe.
void addError(nlohmann::json &out, const std::string &error);

nlohmann::json toJson(const HttpResult &result);
nlohmann::json toJson(const TcpResult &result);
nlohmann::json toJson(const SqlResult &result);
nlohmann::json toJson(const LogResult &result);
nlohmann::json toJson(const FileResult &result);
nlohmann::json toJson(const CmdResult &result);

} // namespace probe
} // namespace drbook

#endif
