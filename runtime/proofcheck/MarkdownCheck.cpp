//===- MarkdownCheck.cpp - proof.md against the journal, without keeping either --===//
#include "MarkdownCheck.h"

#include "drbook/basic/Files.h"

#include "llvm/ADT/SmallVector.h"

#include <cstdio>

namespace drbook::proofcheck {

using run::ProofMarkdown;

std::string DigestBuffer::finishHex() {
  drain();
  return sha.finishHex();
}

namespace {

using Streams = std::array<std::unique_ptr<std::ostream>, ProofMarkdown::PartCount>;

Streams streamsOver(std::array<DigestBuffer, ProofMarkdown::PartCount> &digests) {
  Streams out;
  for (unsigned i = 0; i < digests.size(); ++i)
    out[i] = std::make_unique<std::ostream>(&digests[i]);
  return out;
}

std::array<std::ostream *, ProofMarkdown::PartCount> pointers(Streams &streams) {
  std::array<std::ostream *, ProofMarkdown::PartCount> out;
  for (unsigned i = 0; i < streams.size(); ++i)
    out[i] = streams[i].get();
  return out;
}

/// proof.md read from the front, compared piece by piece with what the journal gives.
class PageReader {
public:
  explicit PageReader(const std::string &path) : file(std::fopen(path.c_str(), "rb")) {}
  ~PageReader() {
    if (file)
      std::fclose(file);
  }
  bool readable() const { return file != nullptr; }
  /// Whether the next bytes of the page are `text`.
  bool next(llvm::StringRef text) {
    std::string have(text.size(), '\0');
    return std::fread(have.data(), 1, have.size(), file) == have.size() && have == text;
  }
  /// Whether the next `size` bytes of the page have the SHA-256 `digest`.
  bool nextDigest(uint64_t size, const std::string &digest) {
    Sha256 sha;
    char block[1 << 16];
    while (size > 0) {
      size_t want = size < sizeof block ? static_cast<size_t>(size) : sizeof block;
      if (std::fread(block, 1, want, file) != want)
        return false;
      sha.update(llvm::StringRef(block, want));
      size -= want;
    }
    return sha.finishHex() == digest;
  }
  bool atEnd() { return std::fgetc(file) == EOF; }

private:
  std::FILE *file;
};

/// The page rendered whole, for the first line that differs: only for a page that does.
void reportDifference(const std::string &dir, const nlohmann::json &predicate, VerifyReport &r) {
  llvm::Expected<std::string> text =
      readWholeFile(dir + "/" + run::proof_files::Markdown, file_limits::Markdown);
  if (!text) {
    r.fail(run::proof_files::Markdown, llvm::toString(text.takeError()));
    return;
  }
  run::ProofMarkdownText page;
  llvm::Expected<ChainReport> scan = scanJournalFile(dir + "/" + run::proof_files::Journal,
                                                     [&](JournalEvent &&e) { page.add(e); });
  if (!scan)
    llvm::consumeError(scan.takeError()); // read once already; the message names the page
  std::string expected = page.str(predicate);
  llvm::SmallVector<llvm::StringRef, 64> have, want;
  llvm::StringRef(*text).split(have, '\n');
  llvm::StringRef(expected).split(want, '\n');
  size_t line = 0;
  while (line < have.size() && line < want.size() && have[line] == want[line])
    ++line;
  std::string wanted = line < want.size() ? want[line].str() : "(end of file)";
  r.fail(run::proof_files::Markdown,
         "differs from what the journal says; the journal gives: " + wanted,
         static_cast<unsigned>(line + 1));
}

} // namespace

MarkdownCheck::MarkdownCheck() : streams(streamsOver(digests)), md(pointers(streams)) {}

void MarkdownCheck::finish(const std::string &dir, const nlohmann::json &predicate,
                           VerifyReport &r) {
  PageReader page(dir + "/" + run::proof_files::Markdown);
  bool same = page.readable();
  md.layout(
      predicate, [&](llvm::StringRef text) { same = same && page.next(text); },
      [&](ProofMarkdown::Part part) {
        streams[part]->flush();
        uint64_t size = digests[part].size();
        same = same && page.nextDigest(size, digests[part].finishHex());
      });
  if (same && page.atEnd())
    r.passed.push_back("proof.md says exactly what the journal says");
  else
    reportDifference(dir, predicate, r);
}

} // namespace drbook::proofcheck
