//===- Verify.cpp - `drbook verify`: checking a proof directory offline ----===//
#include "drbook/run/Verify.h"

#include "VerifyTrace.h"

#include "drbook/run/Interpreter.h"
#include "drbook/run/PlanFile.h"
#include "drbook/run/Proof.h"
#include "drbook/runtime/CanonicalJson.h"
#include "drbook/runtime/Digest.h"
#include "drbook/runtime/Files.h"
#include "drbook/runtime/Journal.h"
#include "drbook/runtime/Signing.h"
#include "drbook/runtime/Statement.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cstdio>
#include <set>

namespace drbook::run {

std::string VerifyProblem::str() const {
  return file + (line ? ":" + std::to_string(line) : "") + ": " + message;
}

namespace {

void fail(VerifyReport &r, const std::string &file, std::string message, unsigned line = 0) {
  r.problems.push_back({file, line, std::move(message)});
}

/// Checks one `{file, sha256, bytes}` output descriptor; returns the file it names.
std::string checkOutput(const std::string &dir, const nlohmann::json &d, const JournalEvent &e,
                        VerifyReport &r) {
  std::string file = d.value("file", "");
  if (file.empty())
    return "";
  llvm::Expected<std::string> text = readWholeFile(dir + "/" + file);
  if (!text) {
    fail(r, proof_files::Journal, "output " + file + " is missing", e.line);
    return file;
  }
  if (sha256Hex(*text) != d.value("sha256", "") || text->size() != d.value("bytes", uint64_t(0)))
    fail(r, file,
         "does not have the digest and size its journal event records (line " +
             std::to_string(e.line) + ")");
  return file;
}

void checkOutputs(const std::string &dir, const std::vector<JournalEvent> &events,
                  VerifyReport &r) {
  std::set<std::string> named;
  size_t before = r.problems.size();
  for (const JournalEvent &e : events)
    for (const char *field : {"stdout", "stderr", "output"})
      if (e.record.contains(field) && e.record[field].is_object())
        named.insert(checkOutput(dir, e.record[field], e, r));
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir + "/" + proof_files::Outputs, ec), end;
       it != end && !ec; it.increment(ec)) {
    std::string rel =
        std::string(proof_files::Outputs) + "/" + llvm::sys::path::filename(it->path()).str();
    if (!named.count(rel))
      fail(r, rel, "is not named by any journal event");
  }
  if (r.problems.size() == before)
    r.passed.push_back("outputs/ holds exactly the outputs the journal names, unchanged");
}

/// A proof can come from anyone: a subject is a plain file name inside the proof directory,
/// a regular file (no device, fifo or link to elsewhere) of bounded size. Empty when it is.
std::string subjectProblem(const std::string &dir, llvm::StringRef name) {
  constexpr uint64_t MaxSubjectBytes = uint64_t(16) << 30;
  if (name.empty() || name == "." || name == ".." || name.contains('/') || name.contains('\0'))
    return "which is not a file name inside the proof directory";
  llvm::sys::fs::file_status status;
  if (llvm::sys::fs::status(dir + "/" + name.str(), status, /*follow=*/false))
    return "which does not exist";
  if (status.type() != llvm::sys::fs::file_type::regular_file)
    return "which is not a regular file";
  if (status.getSize() > MaxSubjectBytes)
    return "which is larger than 16 GB";
  return "";
}

/// Each subject is a file of the proof with the digest the statement gives; returns the
/// runbook source's name.
std::string checkSubjects(const std::string &dir, const Statement &st, VerifyReport &r) {
  std::string sourceName;
  size_t before = r.problems.size();
  for (const StatementSubject &s : st.subjects) {
    if (std::string why = subjectProblem(dir, s.name); !why.empty()) {
      fail(r, proof_files::Statement, "names the subject '" + s.name + "', " + why);
      continue;
    }
    llvm::Expected<std::string> digest = sha256File(dir + "/" + s.name);
    if (!digest)
      fail(r, s.name, "named by the statement but unreadable");
    else if (*digest != s.sha256)
      fail(r, s.name, "digest " + *digest + " differs from the statement's " + s.sha256);
    if (llvm::StringRef(s.name).endswith(".drbook"))
      sourceName = s.name;
  }
  if (r.problems.size() == before)
    r.passed.push_back("statement subjects match the source, plan and journal");
  return sourceName;
}

