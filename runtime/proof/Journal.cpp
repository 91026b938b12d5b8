//===- Journal.cpp - The hash-chained, fsync'd event log of a run ----------===//
#include "drbook/proof/Journal.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Files.h"
#include "drbook/proof/Digest.h"
#include "drbook/proof/Timestamp.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace drbook {

static std::string parentDirectory(llvm::StringRef path) {
  size_t slash = path.rfind('/');
  if (slash == llvm::StringRef::npos)
    return ".";
  return slash == 0 ? "/" : path.substr(0, slash).str();
}

/// Takes the journal's advisory lock: two runs appending to one journal would fork its chain.
static llvm::Error lockJournal(int fd, const std::string &path) {
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0)
    return llvm::Error::success();
  if (errno == EWOULDBLOCK)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "journal %s is in use by another drbook run", path.c_str());
  return fileError("cannot lock journal", path, errno);
}

llvm::Expected<std::unique_ptr<Journal>> Journal::create(llvm::StringRef path) {
  if (llvm::Error err = ensurePrivateDirectory(parentDirectory(path)))
    return err;
  std::string p = path.str();
  int fd = ::open(p.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return fileError("cannot create journal", p, errno);
  if (llvm::Error err = lockJournal(fd, p)) {
    ::close(fd);
    return err;
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    return fileError("cannot sync journal", p, err);
  }
  if (llvm::Error err = syncParentDirectory(p)) {
    ::close(fd);
    return err;
  }
  std::unique_ptr<Journal> journal(new Journal(p, fd));
  journal->headHash = ZeroDigest;
  return journal;
}

llvm::Expected<std::unique_ptr<Journal>> Journal::open(llvm::StringRef path) {
  std::string p = path.str();
  // Lock before reading, so that what was read is what later appends continue.
  int fd = ::open(p.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0)
    return fileError("cannot open journal", p, errno);
  std::unique_ptr<Journal> journal(new Journal(p, fd));
  if (llvm::Error err = lockJournal(fd, p))
    return err;
  llvm::Expected<std::string> bytes = readWholeFile(p);
  if (!bytes)
    return bytes.takeError();
  ChainReport report = scanJournal(*bytes);
  if (!report.problems.empty()) {
    std::string message = "journal " + p + " is not intact, refusing to resume it:";
    for (size_t i = 0; i < report.problems.size() && i < 5; ++i)
      message += "\n  " + report.problems[i].str();
    if (report.problems.size() > 5)
      message += "\n  … and " + std::to_string(report.problems.size() - 5) + " more";
    return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
  }
  journal->lastSeqNo = report.events.empty() ? 0 : report.events.back().seq;
  journal->lines = report.events.empty() ? 0 : report.events.back().line;
  journal->readBack = std::move(report.events);
  journal->torn = std::move(report.torn);
  journal->headHash = report.head;
  journal->size = bytes->size();
  return journal;
}

Journal::~Journal() { ::close(fd); }

/// Builds the line for one event; fails on a payload that would shadow the chain fields.
static llvm::Expected<nlohmann::json> eventRecord(const nlohmann::json &payload) {
  if (payload.is_null())
    return nlohmann::json::object();
  if (!payload.is_object())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "journal payload must be a JSON object, not %s",
                                   payload.type_name());
  for (const auto &item : payload.items())
    if (isReservedJournalField(item.key()))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "journal payload may not set the reserved field '%s'",
                                     item.key().c_str());
  return payload;
}

