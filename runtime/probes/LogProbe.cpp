//===- LogProbe.cpp - The log probe: counting and measuring JSON-lines logs ===//
#include "drbook/basic/CanonicalJson.h"
#include "drbook/probes/Probes.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>

namespace drbook {
namespace probe {

using Clock = std::chrono::steady_clock;

/// The record's timestamp, if it has a usable one.
static std::optional<SystemTime> recordTime(const nlohmann::json &record,
                                            const std::string &field) {
  auto it = record.find(field);
  if (it == record.end())
    return std::nullopt;
  if (it->is_string())
    return parseTimestamp(it->get_ref<const std::string &>());
  if (it->is_number()) {
    double value = it->get<double>();
    if (!std::isfinite(value) || value < 0 || value > 1e15)
      return std::nullopt;
    // Epoch seconds until about year 5138; anything larger is milliseconds.
    double micros = value > 1e11 ? value * 1000 : value * 1e6;
    return SystemTime(std::chrono::duration_cast<SystemTime::duration>(
        std::chrono::microseconds(static_cast<long long>(micros))));
  }
  return std::nullopt;
}

/// Nearest-rank percentile of sorted samples.
static double percentile(const std::vector<double> &sorted, double p) {
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size(), std::max<size_t>(rank, 1)) - 1];
}

static FieldStats summarise(std::vector<double> samples) {
  FieldStats stats;
  stats.samples = samples.size();
  if (samples.empty())
    return stats;
  std::sort(samples.begin(), samples.end());
  double sum = 0;
  for (double v : samples)
    sum += v;
  stats.min = samples.front();
  stats.max = samples.back();
  stats.avg = sum / static_cast<double>(samples.size());
  stats.p50 = percentile(samples, 0.50);
  stats.p95 = percentile(samples, 0.95);
  stats.p99 = percentile(samples, 0.99);
  return stats;
}

static bool matches(const LogRequest &request, const nlohmann::json &record) {
  if (!request.where)
    return true;
  try {
    return request.where(record);
  } catch (...) {
    return false; // an evaluation error on one record is that record not matching
  }
}

LogResult log(const LogRequest &request) {
  LogResult result;
  Clock::time_point start = Clock::now();
  if (request.path.find('\0') != std::string::npos) {
    result.error = "the log path contains a NUL byte";
    return result;
  }
  std::ifstream in(request.path, std::ios::binary);
  if (!in) {
    result.error = "cannot open " + request.path + ": " + std::strerror(errno);
    return result;
  }
  std::optional<SystemTime> since;
  if (request.window)
    since = request.now - std::chrono::duration_cast<SystemTime::duration>(*request.window);
  std::vector<std::vector<double>> samples(request.statFields.size());
  std::string line;
  while (std::getline(in, line)) {
    if (llvm::StringRef(line).trim().empty())
      continue;
    std::optional<nlohmann::json> record = parseJson(line);
    if (!record || !record->is_object()) {
      ++result.badLines;
      continue;
    }
    if (since) {
      std::optional<SystemTime> at = recordTime(*record, request.timeField);
      if (!at) {
        ++result.undated;
        continue;
      }
      if (*at < *since)
        continue;
    }
    ++result.total;
    if (!matches(request, *record))
      continue;
    ++result.count;
    for (size_t i = 0; i < request.statFields.size(); ++i) {
      auto field = record->find(request.statFields[i]);
      if (field != record->end() && field->is_number())
        samples[i].push_back(field->get<double>());
    }
  }
  if (in.bad())
    result.error = "error reading " + request.path;
  result.rate = result.total ? static_cast<double>(result.count) / result.total : 0.0;
  for (size_t i = 0; i < request.statFields.size(); ++i)
    result.stats[request.statFields[i]] = summarise(std::move(samples[i]));
  result.latency = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  return result;
}

Observation observeLog(const ProbeRequest &r) {
  LogRequest req;
  req.path = r.target;
  if (auto where = r.conditions.find("where"); where != r.conditions.end())
    req.where = where->second;
  req.window = r.window;
  req.statFields = r.statFields;
  return {req.path, toJson(log(req)), ""};
}

} // namespace probe
} // namespace drbook
