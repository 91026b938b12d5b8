//===- Proof.cpp - The proof directory a run leaves behind -----------------===//
#include "drbook/run/Proof.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Files.h"
#include "drbook/proof/Digest.h"
#include "drbook/proof/Statement.h"
#include "drbook/proof/Timestamp.h"
#include "drbook/run/Display.h"
#include "drbook/run/Evaluator.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <ctime>

namespace drbook::run {

namespace proof_files {
const char *const Plan = "plan.json";
const char *const Journal = "events.jsonl";
const char *const Statement = "statement.json";
const char *const Envelope = "statement.dsse.json";
const char *const Markdown = "proof.md";
const char *const Outputs = "outputs";
} // namespace proof_files

std::string defaultProofDir(const std::string &runbook, SystemTime now) {
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  return "proof/" + runbook + "-" + stamp;
}

std::string sourceFileName(const Program &p) {
  std::string name = llvm::sys::path::filename(p.sourcePath).str();
  return name.empty() ? "runbook.drbook" : name;
}

llvm::Error writeProofInputs(const std::string &dir, const Program &p) {
  if (llvm::Error err = ensurePrivateDirectory(dir))
    return err;
  if (llvm::Error err = ensurePrivateDirectory(dir + "/" + proof_files::Outputs))
    return err;
  if (llvm::Error err = writeFileDurably(dir + "/" + sourceFileName(p), p.sourceText, 0600))
    return err;
  return writeFileDurably(dir + "/" + proof_files::Plan, p.planText, 0600);
}

void discardProofDirectory(const std::string &dir, const Program &p) {
  for (const std::string &name :
       {sourceFileName(p), std::string(proof_files::Plan), std::string(proof_files::Journal)})
    llvm::sys::fs::remove(dir + "/" + name);
  removeInterruptedWrites(dir);
  llvm::sys::fs::remove(dir + "/" + proof_files::Outputs); // only when empty
  llvm::sys::fs::remove(dir);                              // likewise
}

static int64_t msBetween(const std::string &from, const std::string &to) {
  auto a = parseTimestamp(from), b = parseTimestamp(to);
  if (!a || !b)
    return 0;
  return std::chrono::duration_cast<std::chrono::milliseconds>(*b - *a).count();
}

void RtoClock::add(const JournalEvent &e) {
  if (e.kind == "start" && started.empty())
    started = e.ts;
  if (e.kind == "finally" && !started.empty() && cleanup.empty())
    cleanup = e.ts;
}

int64_t RtoClock::measuredMs(const std::string &end) const {
  if (started.empty())
    return 0;
  return msBetween(started, cleanup.empty() ? end : cleanup);
}

nlohmann::json signerOf(const PublicKey &key) {
  return {{"keyid", key.keyid}, {"fingerprint", key.fingerprint}};
}

void PredicateBuilder::add(const JournalEvent &e) {
  const nlohmann::json &r = e.record;
  ++events;
  clock.add(e);
  if (e.kind == "start") {
    started = e.ts;
    pred["runbook"] = r.value("runbook", nlohmann::json::object());
    pred["mode"] = r.value("mode", "incident");
    pred["params"] = r.value("params", nlohmann::json::object());
    pred["actor"] = r.value("actor", "");
  } else if (e.kind == "end") {
    finished = e.ts;
    pred["status"] = r.value("status", "failed");
    if (r.contains("redactions"))
      redactions = r.value("redactions", uint64_t(0));
    // Only the last end says why the run ended: an interruption resumed to a pass is
    // history (the resume events), not the outcome.
    pred.erase("reason");
    if (r.contains("reason"))
      pred["reason"] = r["reason"];
    if (!e.node.empty())
      step(e.node);
  } else if (e.kind == "resume") {
    ++resumed;
  }
  if (r.contains("next") && !e.node.empty())
    step(e.node);
  if (e.kind == "decision" && r.contains("value"))
    decisions.push_back({{"node", e.node},
                         {"decision", r.value("decision", "")},
                         {"value", r["value"]},
                         {"by", r.value("by", "")},
                         {"actor", r.value("actor", "")},
                         {"seq", e.seq}});
}

void PredicateBuilder::step(const std::string &node) {
  uint32_t planNodes = static_cast<uint32_t>(p.graph->nodes.size());
  graph::NodeId id = p.node(node);
  if (id == graph::NoId) {
    id = planNodes + static_cast<uint32_t>(foreign.size());
    foreign.push_back(node);
  }
  steps.push_back(id);
}

const std::string &PredicateBuilder::stepAt(size_t i) const {
  size_t planNodes = p.graph->nodes.size();
  return steps[i] < planNodes ? p.graph->nodes[steps[i]].id : foreign[steps[i] - planNodes];
}

nlohmann::json PredicateBuilder::path() const {
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = 0; i < steps.size(); ++i)
    out.push_back(stepAt(i));
  return out;
}

