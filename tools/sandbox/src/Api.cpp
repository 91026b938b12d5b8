// Endpoints of the sandbox API: liveness, readiness, version, login, capabilities and tenants.
#include "Api.h"

#include "AccessLog.h"
#include "Database.h"

#include <atomic>
#include <chrono>
#include <optional>
#include <random>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

namespace sandbox {
namespace {

using nlohmann::json;

// 1.5.0-bad is a broken release on purpose: it expects the d4e5f6 migration and reads a `region`
// column that no migration ever creates, so neither its readiness probe nor its tenant list can
// succeed against any database. Recovering from it needs a rollback, not a schema fix.
const Release Releases[] = {
    {"1.4.0", "a1b2c3", "SELECT id, name, plan FROM tenant ORDER BY id"},
    {"1.5.0-bad", "d4e5f6", "SELECT id, title, plan, region FROM tenant ORDER BY id"},
};

using Clock = std::chrono::steady_clock;

// httplib runs the pre-routing handler, the route and the logger for one request on the same
// worker thread, so per-request state can live in thread-locals instead of a shared map.
thread_local std::optional<Clock::time_point> RequestStart;
thread_local std::string RequestId;

std::string newRequestId() {
  // A random per-process prefix keeps ids unique across the restarts a drill causes.
  static const unsigned Prefix = std::random_device{}();
  static std::atomic<unsigned long long> Counter{0};
  return fmt::format("{:08x}-{:08d}", Prefix, ++Counter);
}

void reply(httplib::Response &Res, int Status, const json &Body) {
  Res.status = Status;
  Res.set_content(Body.dump(), "application/json");
}

json rowsToJson(const Rows &R) {
  json Out = json::array();
  for (const auto &Row : R.Values) {
    json Obj = json::object();
    for (size_t C = 0; C < R.Columns.size(); ++C) {
      const std::optional<std::string> &V = Row[C];
      if (!V)
        Obj[R.Columns[C]] = nullptr;
      else if (R.Kinds[C] == Rows::Kind::Integer)
        Obj[R.Columns[C]] = std::stoll(*V);
      else if (R.Kinds[C] == Rows::Kind::Boolean)
        Obj[R.Columns[C]] = (*V == "t");
      else
        Obj[R.Columns[C]] = *V;
    }
    Out.push_back(std::move(Obj));
  }
  return Out;
}

/// What alembic_version says, or nullopt if it says nothing (empty or unreadable table).
std::optional<std::string> dbHead(const Database &Db) {
  Rows R = Db.query("SELECT version_num FROM alembic_version LIMIT 1");
  if (R.Values.empty() || !R.Values[0][0])
    return std::nullopt;
  return R.Values[0][0];
}

/// Why the app cannot serve traffic, or nullopt if it can.
std::optional<std::string> notReadyReason(const Release &Rel, const Database &Db) {
  std::optional<std::string> Head;
  try {
    Head = dbHead(Db);
  } catch (const DatabaseError &E) {
    if (E.ConnectionFailed)
      return fmt::format("database unreachable: {}", E.what());
    return fmt::format("cannot read schema head: {}", E.what());
  }
  if (!Head)
    return std::string("alembic_version is empty");
  if (*Head != Rel.ExpectedHead)
    return fmt::format("schema head {} does not match expected head {} of app {}", *Head,
                       Rel.ExpectedHead, Rel.Version);
  try {
    Db.query(fmt::format("SELECT 1 FROM ({}) AS probe LIMIT 1", Rel.TenantListSql));
  } catch (const DatabaseError &E) {
    return fmt::format("schema probe failed: {}", E.what());
  }
  return std::nullopt;
}

std::optional<std::string> bearerToken(const httplib::Request &Req) {
  const std::string Header = Req.get_header_value("Authorization");
  const std::string Scheme = "Bearer ";
  if (Header.size() <= Scheme.size() || Header.compare(0, Scheme.size(), Scheme) != 0)
    return std::nullopt;
  return Header.substr(Scheme.size());
}

void handleLogin(const Database &Db, const httplib::Request &Req, httplib::Response &Res) {
  json Body = json::parse(Req.body, nullptr, false);
  if (Body.is_discarded() || !Body.is_object() || !Body.contains("email") ||
      !Body.contains("password") || !Body["email"].is_string() || !Body["password"].is_string())
    return reply(Res, 400, {{"error", "expected JSON body {\"email\": ..., \"password\": ...}"}});
  try {
    Rows R = Db.query("SELECT token FROM app_user WHERE email = $1 AND password = $2",
                      {Body["email"].get<std::string>(), Body["password"].get<std::string>()});
    if (R.Values.empty() || !R.Values[0][0])
      return reply(Res, 401, {{"error", "invalid credentials"}});
    reply(Res, 200, {{"token", *R.Values[0][0]}});
  } catch (const DatabaseError &E) {
    reply(Res, 503, {{"error", fmt::format("database error: {}", E.what())}});
  }
}

void handleCapabilities(const Database &Db, const httplib::Request &Req, httplib::Response &Res) {
  std::optional<std::string> Token = bearerToken(Req);
  if (!Token)
    return reply(Res, 401, {{"error", "missing bearer token"}});
  try {
    Rows R = Db.query("SELECT email, is_owner, tenant_id FROM app_user WHERE token = $1", {*Token});
    if (R.Values.empty())
      return reply(Res, 401, {{"error", "invalid token"}});
    json User = rowsToJson(R)[0];
    bool IsOwner = User["is_owner"].is_boolean() && User["is_owner"].get<bool>();
    reply(Res, 200,
          {{"is_owner", IsOwner},
           {"email", User["email"]},
           {"tenant_id", User["tenant_id"]},
           {"can_manage_tenants", IsOwner},
           {"can_restore_backups", IsOwner}});
  } catch (const DatabaseError &E) {
    reply(Res, 503, {{"error", fmt::format("database error: {}", E.what())}});
  }
}

} // namespace

const Release *findRelease(const std::string &Version) {
  for (const Release &Rel : Releases)
    if (Version == Rel.Version)
      return &Rel;
  return nullptr;
}

std::string knownVersions() {
  std::string Out;
  for (const Release &Rel : Releases)
    Out += (Out.empty() ? "" : ", ") + std::string(Rel.Version);
  return Out;
}

/// Request ids, the access log, and JSON bodies for errors and exceptions.
static void installHandlers(httplib::Server &Server, AccessLog &Log) {
  Server.set_pre_routing_handler([](const httplib::Request &Req, httplib::Response &Res) {
    RequestStart = Clock::now();
    // Honour a caller's id so a drill can correlate its own requests with log lines.
    RequestId = Req.get_header_value("X-Request-Id");
    if (RequestId.empty())
      RequestId = newRequestId();
    Res.set_header("X-Request-Id", RequestId);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  Server.set_logger([&Log](const httplib::Request &Req, const httplib::Response &Res) {
    double Ms = 0.0;
    if (RequestStart)
      Ms = std::chrono::duration<double, std::milli>(Clock::now() - *RequestStart).count();
    std::string Id = RequestId.empty() ? newRequestId() : RequestId;
    Log.request(Req.method, Req.path, Res.status, Ms, Id);
    RequestStart.reset();
    RequestId.clear();
  });
  Server.set_error_handler([](const httplib::Request &, httplib::Response &Res) {
    if (Res.body.empty())
      reply(Res, Res.status,
            {{"error",
              Res.status == 404 ? std::string("not found") : fmt::format("HTTP {}", Res.status)}});
  });
  Server.set_exception_handler(
      [](const httplib::Request &, httplib::Response &Res, std::exception_ptr Ex) {
        std::string What = "unknown exception";
        try {
          std::rethrow_exception(Ex);
        } catch (const std::exception &E) {
          What = E.what();
        } catch (...) {
        }
        reply(Res, 500, {{"error", What}});
      });
}

void installRoutes(httplib::Server &Server, const Release &Rel, const Database &Db,
                   AccessLog &Log) {
  installHandlers(Server, Log);
  Server.Get("/api/health", [](const httplib::Request &, httplib::Response &Res) {
    reply(Res, 200, {{"status", "ok"}});
  });
  Server.Get("/api/ready", [&Rel, &Db](const httplib::Request &, httplib::Response &Res) {
    if (std::optional<std::string> Reason = notReadyReason(Rel, Db))
      return reply(Res, 503, {{"status", "not ready"}, {"reason", *Reason}});
    reply(Res, 200, {{"status", "ready"}});
  });
  Server.Get("/api/version", [&Rel, &Db](const httplib::Request &, httplib::Response &Res) {
    json Head = nullptr;
    try {
      if (std::optional<std::string> H = dbHead(Db))
        Head = *H;
    } catch (const DatabaseError &) {
      // An unreachable database or missing table is reported as a null head, not an error.
    }
    reply(Res, 200, {{"app", Rel.Version}, {"expected_head", Rel.ExpectedHead}, {"db_head", Head}});
  });
  Server.Post("/api/v1/auth/login", [&Db](const httplib::Request &Req, httplib::Response &Res) {
    handleLogin(Db, Req, Res);
  });
  Server.Get("/api/v1/tenants/capabilities",
             [&Db](const httplib::Request &Req, httplib::Response &Res) {
               handleCapabilities(Db, Req, Res);
             });
  Server.Get("/api/v1/tenants", [&Rel, &Db](const httplib::Request &, httplib::Response &Res) {
    try {
      reply(Res, 200, rowsToJson(Db.query(Rel.TenantListSql)));
    } catch (const DatabaseError &E) {
      reply(Res, 500, {{"error", fmt::format("tenant query failed: {}", E.what())}});
    }
  });
}

} // namespace sandbox
