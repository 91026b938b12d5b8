//===- Watch.h - `drbook watch PROOF_DIR`: follow a run started elsewhere --===//
//
// Reads a run's journal as it grows, a line once it is whole, and shows each event: as a line
// of text, or as its journal line with `--json`, the same lines `drbook run --events` writes.
// It checks the hash chain as it goes, so what it shows is what the proof will hold, and ends
// with the run's `end` event: exit 0 when the run passed, 1 otherwise (failed, aborted,
// escalated, interrupted) or when the chain is broken, 2 when there is no such directory.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_WATCH_H
#define DRBOOK_RUN_WATCH_H

#include <string>

namespace drbook::run {

struct WatchOptions {
  bool json = false;
  /// How often the journal is read again when nothing new was found.
  unsigned pollMs = 100;
  /// `--serve[=HOST:PORT]`: the live console of `drbook run --serve`, fed from the journal.
  bool serve = false;
  std::string serveAddress;
};

int watchRun(const std::string &proofDir, const WatchOptions &options);

} // namespace drbook::run

#endif
