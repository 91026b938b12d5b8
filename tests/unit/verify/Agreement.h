//===- Agreement.h - The verifier against brute force, on one step graph ---===//
//
// What the property tests assert of every graph they make, from random nodes or compiled from a
// random runbook: each path-based check reports a violation exactly when some path (or, inside
// a `parallel`, some interleaving) violates the property; every counterexample is a real,
// feasible path that the brute force, walking exactly that path, finds violating the rule; and
// the time budget is exceeded exactly when the longest completing run exceeds it.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_TESTS_AGREEMENT_H
#define DRBOOK_TESTS_AGREEMENT_H

#include "drbook/graph/Graph.h"

#include <string>

namespace drbook::testing {

/// What a run of comparisons saw, so that a test can insist it saw both outcomes.
struct Tally {
  unsigned compared = 0;  ///< graphs compared with the brute force
  unsigned violating = 0; ///< of those, graphs with at least one violation
  unsigned rejected = 0;  ///< graphs whose `parallel` the verifier rejects as racy
  unsigned skipped = 0;   ///< graphs too large for the brute force
  unsigned replayed = 0;  ///< counterexamples walked by the brute force
};

/// Compares the verifier with the brute force on `g`, as gtest expectations naming `what`.
void expectAgreement(const graph::StepGraph &g, const std::string &what, Tally &tally);

} // namespace drbook::testing

#endif
