//===- Timestamp.cpp - RFC 3339 UTC timestamps -----------------------------===//
#include "drbook/proof/Timestamp.h"

#include <cstdio>
#include <ctime>

namespace drbook {

using namespace std::chrono;

// Howard Hinnant's days_from_civil: calendar date to days since 1970-01-01, with no
// dependence on the process time zone (timegm is not in C++17 and mktime reads TZ).
static long long daysFromCivil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

std::string formatTimestamp(SystemTime time) {
  long long ms = duration_cast<milliseconds>(time.time_since_epoch()).count();
  long long secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  int millis = static_cast<int>(ms - secs * 1000);
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm parts{};
  gmtime_r(&t, &parts);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, millis);
  return buffer;
}

static int daysInMonth(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

/// Reads exactly `width` decimal digits at `pos`.
static bool readDigits(llvm::StringRef text, size_t &pos, unsigned width, int &value) {
  if (pos + width > text.size())
    return false;
  value = 0;
  for (unsigned i = 0; i < width; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9')
      return false;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return true;
}

static bool expect(llvm::StringRef text, size_t &pos, llvm::StringRef chars) {
  if (pos >= text.size() || chars.find(text[pos]) == llvm::StringRef::npos)
    return false;
  ++pos;
  return true;
}

/// Parses the offset suffix, returning seconds east of UTC.
static bool readOffset(llvm::StringRef text, size_t &pos, long long &offset) {
  if (expect(text, pos, "Zz")) {
    offset = 0;
    return true;
  }
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-'))
    return false;
  int sign = text[pos++] == '-' ? -1 : 1;
  int hh, mm;
  if (!readDigits(text, pos, 2, hh))
    return false;
  expect(text, pos, ":");
  if (!readDigits(text, pos, 2, mm) || hh > 23 || mm > 59)
    return false;
  offset = sign * (hh * 3600LL + mm * 60LL);
  return true;
}

std::optional<SystemTime> parseTimestamp(llvm::StringRef text) {
  size_t pos = 0;
  int year, month, day, hour, minute, second;
  if (!readDigits(text, pos, 4, year) || !expect(text, pos, "-") ||
      !readDigits(text, pos, 2, month) || !expect(text, pos, "-") ||
      !readDigits(text, pos, 2, day) || !expect(text, pos, "Tt ") ||
      !readDigits(text, pos, 2, hour) || !expect(text, pos, ":") ||
      !readDigits(text, pos, 2, minute) || !expect(text, pos, ":") ||
      !readDigits(text, pos, 2, second))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 60)
    return std::nullopt;
  // The clock counts nanoseconds in 64 bits, from 1970 to 2262; a journal can say anything,
  // and a year beyond would overflow the conversion.
  if (year < 1970 || year > 2261)
    return std::nullopt;
  long long micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t start = pos;
    long long scale = 100000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      micros += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start)
      return std::nullopt;
  }
  long long offset = 0;
  if (!readOffset(text, pos, offset) || pos != text.size())
    return std::nullopt;
  long long seconds =
      daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400LL +
      hour * 3600LL + minute * 60LL + second - offset;
  return SystemTime(
      duration_cast<SystemTime::duration>(microseconds(seconds * 1000000LL + micros)));
}

} // namespace drbook
