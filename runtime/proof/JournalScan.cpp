//===- JournalScan.cpp - Reading back and checking a journal's hash chain --===//
#include "drbook/proof/Journal.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Files.h"
#include "drbook/proof/Digest.h"
#include "drbook/proof/Timestamp.h"

namespace drbook {

std::string ChainProblem::str() const { return "line " + std::to_string(line) + ": " + message; }

bool isReservedJournalField(llvm::StringRef name) {
  return name == "seq" || name == "prev" || name == "ts" || name == "node" || name == "kind";
}

namespace {

/// Walks the lines, carrying what the next line must continue from.
class ChainScanner {
public:
  ChainScanner(ChainReport &report, EventVisitor each) : report(report), each(each) {}
  void scanLine(llvm::StringRef text, uint64_t line, uint64_t offset);
  /// Hash of the last line scanned, as written.
  const std::string &head() const { return previousHash; }

private:
  void problem(uint64_t line, uint64_t offset, std::string message) {
    report.problems.push_back({line, offset, std::move(message)});
  }
  /// Reads the chain fields into `event`; false (with a problem) when one is missing.
  bool readFields(const nlohmann::json &record, JournalEvent &event);

  ChainReport &report;
  EventVisitor each;
  uint64_t expectedSeq = 1;
  std::string previousHash = ZeroDigest;
  /// A line the strict reader refused, written back in canonical form to say whether it is
  /// canonical; one buffer for the whole journal.
  std::string canonical;
};

} // namespace

static std::string shortHash(llvm::StringRef hash) {
  return hash.size() > 16 ? hash.substr(0, 16).str() + "…" : hash.str();
}

bool ChainScanner::readFields(const nlohmann::json &record, JournalEvent &event) {
  auto stringField = [&](const char *name, std::string &out) {
    auto it = record.find(name);
    if (it == record.end() || !it->is_string()) {
      problem(event.line, event.offset,
              std::string(it == record.end() ? "missing field '" : "field is not a string: '") +
                  name + "'");
      return false;
    }
    out = it->get<std::string>();
    return true;
  };
  auto seq = record.find("seq");
  if (seq == record.end() || !seq->is_number_unsigned()) {
    problem(event.line, event.offset,
            seq == record.end() ? "missing field 'seq'" : "field 'seq' is not a positive integer");
    return false;
  }
  event.seq = seq->get<uint64_t>();
  if (!stringField("prev", event.prev) || !stringField("ts", event.ts) ||
      !stringField("node", event.node) || !stringField("kind", event.kind))
    return false;
  if (!parseTimestamp(event.ts))
    problem(event.line, event.offset, "field 'ts' is not an RFC 3339 timestamp: " + event.ts);
  if (event.kind.empty())
    problem(event.line, event.offset, "field 'kind' is empty");
  return true;
}

void ChainScanner::scanLine(llvm::StringRef text, uint64_t line, uint64_t offset) {
  JournalEvent event;
  event.line = line;
  event.offset = offset;
  event.hash = sha256Hex(text);
  std::string expectedPrev = previousHash;
  // Whatever this line holds, the next one must chain to it as written.
  previousHash = event.hash;
  // Every line drbook writes is canonical: read as such, it needs no writing back to compare.
  std::optional<nlohmann::json> parsed = parseCanonicalJson(text);
  bool canonicalText = parsed.has_value();
  if (!parsed)
    parsed = parseJson(text);
  if (!parsed) {
    problem(line, offset, text.empty() ? "empty line" : "bad JSON");
    ++expectedSeq;
    return;
  }
  if (!parsed->is_object()) {
    problem(line, offset, "not a JSON object");
    ++expectedSeq;
    return;
  }
  if (!canonicalText) {
    canonical.clear();
    appendCanonicalJson(*parsed, canonical);
    if (canonical != text)
      problem(line, offset, "not canonical JSON (sorted keys, no spaces)");
  }
  if (!readFields(*parsed, event)) {
    ++expectedSeq;
    return;
  }
  if (event.seq != expectedSeq)
    problem(line, offset,
            (event.seq > expectedSeq ? "seq gap: expected " : "seq out of order: expected ") +
                std::to_string(expectedSeq) + ", found " + std::to_string(event.seq));
  expectedSeq = event.seq + 1;
  if (event.prev != expectedPrev)
    problem(line, offset,
            "prev hash mismatch: expected " + shortHash(expectedPrev) + ", found " +
                shortHash(event.prev));
  event.record = std::move(*parsed);
  ++report.count;
  each(std::move(event));
}

namespace {

/// Hands whole lines of a journal read in blocks to a ChainScanner. A line is scanned once
/// it is known whether it is the last one (a torn last line is not tampering).
class LineFeeder {
public:
  explicit LineFeeder(ChainScanner &scanner, ChainReport &report)
      : scanner(scanner), report(report) {}
  /// Scans the whole lines at the front of `bytes`, after which the file holds more bytes
  /// unless `atEnd`; returns how many bytes it consumed.
  size_t feed(llvm::StringRef bytes, bool atEnd);
  bool stopped() const { return report.torn.has_value(); }

private:
  ChainScanner &scanner;
  ChainReport &report;
  uint64_t line = 0, offset = 0;
};

} // namespace

size_t LineFeeder::feed(llvm::StringRef bytes, bool atEnd) {
  size_t used = 0;
  while (used < bytes.size() && !stopped()) {
    llvm::StringRef rest = bytes.substr(used);
    size_t newline = rest.find('\n');
    bool last = newline == llvm::StringRef::npos || newline + 1 == rest.size();
    if (last && !atEnd)
      break; // whether it is the last line depends on bytes not read yet
    ++line;
    llvm::StringRef text = rest.substr(0, newline);
    // A crash mid-append leaves a last line without its newline, or (on file systems that
    // extend the file before writing it) garbage: neither is tampering, both are torn.
    const char *tornReason = nullptr;
    if (newline == llvm::StringRef::npos)
      tornReason = "no trailing newline";
    else if (last && !parseJson(text))
      tornReason = "invalid JSON";
    if (tornReason) {
      report.torn = TornLine{line, offset, rest.size(), tornReason, sha256Hex(rest)};
      return bytes.size();
    }
    scanner.scanLine(text, line, offset);
    offset += newline + 1;
    used += newline + 1;
  }
  return used;
}

ChainReport scanJournal(llvm::StringRef bytes) {
  ChainReport report;
  auto keep = [&](JournalEvent &&e) { report.events.push_back(std::move(e)); };
  ChainScanner scanner(report, keep);
  LineFeeder(scanner, report).feed(bytes, /*atEnd=*/true);
  report.head = scanner.head();
  return report;
}

llvm::Expected<ChainReport> scanJournalFile(llvm::StringRef path, EventVisitor each) {
  ChainReport report;
  ChainScanner scanner(report, each);
  LineFeeder feeder(scanner, report);
  // What is left of the last block: the start of a line that goes on in the next one.
  std::string pending;
  Sha256 file;
  llvm::Error err = readInChunks(path, [&](llvm::StringRef block) {
    file.update(block);
    if (feeder.stopped())
      return;
    pending.append(block.data(), block.size());
    if (block.contains('\n')) // else no line ended: a long one is not searched again
      pending.erase(0, feeder.feed(pending, /*atEnd=*/false));
  });
  if (err)
    return err;
  feeder.feed(pending, /*atEnd=*/true);
  report.head = scanner.head();
  report.fileDigest = file.finishHex();
  return report;
}

llvm::Expected<ChainReport> verifyChain(llvm::StringRef path) {
  std::vector<JournalEvent> events;
  llvm::Expected<ChainReport> report =
      scanJournalFile(path, [&](JournalEvent &&e) { events.push_back(std::move(e)); });
  if (report)
    report->events = std::move(events);
  return report;
}

} // namespace drbook
