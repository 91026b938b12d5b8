//===- Saturating.h - Time arithmetic that cannot wrap ---------------------===//
//
// Worst-case times multiply a runbook's timeouts by its retries and add them up along a
// path. A runbook can write numbers large enough to overflow 64 bits, and a wrapped sum would
// look small and pass the RTO check; saturated at the largest value, it fails it.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_BASIC_SATURATING_H
#define DRBOOK_BASIC_SATURATING_H

#include <cstdint>
#include <limits>

namespace drbook {

/// a + b, or the nearest limit of int64_t when it does not fit.
inline int64_t addSaturating(int64_t a, int64_t b) {
  int64_t sum;
  if (__builtin_add_overflow(a, b, &sum))
    return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  return sum;
}

/// a × b, or the nearest limit of int64_t when it does not fit.
inline int64_t mulSaturating(int64_t a, int64_t b) {
  int64_t product;
  if (__builtin_mul_overflow(a, b, &product))
    return (a < 0) != (b < 0) ? std::numeric_limits<int64_t>::min()
                              : std::numeric_limits<int64_t>::max();
  return product;
}

/// `v` rounded toward zero, or the nearest limit of int64_t when it does not fit (a cast
/// would be undefined, and in practice wraps to the most negative value).
inline int64_t int64Saturating(double v) {
  if (v != v)
    return 0;
  if (v >= 9223372036854775807.0)
    return std::numeric_limits<int64_t>::max();
  if (v <= -9223372036854775808.0)
    return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}

} // namespace drbook

#endif
