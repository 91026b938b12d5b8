//===- JournalTest.cpp - Hash chain, torn lines, resume, tamper detection --===//
#include "drbook/proof/Journal.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Files.h"
#include "drbook/proof/Digest.h"
#include "drbook/proof/Timestamp.h"

#include "RuntimeTestSupport.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sys/stat.h>
#include <thread>

using namespace drbook;

namespace {

std::unique_ptr<Journal> mustCreate(const std::string &path) {
  llvm::Expected<std::unique_ptr<Journal>> journal = Journal::create(path);
  if (!journal) {
    ADD_FAILURE() << llvm::toString(journal.takeError());
    return nullptr;
  }
  return std::move(*journal);
}

void mustAppend(Journal &journal, const std::string &node, const std::string &kind,
                nlohmann::json payload = nlohmann::json::object()) {
  llvm::Expected<JournalEvent> event = journal.append(node, kind, payload);
  if (!event)
    ADD_FAILURE() << llvm::toString(event.takeError());
}

std::vector<std::string> linesOf(const std::string &path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

void writeLines(const std::string &path, const std::vector<std::string> &lines) {
  std::ofstream out(path, std::ios::trunc | std::ios::binary);
  for (const std::string &line : lines)
    out << line << "\n";
}

/// A journal of three events in a fresh directory.
struct JournalFile : ::testing::Test {
  test::TempDir dir;
  std::string path = dir.file("proof/events.jsonl");
  void SetUp() override {
    std::unique_ptr<Journal> journal = mustCreate(path);
    ASSERT_TRUE(journal);
    mustAppend(*journal, "", "start", {{"runbook", "casino_dr"}, {"mode", "drill"}});
    mustAppend(*journal, "health", "probe", {{"status", 200}, {"latency", 12}});
    mustAppend(*journal, "restore_db", "action", {{"exit", 0}, {"command", "./restore.sh"}});
  }
  std::vector<std::string> problems() {
    llvm::Expected<ChainReport> report = verifyChain(path);
    EXPECT_TRUE(bool(report));
    std::vector<std::string> out;
    if (report)
      for (const ChainProblem &p : report->problems)
        out.push_back(p.str());
    return out;
  }
};

TEST_F(JournalFile, LinesAreCanonicalAndChained) {
  std::vector<std::string> lines = linesOf(path);
  ASSERT_EQ(lines.size(), 3u);
  std::string previous = ZeroDigest;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::optional<nlohmann::json> record = parseJson(lines[i]);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(canonicalJson(*record), lines[i]);
    EXPECT_EQ((*record)["seq"], i + 1);
    EXPECT_EQ((*record)["prev"], previous);
    EXPECT_TRUE(parseTimestamp((*record)["ts"].get<std::string>()).has_value());
    EXPECT_EQ((*record)["ts"].get<std::string>().back(), 'Z');
    previous = sha256Hex(lines[i]);
  }
  EXPECT_EQ(*parseJson(lines[1]), (nlohmann::json{{"kind", "probe"},
                                                  {"latency", 12},
                                                  {"node", "health"},
                                                  {"prev", sha256Hex(lines[0])},
                                                  {"seq", 2},
                                                  {"status", 200},
                                                  {"ts", (*parseJson(lines[1]))["ts"]}}));
  llvm::Expected<ChainReport> report = verifyChain(path);
  ASSERT_TRUE(bool(report));
  EXPECT_TRUE(report->intact());
  EXPECT_EQ(report->head, previous);
  EXPECT_EQ(report->events.size(), 3u);
}

TEST_F(JournalFile, FileIsPrivateAndCreatedDirectoryToo) {
  struct stat info;
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(dir.file("proof").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
}

TEST_F(JournalFile, CreateRefusesAnExistingJournal) {
  llvm::Expected<std::unique_ptr<Journal>> again = Journal::create(path);
  ASSERT_FALSE(again);
  EXPECT_NE(llvm::toString(again.takeError()).find("File exists"), std::string::npos);
}

TEST_F(JournalFile, OpenReadsBackAndContinuesTheChain) {
  llvm::Expected<std::unique_ptr<Journal>> opened = Journal::open(path);
  ASSERT_TRUE(bool(opened)) << llvm::toString(opened.takeError());
  Journal &journal = **opened;
  EXPECT_FALSE(journal.tornLine().has_value());
  const std::vector<JournalEvent> &events = journal.resumedEvents();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[2].node, "restore_db");
  EXPECT_EQ(events[2].record["command"], "./restore.sh");
  EXPECT_EQ(journal.lastSeq(), 3u);
  std::string head = journal.head();
  llvm::Expected<JournalEvent> resumed = journal.append("", "resume", {{"from_seq", 3}});
  ASSERT_TRUE(bool(resumed));
  EXPECT_EQ(resumed->seq, 4u);
  EXPECT_EQ(resumed->prev, head);
  EXPECT_EQ(resumed->line, 4u);
  EXPECT_TRUE(problems().empty());
}

TEST_F(JournalFile, OnlyOneRunMayHoldAJournal) {
  llvm::Expected<std::unique_ptr<Journal>> first = Journal::open(path);
  ASSERT_TRUE(bool(first)) << llvm::toString(first.takeError());
  llvm::Expected<std::unique_ptr<Journal>> second = Journal::open(path);
  ASSERT_FALSE(second);
  EXPECT_NE(llvm::toString(second.takeError()).find("in use by another drbook run"),
            std::string::npos);
  first->reset();
  llvm::Expected<std::unique_ptr<Journal>> third = Journal::open(path);
  EXPECT_TRUE(bool(third));
  if (!third)
    llvm::consumeError(third.takeError());
}

TEST_F(JournalFile, PayloadMayNotShadowChainFields) {
  std::unique_ptr<Journal> journal = std::move(*Journal::open(path));
  for (const char *reserved : {"seq", "prev", "ts", "node", "kind"}) {
    llvm::Expected<JournalEvent> event = journal->append("n", "probe", {{reserved, 1}});
    ASSERT_FALSE(event) << reserved;
    EXPECT_NE(llvm::toString(event.takeError()).find(reserved), std::string::npos);
  }
  llvm::Expected<JournalEvent> array = journal->append("n", "probe", nlohmann::json::array());
  ASSERT_FALSE(array);
  EXPECT_NE(llvm::toString(array.takeError()).find("must be a JSON object"), std::string::npos);
  llvm::Expected<JournalEvent> noKind = journal->append("n", "");
  ASSERT_FALSE(noKind);
  llvm::consumeError(noKind.takeError());
  EXPECT_EQ(linesOf(path).size(), 3u); // nothing written by the refused appends
}

TEST_F(JournalFile, TornLineWithoutNewlineIsReportedAndTruncatedOnRequest) {
  uint64_t intactSize = readWholeFile(path)->size();
  std::ofstream(path, std::ios::app | std::ios::binary) << "{\"kind\":\"act";
  llvm::Expected<std::unique_ptr<Journal>> opened = Journal::open(path);
  ASSERT_TRUE(bool(opened)) << llvm::toString(opened.takeError());
  Journal &journal = **opened;
  std::optional<TornLine> torn = journal.tornLine();
  ASSERT_TRUE(torn.has_value());
  EXPECT_EQ(torn->line, 4u);
  EXPECT_EQ(torn->offset, intactSize);
  EXPECT_EQ(torn->length, 12u);
  EXPECT_EQ(torn->reason, "no trailing newline");
  EXPECT_EQ(torn->digest, sha256Hex("{\"kind\":\"act"));
  // Appending past a torn line would bury it: refused until the caller decides.
  llvm::Expected<JournalEvent> refused = journal.append("", "resume");
  ASSERT_FALSE(refused);
  EXPECT_NE(llvm::toString(refused.takeError()).find("torn line (line 4"), std::string::npos);
  llvm::Expected<TornLine> removed = journal.truncateTornLine();
  ASSERT_TRUE(bool(removed));
  EXPECT_EQ(removed->offset, intactSize);
  EXPECT_EQ(readWholeFile(path)->size(), intactSize);
  mustAppend(journal, "", "torn-line", {{"offset", removed->offset}, {"sha256", removed->digest}});
  EXPECT_TRUE(problems().empty());
  EXPECT_EQ(linesOf(path).size(), 4u);
  llvm::Expected<TornLine> again = journal.truncateTornLine();
  ASSERT_FALSE(again);
  llvm::consumeError(again.takeError());
}

TEST_F(JournalFile, InvalidJsonLastLineIsTorn) {
  std::ofstream(path, std::ios::app | std::ios::binary) << std::string("\0\0\0\0", 4) << "\n";
  llvm::Expected<ChainReport> report = verifyChain(path);
  ASSERT_TRUE(bool(report));
  ASSERT_TRUE(report->torn.has_value());
  EXPECT_EQ(report->torn->reason, "invalid JSON");
  EXPECT_EQ(report->torn->line, 4u);
  EXPECT_TRUE(report->problems.empty());
  EXPECT_FALSE(report->intact());
  EXPECT_EQ(report->events.size(), 3u);
}

TEST_F(JournalFile, ChangedPayloadBreaksTheNextLinksPrev) {
  std::vector<std::string> lines = linesOf(path);
  nlohmann::json record = *parseJson(lines[1]);
  record["status"] = 500;
  lines[1] = canonicalJson(record);
  writeLines(path, lines);
  std::vector<std::string> found = problems();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rfind("line 3: prev hash mismatch: expected ", 0), 0u) << found[0];
  llvm::Expected<std::unique_ptr<Journal>> opened = Journal::open(path);
  ASSERT_FALSE(opened);
  std::string message = llvm::toString(opened.takeError());
  EXPECT_NE(message.find("refusing to resume"), std::string::npos);
  EXPECT_NE(message.find("line 3: prev hash mismatch"), std::string::npos);
}

