//===- MarkdownCheck.h - proof.md against the journal, without keeping either --===//
//
// Private to `drbook verify`. proof.md must be exactly what the journal says, so that what a
// person reads is what was verified. Each part of the page that grows with the run is
// digested as the journal is scanned, not kept, and compared at the end with the same stretch
// of the file; only a page that differs is rendered whole, to say where.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_PROOFCHECK_MARKDOWNCHECK_H
#define DRBOOK_PROOFCHECK_MARKDOWNCHECK_H

#include "drbook/basic/Digest.h"
#include "drbook/proofcheck/ProofCheck.h"
#include "drbook/run/Proof.h"

#include <array>
#include <memory>
#include <ostream>

namespace drbook::proofcheck {

/// A stream buffer that keeps only the SHA-256 and the length of what is written to it.
class DigestBuffer : public run::BlockBuffer {
public:
  /// The digest of everything written; the buffer takes no more writes afterwards.
  std::string finishHex();
  uint64_t size() const { return hashed + static_cast<uint64_t>(pptr() - pbase()); }

protected:
  void consume(llvm::StringRef bytes) override {
    sha.update(bytes);
    hashed += bytes.size();
  }

private:
  Sha256 sha;
  uint64_t hashed = 0;
};

class MarkdownCheck {
public:
  MarkdownCheck();
  void add(const JournalEvent &e) { md.add(e); }
  /// Compares `dir`/proof.md with what the journal gave; `predicate` is the statement's, which
  /// the page's header shows.
  void finish(const std::string &dir, const nlohmann::json &predicate, VerifyReport &r);

private:
  std::array<DigestBuffer, run::ProofMarkdown::PartCount> digests;
  std::array<std::unique_ptr<std::ostream>, run::ProofMarkdown::PartCount> streams;
  run::ProofMarkdown md;
};

} // namespace drbook::proofcheck

#endif
