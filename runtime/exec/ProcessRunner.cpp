//===- ProcessRunner.cpp - Running commands in their own process group -----===//
#include "drbook/exec/ProcessRunner.h"
#include "drbook/exec/ProcessTree.h"

#include "OutputCapture.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>

extern char **environ;

namespace drbook {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

bool becomeChildSubreaper() {
#ifdef PR_SET_CHILD_SUBREAPER
  return ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
#else
  return false;
#endif
}

static llvm::Error startError(const char *what, int err) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "cannot start command: %s: %s",
                                 what, std::strerror(err));
}

/// The environment for the child: ours, with the request's entries added or replaced.
static std::vector<std::string>
childEnvironment(const std::vector<std::pair<std::string, std::string>> &extra) {
  std::vector<std::string> env;
  for (char **entry = environ; entry && *entry; ++entry) {
    llvm::StringRef name = llvm::StringRef(*entry).split('=').first;
    bool replaced = llvm::any_of(extra, [&](const auto &kv) { return kv.first == name; });
    if (!replaced)
      env.emplace_back(*entry);
  }
  for (const auto &kv : extra)
    env.push_back(kv.first + "=" + kv.second);
  return env;
}

static llvm::Error validate(const ProcessRequest &request) {
  auto hasNul = [](const std::string &s) { return s.find('\0') != std::string::npos; };
  if (hasNul(request.command))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot start command: it contains a NUL byte");
  if (hasNul(request.workingDirectory))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot start command: working directory contains a NUL byte");
  for (const auto &kv : request.environment)
    if (kv.first.empty() || hasNul(kv.first) || hasNul(kv.second) ||
        kv.first.find('=') != std::string::npos)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "cannot start command: invalid environment variable name "
                                     "'%s'",
                                     kv.first.c_str());
  if (request.input && request.input->size() > ProcessRequest::MaxInput)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot start command: its input is larger than %zu bytes",
                                   ProcessRequest::MaxInput);
  return llvm::Error::success();
}

namespace {

/// What the child needs between vfork and exec, prepared by the parent: the child shares the
/// parent's memory and may only make system calls until it execs.
struct ShellLaunch {
  char *const *argv;
  char *const *envp;
  const char *workingDirectory; ///< null: the parent's
  int outWrite, errWrite;
  int inRead; ///< -1: /dev/null
  pid_t parent;
  /// Set by the child when it cannot become the shell.
  volatile int failure = 0;
};

/// The signals the interpreter ignores, blocks or may catch: commands get the default back.
constexpr int ResetSignals[] = {SIGPIPE, SIGINT,  SIGTERM, SIGHUP,  SIGQUIT, SIGCHLD, SIGUSR1,
                                SIGUSR2, SIGALRM, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH};

/// In the vfork child: its own process group, stdin from /dev/null, the pipes as stdout and
/// stderr and no other descriptor, default signals, and death with the parent (PR_SET_PDEATHSIG,
/// checked against the race where the parent is already gone); then the shell.
[[noreturn]] void becomeShell(ShellLaunch &l) {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != l.parent)
    ::_exit(127);
  int in = l.inRead >= 0 ? l.inRead : ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (in < 0 || ::dup2(in, 0) < 0 || ::dup2(l.outWrite, 1) < 0 || ::dup2(l.errWrite, 2) < 0 ||
      (l.workingDirectory && ::chdir(l.workingDirectory) != 0)) {
    l.failure = errno;
    ::_exit(127);
  }
  // Nothing else drbook holds or inherited reaches the command (its pipes close on exec; this
  // also closes what the caller of drbook left open without close-on-exec).
  ::close_range(3, ~0U, 0);
  struct sigaction defaults {};
  defaults.sa_handler = SIG_DFL;
  for (int sig : ResetSignals)
    ::sigaction(sig, &defaults, nullptr);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execve("/bin/sh", l.argv, l.envp);
  l.failure = errno;
  ::_exit(127);
}

