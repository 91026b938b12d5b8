//===- Duration.h - Durations as people read them --------------------------===//
#ifndef DRBOOK_BASIC_DURATION_H
#define DRBOOK_BASIC_DURATION_H

#include <cstdint>
#include <string>

namespace drbook {

/// A duration written as the language writes one: `1h6m8s`, `1500ms`, `0s`, `-5m`. The same
/// text in the verifier's notes, at run time and in proofs.
std::string formatDuration(int64_t millis);

} // namespace drbook

#endif
