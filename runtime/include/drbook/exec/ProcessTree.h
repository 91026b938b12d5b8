//===- ProcessTree.h - Every process a command started, wherever it went ---===//
//
// A command's process group is not all of it: a child can call `setsid`, move to another
// group, or double-fork and be re-parented. To stop everything a command started when it
// times out or the run is interrupted, each command gets a mark in its environment
// (DRBOOK_PROCESS=<drbook pid>-<step>), which every descendant inherits; the processes
// holding a mark are found by reading /proc. The mark also lets a resumed run find what a
// killed run left running in the step it was in. A daemon that a command started on purpose
// and that outlives the command's normal end is left alone.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUNTIME_PROCESSTREE_H
#define DRBOOK_RUNTIME_PROCESSTREE_H

#include "llvm/ADT/StringRef.h"

#include <string>
#include <sys/types.h>
#include <vector>

namespace drbook {

/// The environment variable that carries a command's mark.
extern const char *const ProcessMarkVariable;

/// A new mark for a command of this drbook process: `<pid>-<n>`.
std::string newProcessMark();

/// The marks of the commands running now, registered by the process runner while each runs,
/// so that an interrupted run stops exactly what is running, never a daemon an earlier step
/// started on purpose (`pg_ctl start`).
void markStarted(const std::string &mark);
void markEnded(const std::string &mark);
std::vector<std::string> runningMarks();

/// The prefix of every mark this drbook process hands out (`<pid>-`).
std::string processMarkPrefix();

/// The live processes whose mark is `mark`, or starts with it when `prefix` is set. Zombies
/// (whose environment is gone) are not listed.
std::vector<pid_t> markedProcesses(llvm::StringRef mark, bool prefix = false);

/// Sends SIGTERM to `pids`, then SIGKILL to those still alive after `graceMs`; reaps those that
/// are children of this process. Returns how many there were.
size_t stopProcesses(const std::vector<pid_t> &pids, int graceMs);

/// What `pid` runs, for messages: its command line, spaces between arguments.
std::string processCommandLine(pid_t pid);

} // namespace drbook

#endif
