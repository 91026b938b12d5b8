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

#include "drbook/proof/Journal.h"
#include "drbook/proof/Signing.h"
#include "drbook/proof/Timestamp.h"
#include "drbook/run/Program.h"

#include <nlohmann/json.hpp>

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

/// The statement predicate summarising a run from its journal; `signer` is signerOf() the
/// signing key, or null for an unsigned proof.
nlohmann::json buildPredicate(const Program &p, const std::vector<JournalEvent> &events,
                              const std::string &journalHead, uint64_t redactions,
                              const nlohmann::json &signer);

/// The measured RTO: from the run's start to the start of its cleanup (the first `finally`
/// event), or to `end` (a timestamp) when it reached none.
int64_t measuredRtoMs(const std::vector<JournalEvent> &events, const std::string &end);

/// Whether `name` is a temporary file of writeFileDurably(): `<file>.tmp.<pid>.<n>`.
bool isTemporaryWrite(llvm::StringRef name);

/// Removes what a crash in the middle of a durable write left behind (`<file>.tmp.<pid>.<n>`),
/// so that a resumed run leaves exactly the files of a proof.
void removeInterruptedWrites(const std::string &dir);

/// Writes proof.md, statement.json (whose subjects include proof.md) and
/// statement.dsse.json when `key` is given.
llvm::Error finalizeProof(const std::string &dir, const Program &p,
                          const std::vector<JournalEvent> &events, const std::string &journalHead,
                          uint64_t redactions, const SigningKey *key);

/// The human proof: INCIDENT PROOF or DRILL PROOF, timeline, commands and outputs,
/// decisions and who took them, validation results, measured RTO against the objective.
std::string renderProofMarkdown(const Program &p, const std::vector<JournalEvent> &events,
                                const nlohmann::json &predicate);

} // namespace drbook::run

#endif
