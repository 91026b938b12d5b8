//===- ProofCheck.h - `drbook verify`: checking a proof directory offline ---===//
//
// Replays what docs/proof-format.md promises: the journal's hash chain, the statement's
// digests and shape, the signature, that every step followed an edge of the plan, that every
// automatic decision follows from the observations recorded before it, that the invariants
// hold over the recorded trace, and that outputs/ matches the journal.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_PROOFCHECK_PROOFCHECK_H
#define DRBOOK_PROOFCHECK_PROOFCHECK_H

#include "drbook/proof/Signing.h"

#include <string>
#include <vector>

namespace drbook::proofcheck {

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
  /// Notes that are not failures.
  std::vector<std::string> notes;
  /// The fingerprint of the trusted key whose signature verified; empty when none did, and
  /// the proof then shows integrity only: anyone could have written it.
  std::string signedBy;
  /// Why no signature was checked, when none was.
  std::string unsignedReason;
  bool ok() const { return problems.empty(); }
  void fail(const std::string &file, std::string message, unsigned line = 0);
  /// Adds what `other` found after what this report holds.
  void append(VerifyReport &&other);
};

/// Verifies the proof in `dir`, accepting a signature by any of `trusted`.
VerifyReport verifyProof(const std::string &dir, const std::vector<PublicKey> &trusted);

/// Where `drbook verify` takes its trusted keys from, and whether it accepts a proof
/// without a checked signature.
struct VerifyOptions {
  std::vector<std::string> keyFiles; ///< --pubkey, repeatable
  std::string trustedKeysDir;        ///< --trusted-keys, else $DRBOOK_TRUSTED_KEYS
  bool allowUnsigned = false;        ///< --allow-unsigned
};

/// `drbook verify DIR`: prints the report and its verdict; returns ExitOk, ExitProblems,
/// ExitUsage, ExitInternal or ExitUnsigned.
int verifyProofCommand(const std::string &dir, const VerifyOptions &opts);

} // namespace drbook::proofcheck

#endif
