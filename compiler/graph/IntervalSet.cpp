//===- IntervalSet.cpp - Unions of real intervals --------------------------===//
#include "IntervalSet.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace drbook::graph {

static constexpr double Inf = std::numeric_limits<double>::infinity();

IntervalSet IntervalSet::all() {
  IntervalSet s;
  s.parts.push_back({-Inf, Inf, false, false});
  return s;
}

IntervalSet IntervalSet::below(double v, bool closed) {
  IntervalSet s;
  s.parts.push_back({-Inf, v, false, closed});
  return s;
}

IntervalSet IntervalSet::above(double v, bool closed) {
  IntervalSet s;
  s.parts.push_back({v, Inf, closed, false});
  return s;
}

IntervalSet IntervalSet::point(double v) {
  IntervalSet s;
  s.parts.push_back({v, v, true, true});
  return s;
}

// Sorts by lower end and merges intervals that overlap or touch (`[1,2)` and `[2,3]`).
void IntervalSet::normalize() {
  parts.erase(std::remove_if(parts.begin(), parts.end(),
                             [](const Interval &i) {
                               return i.lo > i.hi || (i.lo == i.hi && !(i.loClosed && i.hiClosed));
                             }),
              parts.end());
  std::sort(parts.begin(), parts.end(), [](const Interval &a, const Interval &b) {
    return a.lo < b.lo || (a.lo == b.lo && a.loClosed && !b.loClosed);
  });
  std::vector<Interval> merged;
  for (const Interval &i : parts) {
    if (!merged.empty()) {
      Interval &last = merged.back();
      bool touches = i.lo < last.hi || (i.lo == last.hi && (i.loClosed || last.hiClosed));
      if (touches) {
        if (i.hi > last.hi || (i.hi == last.hi && i.hiClosed))
          last.hi = i.hi, last.hiClosed = i.hiClosed;
        continue;
      }
    }
    merged.push_back(i);
  }
  parts = std::move(merged);
}

IntervalSet IntervalSet::unite(const IntervalSet &other) const {
  IntervalSet s = *this;
  s.parts.insert(s.parts.end(), other.parts.begin(), other.parts.end());
  s.normalize();
  return s;
}

IntervalSet IntervalSet::complement() const {
  IntervalSet s;
  double lo = -Inf;
  bool loClosed = false;
  for (const Interval &i : parts) {
    s.parts.push_back({lo, i.lo, loClosed, !i.loClosed});
    lo = i.hi;
    loClosed = !i.hiClosed;
  }
  s.parts.push_back({lo, Inf, loClosed, false});
  s.normalize();
  return s;
}

IntervalSet IntervalSet::intersect(const IntervalSet &other) const {
  return complement().unite(other.complement()).complement();
}

bool IntervalSet::isAll() const {
  return parts.size() == 1 && parts[0].lo == -Inf && parts[0].hi == Inf;
}

std::optional<double> IntervalSet::uncovered(bool integers) const {
  for (const Interval &gap : complement().parts) {
    double candidate;
    if (integers) {
      if (gap.lo == -Inf)
        candidate = gap.hi == Inf ? 0 : (gap.hiClosed ? std::floor(gap.hi) : std::ceil(gap.hi) - 1);
      else
        candidate = gap.loClosed ? std::ceil(gap.lo) : std::floor(gap.lo) + 1;
      bool inside = candidate > gap.lo || (candidate == gap.lo && gap.loClosed);
      inside &= candidate < gap.hi || (candidate == gap.hi && gap.hiClosed);
      if (inside)
        return candidate;
      continue;
    }
    if (gap.lo == -Inf)
      return gap.hi == Inf ? 0 : (gap.hiClosed ? gap.hi : gap.hi - 1);
    if (gap.loClosed)
      return gap.lo;
    return gap.hi == Inf ? gap.lo + 1 : (gap.lo + gap.hi) / 2;
  }
  return std::nullopt;
}

} // namespace drbook::graph
