//===- ProcessRunnerTest.cpp - Real processes: groups, timeouts, capture ---===//
#include "drbook/exec/ProcessRunner.h"

#include "RuntimeTestSupport.h"

#include <gtest/gtest.h>

#include <csignal>
#include <fcntl.h>
#include <mutex>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

using namespace drbook;
using namespace std::chrono_literals;

namespace {

ProcessResult mustRun(ProcessRequest request) {
  llvm::Expected<ProcessResult> result = runProcess(request);
  if (!result) {
    ADD_FAILURE() << llvm::toString(result.takeError());
    return {};
  }
  return std::move(*result);
}

bool processExists(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

TEST(ProcessRunner, CapturesStdoutStderrAndExitCode) {
  ProcessRequest request;
  request.command = "echo out; echo err >&2; exit 3";
  ProcessResult result = mustRun(request);
  EXPECT_EQ(result.exitCode, 3);
  EXPECT_EQ(result.signal, 0);
  EXPECT_FALSE(result.timedOut);
  EXPECT_EQ(result.out.text(), "out\n");
  EXPECT_EQ(result.err.text(), "err\n");
  EXPECT_EQ(result.out.totalBytes, 4u);
  EXPECT_GT(result.pid, 0);
}

TEST(ProcessRunner, RunsInItsOwnProcessGroup) {
  ProcessRequest request;
  request.command = "ps -o pgid= -p $$";
  ProcessResult result = mustRun(request);
  ASSERT_EQ(result.exitCode, 0) << result.err.text();
  EXPECT_EQ(std::stoi(result.out.text()), result.pid);
  EXPECT_NE(std::stoi(result.out.text()), ::getpgrp());
}

TEST(ProcessRunner, ReportsTheSignalThatEndedTheShell) {
  ProcessRequest request;
  request.command = "kill -USR1 $$";
  ProcessResult result = mustRun(request);
  EXPECT_EQ(result.exitCode, -1);
  EXPECT_EQ(result.signal, SIGUSR1);
}

TEST(ProcessRunner, AddsAndReplacesEnvironmentVariables) {
  ::setenv("DRBOOK_TEST_KEEP", "kept", 1);
  ::setenv("DRBOOK_TEST_REPLACE", "old", 1);
  ProcessRequest request;
  request.command = "printf '%s|%s|%s' \"$DRBOOK_TEST_KEEP\" \"$DRBOOK_TEST_REPLACE\" "
                    "\"$DRBOOK_TEST_NEW\"";
  request.environment = {{"DRBOOK_TEST_REPLACE", "new"}, {"DRBOOK_TEST_NEW", "a b 'c'"}};
  ProcessResult result = mustRun(request);
  EXPECT_EQ(result.out.text(), "kept|new|a b 'c'");
}

TEST(ProcessRunner, RunsInTheWorkingDirectory) {
  test::TempDir dir;
  ProcessRequest request;
  request.command = "pwd -P";
  request.workingDirectory = dir.path();
  ProcessResult result = mustRun(request);
  char resolved[PATH_MAX];
  ASSERT_NE(::realpath(dir.path().c_str(), resolved), nullptr);
  EXPECT_EQ(result.out.text(), std::string(resolved) + "\n");
}

TEST(ProcessRunner, MissingWorkingDirectoryIsAnError) {
  ProcessRequest request;
  request.command = "true";
  request.workingDirectory = "/nonexistent/drbook/dir";
  llvm::Expected<ProcessResult> result = runProcess(request);
  ASSERT_FALSE(result);
  EXPECT_NE(llvm::toString(result.takeError()).find("/nonexistent/drbook/dir"), std::string::npos);
}

TEST(ProcessRunner, RejectsNulBytesAndBadEnvironmentNames) {
  ProcessRequest request;
  request.command = std::string("echo a\0b", 8);
  llvm::Expected<ProcessResult> nul = runProcess(request);
  ASSERT_FALSE(nul);
  EXPECT_NE(llvm::toString(nul.takeError()).find("NUL"), std::string::npos);
  request.command = "true";
  request.environment = {{"A=B", "c"}};
  llvm::Expected<ProcessResult> env = runProcess(request);
  ASSERT_FALSE(env);
  EXPECT_NE(llvm::toString(env.takeError()).find("A=B"), std::string::npos);
}

TEST(ProcessRunner, StdinIsEmpty) {
  ProcessRequest request;
  request.command = "wc -c";
  ProcessResult result = mustRun(request);
  EXPECT_EQ(std::stoi(result.out.text()), 0);
}

TEST(ProcessRunner, StreamsLinesAsTheyArrive) {
  ProcessRequest request;
  request.command = "echo one; echo two >&2; printf 'three\\nfour'";
  std::vector<std::pair<OutputStream, std::string>> lines;
  request.onLine = [&](OutputStream stream, llvm::StringRef line) {
    lines.emplace_back(stream, line.str());
  };
  ProcessResult result = mustRun(request);
  std::vector<std::string> out, err;
  for (auto &line : lines)
    (line.first == OutputStream::Stdout ? out : err).push_back(line.second);
  EXPECT_EQ(out, (std::vector<std::string>{"one", "three", "four"}));
  EXPECT_EQ(err, (std::vector<std::string>{"two"}));
  EXPECT_EQ(result.out.text(), "one\nthree\nfour");
}

TEST(ProcessRunner, LineCallbackSeesOutputBeforeTheCommandEnds) {
  ProcessRequest request;
  request.command = "echo ready; sleep 1; echo done";
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now(), firstLine;
  request.onLine = [&](OutputStream, llvm::StringRef line) {
    if (line == "ready")
      firstLine = std::chrono::steady_clock::now();
  };
  ProcessResult result = mustRun(request);
  EXPECT_LT(firstLine - start, 700ms);
  EXPECT_GE(result.duration, 1000ms);
}

TEST(ProcessRunner, CapsCaptureKeepingHeadAndTail) {
  ProcessRequest request;
  // 100000 numbered lines: far over the 1000-byte cap.
  request.command = "i=0; while [ $i -lt 20000 ]; do echo \"line $i\"; i=$((i+1)); done";
  request.captureLimit = 1000;
  size_t lines = 0;
  request.onLine = [&](OutputStream, llvm::StringRef) { ++lines; };
  ProcessResult result = mustRun(request);
  EXPECT_EQ(lines, 20000u);
  EXPECT_TRUE(result.out.truncated());
  EXPECT_EQ(result.out.head.size(), 500u);
  EXPECT_EQ(result.out.tail.size(), 500u);
  EXPECT_EQ(result.out.head.substr(0, 14), "line 0\nline 1\n");
  EXPECT_EQ(llvm::StringRef(result.out.tail).take_back(11), "line 19999\n");
  uint64_t expected = 0;
  for (int i = 0; i < 20000; ++i)
    expected += 6 + std::to_string(i).size();
  EXPECT_EQ(result.out.totalBytes, expected);
  std::string text = result.out.text();
  EXPECT_NE(text.find(std::to_string(expected - 1000) + " bytes omitted"), std::string::npos);
}

TEST(ProcessRunner, OutputJustUnderTheCapIsKeptWhole) {
  ProcessRequest request;
  request.command = "head -c 999 /dev/zero | tr '\\0' x";
  request.captureLimit = 1000;
  ProcessResult result = mustRun(request);
  EXPECT_FALSE(result.out.truncated());
  EXPECT_EQ(result.out.head, std::string(999, 'x'));
  EXPECT_TRUE(result.out.tail.empty());
}

TEST(ProcessRunner, TimeoutKillsTheWholeGroupLeavingNoOrphan) {
  ASSERT_TRUE(becomeChildSubreaper());
  ProcessRequest request;
  // Two background children that would outlive the shell, then a hang.
  request.command = "sleep 1000 & echo $!; sleep 1000 & echo $!; sleep 1000";
  request.timeout = 500ms;
  request.killGrace = 500ms;
  std::vector<pid_t> children;
  std::mutex guard;
  request.onLine = [&](OutputStream stream, llvm::StringRef line) {
    int pid = 0;
    if (stream == OutputStream::Stdout && !line.getAsInteger(10, pid)) {
      std::lock_guard<std::mutex> lock(guard);
      children.push_back(pid);
    }
  };
  ProcessResult result = mustRun(request);
  EXPECT_TRUE(result.timedOut);
  EXPECT_EQ(result.signal, SIGTERM);
  EXPECT_LT(result.duration, 5s);
  ASSERT_EQ(children.size(), 2u);
  for (pid_t child : children)
    EXPECT_FALSE(processExists(child)) << "child " << child << " survived";
  EXPECT_FALSE(processExists(result.pid));
  EXPECT_NE(::kill(-result.pid, 0), 0) << "the process group still has members";
}

TEST(ProcessRunner, TimeoutHoldsWhileOutputFloods) {
  ProcessRequest request;
  request.command = "yes flood";
  request.timeout = 300ms;
  request.killGrace = 300ms;
  request.captureLimit = 4096;
  ProcessResult result = mustRun(request);
  EXPECT_TRUE(result.timedOut);
  EXPECT_LT(result.duration, 3s);
  EXPECT_GT(result.out.totalBytes, 4096u);
  EXPECT_TRUE(result.out.truncated());
  EXPECT_EQ(result.out.head.substr(0, 12), "flood\nflood\n");
}

TEST(ProcessRunner, SigkillAfterGraceWhenTermIsIgnored) {
  ASSERT_TRUE(becomeChildSubreaper());
  ProcessRequest request;
  request.command = "trap '' TERM; (trap '' TERM; sleep 1000) & echo $!; while :; do sleep 1; done";
  request.timeout = 300ms;
  request.killGrace = 300ms;
  pid_t child = 0;
  request.onLine = [&](OutputStream, llvm::StringRef line) { line.getAsInteger(10, child); };
  ProcessResult result = mustRun(request);
  EXPECT_TRUE(result.timedOut);
  EXPECT_TRUE(result.killed);
  EXPECT_EQ(result.signal, SIGKILL);
  ASSERT_GT(child, 0);
  EXPECT_FALSE(processExists(child));
  EXPECT_LT(result.duration, 5s);
}

TEST(ProcessRunner, StraysLeftByAFinishedShellAreStopped) {
  ASSERT_TRUE(becomeChildSubreaper());
  ProcessRequest request;
  request.command = "sleep 1000 & echo $!; echo finished";
  pid_t child = 0;
  request.onLine = [&](OutputStream, llvm::StringRef line) { line.getAsInteger(10, child); };
  ProcessResult result = mustRun(request);
  EXPECT_EQ(result.exitCode, 0);
  EXPECT_FALSE(result.timedOut);
  EXPECT_TRUE(result.straysStopped);
  EXPECT_NE(result.out.text().find("finished"), std::string::npos);
  ASSERT_GT(child, 0);
  EXPECT_FALSE(processExists(child));
  EXPECT_LT(result.duration, 5s);
}

TEST(ProcessRunner, QuickCommandsAreNotSlowedDown) {
  ProcessRequest request;
  request.command = "true";
  request.timeout = 10s;
  ProcessResult result = mustRun(request);
  EXPECT_EQ(result.exitCode, 0);
  EXPECT_FALSE(result.straysStopped);
  EXPECT_LT(result.duration, 1000ms);
}

/// CPU time this thread has used.
std::chrono::microseconds threadCpuTime() {
  rusage usage{};
  ::getrusage(RUSAGE_THREAD, &usage);
  return std::chrono::seconds(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         std::chrono::microseconds(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

TEST(ProcessRunner, WaitingCostsNoCpu) {
  ProcessRequest request;
  request.command = "sleep 1";
  request.timeout = 10s;
  std::chrono::microseconds before = threadCpuTime();
  ProcessResult result = mustRun(request);
  std::chrono::microseconds used = threadCpuTime() - before;
  EXPECT_GE(result.duration, 1000ms);
  EXPECT_LT(used, 50ms) << "the runner spins while the command sleeps";
}

TEST(ProcessRunner, ChildSeesDefaultSigpipe) {
  // The interpreter may ignore SIGPIPE; its commands must not inherit that.
  std::signal(SIGPIPE, SIG_IGN);
  ProcessRequest request;
  request.command = "yes | head -n 1";
  request.timeout = 10s;
  ProcessResult result = mustRun(request);
  std::signal(SIGPIPE, SIG_DFL);
  EXPECT_FALSE(result.timedOut);
  EXPECT_EQ(result.out.text(), "y\n");
}

TEST(ProcessRunner, ChildStartsWithNoSignalBlockedOrIgnored) {
  // The interpreter blocks its stop signals (a watcher thread waits for them) and ignores
  // SIGPIPE; the shell must start with neither.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  ProcessRequest request;
  // exec, so grep reads the shell's own mask: a shell that forks grep blocks every signal
  // around its own vfork, and grep could read that passing state.
  request.command = "exec grep -E '^Sig(Blk|Ign):' /proc/self/status";
  request.timeout = 10s;
  ProcessResult result = mustRun(request);
  std::signal(SIGPIPE, SIG_DFL);
  pthread_sigmask(SIG_UNBLOCK, &stop, nullptr);
  EXPECT_EQ(result.out.text(), "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n");
}

TEST(ProcessRunner, CommandGetsOnlyItsThreeStreams) {
  // Whatever the runner holds or inherited without close-on-exec stays with it.
  int stray = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(stray, 3);
  ProcessRequest request;
  // One command: the shell execs it with the descriptors the shell was given.
  request.command = "ls -l /proc/self/fd";
  request.timeout = 10s;
  ProcessResult result = mustRun(request);
  ::close(stray);
  std::string listing = result.out.text();
  llvm::SmallVector<llvm::StringRef, 8> lines;
  llvm::StringRef(listing).trim().split(lines, '\n');
  std::vector<std::string> fds;
  for (llvm::StringRef line : llvm::makeArrayRef(lines).drop_front()) // "total 0"
    fds.push_back(line.split(" -> ").first.rsplit(' ').second.str());
  // 3 is the directory ls reads.
  EXPECT_EQ(fds, (std::vector<std::string>{"0", "1", "2", "3"})) << listing;
}

TEST(ProcessRunner, ConcurrentRunsDoNotMixOutput) {
  std::vector<std::thread> threads;
  std::vector<std::string> outputs(4);
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([i, &outputs] {
      ProcessRequest request;
      request.command = "for n in 1 2 3; do echo " + std::to_string(i) + "-$n; sleep 0.05; done";
      llvm::Expected<ProcessResult> result = runProcess(request);
      outputs[i] = result ? result->out.text() : llvm::toString(result.takeError());
    });
  for (std::thread &t : threads)
    t.join();
  for (int i = 0; i < 4; ++i) {
    std::string n = std::to_string(i);
    EXPECT_EQ(outputs[i], n + "-1\n" + n + "-2\n" + n + "-3\n");
  }
}

} // namespace

TEST(ProcessRunner, InputIsGivenAndStaysOpenUntilTheCommandEnds) {
  ProcessRequest request;
  // `head -c` reads exactly the input; `cat` then waits for the end of the input, which comes
  // only when the command has ended: so the second read must time out, not see end of file.
  request.command = "head -c 5; echo; timeout 0.3 cat >/dev/null; echo \"status $?\"";
  request.input = "hello";
  request.timeout = 10s;
  ProcessResult result = mustRun(request);
  EXPECT_EQ(result.out.text(), "hello\nstatus 124\n");
}

TEST(ProcessRunner, InputLargerThanThePipeIsRefused) {
  ProcessRequest request;
  request.command = "true";
  request.input = std::string(ProcessRequest::MaxInput + 1, 'x');
  llvm::Expected<ProcessResult> result = runProcess(request);
  ASSERT_FALSE(result);
  EXPECT_NE(llvm::toString(result.takeError()).find("input is larger than"), std::string::npos);
}
