//===- Duration.cpp - Durations as people read them ------------------------===//
#include "drbook/basic/Duration.h"

namespace drbook {

std::string formatDuration(int64_t ms) {
  if (ms == 0)
    return "0s";
  std::string out = ms < 0 ? "-" : "";
  uint64_t left = ms < 0 ? 0 - static_cast<uint64_t>(ms) : static_cast<uint64_t>(ms);
  if (left % 1000) // not a whole number of seconds: milliseconds say it exactly
    return out + std::to_string(left) + "ms";
  uint64_t s = left / 1000;
  if (s >= 3600)
    out += std::to_string(s / 3600) + "h";
  if (s % 3600 >= 60)
    out += std::to_string(s % 3600 / 60) + "m";
  if (s % 60)
    out += std::to_string(s % 60) + "s";
  return out;
}

} // namespace drbook
