//===- Interrupt.h - Stopping a run cleanly on Ctrl-C or SIGTERM -----------===//
//
// Commands run in their own process groups, so the terminal's Ctrl-C reaches only drbook.
// While a run is going, SIGINT, SIGTERM, SIGHUP (the SSH session dropped), SIGQUIT and
// SIGUSR1 are taken by a watcher thread instead: it stops every process group drbook started
// (SIGTERM, then SIGKILL after a grace period), records an `end` event with status
// `interrupted`, says how to resume, and exits with 128 + the signal. SIGPIPE is ignored: a
// closed terminal or pipe never stops a run.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_INTERRUPT_H
#define DRBOOK_RUN_INTERRUPT_H

#include <functional>

namespace drbook::run {

/// What the journal says about an interruption by `signal`.
const char *interruptReason(int signal);

/// Blocks the interrupting signals in the calling thread (and every thread it starts afterwards)
/// and starts the watcher. `onInterrupt` runs on the watcher thread after the commands were
/// stopped; it should record the interruption. Call once, before starting other threads.
void watchInterrupts(std::function<void(int signal)> onInterrupt);

/// Called before recording anything: once an interrupt is being handled, every thread but the
/// watcher stops here for good, so that a command killed by the interrupt is not recorded as
/// a failure and the run does not go on along a failure path.
void holdIfInterrupted();

/// Stops the process groups of drbook's children (and of orphans it reaps).
void stopChildProcessGroups();

/// Stops those and every process that holds the mark of a command running now
/// (ProcessTree.h), wherever `setsid` or a double fork took it.
void stopRunningCommands();

} // namespace drbook::run

#endif
