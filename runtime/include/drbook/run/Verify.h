//===- Verify.h - `drbook verify`: checking a proof directory offline ------===//
//
// Replays what docs/proof-format.md promises: the journal's hash chain, the statement's
// digests and shape, the signature, that every step followed an edge of the plan, that every
// automatic decision follows from the observations recorded before it, that the invariants
// hold over the recorded trace, and that outputs/ matches the journal.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_VERIFY_H
#define DRBOOK_RUN_VERIFY_H

#include <string>
#include <vector>

namespace drbook::run {

/// One thing found wrong, with the file (and line) it is in.
struct VerifyProblem {
  std::string file;
  unsigned line = 0;
  std::string message;
  std::string str() const;
};

struct VerifyReport {
  std::vector<VerifyProblem> problems;
  /// Checks that passed, for the summary.
  std::vector<std::string> passed;
  /// Notes that are not failures (an unsigned proof).
  std::vector<std::string> notes;
  bool ok() const { return problems.empty(); }
};

/// Verifies the proof in `dir`; `pubkeyPath` empty when the signature is not to be checked.
VerifyReport verifyProof(const std::string &dir, const std::string &pubkeyPath);

/// `drbook verify DIR [--pubkey K]`: prints the report; returns 0, 1, 2 or 3.
int verifyProofCommand(const std::string &dir, const std::string &pubkeyPath);

} // namespace drbook::run

#endif
