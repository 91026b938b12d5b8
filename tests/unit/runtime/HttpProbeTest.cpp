//===- HttpProbeTest.cpp - The http probe against a real local server ------===//
#include "drbook/probes/Probes.h"

#include "RuntimeTestSupport.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

using namespace drbook;
using namespace std::chrono_literals;

namespace {

/// stop() before the accept loop has started would be lost, and join() would hang.
void waitUntilRunning(const httplib::Server &server) {
  for (int i = 0; i < 5000 && !server.is_running(); ++i)
    std::this_thread::sleep_for(1ms);
}

/// An HTTP server on a loopback port for the duration of one test.
class LocalServer {
public:
  explicit LocalServer(httplib::Server &server) : server(server) {
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { this->server.listen_after_bind(); });
    waitUntilRunning(server);
  }
  ~LocalServer() {
    server.stop();
    thread.join();
  }
  std::string url(const std::string &path) const {
    return "http://127.0.0.1:" + std::to_string(port) + path;
  }

private:
  httplib::Server &server;
  std::thread thread;
  int port = 0;
};

struct HttpProbe : ::testing::Test {
  httplib::Server server;
  std::unique_ptr<LocalServer> local;

  void SetUp() override {
    server.Get("/api/health", [](const httplib::Request &, httplib::Response &res) {
      res.set_content("{\"status\":\"ok\",\"is_owner\":true,\"n\":3}", "application/json");
    });
    server.Get("/text", [](const httplib::Request &, httplib::Response &res) {
      res.set_content("plain words", "text/plain");
    });
    server.Get("/missing", [](const httplib::Request &, httplib::Response &res) {
      res.status = 503;
      res.set_content("{\"error\":\"down\"}", "application/json");
    });
    server.Get("/echo-headers", [](const httplib::Request &req, httplib::Response &res) {
      res.set_content(nlohmann::json{{"authorization", req.get_header_value("Authorization")},
                                     {"x_trace", req.get_header_value("X-Trace")}}
                          .dump(),
                      "application/json");
    });
    server.Post("/echo", [](const httplib::Request &req, httplib::Response &res) {
      res.set_content(nlohmann::json{{"method", req.method}, {"body", req.body}}.dump(),
                      "application/json");
    });
    server.Put("/echo", [](const httplib::Request &req, httplib::Response &res) {
      res.set_content(nlohmann::json{{"method", req.method}, {"body", req.body}}.dump(),
                      "application/json");
    });
    server.Get("/big", [](const httplib::Request &, httplib::Response &res) {
      res.set_content(std::string(10000, 'z'), "text/plain");
    });
    server.Get("/slow", [](const httplib::Request &, httplib::Response &res) {
      std::this_thread::sleep_for(250ms);
      res.set_content("late", "text/plain");
    });
    server.Get("/hang", [](const httplib::Request &, httplib::Response &res) {
      std::this_thread::sleep_for(1500ms);
      res.set_content("too late", "text/plain");
    });
    server.Get("/deep", [](const httplib::Request &, httplib::Response &res) {
      res.set_content(std::string(100000, '[') + std::string(100000, ']'), "application/json");
    });
    server.Get("/moved", [](const httplib::Request &, httplib::Response &res) {
      res.set_redirect("/api/health");
    });
    local = std::make_unique<LocalServer>(server);
  }

  probe::HttpRequest get(const std::string &path) {
    probe::HttpRequest request;
    request.url = local->url(path);
    request.timeout = 5s;
    return request;
  }
};

TEST_F(HttpProbe, JsonResponse) {
  probe::HttpResult result = probe::http(get("/api/health"));
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.status, 200);
  ASSERT_TRUE(result.isJson);
  EXPECT_EQ(result.json["is_owner"], true);
  EXPECT_EQ(result.json["n"], 3);
  EXPECT_EQ(result.contentType, "application/json");
  EXPECT_EQ(result.bodyBytes, result.body.size());
  EXPECT_FALSE(result.bodyTruncated);
  EXPECT_LT(result.latency, 5s);
  nlohmann::json record = probe::toJson(result);
  EXPECT_EQ(record["status"], 200);
  EXPECT_EQ(record["json"]["status"], "ok");
  EXPECT_FALSE(record.contains("error"));
}

TEST_F(HttpProbe, NonJsonBodyLeavesJsonNull) {
  probe::HttpResult result = probe::http(get("/text"));
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "plain words");
  EXPECT_FALSE(result.isJson);
  EXPECT_TRUE(result.json.is_null());
}

TEST_F(HttpProbe, HostileJsonIsKeptAsTextOnly) {
  probe::HttpResult result = probe::http(get("/deep"));
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.bodyBytes, 200000u);
  EXPECT_FALSE(result.isJson);
  EXPECT_TRUE(result.json.is_null());
  EXPECT_EQ(probe::toJson(result)["json"], nullptr);
}

TEST_F(HttpProbe, ErrorStatusIsAnObservationNotAnError) {
  probe::HttpResult result = probe::http(get("/missing"));
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.status, 503);
  EXPECT_EQ(result.json["error"], "down");
  EXPECT_EQ(probe::http(get("/nowhere")).status, 404);
}

TEST_F(HttpProbe, SendsHeadersAndBearerToken) {
  probe::HttpRequest request = get("/echo-headers");
  request.headers = {{"X-Trace", "abc-123"}};
  request.bearerToken = "tok.en/value";
  probe::HttpResult result = probe::http(request);
  ASSERT_TRUE(result.isJson) << result.error << result.body;
  EXPECT_EQ(result.json["authorization"], "Bearer tok.en/value");
  EXPECT_EQ(result.json["x_trace"], "abc-123");
}

