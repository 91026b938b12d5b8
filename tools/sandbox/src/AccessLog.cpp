// Writes the sandbox API's JSON-lines request log.
#include "AccessLog.h"

#include <chrono>
#include <ctime>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace sandbox {

std::string rfc3339NowUtc() {
  using namespace std::chrono;
  auto Now = system_clock::now();
  auto Millis = duration_cast<milliseconds>(Now.time_since_epoch()).count() % 1000;
  std::time_t Secs = system_clock::to_time_t(Now);
  std::tm Utc{};
  gmtime_r(&Secs, &Utc);
  char Buf[32];
  std::strftime(Buf, sizeof(Buf), "%Y-%m-%dT%H:%M:%S", &Utc);
  return fmt::format("{}.{:03d}Z", Buf, static_cast<int>(Millis));
}

AccessLog::AccessLog(const std::string &Path) : Out(stdout), OwnsOut(false) {
  if (Path.empty())
    return;
  Out = std::fopen(Path.c_str(), "a");
  if (!Out)
    throw std::runtime_error(fmt::format("cannot open log file '{}'", Path));
  OwnsOut = true;
}

AccessLog::~AccessLog() {
  if (OwnsOut)
    std::fclose(Out);
}

void AccessLog::request(const std::string &Method, const std::string &Path, int StatusCode,
                        double DurationMs, const std::string &RequestId) {
  // Ordered so the lines read in the same field order as the documented contract.
  nlohmann::ordered_json Line = {
      {"ts", rfc3339NowUtc()},
      {"event", "request"},
      {"status_code", StatusCode},
      // Two decimals keep lines short; sub-10µs precision means nothing for an HTTP request.
      {"duration_ms",
       static_cast<double>(static_cast<long long>(DurationMs * 100.0 + 0.5)) / 100.0},
      {"request_id", RequestId},
      {"path", Path},
      {"method", Method},
  };
  // Replace invalid UTF-8 from hostile paths rather than throwing in the middle of a request.
  std::string Text = Line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::lock_guard<std::mutex> Lock(Mutex);
  std::fputs(Text.c_str(), Out);
  std::fputc('\n', Out);
  std::fflush(Out);
}

} // namespace sandbox