TEST_F(JournalFile, DeletedLineShowsAsSeqGapAndBrokenLink) {
  std::vector<std::string> lines = linesOf(path);
  writeLines(path, {lines[0], lines[2]});
  std::vector<std::string> found = problems();
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0], "line 2: seq gap: expected 2, found 3");
  EXPECT_EQ(found[1].rfind("line 2: prev hash mismatch", 0), 0u) << found[1];
}

TEST_F(JournalFile, ReorderedLinesAreOutOfOrder) {
  std::vector<std::string> lines = linesOf(path);
  writeLines(path, {lines[0], lines[2], lines[1]});
  std::vector<std::string> found = problems();
  ASSERT_GE(found.size(), 3u);
  EXPECT_EQ(found[0], "line 2: seq gap: expected 2, found 3");
  EXPECT_NE(std::find(found.begin(), found.end(), "line 3: seq out of order: expected 4, found 2"),
            found.end());
}

TEST_F(JournalFile, BadJsonNonCanonicalAndMissingFieldsAreNamed) {
  std::vector<std::string> lines = linesOf(path);
  nlohmann::json second = *parseJson(lines[1]);
  std::string spaced = second.dump(1);
  for (char &c : spaced)
    if (c == '\n')
      c = ' ';
  writeLines(path, {lines[0], spaced, "{not json", std::string(100000, '[') + "]", lines[2]});
  std::vector<std::string> found = problems();
  ASSERT_GE(found.size(), 3u);
  EXPECT_EQ(found[0], "line 2: not canonical JSON (sorted keys, no spaces)");
  EXPECT_EQ(found[1], "line 3: bad JSON");
  EXPECT_EQ(found[2], "line 4: bad JSON");
  nlohmann::json noSeq = *parseJson(lines[0]);
  noSeq.erase("seq");
  writeLines(path, {canonicalJson(noSeq)});
  EXPECT_EQ(problems(), std::vector<std::string>{"line 1: missing field 'seq'"});
}

