//===- QuestionQueue.cpp - Parallel branches' questions, one at a time -----===//
#include "drbook/run/QuestionQueue.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <unistd.h>

namespace drbook::run {

/// How long a question waits for sibling branches' questions before it is asked, so that
/// questions reached together are listed together.
constexpr std::chrono::milliseconds GatherTime{500};

void QuestionQueue::branches(int delta) {
  std::lock_guard<std::mutex> guard(lock);
  running += delta;
}

QuestionQueue::Turn::Turn(QuestionQueue &queue, std::string step, std::string summary)
    : queue(queue), step(std::move(step)), summary(std::move(summary)) {
  queue.enter(*this);
}

QuestionQueue::Turn::~Turn() { queue.leave(); }

bool QuestionQueue::mayAsk(const Turn &t) const {
  return !asking && (chosen == &t || (!chosen && waiting.front() == &t));
}

void QuestionQueue::enter(Turn &t) {
  std::unique_lock<std::mutex> guard(lock);
  waiting.push_back(&t);
  if (running > 0) {
    guard.unlock();
    std::this_thread::sleep_for(GatherTime);
    guard.lock();
  }
  for (;;) {
    wake.wait(guard, [&] { return mayAsk(t); });
    asking = true;
    if (chosen == &t || waiting.size() == 1)
      break;
    guard.unlock();
    if (onScreen)
      onScreen(true);
    const Turn *next = pick();
    guard.lock();
    if (next == &t)
      break;
    chosen = next;
    asking = false;
    if (onScreen)
      onScreen(false);
    wake.notify_all();
  }
  chosen = nullptr;
  waiting.erase(std::find(waiting.begin(), waiting.end(), &t));
  guard.unlock();
  if (onScreen)
    onScreen(true);
}

void QuestionQueue::leave() {
  if (onScreen)
    onScreen(false);
  std::lock_guard<std::mutex> guard(lock);
  asking = false;
  wake.notify_all();
}

const QuestionQueue::Turn *QuestionQueue::pick() {
  std::vector<const Turn *> listed;
  {
    std::lock_guard<std::mutex> guard(lock);
    listed = waiting;
  }
  // In the order the branches are written (`branch.2` before `branch.10`).
  std::sort(listed.begin(), listed.end(), [](const Turn *a, const Turn *b) {
    return llvm::StringRef(a->step).compare_numeric(b->step) < 0;
  });
  std::fprintf(out, "\n? %zu questions are waiting, from parallel branches:\n", listed.size());
  for (size_t i = 0; i < listed.size(); ++i)
    std::fprintf(out, "  %zu: %s\n", i + 1, listed[i]->summary.c_str());
  for (;;) {
    std::fprintf(out, "Answer which first? 1-%zu: ", listed.size());
    std::fflush(out);
    char buf[64];
    bool ended = !std::fgets(buf, sizeof buf, in);
    if (!::isatty(::fileno(in))) // piped answers are not echoed
      std::fputc('\n', out);
    if (ended)
      return listed.front();
    unsigned n = 0;
    if (!llvm::StringRef(buf).trim().getAsInteger(10, n) && n >= 1 && n <= listed.size())
      return listed[n - 1];
    std::fprintf(out, "  '%s' is not a number from 1 to %zu\n",
                 llvm::StringRef(buf).trim().str().c_str(), listed.size());
  }
}

} // namespace drbook::run
