//===- ProcessTree.cpp - Every process a command started, wherever it went -===//
#include "drbook/exec/ProcessTree.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <mutex>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace drbook {

const char *const ProcessMarkVariable = "DRBOOK_PROCESS";

std::string processMarkPrefix() { return std::to_string(::getpid()) + "-"; }

std::string newProcessMark() {
  static std::atomic<unsigned> counter{0};
  return processMarkPrefix() + std::to_string(++counter);
}

static std::mutex runningLock;
static std::multiset<std::string> running;

void markStarted(const std::string &mark) {
  std::lock_guard<std::mutex> guard(runningLock);
  running.insert(mark);
}

void markEnded(const std::string &mark) {
  std::lock_guard<std::mutex> guard(runningLock);
  if (auto it = running.find(mark); it != running.end())
    running.erase(it);
}

std::vector<std::string> runningMarks() {
  std::lock_guard<std::mutex> guard(runningLock);
  return {running.begin(), running.end()};
}

/// The whole contents of a small /proc file; empty when it cannot be read.
static std::string readProcFile(const std::string &path) {
  std::string out;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return out;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;)
    out.append(buffer, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

/// The value of the mark in a NUL-separated environment, or "".
static llvm::StringRef markIn(llvm::StringRef environ) {
  std::string key = std::string(ProcessMarkVariable) + "=";
  while (!environ.empty()) {
    auto [entry, rest] = environ.split('\0');
    if (entry.startswith(key))
      return entry.drop_front(key.size());
    environ = rest;
  }
  return "";
}

std::vector<pid_t> markedProcesses(llvm::StringRef mark, bool prefix) {
  std::vector<pid_t> found;
  DIR *proc = ::opendir("/proc");
  if (!proc)
    return found;
  pid_t self = ::getpid();
  while (struct dirent *entry = ::readdir(proc)) {
    pid_t pid = std::atoi(entry->d_name);
    if (pid <= 0 || pid == self)
      continue;
    // environ is readable only for processes of the same user: exactly the ones we start.
    std::string env = readProcFile("/proc/" + std::string(entry->d_name) + "/environ");
    llvm::StringRef m = markIn(env);
    if (!m.empty() && (prefix ? m.startswith(mark) : m == mark))
      found.push_back(pid);
  }
  ::closedir(proc);
  return found;
}

static bool alive(pid_t pid) {
  ::waitpid(pid, nullptr, WNOHANG); // a child that died is a zombie until reaped
  return ::kill(pid, 0) == 0 && readProcFile("/proc/" + std::to_string(pid) + "/environ") != "";
}

size_t stopProcesses(const std::vector<pid_t> &pids, int graceMs) {
  for (pid_t pid : pids)
    ::kill(pid, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(graceMs);
  for (;;) {
    bool any = false;
    for (pid_t pid : pids)
      any |= alive(pid);
    if (!any || std::chrono::steady_clock::now() >= deadline)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (pid_t pid : pids)
    if (alive(pid))
      ::kill(pid, SIGKILL);
  for (pid_t pid : pids)
    ::waitpid(pid, nullptr, WNOHANG);
  return pids.size();
}

std::string processCommandLine(pid_t pid) {
  std::string cmdline = readProcFile("/proc/" + std::to_string(pid) + "/cmdline");
  while (!cmdline.empty() && cmdline.back() == '\0')
    cmdline.pop_back();
  for (char &c : cmdline)
    if (c == '\0')
      c = ' ';
  return cmdline;
}

} // namespace drbook