TEST_F(JournalFile, MissingFileIsAnError) {
  llvm::Expected<ChainReport> report = verifyChain(dir.file("nope.jsonl"));
  ASSERT_FALSE(report);
  EXPECT_NE(llvm::toString(report.takeError()).find("nope.jsonl"), std::string::npos);
  llvm::Expected<std::unique_ptr<Journal>> opened = Journal::open(dir.file("nope.jsonl"));
  ASSERT_FALSE(opened);
  llvm::consumeError(opened.takeError());
}

TEST_F(JournalFile, EveryFlippedBitIsCaughtByChainOrHead) {
  std::string bytes = *readWholeFile(path);
  std::string head = scanJournal(bytes).head;
  for (size_t i = 0; i < bytes.size(); ++i)
    for (int bit = 0; bit < 8; ++bit) {
      std::string changed = bytes;
      changed[i] ^= static_cast<char>(1 << bit);
      ChainReport report = scanJournal(changed);
      // A change to the last line leaves the chain whole but moves the head, which the
      // statement binds.
      ASSERT_TRUE(!report.intact() || report.head != head) << "byte " << i << " bit " << bit;
    }
}

TEST_F(JournalFile, EveryTruncationIsTornOrShorter) {
  std::string bytes = *readWholeFile(path);
  std::string head = scanJournal(bytes).head;
  for (size_t length = 0; length < bytes.size(); ++length) {
    ChainReport report = scanJournal(llvm::StringRef(bytes).take_front(length));
    ASSERT_TRUE(!report.intact() || report.head != head) << "length " << length;
    EXPECT_TRUE(report.problems.empty()) << "length " << length;
  }
}

