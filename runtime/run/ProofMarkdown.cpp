//===- ProofMarkdown.cpp - proof.md, the proof a person reads --------------===//
//
// Everything in proof.md comes from the journal (already redacted), so it says exactly what
// the hash-chained record says, in the order it happened.
//
//===----------------------------------------------------------------------===//
#include "drbook/basic/Duration.h"
#include "drbook/run/Display.h"
#include "drbook/run/Evaluator.h"
#include "drbook/run/Proof.h"

#include <cerrno>
#include <fcntl.h>
#include <map>
#include <sstream>
#include <unistd.h>

namespace drbook::run {

namespace {

/// Text safe inside a Markdown table cell.
std::string cell(std::string text) {
  if (text.size() <= 160 && text.find_first_of("|\n") == std::string::npos)
    return text; // as almost every cell is
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += " ";
    else
      out += c;
  }
  if (out.size() > 160)
    out = out.substr(0, 157) + "...";
  return out;
}

std::string str(const nlohmann::json &v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

/// A fenced block whose fence cannot occur in the text.
std::string fenced(const std::string &text) {
  std::string fence = "```";
  while (text.find(fence) != std::string::npos)
    fence += "`";
  return fence + "\n" + text + (text.empty() || text.back() == '\n' ? "" : "\n") + fence + "\n";
}

std::string eventDetail(const JournalEvent &e) {
  const nlohmann::json &r = e.record;
  if (e.kind == "probe")
    return r.value("probe", "") + ": " + r.value("verdict", "") + " (" + r.value("target", "") +
           ")";
  if (e.kind == "action")
    return "$ " + r.value("command", "") + " -> " + r.value("verdict", "") + " (exit " +
           str(r.value("exit", nlohmann::json(-1))) + ", attempt " +
           str(r.value("attempt", nlohmann::json(1))) + ")";
  if (e.kind == "decision")
    return r.value("decision", "") + " = " + str(r.value("value", nlohmann::json())) + " (" +
           r.value("by", "") + (r.contains("actor") ? ", " + r.value("actor", "") : "") + ")";
  if (e.kind == "operator")
    return r.value("text", "") + ": " + r.value("answer", "") + " by " + r.value("actor", "") +
           " (" + r.value("answer_source", "") + ")";
  if (e.kind == "answer")
    return r.value("name", "") + " = " +
           str(r.value("captured", nlohmann::json::object())
                   .value(r.value("name", ""), nlohmann::json())) +
           " by " + r.value("actor", "") + " (" + r.value("answer_source", "") + ")";
  if (e.kind == "end")
    return r.value("status", "") + (r.contains("reason") ? ": " + str(r["reason"]) : "");
  if (e.kind == "skip")
    return r.value("step", "") + " (" + r.value("reason", "") + ")";
  if (r.contains("verdict"))
    return r.value("step", "") + ": " + r.value("verdict", "");
  return r.value("step", "");
}

void header(std::ostream &md, const nlohmann::json &pred) {
  bool drill = pred.value("mode", "") == "drill";
  nlohmann::json rb = pred.value("runbook", nlohmann::json::object());
  md << "# " << (drill ? "DRILL PROOF" : "INCIDENT PROOF") << ": " << rb.value("title", "")
     << "\n\n";
  md << "| | |\n|---|---|\n";
  md << "| Runbook | `" << rb.value("name", "") << "` " << rb.value("version", "") << " |\n";
  md << "| Owner | " << cell(rb.value("owner", "")) << " |\n";
  md << "| Mode | " << (drill ? "drill" : "incident") << " |\n";
  md << "| Status | **" << pred.value("status", "") << "**"
     << (pred.contains("reason") ? ": " + cell(str(pred["reason"])) : "") << " |\n";
  md << "| Started | " << pred.value("started", "") << " by " << cell(pred.value("actor", ""))
     << " |\n";
  md << "| Finished | " << pred.value("finished", "") << " |\n";
  // A statement can come from anyone: a member it lacks is shown empty (and reported by the
  // predicate check), never looked up where it is not.
  const nlohmann::json rto = pred.value("rto", nlohmann::json::object());
  int64_t measured = rto.value("measured_ms", int64_t(0));
  md << "| Measured RTO | " << formatElapsed(measured);
  if (rto.contains("objective_ms"))
    md << " against "
       << (rto.contains("scenario") ? "scenario " + str(rto["scenario"]) + "'s objective of "
                                    : std::string("an objective of "))
       << formatDuration(rto["objective_ms"].get<int64_t>()) << ": **"
       << (rto.value("met", false) ? "met" : "not met") << "**";
  md << " |\n";
  const nlohmann::json journal = pred.value("journal", nlohmann::json::object());
  md << "| Journal head | `" << journal.value("head", "") << "` (" << journal.value("events", 0)
     << " events) |\n";
  if (pred.value("resumed", 0) > 0)
    md << "| Resumed | " << pred.value("resumed", 0) << " time(s) |\n";
  md << "| Secrets redacted | " << pred.value("redaction_count", 0) << " occurrence(s) |\n";
  if (pred.contains("signer") && pred["signer"].is_object())
    md << "| Signed by | `" << cell(pred["signer"].value("fingerprint", "")) << "` (key id "
       << cell(pred["signer"].value("keyid", "").substr(0, 16)) << "...) |\n\n";
  else
    md << "| Signed by | nobody: this proof shows integrity only, not who wrote it |\n\n";
  md << "## Parameters\n\n| name | value |\n|---|---|\n";
  nlohmann::json params = pred.value("params", nlohmann::json::object());
  for (const auto &item : params.items())
    md << "| " << item.key() << " | `" << cell(str(item.value())) << "` |\n";
  md << "\n";
}

void command(std::ostream &md, const JournalEvent &e) {
  const nlohmann::json &r = e.record;
  md << "### `" << e.node << "` attempt " << str(r.value("attempt", nlohmann::json(1))) << ": "
     << r.value("verdict", "") << "\n\n";
  md << fenced("$ " + r.value("command", ""));
  md << "\nexit " << str(r.value("exit", nlohmann::json(-1)))
     << (r.value("timed_out", false) ? " (timed out, process group stopped)" : "") << ", "
     << r.value("duration_ms", 0) << " ms, at " << e.ts << "\n\n";
  static const nlohmann::json noOutput = nlohmann::json::object();
  for (const char *stream : {"stdout", "stderr"}) {
    // Looked up, not copied: an output's excerpt is kilobytes.
    auto found = r.find(stream);
    const nlohmann::json &o = found != r.end() ? *found : noOutput;
    if (o.value("excerpt", "").empty())
      continue;
    md << stream << (o.contains("file") ? " (full output: `" + o.value("file", "") + "`)" : "")
       << ":\n\n"
       << fenced(o.value("excerpt", "")) << "\n";
  }
}

/// The timeline row of an event; nothing for a probe a `wait` repeated.
void timelineRow(std::ostream &md, const JournalEvent &e) {
  if (e.kind == "probe" && e.record.value("reason", "") == "wait")
    return;
  // Run-level events (start, end) belong to no step.
  // The time of day of `YYYY-MM-DDTHH:MM:SS…Z`; a journal from elsewhere may hold less.
  md << "| " << llvm::StringRef(e.ts).drop_front(11).str() << " | "
     << (e.node.empty() ? "" : "`" + cell(e.node) + "`") << " | " << e.kind << " | "
     << cell(eventDetail(e)) << " |\n";
}

void decisionLine(std::ostream &md, const JournalEvent &e) {
  const nlohmann::json &r = e.record;
  md << "- **" << r.value("decision", "") << " = " << str(r["value"]) << "** at " << e.ts << ": ";
  if (r.value("by", "") == "operator")
    md << "chosen by " << r.value("actor", "") << " (" << r.value("answer_source", "") << ")";
  else if (r.value("by", "") == "rule")
    md << "rule `" << r.value("rule", "") << "` held";
  else
    md << "no rule held (otherwise)";
  md << "\n";
}

void operatorLine(std::ostream &md, const JournalEvent &e) {
  md << "- " << e.ts << ": " << e.record.value("text", "") << ": **" << e.record.value("answer", "")
     << "** by " << e.record.value("actor", "") << " (" << e.record.value("answer_source", "")
     << ")\n";
}

/// A step written with an `estimate`: the time it took beside the time it was expected to
/// take and the worst case the RTO proof counted.
void estimateRow(std::ostream &md, const JournalEvent &e) {
  const nlohmann::json &r = e.record;
  int64_t took = r.value(e.kind == "operator" ? "waited_ms" : "took_ms", int64_t(0));
  int64_t expected = r.value("estimate_ms", int64_t(0)), worst = r.value("worst_ms", int64_t(0));
  md << "| `" << cell(e.node) << "` | " << formatDuration(took) << " | " << formatDuration(expected)
     << " | " << formatDuration(worst) << " | "
     << (took > worst      ? "over the worst case"
         : took > expected ? "over the estimate"
                           : "within")
     << " |\n";
}

bool isValidationKind(const std::string &kind) {
  return kind == "must" || kind == "check" || kind == "wait" || kind == "operator" ||
         kind == "probe";
}

const char *const Checking =
    "\n## Checking this proof\n\n"
    "Run `drbook verify <this directory> --pubkey KEY` with the public key you trust for "
    "the signer above: it checks the signature, replays the journal's hash chain, checks "
    "the digests of the source, plan, journal and this page named in statement.json, that "
    "this page is exactly what the journal says, that every step follows an edge of the "
    "plan, that every automatic decision follows from the recorded observations, and the "
    "runbook's invariants over this trace.\n";

} // namespace

ProofMarkdown::ProofMarkdown(std::array<std::ostream *, PartCount> parts) : parts(parts) {}

void ProofMarkdown::add(const JournalEvent &e) {
  const nlohmann::json &r = e.record;
  timelineRow(write(Timeline), e);
  if (e.kind == "decision" && r.contains("value"))
    decisionLine(write(Decisions), e);
  if (e.kind == "operator")
    operatorLine(write(Answers), e);
  if (r.contains("captured") && r["captured"].is_object())
    for (const auto &item : r["captured"].items())
      // A probe's output is recorded with its observation and again with the check that ran
      // it: listed once, where it was first captured.
      if (capturedNames.insert(item.key()).second)
        captured.push_back({item.key(), str(item.value()), e.node, e.ts,
                            e.kind == "answer" ? " (typed by " + r.value("actor", "") + ")" : ""});
  if (e.kind == "action")
    command(write(Commands), e);
  if (e.kind == "phase")
    inValidation = r.value("phase", "") == "validation";
  if ((inValidation || r.value("validates", false)) && isValidationKind(e.kind) &&
      !(e.kind == "probe" && r.value("reason", "") == "wait"))
    write(Validation) << "- "
                      << (r.value("verdict", "") == "ok" || r.value("answer", "") == "confirmed"
                              ? "PASS"
                              : "FAIL")
                      << " " << cell(eventDetail(e)) << "\n";
  if (r.contains("estimate_ms") && (e.kind == "operator" || e.kind == "action-end"))
    estimateRow(write(Estimates), e);
  if (e.kind == "skip")
    write(Skipped) << "- `" << e.node << "` " << cell(r.value("step", "")) << " ("
                   << r.value("reason", "") << ")\n";
}

std::ostream &ProofMarkdown::write(Part part) {
  ++written[part];
  return *parts[part];
}

std::string ProofMarkdown::capturedSection() const {
  if (captured.empty())
    return "";
  std::ostringstream md;
  md << "\n## Captured values\n\n| value | captured | at step | time (UTC) |\n|---|---|---|---|\n";
  for (const CapturedRow &row : captured)
    md << "| `" << cell(row.name) << "` | " << cell(row.value) << row.by << " | `" << cell(row.node)
       << "` | " << row.ts << " |\n";
  return md.str();
}

void ProofMarkdown::layout(const nlohmann::json &predicate,
                           llvm::function_ref<void(llvm::StringRef)> text,
                           llvm::function_ref<void(Part)> part) const {
  std::ostringstream head;
  header(head, predicate);
  text(head.str());
  text("## Timeline\n\n| time (UTC) | step | event | detail |\n|---|---|---|---|\n");
  part(Timeline);
  text("\n## Decisions\n\n");
  part(Decisions);
  part(Answers);
  if (!written[Decisions] && !written[Answers])
    text("None.\n");
  text(capturedSection());
  text("\n## Commands and outputs\n\n");
  part(Commands);
  if (!written[Commands])
    text("No command ran.\n");
  text("\n## Validation\n\n");
  part(Validation);
  if (!written[Validation])
    text("No validation step ran.\n");
  if (written[Estimates])
    text("\n## Estimates\n\n| step | took | expected | worst case | |\n|---|---|---|---|---|\n");
  part(Estimates);
  if (written[Skipped])
    text("\n## Skipped\n\n");
  part(Skipped);
  text(Checking);
}

void BlockBuffer::drain() {
  consume(llvm::StringRef(pbase(), static_cast<size_t>(pptr() - pbase())));
  setp(block, block + sizeof block);
}

BlockBuffer::int_type BlockBuffer::overflow(int_type c) {
  drain();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

int BlockBuffer::sync() {
  drain();
  return 0;
}

/// Where a part of the page is kept while the journal is read.
class PartBuffer : public BlockBuffer {
public:
  /// Hands what was written to `out` a piece at a time.
  virtual llvm::Error replay(const FileSink &out) = 0;
};

namespace {

class MemoryPart : public PartBuffer {
public:
  llvm::Error replay(const FileSink &out) override {
    drain();
    return out(text);
  }

protected:
  void consume(llvm::StringRef bytes) override { text.append(bytes.data(), bytes.size()); }

private:
  std::string text;
};

/// A part in an unnamed temporary file: nothing to clean up after a crash, nothing anyone
/// else sees.
class FilePart : public PartBuffer {
public:
  explicit FilePart(int fd) : fd(fd) {}
  ~FilePart() override { ::close(fd); }
  llvm::Error replay(const FileSink &out) override;

protected:
  void consume(llvm::StringRef bytes) override {
    if (!failed)
      failed = writeAll(fd, bytes);
  }

private:
  int fd;
  int failed = 0;
};

llvm::Error FilePart::replay(const FileSink &out) {
  drain();
  if (!failed && ::lseek(fd, 0, SEEK_SET) != 0)
    failed = errno;
  if (failed)
    return llvm::errorCodeToError(std::error_code(failed, std::generic_category()));
  char block[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, block, sizeof block);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return llvm::errorCodeToError(std::error_code(errno, std::generic_category()));
    if (n == 0)
      return llvm::Error::success();
    if (llvm::Error err = out(llvm::StringRef(block, static_cast<size_t>(n))))
      return err;
  }
}

std::unique_ptr<PartBuffer> partIn(const std::string &spoolDir) {
  int fd = spoolDir.empty() ? -1 : ::open(spoolDir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    return std::make_unique<MemoryPart>();
  return std::make_unique<FilePart>(fd);
}

} // namespace

ProofMarkdownText::ProofMarkdownText(const std::string &spoolDir)
    : buffers(), streams(), md([&] {
        std::array<std::ostream *, ProofMarkdown::PartCount> out;
        for (unsigned i = 0; i < out.size(); ++i) {
          buffers[i] = partIn(spoolDir);
          streams[i] = std::make_unique<std::ostream>(buffers[i].get());
          out[i] = streams[i].get();
        }
        return out;
      }()) {}

ProofMarkdownText::~ProofMarkdownText() = default;

llvm::Error ProofMarkdownText::write(const nlohmann::json &predicate, const FileSink &out) {
  // layout() takes no errors back: the first one is kept, and nothing is written after it.
  llvm::Error first = llvm::Error::success();
  auto keep = [&](llvm::Error err) {
    if (!err)
      return;
    if (first)
      llvm::consumeError(std::move(err));
    else
      first = std::move(err);
  };
  md.layout(
      predicate, [&](llvm::StringRef text) { keep(first ? llvm::Error::success() : out(text)); },
      [&](ProofMarkdown::Part part) {
        streams[part]->flush();
        keep(first ? llvm::Error::success() : buffers[part]->replay(out));
      });
  return first;
}

std::string ProofMarkdownText::str(const nlohmann::json &predicate) {
  std::string page;
  llvm::Error err = write(predicate, [&](llvm::StringRef bytes) {
    page += bytes;
    return llvm::Error::success();
  });
  llvm::consumeError(std::move(err)); // in memory, only a part's own file can fail
  return page;
}

} // namespace drbook::run
