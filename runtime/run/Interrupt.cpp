//===- Interrupt.cpp - Stopping a run cleanly on Ctrl-C or SIGTERM ---------===//
#include "Interrupt.h"

#include "drbook/exec/ProcessTree.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <set>
#include <string>
#include <thread>
#include <unistd.h>

namespace drbook::run {

static std::atomic<bool> interrupting{false};
static thread_local bool isWatcher = false;

void holdIfInterrupted() {
  while (interrupting.load() && !isWatcher)
    std::this_thread::sleep_for(std::chrono::seconds(1));
}

/// Process groups led by drbook's children: each command is its own group.
static std::set<pid_t> childGroups() {
  std::set<pid_t> groups;
  pid_t self = ::getpid(), own = ::getpgrp();
  DIR *proc = ::opendir("/proc");
  if (!proc)
    return groups;
  while (struct dirent *entry = ::readdir(proc)) {
    pid_t pid = std::atoi(entry->d_name);
    if (pid <= 0)
      continue;
    std::string path = "/proc/" + std::string(entry->d_name) + "/stat";
    std::FILE *f = std::fopen(path.c_str(), "r");
    if (!f)
      continue;
    char buf[512];
    size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    buf[n] = '\0';
    // `pid (comm) state ppid pgrp …`; comm may hold spaces and parentheses.
    std::string stat(buf);
    size_t close = stat.rfind(')');
    if (close == std::string::npos)
      continue;
    char state;
    int ppid = 0, pgrp = 0;
    if (std::sscanf(stat.c_str() + close + 1, " %c %d %d", &state, &ppid, &pgrp) != 3)
      continue;
    if (ppid == self && pgrp > 0 && pgrp != own)
      groups.insert(pgrp);
  }
  ::closedir(proc);
  return groups;
}

void stopChildProcessGroups() {
  std::set<pid_t> groups = childGroups();
  for (pid_t g : groups)
    ::kill(-g, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (std::chrono::steady_clock::now() < deadline) {
    bool alive = false;
    for (pid_t g : groups)
      alive |= ::kill(-g, 0) == 0;
    if (!alive)
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (pid_t g : groups)
    ::kill(-g, SIGKILL);
}

void stopRunningCommands() {
  std::vector<std::string> marks = runningMarks();
  stopChildProcessGroups();
  std::vector<pid_t> left;
  for (const std::string &mark : marks)
    for (pid_t pid : markedProcesses(mark))
      left.push_back(pid);
  stopProcesses(left, 2000);
}

const char *interruptReason(int sig) {
  switch (sig) {
  case SIGINT:
    return "interrupted (SIGINT)";
  case SIGHUP:
    return "hung up (SIGHUP: the terminal or SSH session closed)";
  case SIGQUIT:
    return "quit (SIGQUIT)";
  case SIGUSR1:
    return "stopped (SIGUSR1)";
  default:
    return "terminated (SIGTERM)";
  }
}

void watchInterrupts(std::function<void(int)> onInterrupt) {
  // A closed terminal or pipe (`drbook run … | head`) is not a reason to stop a run: writes
  // to it fail quietly and the journal goes on. Commands get the default back (ProcessRunner).
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1})
    sigaddset(&set, sig);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([set, onInterrupt = std::move(onInterrupt)] {
    isWatcher = true;
    int sig = 0;
    if (sigwait(&set, &sig) != 0)
      return;
    interrupting = true;
    std::fprintf(stderr, "\ndrbook: %s: stopping the commands this run started\n",
                 interruptReason(sig));
    stopRunningCommands();
    onInterrupt(sig);
    std::_Exit(128 + sig);
  }).detach();
}

} // namespace drbook::run