TEST(Journal, EmptyJournalHasZeroHead) {
  test::TempDir dir;
  std::unique_ptr<Journal> journal = mustCreate(dir.file("events.jsonl"));
  ASSERT_TRUE(journal);
  EXPECT_EQ(journal->head(), ZeroDigest);
  EXPECT_EQ(journal->lastSeq(), 0u);
  llvm::Expected<ChainReport> report = verifyChain(dir.file("events.jsonl"));
  ASSERT_TRUE(bool(report));
  EXPECT_TRUE(report->intact());
  EXPECT_EQ(report->head, ZeroDigest);
}

TEST(Journal, ConcurrentAppendsKeepOneChain) {
  test::TempDir dir;
  std::unique_ptr<Journal> journal = mustCreate(dir.file("events.jsonl"));
  ASSERT_TRUE(journal);
  std::vector<std::thread> branches;
  for (int b = 0; b < 4; ++b)
    branches.emplace_back([&, b] {
      for (int i = 0; i < 25; ++i)
        mustAppend(*journal, "branch" + std::to_string(b), "probe", {{"i", i}});
    });
  for (std::thread &t : branches)
    t.join();
  llvm::Expected<ChainReport> report = verifyChain(dir.file("events.jsonl"));
  ASSERT_TRUE(bool(report));
  EXPECT_TRUE(report->intact());
  ASSERT_EQ(report->events.size(), 100u);
  EXPECT_EQ(report->events.back().seq, 100u);
  EXPECT_EQ(report->head, journal->head());
}

} // namespace

// What `drbook run --events` streams: each line once it is durable, in order, the lines
// already in the journal first, and exactly the file's lines.
TEST_F(JournalFile, ObserverSeesLinesOnceDurable) {
  llvm::Expected<std::unique_ptr<Journal>> opened = Journal::open(path);
  ASSERT_TRUE(static_cast<bool>(opened)) << llvm::toString(opened.takeError());
  Journal &journal = **opened;
  std::vector<std::string> seen;
  journal.observe([&](llvm::StringRef line) { seen.push_back(line.str()); });
  EXPECT_EQ(seen.size(), 3u); // the events read back, at once

  ASSERT_TRUE(static_cast<bool>(journal.append("a", "note", {{"text", "x"}}, /*sync=*/false)));
  ASSERT_TRUE(static_cast<bool>(journal.append("b", "note", {{"text", "y"}}, /*sync=*/false)));
  EXPECT_EQ(seen.size(), 3u); // not durable yet: not streamed
  ASSERT_FALSE(static_cast<bool>(journal.sync()));
  EXPECT_EQ(seen.size(), 5u);

  ASSERT_TRUE(static_cast<bool>(journal.append("c", "note", {{"text", "z"}}, /*sync=*/false)));
  mustAppend(journal, "d", "note", {{"text", "w"}}); // a synced event makes both durable
  EXPECT_EQ(seen, linesOf(path));
}

// The journal keeps no events: an observer attached during a run is handed the lines already
// written by reading them back from the file, exactly as written, and never a torn last line.
TEST_F(JournalFile, LateObserverReadsPastLinesFromTheFile) {
  std::ofstream(path, std::ios::app | std::ios::binary) << "{\"kind\":\"torn\"}garbage\n";
  llvm::Expected<std::unique_ptr<Journal>> opened = Journal::open(path);
  ASSERT_TRUE(static_cast<bool>(opened)) << llvm::toString(opened.takeError());
  Journal &journal = **opened;
  ASSERT_TRUE(journal.tornLine().has_value());
  std::vector<std::string> early;
  journal.observe([&](llvm::StringRef line) { early.push_back(line.str()); });
  EXPECT_EQ(early.size(), 3u); // the intact lines, not the torn one
  llvm::Expected<TornLine> removed = journal.truncateTornLine();
  ASSERT_TRUE(static_cast<bool>(removed)) << llvm::toString(removed.takeError());
  for (int i = 0; i < 100; ++i)
    mustAppend(journal, "s" + std::to_string(i), "note", {{"text", std::string(1000, 'x')}});
  ASSERT_TRUE(static_cast<bool>(journal.append("late", "note", {}, /*sync=*/false)));
  std::vector<std::string> late;
  journal.observe([&](llvm::StringRef line) { late.push_back(line.str()); });
  std::vector<std::string> written = linesOf(path);
  EXPECT_EQ(late, std::vector<std::string>(written.begin(), written.end() - 1));
  EXPECT_EQ(early, std::vector<std::string>(written.begin(), written.end() - 1));
}
