//===- EventStream.h - `drbook run --events`: the journal as it happens ----===//
//
// Every journal event, as its exact journal line, written to a file or a pipe once it is
// durable, for other tools (a chat bot, a dashboard, `jq`) to follow a run. The stream never
// holds the run up: lines are queued and written by a thread of their own, and a reader that
// goes away or falls too far behind ends the stream, not the run; the journal keeps every
// event either way.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_EVENTSTREAM_H
#define DRBOOK_RUN_EVENTSTREAM_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace drbook::run {

class EventStream {
public:
  /// Writes to `fd` when it is not negative (the stream then owns it, and `path` only names
  /// it in messages), else to the file `path`, created 0600 or truncated (a FIFO is opened
  /// as it is).
  static llvm::Expected<std::unique_ptr<EventStream>> open(const std::string &path, int fd);
  ~EventStream();
  EventStream(const EventStream &) = delete;
  EventStream &operator=(const EventStream &) = delete;

  /// Queues one line (a newline is added). Never blocks on the reader.
  void send(llvm::StringRef line);
  /// Waits until every queued line is written or the stream has ended, for at most
  /// `patience`: a reader that stopped reading does not keep drbook from exiting.
  void drain(std::chrono::milliseconds patience = std::chrono::seconds(5));

private:
  EventStream(std::string name, int fd);
  void writeLines();
  std::string name;
  int fd;
  std::mutex lock;
  std::condition_variable changed;
  std::deque<std::string> queue;
  size_t queuedBytes = 0;
  bool ended = false, closing = false;
  std::thread writer;
};

} // namespace drbook::run

#endif
