//===- EventStream.cpp - `drbook run --events`: the journal as it happens --===//
#include "drbook/run/EventStream.h"

#include "drbook/basic/Files.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace drbook::run {

namespace {

/// What a reader may fall behind by before the stream gives up on it: far more than any run
/// writes in the seconds a slow reader needs, far less than would strain the machine.
constexpr size_t MaxQueuedBytes = 64u << 20;

} // namespace

llvm::Expected<std::unique_ptr<EventStream>> EventStream::open(const std::string &path, int fd) {
  if (fd < 0) {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
      return fileError("cannot open the event stream", path, errno);
  }
  return std::unique_ptr<EventStream>(new EventStream(path, fd));
}

EventStream::EventStream(std::string name, int fd) : name(std::move(name)), fd(fd) {
  writer = std::thread([this] { writeLines(); });
}

EventStream::~EventStream() {
  bool stuck;
  {
    std::lock_guard<std::mutex> guard(lock);
    closing = true;
    // After a drain that gave up, the writer may be blocked on a reader that never reads
    // again: it is left to end with the process, and keeps the descriptor.
    stuck = ended && !queue.empty();
  }
  changed.notify_all();
  if (stuck) {
    writer.detach();
    return;
  }
  writer.join();
  ::close(fd);
}

void EventStream::send(llvm::StringRef line) {
  std::lock_guard<std::mutex> guard(lock);
  if (ended)
    return;
  if (queuedBytes + line.size() + 1 > MaxQueuedBytes) {
    ended = true;
    std::fprintf(stderr,
                 "drbook: the event stream %s fell too far behind and is closed; the run goes "
                 "on, and its journal has every event\n",
                 name.c_str());
    return;
  }
  queue.push_back(line.str() + "\n");
  queuedBytes += queue.back().size();
  changed.notify_all();
}

void EventStream::drain(std::chrono::milliseconds patience) {
  std::unique_lock<std::mutex> guard(lock);
  if (changed.wait_for(guard, patience, [this] { return ended || queue.empty(); }))
    return;
  ended = true;
  std::fprintf(stderr,
               "drbook: the event stream %s has not taken its last %zu event(s) in %llds and "
               "is closed; the journal has every event\n",
               name.c_str(), queue.size(), static_cast<long long>(patience.count() / 1000));
}

/// The writer thread: writes lines in order until the stream closes or a write fails (a
/// closed pipe: SIGPIPE is ignored, so it is EPIPE here).
void EventStream::writeLines() {
  std::unique_lock<std::mutex> guard(lock);
  while (true) {
    changed.wait(guard, [this] { return closing || ended || !queue.empty(); });
    if (ended || queue.empty())
      return;
    std::string line = std::move(queue.front());
    guard.unlock();
    int failure = drbook::writeAll(fd, line);
    guard.lock();
    queue.pop_front();
    queuedBytes -= line.size();
    if (failure) {
      ended = true;
      queue.clear();
      queuedBytes = 0;
      std::fprintf(stderr,
                   "drbook: the event stream %s stopped taking events (%s); the run goes on, "
                   "and its journal has every event\n",
                   name.c_str(), std::strerror(failure));
    }
    changed.notify_all();
  }
}

} // namespace drbook::run
