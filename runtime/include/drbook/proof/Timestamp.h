//===- Timestamp.h - RFC 3339 UTC timestamps for journals and logs ---------===//
#ifndef DRBOOK_RUNTIME_TIMESTAMP_H
#define DRBOOK_RUNTIME_TIMESTAMP_H

#include "llvm/ADT/StringRef.h"

#include <chrono>
#include <optional>
#include <string>

namespace drbook {

using SystemTime = std::chrono::system_clock::time_point;

/// `2026-03-01T04:05:06.789Z`: UTC, always millisecond precision, so timestamps of one
/// journal sort as text.
std::string formatTimestamp(SystemTime time);

/// Parses RFC 3339 date-times: `T`, `t` or a space between date and time, any number of
/// fraction digits (kept to microseconds), and `Z` or a `±HH:MM` / `±HHMM` offset.
/// Returns nothing on anything else (including out-of-range fields).
std::optional<SystemTime> parseTimestamp(llvm::StringRef text);

} // namespace drbook

#endif
