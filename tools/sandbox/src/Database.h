// Minimal libpq access for the sandbox API.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sandbox {

/// A failed connection or statement; the message is libpq's, trimmed to one line.
class DatabaseError : public std::runtime_error {
public:
  DatabaseError(bool ConnectionFailed, const std::string &Message)
      : std::runtime_error(Message), ConnectionFailed(ConnectionFailed) {}
  /// True when the server could not be reached at all, as opposed to a statement failing.
  bool ConnectionFailed;
};

/// The result of a query: text values (nullopt for SQL NULL) plus enough type information to
/// render them as JSON numbers and booleans.
struct Rows {
  enum class Kind { Text, Integer, Boolean };
  std::vector<std::string> Columns;
  std::vector<Kind> Kinds;
  std::vector<std::vector<std::optional<std::string>>> Values;
};

/// Opens a fresh connection for every query. A drill restarts, wipes and restores the database
/// under a running API, and a pooled connection would outlive all of that in confusing ways.
class Database {
public:
  explicit Database(std::string Dsn) : Dsn(std::move(Dsn)) {}

  /// Runs one parameterised statement. Throws DatabaseError on any failure.
  Rows query(const std::string &Sql, const std::vector<std::string> &Params = {}) const;

private:
  std::string Dsn;
};

} // namespace sandbox
