//===- LiveConsole.cpp - `drbook run --serve`: a run's live view -----------===//
#include "drbook/serve/LiveConsole.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Files.h"

#include "llvm/ADT/StringExtras.h"

#include <httplib.h>
#include <sodium.h>

#include <condition_variable>
#include <deque>
#include <fcntl.h>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <vector>

namespace drbook::serve {

namespace {

struct PageFile {
  const char *name, *type;
  llvm::StringRef bytes;
};
#include "PageFiles.inc"

/// Headers every answer carries: the page may load only its own script and style, may not be
/// framed, and nothing is cached or sent on as a referrer.
void secure(httplib::Response &res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                 "connect-src 'self'; base-uri 'none'; form-action 'none'; "
                 "frame-ancestors 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cache-Control", "no-store");
}

std::string newToken() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  return llvm::toHex(llvm::ArrayRef<uint8_t>(bytes, sizeof bytes), /*LowerCase=*/true);
}

} // namespace

bool sameToken(llvm::StringRef given, llvm::StringRef expected) {
  return given.size() == expected.size() &&
         sodium_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

struct LiveConsole::State {
  httplib::Server server;
  std::thread thread;
  std::string host, token, svg, facts = "{}", proofDir;
  int port = 0;
  std::mutex lock;
  std::condition_variable changed;
  std::vector<std::string> lines;
  bool answering = false;
  std::string question = "null";
  std::deque<Answer> answers;
  int wake[2] = {-1, -1}; // readable while answers wait
  void answer(const httplib::Request &req, httplib::Response &res);
  size_t sending = 0; // pages still being sent events
  bool finished = false, stopping = false;

  void routes();
  void runRoutes();
  bool allowed(const httplib::Request &req, httplib::Response &res) const;
  void streamEvents(const httplib::Request &req, httplib::Response &res);
};

bool LiveConsole::State::allowed(const httplib::Request &req, httplib::Response &res) const {
  secure(res);
  if (sameToken(req.get_param_value("token"), token))
    return true;
  res.status = 403;
  res.set_content("drbook: this page needs the token printed with its address\n",
                  "text/plain; charset=utf-8");
  return false;
}

/// Server-Sent Events: every journal line so far, then each new one, then `finished`.
void LiveConsole::State::streamEvents(const httplib::Request &, httplib::Response &res) {
  res.set_header("X-Accel-Buffering", "no");
  {
    std::lock_guard<std::mutex> guard(lock);
    ++sending;
  }
  auto next = std::make_shared<size_t>(0);
  res.set_chunked_content_provider(
      "text/event-stream",
      [this, next](size_t, httplib::DataSink &sink) {
        std::unique_lock<std::mutex> guard(lock);
        changed.wait(guard, [&] { return stopping || finished || *next < lines.size(); });
        while (*next < lines.size()) {
          std::string message =
              "id: " + std::to_string(*next + 1) + "\ndata: " + lines[*next] + "\n\n";
          ++*next;
          guard.unlock();
          bool ok = sink.write(message.data(), message.size());
          guard.lock();
          if (!ok)
            return false;
        }
        if (!finished && !stopping)
          return true;
        if (finished) {
          static const char done[] = "event: finished\ndata: {}\n\n";
          sink.write(done, sizeof done - 1);
        }
        sink.done();
        return true;
      },
      [this](bool) {
        std::lock_guard<std::mutex> guard(lock);
        --sending;
        changed.notify_all();
      });
}

/// The page itself and the step graph.
void LiveConsole::State::routes() {
  server.Get("/", [this](const httplib::Request &req, httplib::Response &res) {
    if (!allowed(req, res))
      return;
    std::string page(PageFiles[0].bytes);
    for (size_t at; (at = page.find("@TOKEN@")) != std::string::npos;)
      page.replace(at, 7, token); // hex: nothing to escape
    res.set_content(page, PageFiles[0].type);
  });
  for (const PageFile &file : PageFiles)
    server.Get("/" + std::string(file.name),
               [this, &file](const httplib::Request &req, httplib::Response &res) {
                 if (allowed(req, res))
                   res.set_content(file.bytes.data(), file.bytes.size(), file.type);
               });
  server.Get("/graph.svg", [this](const httplib::Request &req, httplib::Response &res) {
    if (!allowed(req, res))
      return;
    std::lock_guard<std::mutex> guard(lock);
    if (svg.empty())
      res.status = 404;
    else
      res.set_content(svg, "image/svg+xml");
  });
}

/// What the page reads of the run as it goes: its plan's facts, the events, the question,
/// the proof at the end; and the one request that may change anything, an answer.
void LiveConsole::State::runRoutes() {
  server.Get("/facts.json", [this](const httplib::Request &req, httplib::Response &res) {
    if (!allowed(req, res))
      return;
    std::lock_guard<std::mutex> guard(lock);
    res.set_content(facts, "application/json");
  });
  server.Get("/events", [this](const httplib::Request &req, httplib::Response &res) {
    if (allowed(req, res))
      streamEvents(req, res);
  });
  server.Get("/proof.md", [this](const httplib::Request &req, httplib::Response &res) {
    if (!allowed(req, res))
      return;
    llvm::Expected<std::string> text =
        finished ? readWholeFile(proofDir + "/proof.md", file_limits::Document)
                 : llvm::Expected<std::string>(llvm::createStringError(
                       llvm::inconvertibleErrorCode(), "the run has not ended"));
    if (!text) {
      llvm::consumeError(text.takeError());
      res.status = 404;
      return;
    }
    res.set_content(*text, "text/markdown; charset=utf-8");
  });
  server.Get("/question", [this](const httplib::Request &req, httplib::Response &res) {
    if (!allowed(req, res))
      return;
    std::lock_guard<std::mutex> guard(lock);
    res.set_content(answering ? question : "null", "application/json");
  });
  server.Post("/answer",
              [this](const httplib::Request &req, httplib::Response &res) { answer(req, res); });
  // Nothing else a request sends changes the run.
  auto refuse = [](const httplib::Request &, httplib::Response &res) {
    secure(res);
    res.status = 405;
  };
  server.Post(".*", refuse);
  server.Put(".*", refuse);
  server.Delete(".*", refuse);
  server.Patch(".*", refuse);
}

/// A page's answer. Refused unless answering is on, the token is in the X-Drbook-Token header
/// (a custom header: another site's page cannot send it without a CORS preflight, which is
/// never granted), the body is JSON naming the open question, one of its replies (or text
/// for an `ask`) and who answers, and any Origin is this server's own.
void LiveConsole::State::answer(const httplib::Request &req, httplib::Response &res) {
  secure(res);
  std::string origin = req.get_header_value("Origin");
  std::string self = "http://" + host + ":" + std::to_string(port);
  if (!answering || !sameToken(req.get_header_value("X-Drbook-Token"), token) ||
      (!origin.empty() && origin != self) ||
      req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    res.status = answering ? 403 : 405;
    return;
  }
  std::optional<nlohmann::json> body = parseJson(req.body);
  std::lock_guard<std::mutex> guard(lock);
  std::optional<nlohmann::json> open = parseJson(question);
  auto text = [&](const char *field) {
    return body && body->is_object() && (*body)[field].is_string()
               ? (*body)[field].get<std::string>()
               : std::string();
  };
  std::string id = text("question"), value = text("answer"), actor = text("actor");
  bool current =
      open && open->is_object() && open->value("open", false) && open->value("id", "") == id;
  const nlohmann::json options = current ? (*open)["options"] : nlohmann::json::array();
  bool allowedValue = options.empty()
                          ? !value.empty() && value.size() <= 1000
                          : std::find(options.begin(), options.end(), value) != options.end();
  if (!current || !allowedValue || actor.empty() || actor.size() > 100 ||
      actor.find_first_of("\r\n") != std::string::npos) {
    res.status = current ? 400 : 409;
    return;
  }
  answers.push_back({id, value, actor});
  (void)!::write(wake[1], "!", 1);
  res.status = 202;
}

LiveConsole::LiveConsole(std::unique_ptr<State> s) : state(std::move(s)) {}

void LiveConsole::enableAnswers() {
  std::lock_guard<std::mutex> guard(state->lock);
  state->answering = true;
}

void LiveConsole::setQuestion(std::string questionJson) {
  std::lock_guard<std::mutex> guard(state->lock);
  state->question = std::move(questionJson);
}

std::optional<LiveConsole::Answer> LiveConsole::takeAnswer() {
  std::lock_guard<std::mutex> guard(state->lock);
  char drained[64];
  while (::read(state->wake[0], drained, sizeof drained) > 0) {
  }
  if (state->answers.empty())
    return std::nullopt;
  Answer a = std::move(state->answers.front());
  state->answers.pop_front();
  if (!state->answers.empty())
    (void)!::write(state->wake[1], "!", 1);
  return a;
}

int LiveConsole::answerFd() const { return state->wake[0]; }

llvm::Expected<std::unique_ptr<LiveConsole>> LiveConsole::start(llvm::StringRef address,
                                                                std::string proofDir) {
  if (sodium_init() < 0)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "libsodium did not start");
  auto s = std::make_unique<State>();
  auto [host, port] = address.rsplit(':');
  s->host = host.empty() ? "127.0.0.1" : host.str();
  unsigned wanted = 0;
  if (!port.empty() && (port.getAsInteger(10, wanted) || wanted > 65535))
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "--serve: '%s' is not HOST:PORT",
                                   address.str().c_str());
  s->token = newToken();
  if (::pipe2(s->wake, O_CLOEXEC | O_NONBLOCK) != 0)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "--serve: no pipe");
  s->proofDir = std::move(proofDir);
  s->routes();
  s->runRoutes();
  s->port = wanted ? (s->server.bind_to_port(s->host.c_str(), static_cast<int>(wanted))
                          ? static_cast<int>(wanted)
                          : -1)
                   : s->server.bind_to_any_port(s->host.c_str());
  if (s->port <= 0)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "--serve: cannot listen on %s",
                                   address.str().c_str());
  State *raw = s.get();
  s->thread = std::thread([raw] { raw->server.listen_after_bind(); });
  return std::unique_ptr<LiveConsole>(new LiveConsole(std::move(s)));
}

LiveConsole::~LiveConsole() {
  {
    std::lock_guard<std::mutex> guard(state->lock);
    state->stopping = true;
  }
  state->changed.notify_all();
  state->server.stop();
  state->thread.join();
  ::close(state->wake[0]);
  ::close(state->wake[1]);
}

std::string LiveConsole::url() const {
  bool v6 = state->host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + state->host + "]" : state->host) + ":" +
         std::to_string(state->port) + "/?token=" + state->token;
}

void LiveConsole::setPlan(std::string graphSvg, std::string facts) {
  std::lock_guard<std::mutex> guard(state->lock);
  state->svg = std::move(graphSvg);
  state->facts = std::move(facts);
}

void LiveConsole::send(llvm::StringRef line) {
  std::lock_guard<std::mutex> guard(state->lock);
  state->lines.push_back(line.str());
  state->changed.notify_all();
}

void LiveConsole::finish(std::chrono::milliseconds patience) {
  std::unique_lock<std::mutex> guard(state->lock);
  state->finished = true;
  state->changed.notify_all();
  state->changed.wait_for(guard, patience, [this] { return state->sending == 0; });
}

} // namespace drbook::serve
