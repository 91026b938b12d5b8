//===- Display.cpp - What the operator sees while a runbook runs -----------===//
#include "drbook/run/Display.h"

#include "drbook/basic/Terminal.h"
#include "drbook/basic/Visible.h"

#include "llvm/ADT/StringRef.h"

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
  if (!opts.live || opts.quiet)
    return;
  reserveBottomRow();
  ticker = std::thread([this] { tick(); });
}

// A newline makes room at the bottom, the scroll region stops above the last row, and the
// cursor goes back to where the text continues (setting the region moves it to the top).
void Display::reserveBottomRow() {
  unsigned r = 0, c = 0;
  if (!terminalSize(::fileno(opts.out), r, c) || r < 3)
    return;
  rows = r;
  cols = c;
  std::fprintf(opts.out, "\n\0337\033[1;%ur\0338\033[1A", rows - 1);
  std::fflush(opts.out);
}

void Display::releaseBottomRow() {
  if (!bottomRow())
    return;
  std::fprintf(opts.out, "\0337\033[%u;1H\033[2K\033[r\0338", rows);
  std::fflush(opts.out);
  rows = 0;
}

Display::~Display() { stop(); }

void Display::startClock(std::chrono::system_clock::time_point start) {
  std::lock_guard<std::mutex> guard(lock);
  clockStart = start;
}

void Display::objective(int64_t rtoMs) {
  std::lock_guard<std::mutex> guard(lock);
  opts.rtoMs = rtoMs;
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
  std::string clock = "  " + formatElapsed(elapsed), rto;
  if (opts.rtoMs)
    rto = "  RTO " + formatElapsed(elapsed) + " / " + formatElapsed(*opts.rtoMs);
  std::string what =
      "[" + phaseLabel + "] " + stepLabel + (stepDetail.empty() ? "" : ": " + stepDetail);
  // On its own row the line must fit: the step gives way, the clocks never do.
  if (bottomRow() && what.size() + clock.size() + rto.size() >= cols) {
    size_t room = cols > clock.size() + rto.size() + 2 ? cols - clock.size() - rto.size() - 2 : 0;
    while (room > 0 && (static_cast<unsigned char>(what[room]) & 0xC0) == 0x80)
      --room; // not inside a character
    what = what.substr(0, room) + "…";
  }
  std::string line = what + clock;
  if (opts.rtoMs)
    line += paint(elapsed > *opts.rtoMs ? "31" : "2", rto);
  return line;
}

// Text from outside drbook as it may be shown: secrets redacted first (a secret's bytes are
// matched as they are), then control characters made visible.
std::string Display::shown(const std::string &text) const {
  return visible(redactor ? redactor->redact(text) : text);
}

// Callers hold the lock. While a question is on the screen the line waits its turn.
void Display::print(const std::string &text) {
  if (held)
    heldLines.push_back(text);
  else
    write(text);
}

// Callers hold the lock. With the bottom row reserved, the text scrolls above the status line;
// otherwise the status line is erased, the text printed, and the status line drawn below it.
void Display::write(const std::string &text) {
  if (opts.live && statusShown && !bottomRow())
    std::fputs("\r\033[K", opts.out);
  std::fputs(text.c_str(), opts.out);
  std::fputc('\n', opts.out);
  if (!bottomRow())
    statusShown = false;
  if (opts.live && !stopping && !stepLabel.empty() && (bottomRow() || !paused))
    redrawStatus();
  std::fflush(opts.out);
}

void Display::tick() {
  std::unique_lock<std::mutex> guard(lock);
  while (!stopping) {
    wake.wait_for(guard, std::chrono::seconds(1));
    if (stopping)
      continue;
    followResize();
    if (stepLabel.empty() || (paused && !bottomRow()))
      continue;
    redrawStatus();
  }
}

// Callers hold the lock. A resized terminal gets its bottom row reserved again.
void Display::followResize() {
  unsigned r = 0, c = 0;
  if (!bottomRow() || !terminalSize(::fileno(opts.out), r, c) || (r == rows && c == cols))
    return;
  std::fprintf(opts.out, "\0337\033[%u;1H\033[2K\0338", rows);
  if (r < 3)
    return releaseBottomRow();
  rows = r;
  cols = c;
  std::fprintf(opts.out, "\0337\033[1;%ur\0338", rows - 1);
}

// Callers hold the lock. The bottom row is drawn with the cursor saved and restored, so a
// prompt's typing position is kept.
void Display::redrawStatus() {
  if (bottomRow())
    std::fprintf(opts.out, "\0337\033[%u;1H\033[2K%s\0338", rows, statusLine().c_str());
  else
    std::fprintf(opts.out, "\r\033[K%s", statusLine().c_str());
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
  if (opts.live && statusShown && !bottomRow()) {
    std::fputs("\r\033[K", opts.out);
    std::fflush(opts.out);
    statusShown = false;
  }
}

void Display::hold(bool on) {
  std::lock_guard<std::mutex> guard(lock);
  held = on;
  if (!on)
    showHeld();
}

// Callers hold the lock.
void Display::showHeld() {
  for (const std::string &text : heldLines)
    write(text);
  heldLines.clear();
}

void Display::stop() {
  {
    std::lock_guard<std::mutex> guard(lock);
    if (stopping)
      return;
    stopping = true;
    held = false;
    showHeld();
    if (opts.live && statusShown && !bottomRow()) {
      std::fputs("\r\033[K", opts.out);
      std::fflush(opts.out);
    }
    releaseBottomRow();
    statusShown = false;
  }
  wake.notify_all();
  if (ticker.joinable())
    ticker.join();
}

} // namespace drbook::run
