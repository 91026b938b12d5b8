//===- LiveConsole.h - `drbook run --serve`: a run's live view in a browser -===//
//
// During an incident several people watch one run. The console serves one page that shows
// the step graph with the path taken, the timeline of events, the values captured, the RTO
// clock and, at the end, the verdict; it updates from the journal as events become durable
// (Server-Sent Events). It only shows: no request changes anything, and what it shows is what
// the journal holds, secrets already redacted.
//
// Security: it listens on loopback unless given another address; every request must carry
// the one-time token printed with the URL (403 otherwise, compared in constant time); the
// page's Content-Security-Policy allows only its own script and style, and the page puts
// every runbook and command text in as text, never as markup.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_SERVE_LIVECONSOLE_H
#define DRBOOK_SERVE_LIVECONSOLE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace drbook::serve {

class LiveConsole {
public:
  /// Starts serving on `address` ("HOST:PORT", "HOST" or "" for 127.0.0.1 and a free port)
  /// the run whose proof goes to `proofDir`.
  static llvm::Expected<std::unique_ptr<LiveConsole>> start(llvm::StringRef address,
                                                            std::string proofDir);
  ~LiveConsole();
  LiveConsole(const LiveConsole &) = delete;
  LiveConsole &operator=(const LiveConsole &) = delete;

  /// The page's address, with the token.
  std::string url() const;
  /// One journal line, durable: every open page gets it.
  void send(llvm::StringRef line);
  /// The run's plan as the page shows it: the step graph as `drbookc graph --format svg`
  /// draws it (empty: none), and `facts`, a JSON object with the RTO objective (`rto_ms`)
  /// and each node's worst case left (`left`). `drbook watch` learns them only once the run
  /// has begun.
  void setPlan(std::string graphSvg, std::string facts);
  /// Answering from the page (`--serve-answer`): the question now asked, as JSON (`id`,
  /// `kind`, `prompt`, `options`, `open`: whether the page may answer it), or "null" when
  /// none is. A page's answer to it is a POST to /answer with the token in the
  /// `X-Drbook-Token` header, which a page of another site cannot send.
  void enableAnswers();
  void setQuestion(std::string questionJson);
  struct Answer {
    std::string question, value, actor;
  };
  /// The oldest answer not yet taken.
  std::optional<Answer> takeAnswer();
  /// Readable while an answer waits to be taken.
  int answerFd() const;

  /// The run is over and its proof written: pages are told, and get every event first (for
  /// at most `patience`).
  void finish(std::chrono::milliseconds patience = std::chrono::seconds(5));

  struct State;

private:
  explicit LiveConsole(std::unique_ptr<State> state);
  std::unique_ptr<State> state;
};

/// Whether `given` is `expected`, in time independent of where they differ.
bool sameToken(llvm::StringRef given, llvm::StringRef expected);

} // namespace drbook::serve

#endif
