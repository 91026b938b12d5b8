//===- ProbeJson.cpp - Probe results as journal records --------------------===//
//
// Keys are the language's result field names; durations are integer milliseconds. `error`
// appears only when the probe could not observe.
//
//===----------------------------------------------------------------------===//
#include "drbook/probes/Probes.h"

namespace drbook {
namespace probe {

void addError(nlohmann::json &out, const std::string &error) {
  if (!error.empty())
    out["error"] = error;
}

nlohmann::json toJson(const HttpResult &r) {
  nlohmann::json out = {{"status", r.status},
                        {"body", r.body},
                        {"body_bytes", r.bodyBytes},
                        {"body_truncated", r.bodyTruncated},
                        {"json", r.json},
                        {"content_type", r.contentType},
                        {"latency", r.latency.count()}};
  addError(out, r.error);
  return out;
}

nlohmann::json toJson(const TcpResult &r) {
  nlohmann::json out = {
      {"connected", r.connected}, {"peer", r.peer}, {"latency", r.latency.count()}};
  addError(out, r.error);
  return out;
}

nlohmann::json toJson(const SqlResult &r) {
  nlohmann::json out = {
      {"value", r.value}, {"row", r.row}, {"rows", r.rows}, {"latency", r.latency.count()}};
  addError(out, r.error);
  return out;
}

nlohmann::json toJson(const LogResult &r) {
  nlohmann::json stats = nlohmann::json::object();
  for (const auto &entry : r.stats)
    stats[entry.first] = {{"samples", entry.second.samples}, {"min", entry.second.min},
                          {"max", entry.second.max},         {"avg", entry.second.avg},
                          {"p50", entry.second.p50},         {"p95", entry.second.p95},
                          {"p99", entry.second.p99}};
  nlohmann::json out = {{"count", r.count},
                        {"total", r.total},
                        {"rate", r.rate},
                        {"bad_lines", r.badLines},
                        {"undated", r.undated},
                        {"stats", std::move(stats)},
                        {"latency", r.latency.count()}};
  addError(out, r.error);
  return out;
}

nlohmann::json toJson(const FileResult &r) {
  nlohmann::json out = {{"exists", r.exists},
                        {"is_directory", r.isDirectory},
                        {"size", r.size},
                        {"age", r.age.count()}};
  addError(out, r.error);
  return out;
}

nlohmann::json toJson(const CmdResult &r) {
  nlohmann::json out = {{"exit", r.exit},
                        {"signal", r.signal},
                        {"timed_out", r.timedOut},
                        {"stdout", r.stdoutText},
                        {"stderr", r.stderrText},
                        {"stdout_bytes", r.stdoutBytes},
                        {"stderr_bytes", r.stderrBytes},
                        {"duration", r.duration.count()}};
  addError(out, r.error);
  return out;
}

} // namespace probe
} // namespace drbook