bool PredicateBuilder::samePath(const nlohmann::json &stated) const {
  if (!stated.is_array() || stated.size() != steps.size())
    return false;
  for (size_t i = 0; i < steps.size(); ++i)
    if (!stated[i].is_string() || stated[i].get_ref<const std::string &>() != stepAt(i))
      return false;
  return true;
}

nlohmann::json PredicateBuilder::finish(const std::string &journalHead, uint64_t redactionsSeen,
                                        const nlohmann::json &signer) {
  pred["started"] = started;
  pred["finished"] = finished;
  pred["journal"] = {{"head", journalHead}, {"events", events}};
  int64_t measured = clock.measuredMs(finished.empty() ? started : finished);
  nlohmann::json rto = {{"measured_ms", measured}};
  size_t planNodes = p.graph->nodes.size();
  graph::NodeId end = steps.empty() || steps.back() >= planNodes ? graph::NoId : steps.back();
  if (std::optional<int64_t> objective = p.graph->objectiveFor(end)) {
    rto["objective_ms"] = *objective;
    rto["met"] = pred["status"] == "passed" && measured <= *objective;
    if (end != graph::NoId && p.graph->nodes[end].scenario >= 0 &&
        p.graph->scenarios[p.graph->nodes[end].scenario].rtoMs)
      rto["scenario"] = p.graph->scenarios[p.graph->nodes[end].scenario].name;
  }
  pred["decisions"] = std::move(decisions);
  pred["rto"] = rto;
  pred["redaction_count"] = redactions.value_or(redactionsSeen);
  pred["resumed"] = resumed;
  if (!signer.is_null())
    pred["signer"] = signer;
  return std::move(pred);
}

bool isTemporaryWrite(llvm::StringRef name) {
  size_t at = name.rfind(".tmp.");
  if (at == llvm::StringRef::npos || at == 0)
    return false;
  llvm::StringRef pid, n;
  std::tie(pid, n) = name.substr(at + 5).split('.');
  return !pid.empty() && !n.empty() && llvm::all_of(pid, llvm::isDigit) &&
         llvm::all_of(n, llvm::isDigit);
}

void removeInterruptedWrites(const std::string &dir) {
  for (const std::string &in : {dir, dir + "/" + proof_files::Outputs}) {
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(in, ec), end; it != end && !ec; it.increment(ec))
      if (isTemporaryWrite(llvm::sys::path::filename(it->path())))
        llvm::sys::fs::remove(it->path());
  }
}

llvm::Error finalizeProof(const std::string &dir, const Program &p, uint64_t redactions,
                          const SigningKey *key) {
  PredicateBuilder builder(p);
  ProofMarkdownText page(dir);
  llvm::Expected<ChainReport> journal =
      scanJournalFile(dir + "/" + proof_files::Journal, [&](JournalEvent &&e) {
        builder.add(e);
        page.add(e);
      });
  if (!journal)
    return journal.takeError();
  nlohmann::json predicate =
      builder.finish(journal->head, redactions, key ? signerOf(key->publicKey) : nlohmann::json());
  predicate["path"] = builder.path();
  if (llvm::Error err = writeFileDurably(
          dir + "/" + proof_files::Markdown,
          [&](const FileSink &out) { return page.write(predicate, out); }, 0600))
    return err;
  std::vector<StatementSubject> subjects;
  for (const std::string &name :
       {sourceFileName(p), std::string(proof_files::Plan), std::string(proof_files::Journal),
        std::string(proof_files::Markdown)}) {
    llvm::Expected<std::string> digest = sha256File(dir + "/" + name);
    if (!digest)
      return digest.takeError();
    subjects.push_back({name, *digest});
  }
  std::string statement = canonicalJson(makeStatement(subjects, predicate));
  if (llvm::Error err = writeFileDurably(dir + "/" + proof_files::Statement, statement, 0600))
    return err;
  if (!key) // a resumed run without the key: the first run's signature covers nothing now
    return llvm::errorCodeToError(llvm::sys::fs::remove(dir + "/" + proof_files::Envelope));
  std::string envelope = canonicalJson(signEnvelope(statement, InTotoPayloadType, *key));
  return writeFileDurably(dir + "/" + proof_files::Envelope, envelope, 0600);
}

} // namespace drbook::run