/// The statement's predicate must say what the journal says.
void checkPredicate(const Program &p, const Statement &st, const std::vector<JournalEvent> &events,
                    const std::string &head, VerifyReport &r) {
  uint64_t redactions = 0;
  for (const JournalEvent &e : events)
    if (e.kind == "end")
      redactions = e.record.value("redactions", uint64_t(0));
  nlohmann::json expected = buildPredicate(p, events, head, redactions);
  for (const auto &item : expected.items())
    if (st.predicate.value(item.key(), nlohmann::json()) != item.value())
      fail(r, proof_files::Statement,
           "predicate field '" + item.key() + "' does not match the journal");
  for (const auto &item : st.predicate.items())
    if (!expected.contains(item.key()))
      fail(r, proof_files::Statement,
           "predicate field '" + item.key() + "' is not one the journal gives");
}

} // namespace

VerifyReport verifyProof(const std::string &dir, const std::string &pubkeyPath) {
  VerifyReport r;
  std::string journalPath = dir + "/" + proof_files::Journal;
  llvm::Expected<ChainReport> chain = verifyChain(journalPath);
  if (!chain) {
    fail(r, proof_files::Journal, llvm::toString(chain.takeError()));
    return r;
  }
  for (const ChainProblem &cp : chain->problems)
    fail(r, proof_files::Journal, cp.message, static_cast<unsigned>(cp.line));
  if (chain->torn)
    fail(r, proof_files::Journal,
         "torn last line at byte " + std::to_string(chain->torn->offset) + " (" +
             chain->torn->reason +
             "): the run stopped while writing it; resume it with "
             "`drbook run --resume`",
         static_cast<unsigned>(chain->torn->line));
  if (chain->intact())
    r.passed.push_back("journal hash chain intact (" + std::to_string(chain->events.size()) +
                       " events, head " + chain->head.substr(0, 16) + "...)");

  llvm::Expected<std::string> statementText = readWholeFile(dir + "/" + proof_files::Statement);
  if (!statementText) {
    fail(r, proof_files::Statement,
         "missing or unreadable: the run did not finish writing its proof (" +
             llvm::toString(statementText.takeError()) + ")");
    return r;
  }
  std::optional<nlohmann::json> json = parseJson(*statementText);
  llvm::Expected<Statement> st = json ? parseStatement(*json)
                                      : llvm::Expected<Statement>(llvm::createStringError(
                                            llvm::inconvertibleErrorCode(), "not JSON"));
  if (!st) {
    fail(r, proof_files::Statement, llvm::toString(st.takeError()));
    return r;
  }
  if (st->predicateType != DrbookPredicateType)
    fail(r, proof_files::Statement, "predicateType is not " + std::string(DrbookPredicateType));
  std::set<std::string> names;
  for (const StatementSubject &s : st->subjects)
    names.insert(s.name);
  for (const char *required : {proof_files::Plan, proof_files::Journal})
    if (!names.count(required))
      fail(r, proof_files::Statement, std::string("does not name ") + required);
  if (canonicalJson(*json) != *statementText)
    fail(r, proof_files::Statement, "is not in canonical form");
  std::string sourceName = checkSubjects(dir, *st, r);

  std::string envelopePath = dir + "/" + proof_files::Envelope;
  bool signedProof = llvm::sys::fs::exists(envelopePath);
  if (!pubkeyPath.empty()) {
    llvm::Expected<PublicKey> key = loadPublicKey(pubkeyPath);
    llvm::Expected<std::string> env = readWholeFile(envelopePath);
    if (!key) {
      fail(r, pubkeyPath, llvm::toString(key.takeError()));
    } else if (!env) {
      fail(r, proof_files::Envelope, "missing: the proof is not signed");
    } else if (std::optional<nlohmann::json> envJson = parseJson(*env); !envJson) {
      fail(r, proof_files::Envelope, "is not JSON");
    } else if (llvm::Expected<VerifiedPayload> v = verifyEnvelope(*envJson, *key); !v) {
      fail(r, proof_files::Envelope, llvm::toString(v.takeError()));
    } else if (v->payload != *statementText) {
      fail(r, proof_files::Envelope, "signs a statement other than statement.json");
    } else {
      r.passed.push_back("signature by key " + key->keyid.substr(0, 16) + "... verifies");
    }
  } else {
    r.notes.push_back(signedProof ? "the proof is signed, but no --pubkey was given: the "
                                    "signature was not checked"
                                  : "the proof is unsigned");
  }

  if (sourceName.empty()) {
    fail(r, proof_files::Statement, "names no .drbook source");
    return r;
  }
  llvm::Expected<std::string> planText = readWholeFile(dir + "/" + proof_files::Plan);
  if (!planText) {
    fail(r, proof_files::Plan, llvm::toString(planText.takeError()));
    return r;
  }
  LoadFailure failure;
  std::unique_ptr<Program> p = programFromPlan(*planText, proof_files::Plan, false, failure);
  if (!p) {
    fail(r, proof_files::Plan,
         failure.message + (failure.diagnostics.empty() ? "" : "\n") + failure.diagnostics);
    return r;
  }
  r.passed.push_back("plan.json is exactly what its embedded source compiles to");
  if (sourceName != sourceFileName(*p))
    fail(r, proof_files::Statement,
         "names source " + sourceName + ", but the plan's is " + sourceFileName(*p));
  else if (llvm::Expected<std::string> src = readWholeFile(dir + "/" + sourceName);
           !src || sha256Hex(*src) != p->sourceDigest)
    fail(r, sourceName, "is not the source embedded in the plan");
  for (const JournalEvent &e : chain->events)
    if (e.kind == "start" && e.record["plan"].value("sha256", "") != p->planDigest)
      fail(r, proof_files::Journal,
           "the run executed a different plan (digest " + e.record["plan"].value("sha256", "") +
               ")",
           static_cast<unsigned>(e.line));
  checkPredicate(*p, *st, chain->events, chain->head, r);
  verifyTrace(*p, chain->events, r);
  checkOutputs(dir, chain->events, r);
  return r;
}

