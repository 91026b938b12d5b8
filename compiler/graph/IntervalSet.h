//===- IntervalSet.h - Unions of real intervals, for decision coverage -----===//
#ifndef DRBOOK_GRAPH_INTERVALSET_H
#define DRBOOK_GRAPH_INTERVALSET_H

#include <optional>
#include <vector>

namespace drbook::graph {

/// A union of disjoint intervals of the real line, each end open or closed (infinite ends are
/// open). Kept sorted and merged, so equal sets have equal representations.
class IntervalSet {
public:
  struct Interval {
    double lo, hi;
    bool loClosed, hiClosed;
  };

  static IntervalSet empty() { return {}; }
  static IntervalSet all();
  /// `x < v`, `x <= v`, `x > v`, `x >= v`, `x == v`.
  static IntervalSet below(double v, bool closed);
  static IntervalSet above(double v, bool closed);
  static IntervalSet point(double v);

  IntervalSet unite(const IntervalSet &other) const;
  IntervalSet complement() const;
  IntervalSet intersect(const IntervalSet &other) const;
  bool isAll() const;
  /// A point outside the set: the least integer outside it when `integers`, else any real.
  /// nullopt when there is none.
  std::optional<double> uncovered(bool integers) const;

private:
  void normalize();
  std::vector<Interval> parts;
};

} // namespace drbook::graph

#endif
