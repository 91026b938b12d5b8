//===- Display.h - What the operator sees while a runbook runs -------------===//
//
// On a terminal: a status line (phase, step, elapsed time, the RTO clock against the
// objective) redrawn every second. When the terminal says its size, the status line has the
// bottom row to itself (the rows above scroll), so it stays in view while a prompt waits;
// otherwise it is redrawn under the last line printed and hidden at prompts. Elsewhere: plain
// lines. `--quiet` keeps only questions, failures and the summary; NO_COLOR (or a
// non-terminal) turns colour off. Every text shown here has been redacted by the caller.
// Thread-safe: parallel branches share one Display, and while a question is on the screen the
// other branches' lines are held back and shown once it is answered.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_DISPLAY_H
#define DRBOOK_RUN_DISPLAY_H

#include "drbook/exec/Redactor.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace drbook::run {

class Display {
public:
  struct Options {
    bool quiet = false;
    /// Live status line (stdout is a terminal).
    bool live = false;
    bool color = false;
    std::optional<int64_t> rtoMs;
    std::FILE *out = stdout;
  };
  explicit Display(Options options);
  ~Display();

  /// The RTO clock counts from here (for a resumed run, the original start).
  void startClock(std::chrono::system_clock::time_point start);
  /// The RTO the clock counts against from now on: a scenario's own, once the run is in it.
  void objective(int64_t rtoMs);
  /// Passes everything printed from now on through `r`, so that no message path, however
  /// it was built, can show a secret.
  void redactWith(Redactor &r) { redactor = &r; }
  void phase(const std::string &label);
  void step(const std::string &label);
  /// A finished step: `ok` is shown as a mark (✓/✗ or ok/FAIL).
  void result(bool ok, const std::string &text);
  /// An informative line (not shown with --quiet).
  void info(const std::string &text);
  /// A line of a command's output, indented under its step (not shown with --quiet); with
  /// `source`, labelled with it (`| errors: …`), as the probes of one step run side by side.
  void output(const std::string &line, const std::string &source = "");
  /// What the current step is at, on the status line of a terminal only (a `wait`'s polls and
  /// its latest observation); cleared by the next step.
  void detail(const std::string &text);
  /// A line shown even with --quiet (summaries, warnings).
  void notice(const std::string &text);
  /// Before a prompt: hides a status line that shares the prompt's row (one on its own bottom
  /// row stays and keeps counting).
  void pause();
  /// While a question is on the screen (`on`), lines from other branches are held back; they
  /// are shown, in order, when it is answered.
  void hold(bool on);
  void stop();

private:
  void print(const std::string &text);
  void write(const std::string &text);
  void showHeld();
  std::string shown(const std::string &text) const;
  std::string statusLine();
  void tick();
  void redrawStatus();
  /// Reserves the bottom row for the status line, when the terminal's size is known.
  void reserveBottomRow();
  void releaseBottomRow();
  void followResize();
  bool bottomRow() const { return rows >= 3; }
  std::string paint(const char *code, const std::string &text) const;

  Options opts;
  Redactor *redactor = nullptr;
  std::mutex lock;
  std::condition_variable wake;
  std::thread ticker;
  bool stopping = false, paused = false, statusShown = false, held = false;
  /// The terminal's size while the bottom row is reserved; 0 when it is not.
  unsigned rows = 0, cols = 0;
  std::vector<std::string> heldLines;
  std::chrono::system_clock::time_point clockStart = std::chrono::system_clock::now();
  std::string phaseLabel, stepLabel, stepDetail;
};

/// `1h02m03s`-style elapsed time for display.
std::string formatElapsed(int64_t millis);

} // namespace drbook::run

#endif