TEST_F(HttpProbe, MethodsAndBodies) {
  probe::HttpRequest post = get("/echo");
  post.method = "POST";
  post.body = "{\"a\":1}";
  post.headers = {{"Content-Type", "application/json"}};
  probe::HttpResult posted = probe::http(post);
  EXPECT_EQ(posted.json["method"], "POST");
  EXPECT_EQ(posted.json["body"], "{\"a\":1}");
  probe::HttpRequest put = post;
  put.method = "PUT";
  put.body = std::string("with\0nul", 8);
  probe::HttpResult putted = probe::http(put);
  EXPECT_EQ(putted.json["method"], "PUT");
  EXPECT_EQ(putted.json["body"], std::string("with\0nul", 8));
  probe::HttpRequest head = get("/text");
  head.method = "HEAD";
  probe::HttpResult headed = probe::http(head);
  EXPECT_EQ(headed.status, 200);
  EXPECT_EQ(headed.body, "");
}

TEST_F(HttpProbe, BodyIsCappedButCounted) {
  probe::HttpRequest request = get("/big");
  request.bodyLimit = 100;
  probe::HttpResult result = probe::http(request);
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, std::string(100, 'z'));
  EXPECT_EQ(result.bodyBytes, 10000u);
  EXPECT_TRUE(result.bodyTruncated);
}

TEST_F(HttpProbe, LatencyIsMeasured) {
  probe::HttpResult result = probe::http(get("/slow"));
  EXPECT_EQ(result.body, "late");
  EXPECT_GE(result.latency, 250ms);
  EXPECT_LT(result.latency, 3s);
}

TEST_F(HttpProbe, TimeoutIsAnErrorWithoutStatus) {
  probe::HttpRequest request = get("/hang");
  request.timeout = 300ms;
  auto start = std::chrono::steady_clock::now();
  probe::HttpResult result = probe::http(request);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_NE(result.error, "");
  EXPECT_NE(result.error.find("timed out"), std::string::npos) << result.error;
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(probe::toJson(result)["error"], nullptr);
}

TEST_F(HttpProbe, RedirectsAreObservedNotFollowedUnlessAsked) {
  probe::HttpResult plain = probe::http(get("/moved"));
  EXPECT_EQ(plain.status, 302);
  probe::HttpRequest follow = get("/moved");
  follow.followRedirects = true;
  probe::HttpResult followed = probe::http(follow);
  EXPECT_EQ(followed.status, 200);
  EXPECT_EQ(followed.json["status"], "ok");
}

TEST(HttpProbeErrors, RefusedConnectionAndBadInput) {
  probe::HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(test::freeLoopbackPort()) + "/";
  request.timeout = 2s;
  probe::HttpResult refused = probe::http(request);
  EXPECT_EQ(refused.status, 0);
  EXPECT_NE(refused.error, "");

  request.url = "file:///etc/passwd";
  probe::HttpResult file = probe::http(request);
  EXPECT_NE(file.error, "");
  EXPECT_EQ(file.body, "");

  request.url = "http://127.0.0.1:1/";
  request.headers = {{"X-Bad", "a\r\nInjected: yes"}};
  EXPECT_NE(probe::http(request).error.find("invalid header"), std::string::npos);
  request.headers.clear();
  request.method = "GET /x";
  EXPECT_NE(probe::http(request).error.find("invalid HTTP method"), std::string::npos);
  request.method = "GET";
  request.url = std::string("http://127.0.0.1:1/\0x", 21);
  EXPECT_NE(probe::http(request).error.find("NUL"), std::string::npos);
  request.url = "not a url at all";
  EXPECT_NE(probe::http(request).error, "");
}

TEST(HttpProbeErrors, BearerTokenNeverInErrorText) {
  // A token that ends up in the URL (a misuse) is still kept out of curl's message.
  probe::HttpRequest request;
  request.bearerToken = "sekr1t-token-value";
  request.url = "http://sekr1t-token-value.invalid/";
  request.timeout = 2s;
  probe::HttpResult result = probe::http(request);
  EXPECT_NE(result.error, "");
  EXPECT_EQ(result.error.find("sekr1t-token-value"), std::string::npos) << result.error;
}

#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
TEST(HttpProbeTls, CertificatesAreVerifiedUnlessInsecure) {
  test::TempDir dir;
  ProcessRequest make;
  make.command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                 "-keyout key.pem -out cert.pem";
  make.workingDirectory = dir.path();
  make.timeout = 60s;
  llvm::Expected<ProcessResult> made = runProcess(make);
  ASSERT_TRUE(made && made->exitCode == 0) << (made ? made->err.text() : "spawn failed");
  httplib::SSLServer server(dir.file("cert.pem").c_str(), dir.file("key.pem").c_str());
  server.Get("/", [](const httplib::Request &, httplib::Response &res) {
    res.set_content("secure", "text/plain");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  waitUntilRunning(server);
  probe::HttpRequest request;
  request.url = "https://127.0.0.1:" + std::to_string(port) + "/";
  request.timeout = 5s;
  probe::HttpResult verified = probe::http(request);
  request.insecure = true;
  probe::HttpResult insecure = probe::http(request);
  server.stop();
  thread.join();
  EXPECT_EQ(verified.status, 0);
  EXPECT_NE(verified.error, "");
  EXPECT_EQ(insecure.error, "");
  EXPECT_EQ(insecure.status, 200);
  EXPECT_EQ(insecure.body, "secure");
}
#endif

} // namespace
