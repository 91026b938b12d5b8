//===- ProbeTest.cpp - The tcp, log, file and cmd probes -------------------===//
#include "drbook/probes/Probes.h"

#include "RuntimeTestSupport.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <thread>

using namespace drbook;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

/// A loopback listening socket that never accepts.
struct Listener {
  int fd = -1;
  int port = 0;
  explicit Listener(int backlog = 16) {
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0 &&
        ::listen(fd, backlog) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &size) == 0)
      port = ntohs(address.sin_port);
  }
  ~Listener() { ::close(fd); }
};

TEST(TcpProbe, ConnectsToAListeningSocket) {
  Listener listener;
  ASSERT_GT(listener.port, 0);
  probe::TcpResult result = probe::tcp({"127.0.0.1:" + std::to_string(listener.port), 2s});
  EXPECT_EQ(result.error, "");
  EXPECT_TRUE(result.connected);
  EXPECT_EQ(result.peer, "127.0.0.1:" + std::to_string(listener.port));
  EXPECT_LT(result.latency, 2s);
  probe::TcpResult byName = probe::tcp({"localhost:" + std::to_string(listener.port), 2s});
  EXPECT_TRUE(byName.connected) << byName.error;
  EXPECT_EQ(probe::toJson(result)["connected"], true);
}

TEST(TcpProbe, RefusedConnectionIsObserved) {
  int port = test::freeLoopbackPort();
  probe::TcpResult result = probe::tcp({"127.0.0.1:" + std::to_string(port), 2s});
  EXPECT_FALSE(result.connected);
  EXPECT_NE(result.error.find("refused"), std::string::npos) << result.error;
}

TEST(TcpProbe, TimesOutWhenNobodyAnswers) {
  // A full accept queue makes the kernel drop further SYNs: the connect hangs.
  Listener listener(0);
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(listener.port));
    ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
    fillers.push_back(fd);
  }
  std::this_thread::sleep_for(100ms);
  auto start = steady_clock::now();
  probe::TcpResult result = probe::tcp({"127.0.0.1:" + std::to_string(listener.port), 400ms});
  auto took = steady_clock::now() - start;
  for (int fd : fillers)
    ::close(fd);
  EXPECT_FALSE(result.connected);
  EXPECT_NE(result.error.find("timed out"), std::string::npos) << result.error;
  EXPECT_GE(took, 350ms);
  EXPECT_LT(took, 3s);
}

TEST(TcpProbe, MalformedAddressesAreErrors) {
  for (const char *address : {"", "nohost", "host:", ":80", "host:0", "host:70000", "host:http",
                              "::1:80", "[::1", "[::1]80"}) {
    probe::TcpResult result = probe::tcp({address, 1s});
    EXPECT_FALSE(result.connected) << address;
    EXPECT_NE(result.error.find("not a host:port address"), std::string::npos)
        << address << ": " << result.error;
  }
  probe::TcpResult nul = probe::tcp({std::string("a\0b:80", 6), 1s});
  EXPECT_NE(nul.error.find("not a host:port address"), std::string::npos);
  probe::TcpResult unresolvable = probe::tcp({"no-such-host.invalid:80", 2s});
  EXPECT_FALSE(unresolvable.connected);
  EXPECT_NE(unresolvable.error.find("cannot resolve"), std::string::npos) << unresolvable.error;
}

/// A log of the seeds' schema: `ts event status_code duration_ms path`.
struct LogFile : ::testing::Test {
  test::TempDir dir;
  std::string path = dir.file("app.jsonl");
  SystemTime now = SystemTime(milliseconds(1700000000000LL));

  void SetUp() override {
    std::ofstream out(path);
    // 100 recent requests, every 10th failing, durations 1..100 ms.
    for (int i = 1; i <= 100; ++i) {
      nlohmann::json record = {{"ts", formatTimestamp(now - seconds(i))},
                               {"event", "request"},
                               {"status_code", i % 10 == 0 ? 500 : 200},
                               {"duration_ms", i},
                               {"path", "/api/x"}};
      out << record.dump() << "\n";
    }
    // Old failures outside a 5-minute window.
    for (int i = 0; i < 20; ++i)
      out << nlohmann::json{{"ts", formatTimestamp(now - hours(1))},
                            {"event", "request"},
                            {"status_code", 500},
                            {"duration_ms", 9999}}
                 .dump()
          << "\n";
    out << "not json\n\n[1,2]\n";
    out << nlohmann::json{{"event", "request"}, {"status_code", 500}}.dump() << "\n";
    out << nlohmann::json{{"ts", 1700000000 - 10}, {"event", "boot"}}.dump() << "\n";
    out << nlohmann::json{{"ts", 1700000000000LL - 20000}, {"event", "boot"}}.dump() << "\n";
  }

  probe::LogRequest request() {
    probe::LogRequest r;
    r.path = path;
    r.now = now;
    r.window = minutes(5);
    return r;
  }
};

