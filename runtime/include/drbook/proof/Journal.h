//===- Journal.h - The hash-chained, fsync'd event log of a run ------------===//
//
// `events.jsonl` holds one canonical JSON object per line. Every line carries `seq` (1, 2,
// …), `prev` (SHA-256 hex of the previous line's bytes without its newline; 64 zeros on the
// first line), `ts` (RFC 3339 UTC, milliseconds), `node` and `kind`, next to the event's own
// fields. append() returns only once the line is on disk, so a crash loses nothing that was
// acknowledged; at worst the last line is torn, which open() reports and the caller
// truncates explicitly before continuing. docs/proof-format.md describes the format.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUNTIME_JOURNAL_H
#define DRBOOK_RUNTIME_JOURNAL_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace drbook {

/// One line of the journal, parsed.
struct JournalEvent {
  uint64_t seq = 0;
  std::string prev, ts, node, kind;
  /// The whole line as a JSON object, the chain fields included.
  nlohmann::json record;
  /// SHA-256 hex of this line's bytes: the next line's `prev`.
  std::string hash;
  /// 1-based line number and byte offset of the line's first byte.
  uint64_t line = 0, offset = 0;
};

/// An incomplete last line: what a crash in the middle of a write leaves behind.
struct TornLine {
  uint64_t line = 0, offset = 0, length = 0;
  /// "no trailing newline" or "invalid JSON".
  std::string reason;
  /// SHA-256 hex of the torn bytes, for the record of what was discarded.
  std::string digest;
};

/// One way the chain is broken, at a precise place.
struct ChainProblem {
  uint64_t line = 0, offset = 0;
  std::string message;
  /// `line N: message`.
  std::string str() const;
};

/// Everything a scan of a journal found.
struct ChainReport {
  /// Every intact event, in order; empty from scanJournalFile(), which hands them over instead.
  std::vector<JournalEvent> events;
  /// How many events were scanned.
  uint64_t count = 0;
  std::vector<ChainProblem> problems;
  std::optional<TornLine> torn;
  /// Hash of the last intact line, or 64 zeros.
  std::string head;
  /// SHA-256 hex of the whole file as read, from scanJournalFile(): the bytes checked are the
  /// bytes whose digest a statement binds.
  std::string fileDigest;
  /// No problems and no torn line.
  bool intact() const { return problems.empty() && !torn; }
};

/// Scans journal bytes: parses each line, checks canonical form, fields, `seq` continuity
/// and `prev` hashes, and reports every problem (after one, it goes on from the line as
/// found, so one tampered line yields one problem, not a cascade).
ChainReport scanJournal(llvm::StringRef bytes);

/// What is handed each event of a journal as it is scanned.
using EventVisitor = llvm::function_ref<void(JournalEvent &&)>;

/// scanJournal over a file read a block at a time, handing each intact event to `each` as it
/// is scanned instead of keeping it: memory holds one line, whatever the journal's length.
/// Fails only when the file cannot be read.
llvm::Expected<ChainReport> scanJournalFile(llvm::StringRef path, EventVisitor each);

/// scanJournalFile keeping every event in the report. Fails only when the file cannot be read.
llvm::Expected<ChainReport> verifyChain(llvm::StringRef path);

/// The field names the journal itself owns; payloads may not use them.
bool isReservedJournalField(llvm::StringRef name);

/// An open journal, appended to by one run. Thread-safe: parallel branches share it.
class Journal {
public:
  /// Starts a new journal; the file must not exist. Missing directories are created 0700,
  /// the file 0600, and the directory entry is fsync'd.
  static llvm::Expected<std::unique_ptr<Journal>> create(llvm::StringRef path);

  /// Opens an existing journal to resume it: reads back every event and verifies the
  /// chain. A broken chain is an error; a torn last line is not, but appends are refused
  /// until truncateTornLine() has been called.
  static llvm::Expected<std::unique_ptr<Journal>> open(llvm::StringRef path);

  ~Journal();
  Journal(const Journal &) = delete;
  Journal &operator=(const Journal &) = delete;

  /// Appends one event and fsyncs it before returning. `payload` must be a JSON object (or
  /// null) without the reserved fields. On a failed write the file is cut back to its last
  /// intact line; if even that fails the journal refuses further appends.
  llvm::Expected<JournalEvent> append(llvm::StringRef node, llvm::StringRef kind,
                                      const nlohmann::json &payload = nlohmann::json::object(),
                                      bool sync = true);

  /// fsyncs events appended with `sync` false. The interpreter appends a step's bookkeeping
  /// unsynced and calls this before anything observable happens (a command, a probe, a
  /// question), so one fsync per step makes everything before it durable.
  llvm::Error sync();

  /// The torn last line found by open(), if any.
  std::optional<TornLine> tornLine() const;

  /// Cuts the torn last line off the file (and fsyncs) and returns what was removed, so the
  /// caller can record it in a `torn-line` event.
  llvm::Expected<TornLine> truncateTornLine();

  /// The events open() read back, which a resumed run continues from; none for a new journal.
  /// Appended events are not kept: the file is the record, and a run of a million steps would
  /// otherwise hold every one of them.
  const std::vector<JournalEvent> &resumedEvents() const;
  /// Lets go of the events open() read back, once the resumed run has taken what it needs.
  void forgetResumedEvents() { std::vector<JournalEvent>().swap(readBack); }
  /// Hash of the last line, or 64 zeros when empty: the journal head a statement binds.
  std::string head() const;
  /// `seq` of the last event, 0 when empty.
  uint64_t lastSeq() const;
  const std::string &path() const { return filePath; }
  /// Hands `observer` each event's line (without its newline) once the event is durable: at
  /// once for a synced append, at the next sync() for an unsynced one, so an observer never
  /// sees an event a crash could take back. The lines already in the journal are handed over
  /// first. Called in journal order, under the journal's lock. Observers add up: the event
  /// stream and the live console each have one.
  void observe(std::function<void(llvm::StringRef line)> observer);

  /// With false, append() no longer fsyncs. Only for measuring what fsync costs (the
  /// interpreter benchmark's hidden `--no-fsync`); a real run always syncs.
  void setDurable(bool on) { durable = on; }

private:
  Journal(std::string path, int fd) : filePath(std::move(path)), fd(fd) {}

  std::string filePath;
  int fd;
  mutable std::mutex lock;
  std::vector<JournalEvent> readBack;
  uint64_t lastSeqNo = 0, lines = 0;
  std::optional<TornLine> torn;
  std::string headHash;
  uint64_t size = 0;
  bool broken = false;
  bool durable = true;
  bool unsynced = false;
  std::vector<std::function<void(llvm::StringRef)>> observers;
  /// Lines appended unsynced, not yet handed to the observer.
  std::vector<std::string> undelivered;
  void deliver(std::string line, bool durableNow);
};

} // namespace drbook

#endif
