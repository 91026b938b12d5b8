//===- RandomRunbooks.h - Small random runbooks, as source text ------------===//
#ifndef DRBOOK_TESTS_RANDOMRUNBOOKS_H
#define DRBOOK_TESTS_RANDOMRUNBOOKS_H

#include <cstdint>
#include <string>

namespace drbook::testing {

/// The source of a small random runbook that compiles, deterministic in `seed`. It uses every
/// construct the verifier reasons about: std.dr's states and std.incident's actions (modules),
/// its own states, enum and bool params, actions (destructive, `requires`, effects with `when`,
/// `retries`, a `match` on an argument, `covers`), invariants of the three kinds, and phases
/// mixing check, must, do, run, manual (with `approves`), decide (when / otherwise / ask), if /
/// else, match, wait, parallel, abort and escalate, `on failure` on steps and phases, and
/// sometimes scenarios chosen by `decide scenario`.
std::string randomRunbook(uint32_t seed);

} // namespace drbook::testing

#endif
