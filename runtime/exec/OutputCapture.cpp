//===- OutputCapture.cpp - Capped capture and line splitting of one pipe ---===//
#include "OutputCapture.h"

namespace drbook {

std::string CapturedOutput::text() const {
  if (!truncated())
    return head + tail;
  uint64_t omitted = totalBytes - head.size() - tail.size();
  return head + "\n[... " + std::to_string(omitted) + " bytes omitted ...]\n" + tail;
}

void OutputCapture::append(llvm::StringRef bytes) {
  total += bytes.size();
  if (onLine)
    splitLines(bytes);
  size_t toHead = std::min(bytes.size(), headLimit - head.size());
  head.append(bytes.data(), toHead);
  bytes = bytes.drop_front(toHead);
  if (bytes.empty() || tailLimit == 0)
    return;
  tail.append(bytes.data(), bytes.size());
  // Trim only when the tail has grown well past its limit, so trimming stays amortised O(1).
  if (tail.size() > 2 * tailLimit)
    tail.erase(0, tail.size() - tailLimit);
}

void OutputCapture::splitLines(llvm::StringRef bytes) {
  while (!bytes.empty()) {
    size_t newline = bytes.find('\n');
    if (newline == llvm::StringRef::npos) {
      partial.append(bytes.data(), bytes.size());
      if (partial.size() >= MaxLine) {
        onLine(stream, partial);
        partial.clear();
      }
      return;
    }
    partial.append(bytes.data(), newline);
    onLine(stream, partial);
    partial.clear();
    bytes = bytes.drop_front(newline + 1);
  }
}

CapturedOutput OutputCapture::finish() {
  if (onLine && !partial.empty())
    onLine(stream, partial);
  partial.clear();
  if (tail.size() > tailLimit)
    tail.erase(0, tail.size() - tailLimit);
  CapturedOutput out;
  out.totalBytes = total;
  out.head = std::move(head);
  out.tail = std::move(tail);
  if (!out.truncated()) {
    out.head += out.tail;
    out.tail.clear();
  }
  return out;
}

} // namespace drbook