llvm::Expected<JournalEvent> Journal::append(llvm::StringRef node, llvm::StringRef kind,
                                             const nlohmann::json &payload, bool sync) {
  std::lock_guard<std::mutex> guard(lock);
  if (broken)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "journal %s failed an earlier write; no further events can "
                                   "be recorded",
                                   filePath.c_str());
  if (torn)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "journal %s ends in a torn line (line %llu, byte %llu); "
                                   "truncate it before appending",
                                   filePath.c_str(), (unsigned long long)torn->line,
                                   (unsigned long long)torn->offset);
  if (kind.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "journal event without a kind");
  llvm::Expected<nlohmann::json> record = eventRecord(payload);
  if (!record)
    return record.takeError();
  JournalEvent event;
  event.seq = lastSeqNo + 1;
  event.prev = headHash;
  event.ts = formatTimestamp(std::chrono::system_clock::now());
  event.node = node.str();
  event.kind = kind.str();
  (*record)["seq"] = event.seq;
  (*record)["prev"] = event.prev;
  (*record)["ts"] = event.ts;
  (*record)["node"] = event.node;
  (*record)["kind"] = event.kind;
  std::string line = canonicalJson(*record);
  event.hash = sha256Hex(line);
  event.record = std::move(*record);
  event.line = lines + 1;
  event.offset = size;
  line.push_back('\n');

  int failure = writeAll(fd, line);
  if (!failure && durable && sync && ::fsync(fd) != 0)
    failure = errno;
  if (failure) {
    // Leave the file as it was before this event, or stop recording if that fails too.
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0 || ::fsync(fd) != 0)
      broken = true;
    return fileError("cannot append to journal", filePath, failure);
  }
  size += line.size();
  unsynced = !sync && durable;
  headHash = event.hash;
  line.pop_back();
  deliver(std::move(line), !unsynced);
  lastSeqNo = event.seq;
  lines = event.line;
  return event;
}

llvm::Error Journal::sync() {
  std::lock_guard<std::mutex> guard(lock);
  if (!unsynced || !durable)
    return llvm::Error::success();
  if (::fsync(fd) != 0)
    return fileError("cannot sync journal", filePath, errno);
  unsynced = false;
  deliver({}, true);
  return llvm::Error::success();
}

void Journal::deliver(std::string line, bool durableNow) {
  if (observers.empty())
    return;
  if (!line.empty())
    undelivered.push_back(std::move(line));
  if (!durableNow)
    return;
  for (const std::string &pending : undelivered)
    for (const auto &observer : observers)
      observer(pending);
  undelivered.clear();
}

void Journal::observe(std::function<void(llvm::StringRef line)> observer) {
  std::lock_guard<std::mutex> guard(lock);
  // The lines already written are read back from the file, which is the record: the journal
  // keeps no events in memory. Lines not yet durable are handed over when they are.
  uint64_t waiting = 0;
  for (const std::string &line : undelivered)
    waiting += line.size() + 1;
  uint64_t upTo = (torn ? torn->offset : size) - waiting, read = 0;
  std::string pending;
  llvm::Error err = readInChunks(filePath, [&](llvm::StringRef block) {
    block = block.take_front(upTo - std::min(upTo, read));
    read += block.size();
    pending.append(block.data(), block.size());
    size_t start = 0;
    for (size_t end; (end = pending.find('\n', start)) != std::string::npos; start = end + 1)
      observer(llvm::StringRef(pending).slice(start, end));
    pending.erase(0, start);
  });
  llvm::consumeError(std::move(err)); // the file was written a moment ago; appends will tell
  observers.push_back(std::move(observer));
}

std::optional<TornLine> Journal::tornLine() const {
  std::lock_guard<std::mutex> guard(lock);
  return torn;
}

llvm::Expected<TornLine> Journal::truncateTornLine() {
  std::lock_guard<std::mutex> guard(lock);
  if (!torn)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "journal %s has no torn line to truncate", filePath.c_str());
  if (::ftruncate(fd, static_cast<off_t>(torn->offset)) != 0 || ::fsync(fd) != 0)
    return fileError("cannot truncate journal", filePath, errno);
  TornLine removed = *torn;
  size = torn->offset;
  torn.reset();
  return removed;
}

const std::vector<JournalEvent> &Journal::resumedEvents() const { return readBack; }

std::string Journal::head() const {
  std::lock_guard<std::mutex> guard(lock);
  return headHash;
}

uint64_t Journal::lastSeq() const {
  std::lock_guard<std::mutex> guard(lock);
  return lastSeqNo;
}

} // namespace drbook