/// Starts the shell; the pid, or -1 with errno set. vfork, not posix_spawn: only the child can
/// ask to die with its parent, and an extra exec of a helper for that doubled each command's
/// cost. Every signal is blocked across the vfork, so no handler runs in the child.
pid_t spawnShell(ShellLaunch &l) {
  sigset_t all, saved;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &saved);
  pid_t pid = ::vfork();
  if (pid == 0)
    becomeShell(l);
  int err = errno;
  ::pthread_sigmask(SIG_SETMASK, &saved, nullptr);
  if (pid > 0 && l.failure) {
    ::waitpid(pid, nullptr, 0);
    errno = l.failure;
    return -1;
  }
  errno = err;
  return pid;
}

/// A spawned shell and its group, until it has been reaped and its pipes drained.
class RunningProcess {
public:
  RunningProcess(const ProcessRequest &request, pid_t pid, std::string mark, int outFd, int errFd);
  ~RunningProcess();
  /// Drives the process to its end and fills the result.
  void run(ProcessResult &result);

private:
  enum class Phase { Running, Stopping, Killed };

  int pollOnce(Clock::time_point until);
  void readAvailable(size_t index);
  bool pipesClosed() const { return fds[0] < 0 && fds[1] < 0; }
  bool reapGroup();
  void reapAfterKill();
  bool groupGone();
  void reapStrays(Clock::time_point until);
  /// The processes outside the group that hold this command's mark (setsid, double fork).
  const std::vector<pid_t> &strayMembers();
  void signalGroup(int sig);
  void beginStopping(Clock::time_point now);
  void drainPipes(Clock::time_point until);
  /// One turn of the loop in each phase; true when the run is over.
  bool stepRunning(Clock::time_point deadline);
  bool stepStopping();

  const ProcessRequest &request;
  pid_t pid;
  std::string mark;
  std::vector<pid_t> marked; ///< seen holding the mark; reaped when they are our children
  int pidfd = -1;
  int fds[2];
  OutputCapture capture[2];
  Phase phase = Phase::Running;
  bool leaderReaped = false;
  int leaderStatus = 0;
  bool timedOut = false, killed = false, strays = false;
  Clock::time_point graceDeadline;
};

} // namespace

