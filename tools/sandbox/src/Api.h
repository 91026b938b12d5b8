// HTTP routes of the sandbox API and the release table tying app versions to schema heads.
#pragma once

#include <string>

namespace httplib {
class Server;
} // namespace httplib

namespace sandbox {

class AccessLog;
class Database;

/// One deployable version of the app: the schema head it was built against and the query it
/// lists tenants with (which is also its readiness probe).
struct Release {
  const char *Version;
  const char *ExpectedHead;
  const char *TenantListSql;
};

/// Looks up a release by version string; nullptr if unknown.
const Release *findRelease(const std::string &Version);

/// Comma-separated versions, for error messages.
std::string knownVersions();

/// Registers every endpoint plus per-request logging. Rel, Db and Log must outlive Server.
void installRoutes(httplib::Server &Server, const Release &Rel, const Database &Db, AccessLog &Log);

} // namespace sandbox
