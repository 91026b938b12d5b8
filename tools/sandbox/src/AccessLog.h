// Request log of the sandbox API: one JSON object per line, the contract drills assert on.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

namespace sandbox {

/// The current time as RFC 3339 UTC with millisecond precision, e.g. 2024-05-01T12:00:00.123Z.
std::string rfc3339NowUtc();

/// Appends request records to a file. Each line is flushed on its own so a drill reading the log
/// while the server runs (or after it is killed) never sees a partial record.
class AccessLog {
public:
  /// An empty path logs to standard output. Throws std::runtime_error if the file cannot be opened.
  explicit AccessLog(const std::string &Path);
  ~AccessLog();
  AccessLog(const AccessLog &) = delete;
  AccessLog &operator=(const AccessLog &) = delete;

  void request(const std::string &Method, const std::string &Path, int StatusCode,
               double DurationMs, const std::string &RequestId);

private:
  std::mutex Mutex;
  FILE *Out;
  bool OwnsOut;
};

} // namespace sandbox
