//===- ProcessRunner.h - Running commands in their own process group -------===//
//
// Every command a runbook runs (`run`, `cmd` probes) goes through runProcess: `/bin/sh -c` in
// a fresh process group, stdin from /dev/null, output captured with a size cap and streamed
// line by line, and on timeout the whole group is stopped (SIGTERM, a grace period, SIGKILL)
// so that nothing it started keeps running behind the operator's back.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUNTIME_PROCESSRUNNER_H
#define DRBOOK_RUNTIME_PROCESSRUNNER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace drbook {

/// Which pipe a line of output came from.
enum class OutputStream { Stdout, Stderr };

/// Output kept under a size cap: the first and the last bytes, and how many there were.
struct CapturedOutput {
  /// The first bytes; the whole output when it fit.
  std::string head;
  /// The last bytes when the output did not fit; empty otherwise.
  std::string tail;
  /// Every byte the command wrote, kept or not.
  uint64_t totalBytes = 0;

  bool truncated() const { return totalBytes > head.size() + tail.size(); }
  /// head, then a line saying how many bytes were left out, then tail.
  std::string text() const;
};

/// What to run and how.
struct ProcessRequest {
  /// Passed to `/bin/sh -c` as is: interpolated values must already be shell-quoted.
  std::string command;
  /// Added to (or replacing entries of) the runner's own environment.
  std::vector<std::pair<std::string, std::string>> environment;
  /// Written to the command's stdin, which then stays open until the command ends (so that
  /// the far side of an ssh connection can tell that drbook is still there); at most
  /// MaxInput bytes. Without it, stdin is /dev/null.
  std::optional<std::string> input;
  static constexpr size_t MaxInput = 60 * 1024;
  /// Working directory; the runner's own when empty.
  std::string workingDirectory;
  /// Zero means no limit.
  std::chrono::milliseconds timeout{0};
  /// Time between SIGTERM and SIGKILL when the group is stopped.
  std::chrono::milliseconds killGrace{2000};
  /// Bytes kept per stream (half from the start, half from the end).
  size_t captureLimit = 1 << 20;
  /// Called on the runner's thread for each complete line (without its newline), and for a
  /// last unterminated line at the end. Text is raw: the caller redacts before showing it.
  std::function<void(OutputStream, llvm::StringRef)> onLine;
  /// The mark the command's processes carry (ProcessTree.h); a new one when empty.
  std::string mark;
};

/// How a command ended.
struct ProcessResult {
  /// The exit status, or -1 when a signal ended the shell.
  int exitCode = -1;
  /// The signal that ended the shell, or 0.
  int signal = 0;
  /// The timeout expired and the group was stopped.
  bool timedOut = false;
  /// SIGKILL was needed because the group outlived the grace period.
  bool killed = false;
  /// Processes of the group were still running when the shell exited and were stopped.
  bool straysStopped = false;
  pid_t pid = 0;
  std::chrono::milliseconds duration{0};
  CapturedOutput out, err;
};

/// Runs the request to completion. Fails only when the command could not be started (NUL
/// byte in the command or environment, no pipes, spawn failure); how the command itself
/// ended is in the result. When the shell exits, anything still running in its process group
/// is stopped as on timeout: commands that must leave a service running should detach it
/// into its own session (`setsid`) or hand it to a service manager. On a timeout, every process
/// that holds the command's mark (ProcessTree.h) is stopped too, wherever it went.
llvm::Expected<ProcessResult> runProcess(const ProcessRequest &request);

/// Makes this process the reaper of orphaned descendants (Linux PR_SET_CHILD_SUBREAPER), so
/// that a command's grandchildren stopped on timeout are reaped here instead of lingering as
/// zombies when the system's init does not reap. Call once at start-up; returns false where
/// unsupported.
bool becomeChildSubreaper();

} // namespace drbook

#endif
