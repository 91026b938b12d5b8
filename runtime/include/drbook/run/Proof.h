//===- Proof.h - The proof directory a run leaves behind -------------------===//
//
// proof/<runbook>-<UTC timestamp>/ holds the runbook source and plan as run, the journal,
// the in-toto statement binding them (and its DSSE signature when a key is given), the human
// proof.md, and outputs/ with every captured output, redacted. docs/proof-format.md is the
// reference for the files; everything here is derived from the journal, so a resumed run
// rewrites the same summary a single run would have.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_PROOF_H
#define DRBOOK_RUN_PROOF_H

#include "drbook/basic/Files.h"
#include "drbook/proof/Journal.h"
#include "drbook/proof/Signing.h"
#include "drbook/proof/Timestamp.h"
#include "drbook/run/Program.h"

#include <nlohmann/json.hpp>

#include <array>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <streambuf>
#include <string>
#include <vector>

namespace drbook::run {

/// File names inside a proof directory.
namespace proof_files {
extern const char *const Plan;
extern const char *const Journal;
extern const char *const Statement;
extern const char *const Envelope;
extern const char *const Markdown;
extern const char *const Outputs;
} // namespace proof_files

/// `proof/<runbook>-<YYYYMMDDTHHMMSSZ>`.
std::string defaultProofDir(const std::string &runbook, SystemTime now);

/// The name the runbook source is kept under in the proof directory: its file name.
std::string sourceFileName(const Program &p);

/// Writes the source and plan into a new proof directory (0700; files 0600).
llvm::Error writeProofInputs(const std::string &dir, const Program &p);

/// Removes what writeProofInputs() and the journal's creation left in `dir`, and `dir` itself
/// when that leaves it empty: for a run that could not start, so that no directory remains
/// that looks like a run but can never be resumed.
void discardProofDirectory(const std::string &dir, const Program &p);

/// The statement predicate's `signer` for `key`: its key id and fingerprint.
nlohmann::json signerOf(const PublicKey &key);

/// The measured RTO: from the run's start to the start of its cleanup (the first `finally`
/// event), or to the end of the run when it reached none. Fed one event at a time.
class RtoClock {
public:
  void add(const JournalEvent &e);
  /// The measured RTO in milliseconds, `end` (a timestamp) being when the run ended.
  int64_t measuredMs(const std::string &end) const;

private:
  std::string started, cleanup;
};

/// The statement predicate summarising a run of `p`, built from its journal one event at a
/// time.
class PredicateBuilder {
public:
  explicit PredicateBuilder(const Program &p) : p(p) {}
  void add(const JournalEvent &e);
  /// The predicate but its `path`; `redactions` counts when no `end` event recorded it,
  /// `signer` is signerOf() the signing key, or null for an unsigned proof. Called once.
  nlohmann::json finish(const std::string &journalHead, uint64_t redactions,
                        const nlohmann::json &signer);
  /// The predicate's `path`: the node ids the run went through, in order.
  nlohmann::json path() const;
  /// Whether `stated` is exactly path(), compared a step at a time without building it.
  bool samePath(const nlohmann::json &stated) const;

private:
  void step(const std::string &node);
  const std::string &stepAt(size_t i) const;

  const Program &p;
  /// The path, four bytes a step: a node of the plan by its index, or, from the plan's size
  /// on, a node the plan does not have (a journal from elsewhere can name anything) by its
  /// place in `foreign`.
  std::vector<uint32_t> steps;
  std::vector<std::string> foreign;
  nlohmann::json pred = {{"status", "interrupted"}};
  nlohmann::json decisions = nlohmann::json::array();
  std::string started, finished;
  RtoClock clock;
  std::optional<uint64_t> redactions;
  uint64_t events = 0;
  int resumed = 0;
};

/// Whether `name` is a temporary file of writeFileDurably(): `<file>.tmp.<pid>.<n>`.
bool isTemporaryWrite(llvm::StringRef name);

/// Removes what a crash in the middle of a durable write left behind (`<file>.tmp.<pid>.<n>`),
/// so that a resumed run leaves exactly the files of a proof.
void removeInterruptedWrites(const std::string &dir);

/// Writes proof.md, statement.json (whose subjects include proof.md) and
/// statement.dsse.json when `key` is given, from the journal in `dir` read as a stream;
/// `redactions` counts when no `end` event recorded it.
llvm::Error finalizeProof(const std::string &dir, const Program &p, uint64_t redactions,
                          const SigningKey *key);

/// The human proof, proof.md, built one journal event at a time: INCIDENT PROOF or DRILL PROOF,
/// timeline, decisions and who took them, captured values, commands and outputs, validation
/// results, estimates, measured RTO against the objective. The parts that grow with the run
/// are each written to a stream of their own as the events arrive, so neither a run nor
/// `drbook verify` holds the journal: a string when a run writes its proof, a digest when
/// `drbook verify` checks one. layout() then gives the document in order.
class ProofMarkdown {
public:
  enum Part : unsigned { Timeline, Decisions, Answers, Commands, Validation, Estimates, Skipped };
  static constexpr unsigned PartCount = Skipped + 1;

  explicit ProofMarkdown(std::array<std::ostream *, PartCount> parts);
  void add(const JournalEvent &e);
  /// The document in order: `text` for what lies between the parts, `part` where each part
  /// goes. `predicate` is the statement's, which the header shows.
  void layout(const nlohmann::json &predicate, llvm::function_ref<void(llvm::StringRef)> text,
              llvm::function_ref<void(Part)> part) const;

private:
  std::ostream &write(Part part);
  std::string capturedSection() const;

  /// A captured value where it was first captured: as many as the runbook has names.
  struct CapturedRow {
    std::string name, value, node, ts, by;
  };
  std::array<std::ostream *, PartCount> parts;
  std::array<uint64_t, PartCount> written{};
  std::vector<CapturedRow> captured;
  std::set<std::string> capturedNames;
  bool inValidation = false;
};

/// A stream buffer that hands what is written to consume() in blocks, for a page of
/// megabytes kept somewhere other than a string: a digest, a file.
class BlockBuffer : public std::streambuf {
public:
  BlockBuffer() { setp(block, block + sizeof block); }

protected:
  /// Takes the next bytes written.
  virtual void consume(llvm::StringRef bytes) = 0;
  /// Hands what is buffered to consume().
  void drain();
  int_type overflow(int_type c) override;
  int sync() override;

private:
  char block[1 << 16];
};

class PartBuffer;

/// proof.md put together from the parts of a ProofMarkdown, each kept in memory or, given a
/// directory, in an unnamed temporary file there: a run writing the proof of a million steps
/// holds none of its page.
class ProofMarkdownText {
public:
  /// Parts in memory, or with `spoolDir`, in unnamed temporary files in it (in memory where
  /// its file system has no unnamed files).
  explicit ProofMarkdownText(const std::string &spoolDir = "");
  ~ProofMarkdownText();
  void add(const JournalEvent &e) { md.add(e); }
  /// Hands the page to `out` a piece at a time; the first error of a part or of `out`.
  llvm::Error write(const nlohmann::json &predicate, const FileSink &out);
  /// The page in memory.
  std::string str(const nlohmann::json &predicate);

private:
  std::array<std::unique_ptr<PartBuffer>, ProofMarkdown::PartCount> buffers;
  std::array<std::unique_ptr<std::ostream>, ProofMarkdown::PartCount> streams;
  ProofMarkdown md;
};

} // namespace drbook::run

#endif