int verifyProofCommand(const std::string &dir, const std::string &pubkeyPath) {
  if (!llvm::sys::fs::is_directory(dir)) {
    std::fprintf(stderr, "drbook: error: '%s' is not a proof directory\n", dir.c_str());
    return ExitUsage;
  }
  if (!llvm::sys::fs::exists(dir + "/" + proof_files::Journal)) {
    std::fprintf(stderr, "drbook: error: '%s' holds no %s: not a proof directory\n", dir.c_str(),
                 proof_files::Journal);
    return ExitUsage;
  }
  VerifyReport r;
  try {
    r = verifyProof(dir, pubkeyPath);
  } catch (const std::exception &err) {
    std::fprintf(stderr, "drbook: internal error while verifying: %s\n", err.what());
    return ExitInternal;
  }
  for (const std::string &ok : r.passed)
    std::printf("ok: %s\n", ok.c_str());
  for (const std::string &note : r.notes)
    std::printf("note: %s\n", note.c_str());
  for (const VerifyProblem &pr : r.problems)
    std::printf("%s/%s\n", dir.c_str(), pr.str().c_str());
  if (r.ok()) {
    std::printf("verified: %s\n", dir.c_str());
    return ExitOk;
  }
  std::printf("NOT verified: %zu problem(s) in %s\n", r.problems.size(), dir.c_str());
  return ExitProblems;
}

} // namespace drbook::run