TEST_F(LogFile, CountsRateAndWindow) {
  probe::LogRequest r = request();
  r.where = [](const nlohmann::json &record) {
    return record.value("event", "") == "request" && record.value("status_code", 0) >= 500;
  };
  probe::LogResult result = probe::log(r);
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.count, 10u);
  EXPECT_EQ(result.total, 102u); // 100 requests and two boot records in the window
  EXPECT_DOUBLE_EQ(result.rate, 10.0 / 102.0);
  EXPECT_EQ(result.badLines, 2u);
  EXPECT_EQ(result.undated, 1u);
  r.window.reset();
  probe::LogResult all = probe::log(r);
  EXPECT_EQ(all.count, 31u); // the old failures and the undated one count without a window
  EXPECT_EQ(all.total, 123u);
  EXPECT_EQ(all.undated, 0u);
}

TEST_F(LogFile, PercentilesOverMatchingRecords) {
  probe::LogRequest r = request();
  r.where = [](const nlohmann::json &record) { return record.value("event", "") == "request"; };
  r.statFields = {"duration_ms", "absent"};
  probe::LogResult result = probe::log(r);
  const probe::FieldStats &d = result.stats.at("duration_ms");
  EXPECT_EQ(d.samples, 100u);
  EXPECT_DOUBLE_EQ(d.min, 1);
  EXPECT_DOUBLE_EQ(d.max, 100);
  EXPECT_DOUBLE_EQ(d.avg, 50.5);
  EXPECT_DOUBLE_EQ(d.p50, 50);
  EXPECT_DOUBLE_EQ(d.p95, 95);
  EXPECT_DOUBLE_EQ(d.p99, 99);
  EXPECT_EQ(result.stats.at("absent").samples, 0u);
  nlohmann::json record = probe::toJson(result);
  EXPECT_EQ(record["stats"]["duration_ms"]["p95"], 95.0);
}

TEST_F(LogFile, ThrowingPredicateIsNoMatchAndWindowCanBeEmpty) {
  probe::LogRequest r = request();
  r.where = [](const nlohmann::json &record) -> bool {
    return record.at("status_code").get<int>() == 200; // throws on records without it
  };
  probe::LogResult result = probe::log(r);
  EXPECT_EQ(result.count, 90u);
  r.now = now + hours(24);
  probe::LogResult empty = probe::log(r);
  EXPECT_EQ(empty.total, 0u);
  EXPECT_EQ(empty.rate, 0.0);
}

TEST(LogProbe, MissingFileIsAnError) {
  probe::LogRequest r;
  r.path = "/nonexistent/app.jsonl";
  probe::LogResult result = probe::log(r);
  EXPECT_NE(result.error.find("cannot open /nonexistent/app.jsonl"), std::string::npos);
  r.path = std::string("/etc/passwd\0.jsonl", 18);
  EXPECT_NE(probe::log(r).error.find("NUL"), std::string::npos);
}

TEST(FileProbe, ExistsSizeAndAge) {
  test::TempDir dir;
  std::string path = dir.file("backup.sql.gz");
  std::ofstream(path) << std::string(1234, 'b');
  SystemTime now = std::chrono::system_clock::now();
  timespec times[2];
  times[0].tv_sec = times[1].tv_sec = system_clock::to_time_t(now) - 3600;
  times[0].tv_nsec = times[1].tv_nsec = 0;
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  probe::FileResult result = probe::file({path, now});
  EXPECT_EQ(result.error, "");
  EXPECT_TRUE(result.exists);
  EXPECT_FALSE(result.isDirectory);
  EXPECT_EQ(result.size, 1234u);
  EXPECT_GE(result.age, 3600s);
  EXPECT_LT(result.age, 3602s);
  probe::FileResult directory = probe::file({dir.path(), now});
  EXPECT_TRUE(directory.isDirectory);
}

TEST(FileProbe, MissingIsAnObservationNotAnError) {
  probe::FileResult result = probe::file({"/nonexistent/backup", system_clock::now()});
  EXPECT_EQ(result.error, "");
  EXPECT_FALSE(result.exists);
  EXPECT_EQ(probe::toJson(result)["exists"], false);
  probe::FileResult nul = probe::file({std::string("a\0b", 3), system_clock::now()});
  EXPECT_NE(nul.error, "");
}

TEST(CmdProbe, ExitOutputAndDuration) {
  ProcessRequest request;
  request.command = "echo head-abc; echo warn >&2; sleep 0.2; exit 4";
  probe::CmdResult result = probe::cmd(request);
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.exit, 4);
  EXPECT_EQ(result.stdoutText, "head-abc\n");
  EXPECT_EQ(result.stderrText, "warn\n");
  EXPECT_GE(result.duration, 200ms);
  nlohmann::json record = probe::toJson(result);
  EXPECT_EQ(record["exit"], 4);
  EXPECT_EQ(record["stdout"], "head-abc\n");
}

TEST(CmdProbe, TimeoutAndStartFailure) {
  ProcessRequest request;
  request.command = "sleep 30";
  request.timeout = 200ms;
  request.killGrace = 200ms;
  probe::CmdResult slow = probe::cmd(request);
  EXPECT_TRUE(slow.timedOut);
  EXPECT_EQ(slow.exit, -1);
  EXPECT_LT(slow.duration, 5s);
  request.command = std::string("a\0b", 3);
  probe::CmdResult bad = probe::cmd(request);
  EXPECT_NE(bad.error.find("NUL"), std::string::npos);
}

} // namespace
