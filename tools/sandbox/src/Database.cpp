// Runs sandbox API queries through libpq, one short-lived connection each.
#include "Database.h"

#include <memory>

#include <libpq-fe.h>

namespace sandbox {
namespace {

// Type OIDs from pg_type.h, which libpq-dev does not install as a client header.
constexpr Oid BoolOid = 16;
constexpr Oid Int8Oid = 20;
constexpr Oid Int2Oid = 21;
constexpr Oid Int4Oid = 23;

// libpq messages run over several lines (LINE 1: ..., a caret, hints); the first line is the part
// that belongs in a JSON reason or a log.
std::string firstLine(const char *Message) {
  std::string Text = Message && *Message ? Message : "unknown error";
  Text = Text.substr(0, Text.find('\n'));
  while (!Text.empty() && (Text.back() == ' ' || Text.back() == '\r'))
    Text.pop_back();
  return Text;
}

std::string statementError(const PGresult *Res, PGconn *Conn) {
  if (!Res)
    return firstLine(PQerrorMessage(Conn));
  if (const char *Primary = PQresultErrorField(Res, PG_DIAG_MESSAGE_PRIMARY))
    return firstLine(Primary);
  return firstLine(PQresultErrorMessage(Res));
}

Rows::Kind kindOf(Oid Type) {
  switch (Type) {
  case BoolOid:
    return Rows::Kind::Boolean;
  case Int2Oid:
  case Int4Oid:
  case Int8Oid:
    return Rows::Kind::Integer;
  default:
    return Rows::Kind::Text;
  }
}

} // namespace

Rows Database::query(const std::string &Sql, const std::vector<std::string> &Params) const {
  // connect_timeout comes first so a value in the DSN itself still wins.
  const char *Keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char *Vals[] = {"3", "drbook-sandbox-api", Dsn.c_str(), nullptr};
  std::unique_ptr<PGconn, decltype(&PQfinish)> Conn(PQconnectdbParams(Keys, Vals, 1), PQfinish);
  if (!Conn || PQstatus(Conn.get()) != CONNECTION_OK)
    throw DatabaseError(true, firstLine(Conn ? PQerrorMessage(Conn.get()) : "out of memory"));

  std::vector<const char *> ParamPtrs;
  for (const std::string &P : Params)
    ParamPtrs.push_back(P.c_str());
  std::unique_ptr<PGresult, decltype(&PQclear)> Res(
      PQexecParams(Conn.get(), Sql.c_str(), static_cast<int>(ParamPtrs.size()), nullptr,
                   ParamPtrs.data(), nullptr, nullptr, 0),
      PQclear);
  ExecStatusType Status = Res ? PQresultStatus(Res.get()) : PGRES_FATAL_ERROR;
  if (Status != PGRES_TUPLES_OK && Status != PGRES_COMMAND_OK)
    throw DatabaseError(false, statementError(Res.get(), Conn.get()));

  Rows Out;
  int NumCols = PQnfields(Res.get());
  for (int C = 0; C < NumCols; ++C) {
    Out.Columns.emplace_back(PQfname(Res.get(), C));
    Out.Kinds.push_back(kindOf(PQftype(Res.get(), C)));
  }
  int NumRows = PQntuples(Res.get());
  for (int R = 0; R < NumRows; ++R) {
    std::vector<std::optional<std::string>> Row;
    for (int C = 0; C < NumCols; ++C) {
      if (PQgetisnull(Res.get(), R, C))
        Row.emplace_back(std::nullopt);
      else
        Row.emplace_back(std::string(PQgetvalue(Res.get(), R, C)));
    }
    Out.Values.push_back(std::move(Row));
  }
  return Out;
}

} // namespace sandbox
