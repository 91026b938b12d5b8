//===- QuestionQueue.h - Parallel branches' questions, one at a time -------===//
//
// Branches of a `parallel` run at the same time and may each need the operator. Only one
// question is on the screen at a time, and while it is, other output is held back (the hook).
// When several questions wait, they are listed together and the operator picks which to answer
// first (`1: Manual step: GKE … 2: Redis …`); questions reached at the same moment are
// gathered for a moment so that they are listed together.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_QUESTIONQUEUE_H
#define DRBOOK_RUN_QUESTIONQUEUE_H

#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace drbook::run {

class QuestionQueue {
public:
  QuestionQueue(std::FILE *in, std::FILE *out) : in(in), out(out) {}

  /// Called with true when a question goes on the screen, false when it is answered.
  std::function<void(bool)> onScreen;

  /// The number of parallel branches running besides the main line changes by `delta`.
  void branches(int delta);

  /// While alive, this question is the one on the screen.
  class Turn {
  public:
    /// `step` (the asking step's node id) orders a listing as the branches are written.
    Turn(QuestionQueue &queue, std::string step, std::string summary);
    ~Turn();
    Turn(const Turn &) = delete;
    Turn &operator=(const Turn &) = delete;

  private:
    QuestionQueue &queue;
    std::string step, summary;
    friend class QuestionQueue;
  };

private:
  void enter(Turn &t);
  void leave();
  bool mayAsk(const Turn &t) const;
  /// Lists the waiting questions and reads which to answer first; the front one on end of
  /// input (its own prompt then sees the end too).
  const Turn *pick();

  std::FILE *in, *out;
  std::mutex lock;
  std::condition_variable wake;
  std::vector<const Turn *> waiting;
  const Turn *chosen = nullptr;
  bool asking = false;
  int running = 0;
};

} // namespace drbook::run

#endif
