//===- TestPostgres.h - A throwaway PostgreSQL server for tests ------------===//
//
// Starts a real PostgreSQL cluster in a temporary directory on a free loopback port and
// tears it down afterwards. Password (scram) authentication over TCP, trust over the unix
// socket in the temporary directory. initdb refuses to run as root, so under root the
// server runs as the `postgres` user. The binaries come from $DRBOOK_PG_BIN, or the newest
// /usr/lib/postgresql/<version>/bin.
//
//   drbook::test::TestPostgres pg;
//   ASSERT_TRUE(pg.start()) << pg.failure();
//   probe::sql({pg.dsn(), "select 1"});
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_TESTS_TESTPOSTGRES_H
#define DRBOOK_TESTS_TESTPOSTGRES_H

#include "RuntimeTestSupport.h"

#include "drbook/basic/ShellTemplate.h"
#include "drbook/exec/ProcessRunner.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <pwd.h>
#include <string>
#include <unistd.h>

namespace drbook {
namespace test {

class TestPostgres {
public:
  /// The postgres superuser's password over TCP; chosen to need quoting and escaping.
  static constexpr const char *Password = "s3cr3t 'pw' @%/:=?&";

  ~TestPostgres() { stop(); }

  /// Creates and starts the cluster. On false, failure() says what went wrong.
  bool start() {
    std::string bin = binDir();
    if (bin.empty())
      return fail("no PostgreSQL server binaries found (set DRBOOK_PG_BIN)");
    root = std::make_unique<TempDir>("drbook-pg");
    bool asRoot = ::geteuid() == 0;
    if (asRoot && !handToPostgresUser())
      return false;
    std::ofstream(root->file("pwfile")) << Password << "\n";
    if (asRoot)
      chownToPostgres(root->file("pwfile"));
    if (!run(bin + "/initdb -D " + shellQuote(dataDir()) +
             " -U postgres -E UTF8 --locale=C --no-sync --auth-local=trust"
             " --auth-host=scram-sha-256 --pwfile=" +
             shellQuote(root->file("pwfile"))))
      return false;
    for (int attempt = 0; attempt < 3; ++attempt) {
      serverPort = freeLoopbackPort();
      std::string options = "-p " + std::to_string(serverPort) + " -k " + shellQuote(root->path()) +
                            " -c listen_addresses=127.0.0.1 -c fsync=off";
      if (run(bin + "/pg_ctl -D " + shellQuote(dataDir()) + " -l " +
              shellQuote(root->file("server.log")) + " -w -t 60 -o " + shellQuote(options) +
              " start")) {
        started = true;
        return true;
      }
    }
    return false;
  }

  /// Stops the server (immediately: the data is thrown away) and removes the directory.
  void stop() {
    if (started)
      run(binDir() + "/pg_ctl -D " + shellQuote(dataDir()) + " -m immediate -w stop");
    started = false;
    root.reset();
  }

  int port() const { return serverPort; }
  /// The directory holding the unix socket.
  std::string socketDir() const { return root ? root->path() : ""; }
  /// A keyword/value DSN over TCP with the password.
  std::string dsn(const std::string &database = "postgres") const {
    return "host=127.0.0.1 port=" + std::to_string(serverPort) +
           " user=postgres dbname=" + database + " password='" + escapedPassword() + "'";
  }
  /// The same as a URI, password percent-encoded.
  std::string uri(const std::string &database = "postgres") const {
    return "postgresql://postgres:" + percentEncoded(Password) +
           "@127.0.0.1:" + std::to_string(serverPort) + "/" + database;
  }
  /// A DSN over the unix socket (trust authentication, no password).
  std::string socketDsn(const std::string &database = "postgres") const {
    return "host=" + socketDir() + " port=" + std::to_string(serverPort) +
           " user=postgres dbname=" + database;
  }
  /// Why start() failed, with the command's output.
  const std::string &failure() const { return why; }

private:
  static std::string binDir() {
    if (const char *env = std::getenv("DRBOOK_PG_BIN"))
      return env;
    std::string best;
    std::error_code ec;
    for (const auto &entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec))
      if (std::filesystem::exists(entry.path() / "bin" / "initdb") &&
          entry.path().filename().string() > best)
        best = entry.path().filename().string();
    return best.empty() ? "" : "/usr/lib/postgresql/" + best + "/bin";
  }
  std::string dataDir() const { return root->file("data"); }

  static std::string escapedPassword() {
    std::string out;
    for (char c : std::string(Password)) {
      if (c == '\'' || c == '\\')
        out.push_back('\\');
      out.push_back(c);
    }
    return out;
  }
  static std::string percentEncoded(const std::string &text) {
    static const char *digits = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
      if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
        out.push_back(static_cast<char>(c));
      } else {
        out.push_back('%');
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
      }
    }
    return out;
  }

  bool fail(std::string message) {
    why = std::move(message);
    return false;
  }

  bool handToPostgresUser() {
    passwd *user = ::getpwnam("postgres");
    if (!user)
      return fail("running as root, but there is no 'postgres' user to run the server as");
    postgresUid = user->pw_uid;
    postgresGid = user->pw_gid;
    chownToPostgres(root->path());
    return true;
  }
  void chownToPostgres(const std::string &path) {
    if (::chown(path.c_str(), postgresUid, postgresGid) != 0)
      why = "chown failed for " + path;
  }

  /// Runs a server command (as `postgres` under root); false with failure() on error.
  bool run(const std::string &command) {
    ProcessRequest request;
    request.command = ::geteuid() == 0 ? "runuser -u postgres -- " + command : command;
    request.timeout = std::chrono::seconds(120);
    llvm::Expected<ProcessResult> result = runProcess(request);
    if (!result)
      return fail(llvm::toString(result.takeError()));
    if (result->exitCode != 0)
      return fail("`" + request.command + "` failed (exit " + std::to_string(result->exitCode) +
                  "):\n" + result->out.text() + result->err.text());
    return true;
  }

  std::unique_ptr<TempDir> root;
  int serverPort = 0;
  bool started = false;
  uid_t postgresUid = 0;
  gid_t postgresGid = 0;
  std::string why;
};

} // namespace test
} // namespace drbook

#endif
