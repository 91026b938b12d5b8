// Entry point of drbook-sandbox-api: parses flags, loads the deployed version and serves HTTP.
#include "AccessLog.h"
#include "Api.h"
#include "Database.h"

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <pthread.h>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>

namespace {

struct Options {
  int Port = 8080;
  std::string Dsn = "postgresql://postgres@127.0.0.1:5432/casino";
  std::string LogPath;
  std::string VersionFile;
};

const char *const Usage =
    "usage: drbook-sandbox-api [--port N] [--dsn DSN] [--log FILE] [--version-file FILE]\n"
    "  --port N             listen on 127.0.0.1:N (default 8080)\n"
    "  --dsn DSN            libpq connection string of the casino database\n"
    "  --log FILE           append JSON request lines to FILE (default: stdout)\n"
    "  --version-file FILE  read the deployed app version from FILE (default: 1.4.0)\n";

[[noreturn]] void fail(const std::string &Message, int Code = 2) {
  std::cerr << "drbook-sandbox-api: " << Message << "\n";
  std::exit(Code);
}

Options parseOptions(int Argc, char **Argv) {
  Options Opts;
  for (int I = 1; I < Argc; ++I) {
    std::string Flag = Argv[I];
    if (Flag == "--help" || Flag == "-h") {
      std::cout << Usage;
      std::exit(0);
    }
    if (I + 1 >= Argc)
      fail(fmt::format("{} needs a value\n{}", Flag, Usage));
    std::string Value = Argv[++I];
    if (Flag == "--port") {
      char *End = nullptr;
      long Port = std::strtol(Value.c_str(), &End, 10);
      if (*End != '\0' || Port <= 0 || Port > 65535)
        fail(fmt::format("invalid port '{}'", Value));
      Opts.Port = static_cast<int>(Port);
    } else if (Flag == "--dsn") {
      Opts.Dsn = Value;
    } else if (Flag == "--log") {
      Opts.LogPath = Value;
    } else if (Flag == "--version-file") {
      Opts.VersionFile = Value;
    } else {
      fail(fmt::format("unknown flag '{}'\n{}", Flag, Usage));
    }
  }
  return Opts;
}

std::string readVersion(const std::string &Path) {
  if (Path.empty())
    return "1.4.0";
  std::ifstream In(Path);
  if (!In)
    fail(fmt::format("cannot read version file '{}'", Path));
  std::string Version;
  std::getline(In, Version);
  const char *Space = " \t\r\n";
  Version.erase(0, Version.find_first_not_of(Space));
  Version.erase(Version.find_last_not_of(Space) + 1);
  return Version;
}

} // namespace

int main(int Argc, char **Argv) {
  Options Opts = parseOptions(Argc, Argv);
  std::string Version = readVersion(Opts.VersionFile);
  const sandbox::Release *Rel = sandbox::findRelease(Version);
  if (!Rel)
    fail(fmt::format("unknown app version '{}' (known: {})", Version, sandbox::knownVersions()));

  std::signal(SIGPIPE, SIG_IGN);
  // Block the stop signals before httplib spawns its workers so that only the waiter thread
  // below ever receives them, and shutdown can go through Server::stop() safely.
  sigset_t StopSignals;
  sigemptyset(&StopSignals);
  sigaddset(&StopSignals, SIGTERM);
  sigaddset(&StopSignals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &StopSignals, nullptr);

  try {
    sandbox::AccessLog Log(Opts.LogPath);
    sandbox::Database Db(Opts.Dsn);
    httplib::Server Server;
    sandbox::installRoutes(Server, *Rel, Db, Log);
    if (!Server.bind_to_port("127.0.0.1", Opts.Port))
      fail(fmt::format("cannot listen on 127.0.0.1:{}", Opts.Port), 1);

    std::thread([&Server, StopSignals] {
      int Sig = 0;
      sigwait(&StopSignals, &Sig);
      Server.stop();
    }).detach();

    std::cerr << fmt::format("drbook-sandbox-api {} (expects schema head {}) on 127.0.0.1:{}\n",
                             Rel->Version, Rel->ExpectedHead, Opts.Port);
    Server.listen_after_bind();
    std::cerr << "drbook-sandbox-api: stopped\n";
  } catch (const std::exception &E) {
    fail(E.what(), 1);
  }
  return 0;
}
