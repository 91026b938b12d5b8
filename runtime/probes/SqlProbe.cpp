//===- SqlProbe.cpp - The sql probe: one query through libpq ---------------===//
#include "drbook/exec/Redactor.h"
#include "drbook/probes/Probes.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <poll.h>

namespace drbook {
namespace probe {

using Clock = std::chrono::steady_clock;

static void addUnique(std::vector<std::string> &list, std::string value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end())
    list.push_back(std::move(value));
}

static std::string percentDecode(llvm::StringRef text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned value = 0;
    if (text[i] == '%' && i + 2 < text.size() && !text.substr(i + 1, 2).getAsInteger(16, value)) {
      out.push_back(static_cast<char>(value));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

/// The value after each `password =` in the text, quoted ('…' with \ escapes) or bare.
static void keywordPasswords(llvm::StringRef dsn, std::vector<std::string> &out) {
  for (size_t at = dsn.find("password"); at != llvm::StringRef::npos;
       at = dsn.find("password", at + 1)) {
    llvm::StringRef rest = dsn.substr(at + 8).ltrim(" \t");
    if (!rest.consume_front("="))
      continue;
    rest = rest.ltrim(" \t");
    std::string raw, unescaped;
    if (rest.consume_front("'")) {
      for (size_t i = 0; i < rest.size() && rest[i] != '\''; ++i) {
        raw.push_back(rest[i]);
        if (rest[i] == '\\' && i + 1 < rest.size())
          raw.push_back(rest[++i]);
        unescaped.push_back(rest[i]);
      }
    } else {
      raw = rest.take_until([](char c) { return c == ' ' || c == '\t' || c == '&'; }).str();
      unescaped = percentDecode(raw);
    }
    addUnique(out, raw);
    addUnique(out, unescaped);
  }
}

std::vector<std::string> dsnPasswords(llvm::StringRef dsn) {
  std::vector<std::string> out;
  char *parseError = nullptr;
  if (PQconninfoOption *options = PQconninfoParse(std::string(dsn).c_str(), &parseError)) {
    for (PQconninfoOption *o = options; o->keyword; ++o)
      if (llvm::StringRef(o->keyword) == "password" && o->val)
        addUnique(out, o->val);
    PQconninfoFree(options);
  }
  PQfreemem(parseError);
  // The DSN may not parse, and then its text is exactly what an error message quotes: find
  // the password by hand as well.
  size_t scheme = dsn.find("://");
  if (scheme != llvm::StringRef::npos) {
    llvm::StringRef authority = dsn.substr(scheme + 3);
    authority = authority.take_until([](char c) { return c == '/' || c == '?'; });
    size_t at = authority.rfind('@');
    if (at != llvm::StringRef::npos) {
      llvm::StringRef userInfo = authority.substr(0, at);
      size_t colon = userInfo.find(':');
      if (colon != llvm::StringRef::npos) {
        addUnique(out, userInfo.substr(colon + 1).str());
        addUnique(out, percentDecode(userInfo.substr(colon + 1)));
      }
    }
  }
  keywordPasswords(dsn, out);
  return out;
}

namespace {

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;

/// Waits for the connection's socket; false on timeout.
bool waitSocket(PGconn *conn, bool forWrite, Clock::time_point deadline) {
  pollfd item{PQsocket(conn), static_cast<short>(forWrite ? POLLOUT : POLLIN), 0};
  long long wait = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
  if (wait <= 0 || item.fd < 0)
    return false;
  return ::poll(&item, 1, static_cast<int>(wait)) > 0;
}

/// Drives an asynchronous connection to the end; empty on success, else the reason.
std::string connect(PGconn *conn, Clock::time_point deadline) {
  if (PQstatus(conn) == CONNECTION_BAD)
    return PQerrorMessage(conn);
  PostgresPollingStatusType state = PGRES_POLLING_WRITING;
  for (;;) {
    if (state == PGRES_POLLING_OK)
      return "";
    if (state == PGRES_POLLING_FAILED)
      return PQerrorMessage(conn);
    if (!waitSocket(conn, state == PGRES_POLLING_WRITING, deadline))
      return "connection timed out";
    state = PQconnectPoll(conn);
  }
}

/// One result of a statement, as the probe reports it.
struct Outcome {
  std::string error;
  bool haveRows = false;
  nlohmann::json value, row;
  int64_t rows = 0;
};

/// The value in the first row's column `column`, typed by the column's type.
nlohmann::json firstRowValue(const PGresult *res, int column) {
  if (PQntuples(res) == 0 || PQnfields(res) <= column || PQgetisnull(res, 0, column))
    return nullptr;
  llvm::StringRef text = PQgetvalue(res, 0, column);
  switch (PQftype(res, column)) {
  case 16: // bool
    return text == "t";
  case 20:   // int8
  case 21:   // int2
  case 23:   // int4
  case 26: { // oid
    long long integer = 0;
    if (!text.getAsInteger(10, integer))
      return integer;
    return text.str();
  }
  case 700:    // float4
  case 701:    // float8
  case 1700: { // numeric
    long long integer = 0;
    if (!text.getAsInteger(10, integer))
      return integer;
    double real = 0;
    if (!text.getAsDouble(real) && std::isfinite(real))
      return real;
    return text.str(); // NaN, Infinity, or beyond double
  }
  }
  return text.str();
}

/// The first row by column name, or null without rows.
nlohmann::json firstRow(const PGresult *res) {
  if (PQntuples(res) == 0)
    return nullptr;
  nlohmann::json row = nlohmann::json::object();
  for (int c = 0; c < PQnfields(res); ++c)
    row[PQfname(res, c)] = firstRowValue(res, c);
  return row;
}

/// Sends `text` and reads every result, keeping the last rows (or command count) seen. With
/// `params`, `text` is one statement sent with the extended protocol and `$1`… bound to them:
/// the server never parses a value as SQL, and a second statement is refused.
Outcome execute(PGconn *conn, const std::string &text, Clock::time_point deadline,
                const std::vector<std::string> *params = nullptr) {
  Outcome out;
  std::vector<const char *> values;
  if (params)
    for (const std::string &v : *params)
      values.push_back(v.c_str());
  int sent = params ? PQsendQueryParams(conn, text.c_str(), static_cast<int>(values.size()),
                                        nullptr, values.data(), nullptr, nullptr, 0)
                    : PQsendQuery(conn, text.c_str());
  if (!sent) {
    out.error = PQerrorMessage(conn);
    return out;
  }
  for (;;) {
    while (PQisBusy(conn)) {
      if (!waitSocket(conn, false, deadline)) {
        if (PGcancel *cancel = PQgetCancel(conn)) {
          char ignored[256];
          PQcancel(cancel, ignored, sizeof ignored);
          PQfreeCancel(cancel);
        }
        out.error = "query timed out";
        return out;
      }
      if (!PQconsumeInput(conn)) {
        out.error = PQerrorMessage(conn);
        return out;
      }
    }
    PGresult *res = PQgetResult(conn);
    if (!res)
      return out;
    switch (PQresultStatus(res)) {
    case PGRES_TUPLES_OK:
    case PGRES_SINGLE_TUPLE:
      out.haveRows = true;
      out.rows = PQntuples(res);
      out.value = firstRowValue(res, 0);
      out.row = firstRow(res);
      break;
    case PGRES_COMMAND_OK:
      if (!out.haveRows)
        out.rows = std::atoll(PQcmdTuples(res));
      break;
    case PGRES_EMPTY_QUERY:
      break;
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_COPY_BOTH:
      PQclear(res);
      out.error = "COPY is not supported in a probe";
      return out; // the connection is closed with the probe
    default:
      if (out.error.empty())
        out.error = PQresultErrorMessage(res);
      break;
    }
    PQclear(res);
  }
}

/// The probe's query in a transaction that is read-only from its start and rolled back at
/// its end. `SELECT 1` takes the transaction's snapshot first, after which PostgreSQL refuses
/// `SET TRANSACTION READ WRITE`; the query itself is one statement with bound values.
Outcome readOnlyQuery(PGconn *conn, const SqlRequest &request, Clock::time_point deadline) {
  std::string begin = "BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = " +
                      std::to_string(request.timeout.count()) + "; SELECT 1";
  Outcome opened = execute(conn, begin, deadline);
  if (!opened.error.empty())
    return opened;
  Outcome outcome = execute(conn, request.query, deadline, &request.params);
  execute(conn, "ROLLBACK", deadline);
  return outcome;
}

} // namespace

SqlResult sql(const SqlRequest &request) {
  SqlResult result;
  if (request.dsn.find('\0') != std::string::npos ||
      request.query.find('\0') != std::string::npos) {
    result.error = "the DSN or query contains a NUL byte";
    return result;
  }
  Clock::time_point start = Clock::now();
  Clock::time_point deadline = start + request.timeout;
  long long seconds = std::max<long long>(2, (request.timeout.count() + 999) / 1000);
  std::string timeoutText = std::to_string(seconds);
  // The DSN comes last so its own settings win over these defaults.
  const char *keywords[] = {"application_name", "connect_timeout", "dbname", nullptr};
  const char *values[] = {"drbook-probe", timeoutText.c_str(), request.dsn.c_str(), nullptr};
  Connection conn(PQconnectStartParams(keywords, values, /*expand_dbname=*/1), PQfinish);
  // libpq prints server notices to stderr by default; a probe must not write to the terminal.
  if (conn)
    PQsetNoticeProcessor(
        conn.get(), [](void *, const char *) {}, nullptr);
  if (!conn) {
    result.error = "cannot allocate a libpq connection";
  } else if (std::string failure = connect(conn.get(), deadline); !failure.empty()) {
    result.error = failure;
  } else {
    Outcome outcome =
        request.readOnly
            ? readOnlyQuery(conn.get(), request, deadline)
            : execute(conn.get(),
                      "SET statement_timeout = " + std::to_string(request.timeout.count()) + "; " +
                          request.query,
                      deadline);
    result.error = outcome.error;
    result.value = outcome.value;
    result.row = outcome.row;
    result.rows = outcome.rows;
  }
  result.latency = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  if (!result.error.empty()) {
    Redactor redactor;
    for (const std::string &password : dsnPasswords(request.dsn))
      redactor.addSecret("password", password);
    result.error = redactor.redact(llvm::StringRef(result.error).trim());
    result.value = nullptr;
    result.row = nullptr;
    result.rows = 0;
  }
  return result;
}

Observation observeSql(const ProbeRequest &r) {
  SqlRequest req;
  req.dsn = r.target;
  req.query = r.word("query");
  req.params = r.sqlParams;
  req.timeout = r.timeout;
  nlohmann::json record = toJson(sql(req));
  std::string output = record["value"].dump();
  return {req.query, std::move(record), std::move(output)};
}

} // namespace probe
} // namespace drbook
