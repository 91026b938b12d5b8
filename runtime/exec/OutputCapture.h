//===- OutputCapture.h - Capped capture and line splitting of one pipe -----===//
#ifndef DRBOOK_RUNTIME_OUTPUTCAPTURE_H
#define DRBOOK_RUNTIME_OUTPUTCAPTURE_H

#include "drbook/exec/ProcessRunner.h"

namespace drbook {

/// Keeps the head and tail of one stream under a byte cap and hands complete lines to the
/// caller's callback as they arrive.
class OutputCapture {
public:
  OutputCapture(size_t limit, OutputStream stream,
                std::function<void(OutputStream, llvm::StringRef)> onLine)
      : headLimit(limit / 2), tailLimit(limit - limit / 2), stream(stream),
        onLine(std::move(onLine)) {}

  void append(llvm::StringRef bytes);
  /// Flushes a last unterminated line and returns what was kept.
  CapturedOutput finish();

private:
  /// A line longer than this is delivered in pieces, so memory stays bounded.
  static constexpr size_t MaxLine = 64 * 1024;

  void splitLines(llvm::StringRef bytes);

  size_t headLimit, tailLimit;
  OutputStream stream;
  std::function<void(OutputStream, llvm::StringRef)> onLine;
  std::string head, tail, partial;
  uint64_t total = 0;
};

} // namespace drbook

#endif
