//===- Display.cpp - What the operator sees while a runbook runs -----------===//
#include "drbook/run/Display.h"

#include "drbook/basic/Visible.h"

namespace drbook::run {

std::string formatElapsed(int64_t ms) {
  int64_t s = ms / 1000;
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lldh%02lldm%02llds", (long long)(s / 3600),
                  (long long)(s % 3600 / 60), (long long)(s % 60));
  else
    std::snprintf(buf, sizeof buf, "%lldm%02llds", (long long)(s / 60), (long long)(s % 60));
  return buf;
}

Display::Display(Options options) : opts(options) {
  if (opts.live && !opts.quiet)
    ticker = std::thread([this] { tick(); });
}

Display::~Display() { stop(); }

void Display::startClock(std::chrono::system_clock::time_point start) {
  std::lock_guard<std::mutex> guard(lock);
  clockStart = start;
}

std::string Display::paint(const char *code, const std::string &text) const {
  if (!opts.color)
    return text;
  return std::string("\033[") + code + "m" + text + "\033[0m";
}

std::string Display::statusLine() {
  int64_t elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now() - clockStart)
                        .count();
  std::string line = "[" + phaseLabel + "] " + stepLabel +
                     (stepDetail.empty() ? "" : ": " + stepDetail) + "  " + formatElapsed(elapsed);
  if (opts.rtoMs) {
    std::string rto = "RTO " + formatElapsed(elapsed) + " / " + formatElapsed(*opts.rtoMs);
    line += "  " + paint(elapsed > *opts.rtoMs ? "31" : "2", rto);
  }
  return line;
}

// Text from outside drbook as it may be shown: secrets redacted first (a secret's bytes are
// matched as they are), then control characters made visible.
std::string Display::shown(const std::string &text) const {
  return visible(redactor ? redactor->redact(text) : text);
}

// Callers hold the lock. On a terminal the status line is erased, the text printed, and the
// status line drawn again below it.
void Display::print(const std::string &text) {
  if (opts.live && statusShown)
    std::fputs("\r\033[K", opts.out);
  std::fputs(text.c_str(), opts.out);
  std::fputc('\n', opts.out);
  statusShown = false;
  if (opts.live && !paused && !stopping && !stepLabel.empty()) {
    std::fputs(statusLine().c_str(), opts.out);
    statusShown = true;
  }
  std::fflush(opts.out);
}

void Display::tick() {
  std::unique_lock<std::mutex> guard(lock);
  while (!stopping) {
    wake.wait_for(guard, std::chrono::seconds(1));
    if (stopping || paused || stepLabel.empty())
      continue;
    redrawStatus();
  }
}

// Callers hold the lock.
void Display::redrawStatus() {
  std::fputs("\r\033[K", opts.out);
  std::fputs(statusLine().c_str(), opts.out);
  statusShown = true;
  std::fflush(opts.out);
}

void Display::phase(const std::string &label) {
  std::lock_guard<std::mutex> guard(lock);
  phaseLabel = label;
  paused = false;
  if (!opts.quiet)
    print(paint("1", "== " + shown(label)));
}

void Display::step(const std::string &label) {
  std::lock_guard<std::mutex> guard(lock);
  stepLabel = label;
  stepDetail.clear();
  paused = false;
  if (!opts.quiet && !opts.live)
    print("-> " + shown(label));
}

void Display::result(bool ok, const std::string &text) {
  std::lock_guard<std::mutex> guard(lock);
  if (opts.quiet && ok)
    return;
  std::string mark = ok ? paint("32", "ok  ") : paint("31", "FAIL");
  print("   " + mark + " " + shown(text));
}

void Display::info(const std::string &text) {
  std::lock_guard<std::mutex> guard(lock);
  if (!opts.quiet)
    print("   " + shown(text));
}

void Display::output(const std::string &line, const std::string &source) {
  std::lock_guard<std::mutex> guard(lock);
  if (!opts.quiet)
    print(paint("2", "   | " + (source.empty() ? "" : source + ": ") + shown(line)));
}

void Display::detail(const std::string &text) {
  std::lock_guard<std::mutex> guard(lock);
  stepDetail = shown(text);
  if (opts.live && !paused && !stopping && !stepLabel.empty())
    redrawStatus();
}

void Display::notice(const std::string &text) {
  std::lock_guard<std::mutex> guard(lock);
  print(shown(text));
}

void Display::pause() {
  std::lock_guard<std::mutex> guard(lock);
  paused = true;
  if (opts.live && statusShown) {
    std::fputs("\r\033[K", opts.out);
    std::fflush(opts.out);
    statusShown = false;
  }
}

void Display::stop() {
  {
    std::lock_guard<std::mutex> guard(lock);
    if (stopping)
      return;
    stopping = true;
    if (opts.live && statusShown) {
      std::fputs("\r\033[K", opts.out);
      std::fflush(opts.out);
      statusShown = false;
    }
  }
  wake.notify_all();
  if (ticker.joinable())
    ticker.join();
}

} // namespace drbook::run