RunningProcess::RunningProcess(const ProcessRequest &request, pid_t pid, std::string mark,
                               int outFd, int errFd)
    : request(request), pid(pid), mark(std::move(mark)), fds{outFd, errFd},
      capture{OutputCapture(request.captureLimit, OutputStream::Stdout, request.onLine),
              OutputCapture(request.captureLimit, OutputStream::Stderr, request.onLine)} {
#ifdef SYS_pidfd_open
  pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#endif
  for (int fd : fds)
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

RunningProcess::~RunningProcess() {
  for (int fd : fds)
    if (fd >= 0)
      ::close(fd);
  if (pidfd >= 0)
    ::close(pidfd);
}

void RunningProcess::readAvailable(size_t index) {
  char buffer[1 << 16];
  // Bounded, so that a command flooding its output cannot keep the loop from its deadline.
  for (int reads = 0; fds[index] >= 0 && reads < 16; ++reads) {
    ssize_t n = ::read(fds[index], buffer, sizeof buffer);
    if (n > 0) {
      capture[index].append(llvm::StringRef(buffer, static_cast<size_t>(n)));
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return;
    ::close(fds[index]); // EOF or a read error: either way nothing more will come.
    fds[index] = -1;
  }
}

/// Collects exit statuses of the leader and, when this process is a subreaper, of orphans
/// of the group that were re-parented here. Returns whether children of the group remain.
bool RunningProcess::reapGroup() {
  for (;;) {
    int status = 0;
    pid_t done = ::waitpid(-pid, &status, WNOHANG);
    if (done < 0 && errno == EINTR)
      continue;
    if (done < 0)
      return false; // ECHILD: none left
    if (done == 0)
      return true;
    if (done == pid) {
      leaderReaped = true;
      leaderStatus = status;
    }
  }
}

/// After SIGKILL everything in the group dies promptly; collect the leader and the orphans
/// re-parented here. Bounded, because a process stuck in the kernel (uninterruptible I/O)
/// ignores even SIGKILL until the I/O ends.
void RunningProcess::reapAfterKill() {
  Clock::time_point start = Clock::now();
  while (reapGroup()) {
    milliseconds waited = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
    if ((leaderReaped && waited > milliseconds(2000)) || waited > milliseconds(10000))
      return;
    std::this_thread::sleep_for(milliseconds(5));
  }
}

const std::vector<pid_t> &RunningProcess::strayMembers() {
  for (pid_t p : marked)
    ::waitpid(p, nullptr, WNOHANG); // re-parented here (we are a subreaper) and dead
  marked = markedProcesses(mark);
  return marked;
}

/// Collects the exit of every stray that was re-parented here, once it has died, so that none
/// is left a zombie; bounded like reapAfterKill().
void RunningProcess::reapStrays(Clock::time_point until) {
  for (pid_t p : marked)
    while (::waitpid(p, nullptr, WNOHANG) == 0 && Clock::now() < until)
      std::this_thread::sleep_for(milliseconds(5));
}

// After a timeout everything the command started goes, wherever it went; at a normal end
// only its own group's strays do, since a daemon it started on purpose (pg_ctl start, a
// service that double-forks) must keep running.
bool RunningProcess::groupGone() {
  return ::kill(-pid, 0) != 0 && errno == ESRCH && (!timedOut || strayMembers().empty());
}

void RunningProcess::signalGroup(int sig) {
  ::kill(-pid, sig);
  if (timedOut)
    for (pid_t p : strayMembers())
      ::kill(p, sig);
}

void RunningProcess::beginStopping(Clock::time_point now) {
  signalGroup(SIGTERM);
  phase = Phase::Stopping;
  graceDeadline = now + request.killGrace;
}

/// Waits for output or the leader's exit, at most until `until`. Returns poll's result.
int RunningProcess::pollOnce(Clock::time_point until) {
  struct pollfd items[3];
  nfds_t count = 0;
  size_t streamAt[2] = {3, 3};
  for (size_t i = 0; i < 2; ++i)
    if (fds[i] >= 0) {
      streamAt[i] = count;
      items[count++] = {fds[i], POLLIN, 0};
    }
  size_t pidAt = 3;
  if (pidfd >= 0 && !leaderReaped) {
    pidAt = count;
    items[count++] = {pidfd, POLLIN, 0};
  }
  long long wait = std::chrono::duration_cast<milliseconds>(until - Clock::now()).count();
  wait = std::min<long long>(wait, 60000); // `until` may be "never"
  // Without a pidfd the leader's exit raises no event: look again every 20 ms. While stopping,
  // group members without pipes raise none either.
  if ((pidfd < 0 && !leaderReaped) || phase != Phase::Running)
    wait = std::min<long long>(wait, 20);
  int ready = ::poll(items, count, static_cast<int>(std::max<long long>(wait, 0)));
  if (ready <= 0)
    return ready;
  for (size_t i = 0; i < 2; ++i)
    if (streamAt[i] < 3 && items[streamAt[i]].revents)
      readAvailable(i);
  if (pidAt < 3 && items[pidAt].revents)
    reapGroup();
  return ready;
}

void RunningProcess::drainPipes(Clock::time_point until) {
  while (!pipesClosed() && Clock::now() < until)
    pollOnce(until);
}

bool RunningProcess::stepRunning(Clock::time_point deadline) {
  if (Clock::now() >= deadline) {
    timedOut = true;
    beginStopping(Clock::now());
    return false;
  }
  pollOnce(deadline);
  if (!leaderReaped && pidfd < 0)
    reapGroup();
  if (!leaderReaped)
    return false;
  for (size_t i = 0; i < 2; ++i)
    readAvailable(i);
  reapGroup();
  if (groupGone())
    return true;
  strays = true;
  beginStopping(Clock::now());
  return false;
}

bool RunningProcess::stepStopping() {
  reapGroup();
  if (leaderReaped && pipesClosed() && groupGone())
    return true;
  if (Clock::now() >= graceDeadline) {
    signalGroup(SIGKILL);
    killed = true;
    phase = Phase::Killed;
    return false;
  }
  pollOnce(graceDeadline);
  return false;
}

void RunningProcess::run(ProcessResult &result) {
  Clock::time_point deadline =
      request.timeout.count() > 0 ? Clock::now() + request.timeout : Clock::time_point::max();
  for (bool done = false; !done;) {
    switch (phase) {
    case Phase::Running:
      done = stepRunning(deadline);
      break;
    case Phase::Stopping:
      done = stepStopping();
      break;
    case Phase::Killed:
      reapAfterKill();
      done = true;
      break;
    }
  }
  // Output written by processes outside the group (a `setsid` child still holding the pipe)
  // is read for one more second at most; then the pipes are closed under it.
  drainPipes(Clock::now() + milliseconds(1000));
  reapGroup();
  reapStrays(Clock::now() + milliseconds(2000));
  result.timedOut = timedOut;
  result.killed = killed;
  result.straysStopped = strays;
  if (!leaderReaped) {
    result.signal = SIGKILL; // still stuck in the kernel; it was sent SIGKILL
  } else if (WIFEXITED(leaderStatus)) {
    result.exitCode = WEXITSTATUS(leaderStatus);
  } else if (WIFSIGNALED(leaderStatus)) {
    result.signal = WTERMSIG(leaderStatus);
  }
  result.out = capture[0].finish();
  result.err = capture[1].finish();
}

namespace {

/// The command's pipes: stdout and stderr, and stdin when it has input. Whatever is still
/// open when they go away is closed.
struct CommandPipes {
  int out[2] = {-1, -1}, err[2] = {-1, -1}, in[2] = {-1, -1};
  CommandPipes() = default;
  CommandPipes(const CommandPipes &) = delete;
  CommandPipes &operator=(const CommandPipes &) = delete;
  ~CommandPipes() {
    for (int *fd : {&out[0], &out[1], &err[0], &err[1], &in[0], &in[1]})
      close(*fd);
  }
  /// 0, or the errno of the pipe that could not be made.
  int open(bool withInput) {
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0 ||
        (withInput && ::pipe2(in, O_CLOEXEC) != 0))
      return errno;
    return 0;
  }
  /// Hands `fd` over to whoever closes it next.
  static int take(int &fd) { return std::exchange(fd, -1); }
  static void close(int &fd) {
    if (fd >= 0)
      ::close(take(fd));
  }
};

} // namespace

llvm::Expected<ProcessResult> runProcess(const ProcessRequest &request) {
  if (llvm::Error err = validate(request))
    return err;
  CommandPipes pipes;
  if (int err = pipes.open(request.input.has_value()))
    return startError("pipe", err);
  std::string mark = request.mark.empty() ? newProcessMark() : request.mark;
  std::vector<std::pair<std::string, std::string>> extra = request.environment;
  extra.emplace_back(ProcessMarkVariable, mark);
  std::vector<std::string> env = childEnvironment(extra);
  std::vector<char *> envp;
  for (std::string &entry : env)
    envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::string shell = "/bin/sh", dashC = "-c", command = request.command;
  char *argv[] = {shell.data(), dashC.data(), command.data(), nullptr};
  ShellLaunch launch{argv,
                     envp.data(),
                     request.workingDirectory.empty() ? nullptr : request.workingDirectory.c_str(),
                     pipes.out[1],
                     pipes.err[1],
                     pipes.in[0],
                     ::getpid()};

  Clock::time_point started = Clock::now();
  pid_t pid = spawnShell(launch);
  int spawnError = errno;
  for (int *childEnd : {&pipes.out[1], &pipes.err[1], &pipes.in[0]})
    CommandPipes::close(*childEnd);
  if (pid < 0)
    return startError(request.workingDirectory.empty()
                          ? "/bin/sh"
                          : ("/bin/sh in " + request.workingDirectory).c_str(),
                      spawnError);
  // The input fits the pipe's buffer (MaxInput), so this write never waits for the command;
  // the pipe stays open until the command has ended.
  if (pipes.in[1] >= 0)
    (void)!::write(pipes.in[1], request.input->data(), request.input->size());
  ProcessResult result;
  result.pid = pid;
  markStarted(mark);
  RunningProcess(request, pid, mark, CommandPipes::take(pipes.out[0]),
                 CommandPipes::take(pipes.err[0]))
      .run(result);
  markEnded(mark);
  result.duration = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
  return result;
}

} // namespace drbook
