//===- ProofCheck.cpp - `drbook verify`: checking a proof directory offline ---===//
#include "drbook/proofcheck/ProofCheck.h"

#include "MarkdownCheck.h"
#include "SignatureCheck.h"
#include "TraceCheck.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Files.h"
#include "drbook/basic/Visible.h"
#include "drbook/proof/Digest.h"
#include "drbook/proof/Journal.h"
#include "drbook/proof/Signing.h"
#include "drbook/proof/Statement.h"
#include "drbook/run/Interpreter.h"
#include "drbook/run/PlanFile.h"
#include "drbook/run/Proof.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <memory>
#include <optional>
#include <set>

namespace drbook::proofcheck {

using namespace drbook::run;

std::string VerifyProblem::str() const {
  return file + (line ? ":" + std::to_string(line) : "") + ": " + message;
}

void VerifyReport::fail(const std::string &file, std::string message, unsigned line) {
  problems.push_back({file, line, std::move(message)});
}

void VerifyReport::append(VerifyReport &&other) {
  std::move(other.problems.begin(), other.problems.end(), std::back_inserter(problems));
  std::move(other.passed.begin(), other.passed.end(), std::back_inserter(passed));
  std::move(other.notes.begin(), other.notes.end(), std::back_inserter(notes));
  if (!other.signedBy.empty())
    signedBy = std::move(other.signedBy);
  if (!other.unsignedReason.empty())
    unsignedReason = std::move(other.unsignedReason);
}

namespace {

/// A proof can come from anyone: a file it names is a plain file name inside the proof
/// directory (`under/NAME` for one in a subdirectory), a regular file (no device, fifo or
/// link to elsewhere) of bounded size. Empty when it is; otherwise why not.
std::string fileProblem(const std::string &dir, llvm::StringRef name, llvm::StringRef under = "") {
  constexpr uint64_t MaxBytes = uint64_t(16) << 30;
  if (!under.empty() && !name.consume_front((under + "/").str()))
    return "which is not inside " + under.str() + "/";
  if (name.empty() || name == "." || name == ".." || name.contains('/') || name.contains('\0'))
    return "which is not a file name inside the proof directory";
  llvm::sys::fs::file_status status;
  std::string path = dir + "/" + (under.empty() ? "" : under.str() + "/") + name.str();
  if (llvm::sys::fs::status(path, status, /*follow=*/false))
    return "which does not exist";
  if (status.type() != llvm::sys::fs::file_type::regular_file)
    return "which is not a regular file";
  if (status.getSize() > MaxBytes)
    return "which is larger than 16 GB";
  return "";
}

/// Checks one `{file, sha256, bytes}` output descriptor; returns the file it names.
std::string checkOutput(const std::string &dir, const nlohmann::json &d, const JournalEvent &e,
                        VerifyReport &r) {
  std::string file = d.value("file", "");
  if (file.empty())
    return "";
  if (std::string why = fileProblem(dir, file, proof_files::Outputs); !why.empty()) {
    r.fail(proof_files::Journal, "names the output '" + file + "', " + why, e.line);
    return file;
  }
  uint64_t size = 0;
  llvm::sys::fs::file_size(dir + "/" + file, size);
  llvm::Expected<std::string> digest = sha256File(dir + "/" + file);
  if (!digest) {
    r.fail(proof_files::Journal, llvm::toString(digest.takeError()), e.line);
    return file;
  }
  if (*digest != d.value("sha256", "") || size != d.value("bytes", uint64_t(0)))
    r.fail(file, "does not have the digest and size its journal event records (line " +
                     std::to_string(e.line) + ")");
  return file;
}

/// outputs/ holds exactly the outputs the journal names, unchanged: each one checked as the
/// event naming it is scanned, the directory against the names at the end.
class OutputsCheck {
public:
  explicit OutputsCheck(const std::string &dir) : dir(dir) {}
  void add(const JournalEvent &e, VerifyReport &r) {
    for (const char *field : {"stdout", "stderr", "output"})
      if (e.record.contains(field) && e.record[field].is_object())
        named.insert(checkOutput(dir, e.record[field], e, r));
  }
  void finish(VerifyReport &r);

private:
  const std::string &dir;
  /// As many as outputs/ holds files.
  std::set<std::string> named;
};

void OutputsCheck::finish(VerifyReport &r) {
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir + "/" + proof_files::Outputs, ec), end;
       it != end && !ec; it.increment(ec)) {
    std::string rel =
        std::string(proof_files::Outputs) + "/" + llvm::sys::path::filename(it->path()).str();
    if (!named.count(rel))
      r.fail(rel, "is not named by any journal event");
  }
  if (r.problems.empty())
    r.passed.push_back("outputs/ holds exactly the outputs the journal names, unchanged");
}

/// What checkSubjects found, and what is left to check once the journal has been read.
struct Subjects {
  std::string sourceName;
  /// The journal's digest as the statement gives it: compared with the digest of the bytes
  /// the chain scan reads, so the journal is read once and what is checked is what is bound.
  std::optional<std::string> journalDigest;
  /// The plan's, compared with the digest of the bytes the plan is loaded from.
  std::optional<std::string> planDigest;
  bool ok = false;
};

/// Whether `file`'s digest, as read, is the one the statement gives; reports it when not.
bool sameDigest(const std::string &file, llvm::Expected<std::string> digest,
                const std::string &stated, VerifyReport &r) {
  if (!digest) {
    llvm::consumeError(digest.takeError());
    r.fail(file, "named by the statement but unreadable");
    return false;
  }
  if (*digest == stated)
    return true;
  r.fail(file, "digest " + *digest + " differs from the statement's " + stated);
  return false;
}

/// Each subject is a file of the proof with the digest the statement gives, and they are
/// exactly the files drbook binds: one runbook source, the plan, the journal and proof.md.
Subjects checkSubjects(const std::string &dir, const Statement &st, VerifyReport &r) {
  Subjects found;
  std::string &sourceName = found.sourceName;
  size_t before = r.problems.size();
  std::set<std::string> names;
  for (const StatementSubject &s : st.subjects)
    if (!names.insert(s.name).second)
      r.fail(proof_files::Statement, "names the subject '" + s.name + "' twice");
  for (const char *required : {proof_files::Plan, proof_files::Journal, proof_files::Markdown})
    if (!names.count(required))
      r.fail(proof_files::Statement, std::string("does not name ") + required);
  for (const StatementSubject &s : st.subjects) {
    if (std::string why = fileProblem(dir, s.name); !why.empty()) {
      r.fail(proof_files::Statement, "names the subject '" + s.name + "', " + why);
      continue;
    }
    if (s.name == proof_files::Journal && !found.journalDigest) {
      found.journalDigest = s.sha256;
      continue;
    }
    if (s.name == proof_files::Plan && !found.planDigest) {
      found.planDigest = s.sha256;
      continue;
    }
    sameDigest(s.name, sha256File(dir + "/" + s.name), s.sha256, r);
    if (llvm::StringRef(s.name).endswith(".drbook") && sourceName.empty())
      sourceName = s.name;
    else if (s.name != proof_files::Plan && s.name != proof_files::Journal &&
             s.name != proof_files::Markdown)
      r.fail(proof_files::Statement,
             "names the subject '" + s.name + "', which is not a file drbook binds into a proof");
  }
  found.ok = r.problems.size() == before;
  return found;
}

/// The plan's digest: of the bytes it was loaded from when it was, else of the file.
void checkPlanSubject(const std::string &dir, const Program *p, Subjects &subjects,
                      VerifyReport &r) {
  if (!subjects.planDigest)
    return;
  if (!sameDigest(proof_files::Plan,
                  p ? llvm::Expected<std::string>(p->planDigest)
                    : sha256File(dir + "/" + proof_files::Plan),
                  *subjects.planDigest, r))
    subjects.ok = false;
}

/// The rest of checkSubjects: the journal's digest, as the chain scan read it.
void finishSubjects(const Subjects &subjects, const ChainReport &chain, VerifyReport &r) {
  if (!subjects.journalDigest)
    return; // not named, or not a file: reported already
  if (sameDigest(proof_files::Journal, chain.fileDigest, *subjects.journalDigest, r) && subjects.ok)
    r.passed.push_back("statement subjects match the source, plan, journal and proof.md");
}

/// The statement's predicate must say what the journal says.
void checkPredicate(const Statement &st, run::PredicateBuilder &builder, const std::string &head,
                    VerifyReport &r) {
  nlohmann::json expected = builder.finish(head, 0, st.predicate.value("signer", nlohmann::json()));
  // The path holds a place in key order; it is compared a step at a time, never built.
  expected["path"] = nullptr;
  static const nlohmann::json absent;
  for (const auto &item : expected.items()) {
    auto found = st.predicate.find(item.key());
    const nlohmann::json &stated = found != st.predicate.end() ? *found : absent;
    if (item.key() == "path" ? !builder.samePath(stated) : stated != item.value())
      r.fail(proof_files::Statement,
             "predicate field '" + item.key() + "' does not match the journal");
  }
  for (const auto &item : st.predicate.items())
    if (!expected.contains(item.key()))
      r.fail(proof_files::Statement,
             "predicate field '" + item.key() + "' is not one the journal gives");
}

/// The journal's chain, as a scan of it found it.
void reportChain(const ChainReport &chain, VerifyReport &r) {
  for (const ChainProblem &cp : chain.problems)
    r.fail(proof_files::Journal, cp.message, static_cast<unsigned>(cp.line));
  if (chain.torn)
    r.fail(proof_files::Journal,
           "torn last line at byte " + std::to_string(chain.torn->offset) + " (" +
               chain.torn->reason +
               "): the run stopped while writing it; resume it with `drbook run --resume`",
           static_cast<unsigned>(chain.torn->line));
  if (chain.intact())
    r.passed.push_back("journal hash chain intact (" + std::to_string(chain.count) +
                       " events, head " + chain.head.substr(0, 16) + "...)");
}

/// statement.json, parsed and in canonical form; `text` receives its bytes.
std::optional<Statement> loadStatement(const std::string &dir, std::string &text, VerifyReport &r) {
  llvm::Expected<std::string> read =
      readWholeFile(dir + "/" + proof_files::Statement, file_limits::Document);
  if (!read) {
    r.fail(proof_files::Statement,
           "missing or unreadable: the run did not finish writing its proof (" +
               llvm::toString(read.takeError()) + ")");
    return std::nullopt;
  }
  text = std::move(*read);
  std::optional<nlohmann::json> json = parseJson(text);
  if (!json) {
    r.fail(proof_files::Statement, "not JSON");
    return std::nullopt;
  }
  llvm::Expected<Statement> st = parseStatement(*json);
  if (!st) {
    r.fail(proof_files::Statement, llvm::toString(st.takeError()));
    return std::nullopt;
  }
  if (st->predicateType != DrbookPredicateType)
    r.fail(proof_files::Statement, "predicateType is not " + std::string(DrbookPredicateType));
  if (canonicalJson(*json) != text)
    r.fail(proof_files::Statement, "is not in canonical form");
  return std::move(*st);
}

/// A proof holds the files drbook writes and nothing else: a file dropped in beside them
/// would be read as part of the proof by whoever opens the directory.
void checkEntries(const std::string &dir, const std::string &sourceName, VerifyReport &r) {
  std::set<std::string> expected = {proof_files::Plan,
                                    proof_files::Journal,
                                    proof_files::Statement,
                                    proof_files::Envelope,
                                    proof_files::Markdown,
                                    proof_files::Outputs,
                                    sourceName};
  std::vector<std::string> unexpected;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec)) {
    std::string name = llvm::sys::path::filename(it->path()).str();
    if (!expected.count(name))
      unexpected.push_back(name);
  }
  std::sort(unexpected.begin(), unexpected.end());
  for (const std::string &name : unexpected)
    r.fail(name,
           isTemporaryWrite(name)
               ? "unexpected file: a write interrupted by a crash; `drbook run --resume` finishes "
                 "the proof and removes it"
               : "unexpected file: drbook writes no such file into a proof");
  if (llvm::sys::fs::exists(dir + "/" + proof_files::Outputs) &&
      !llvm::sys::fs::is_directory(dir + "/" + proof_files::Outputs))
    r.fail(proof_files::Outputs, "is not a directory");
}

/// A proof can come from anyone: a field of a type drbook never writes is a finding about the
/// proof, not a failure of the verifier.
std::string unreplayableField(const std::string &why) {
  return "holds a field of a type drbook never writes, so the run it records cannot be "
         "replayed (" +
         why + ")";
}

/// The plan, recompiled from its embedded sources, and the source it names; null when there
/// is no plan to check the run against.
std::unique_ptr<Program> loadPlan(const std::string &dir, const std::string &sourceName,
                                  VerifyReport &r) {
  llvm::Expected<std::string> planText =
      readWholeFile(dir + "/" + proof_files::Plan, file_limits::Document);
  if (!planText) {
    r.fail(proof_files::Plan, llvm::toString(planText.takeError()));
    return nullptr;
  }
  LoadFailure failure;
  std::unique_ptr<Program> p =
      programFromPlan(std::move(*planText), proof_files::Plan, false, failure);
  if (!p) {
    r.fail(proof_files::Plan,
           failure.message + (failure.diagnostics.empty() ? "" : "\n") + failure.diagnostics);
    return nullptr;
  }
  r.passed.push_back("plan.json is exactly what its embedded source compiles to");
  if (sourceName != sourceFileName(*p))
    r.fail(proof_files::Statement,
           "names source " + sourceName + ", but the plan's is " + sourceFileName(*p));
  else if (llvm::Expected<std::string> src =
               readWholeFile(dir + "/" + sourceName, file_limits::Document);
           !src || sha256Hex(*src) != p->sourceDigest)
    r.fail(sourceName, "is not the source embedded in the plan");
  return p;
}

/// The checks of the run against its plan, all fed in one pass over the journal, so that
/// nothing holds the journal. Each fills its own report; finish() adds them in this order.
class RunChecks {
public:
  RunChecks(const std::string &dir, const Program &p, const Statement &st)
      : dir(dir), p(p), st(st), predicate(p), trace(p, traceReport), outputs(dir) {}
  void add(const JournalEvent &e) {
    checkStart(e);
    predicate.add(e);
    markdown.add(e);
    trace.add(e);
    outputs.add(e, outputsReport);
  }
  void finish(const std::string &head, VerifyReport &r) {
    r.append(std::move(startReport));
    checkPredicate(st, predicate, head, r);
    markdown.finish(dir, st.predicate, r);
    trace.finish();
    r.append(std::move(traceReport));
    outputs.finish(outputsReport);
    r.append(std::move(outputsReport));
  }

private:
  /// The run executed this plan.
  void checkStart(const JournalEvent &e) {
    if (e.kind != "start")
      return;
    const nlohmann::json &plan = e.record.contains("plan") ? e.record.at("plan") : nullptr;
    std::string digest = plan.is_object() ? plan.value("sha256", "") : "";
    if (digest != p.planDigest)
      startReport.fail(proof_files::Journal,
                       "the run executed a different plan (digest " + digest + ")",
                       static_cast<unsigned>(e.line));
  }

  const std::string &dir;
  const Program &p;
  const Statement &st;
  VerifyReport startReport, traceReport, outputsReport;
  run::PredicateBuilder predicate;
  MarkdownCheck markdown;
  TraceChecker trace;
  OutputsCheck outputs;
};

/// Prints one line of the report. A proof comes from anyone: its names and texts are shown
/// with control characters made visible, so none can rewrite what the terminal shows.
void say(const char *prefix, const std::string &text) {
  std::printf("%s%s\n", prefix, visible(text).c_str());
}

/// Prints the report and its one-line verdict; returns the exit code.
int printVerdict(const std::string &dir, const VerifyReport &r, bool allowUnsigned) {
  for (const std::string &ok : r.passed)
    say("ok: ", ok);
  for (const std::string &note : r.notes)
    say("note: ", note);
  for (const VerifyProblem &pr : r.problems)
    say("", dir + "/" + pr.str());
  if (!r.ok()) {
    say("NOT verified: ", std::to_string(r.problems.size()) + " problem(s) in " + dir);
    return ExitProblems;
  }
  if (!r.signedBy.empty()) {
    say("verified: ", dir + " (signed by " + r.signedBy + ")");
    return ExitOk;
  }
  say("note: ", r.unsignedReason + "; the journal is intact, but anyone could have written it");
  say("verified (UNSIGNED: integrity only): ", dir);
  if (allowUnsigned)
    return ExitOk;
  say("note: ", "pass --pubkey KEY or --trusted-keys DIR to check who signed it, or "
                "--allow-unsigned to accept integrity only");
  return ExitUnsigned;
}

/// The statement and what it binds: subjects, the directory's entries, the signature and the
/// plan. Returns the plan, or null when there is none to check the run against.
std::unique_ptr<Program> checkStatement(const std::string &dir, const Statement &st,
                                        const std::string &statementText,
                                        const std::vector<PublicKey> &trusted, Subjects &subjects,
                                        VerifyReport &r) {
  subjects = checkSubjects(dir, st, r);
  const std::string &sourceName = subjects.sourceName;
  // The plan's digest is known once it is loaded, but is reported with the other subjects.
  VerifyReport rest;
  checkEntries(dir, sourceName, rest);
  checkProofSignature(dir, statementText, st.predicate, trusted, rest);
  std::unique_ptr<Program> p;
  if (sourceName.empty())
    rest.fail(proof_files::Statement, "names no .drbook source");
  else
    p = loadPlan(dir, sourceName, rest);
  checkPlanSubject(dir, p.get(), subjects, r);
  r.append(std::move(rest));
  return p;
}

/// Everything verifyProof checks: the statement and plan first, then the journal in one pass
/// that feeds every check of the run; the report lists the chain first.
void verifyInto(const std::string &dir, const std::vector<PublicKey> &trusted, VerifyReport &r) {
  VerifyReport proof;
  std::string statementText;
  std::optional<Statement> st = loadStatement(dir, statementText, proof);
  Subjects subjects;
  std::unique_ptr<Program> p =
      st ? checkStatement(dir, *st, statementText, trusted, subjects, proof) : nullptr;
  std::optional<RunChecks> run;
  if (p)
    run.emplace(dir, *p, *st);
  std::string unreplayable;
  llvm::Expected<ChainReport> chain =
      scanJournalFile(dir + "/" + proof_files::Journal, [&](JournalEvent &&e) {
        if (!run)
          return;
        try {
          run->add(e);
        } catch (const nlohmann::json::exception &err) {
          unreplayable = err.what();
          run.reset();
        }
      });
  if (!chain) {
    r.fail(proof_files::Journal, llvm::toString(chain.takeError()));
    return;
  }
  reportChain(*chain, r);
  finishSubjects(subjects, *chain, proof);
  r.append(std::move(proof));
  if (run)
    run->finish(chain->head, r);
  if (!unreplayable.empty())
    r.fail(proof_files::Journal, unreplayableField(unreplayable));
}

} // namespace

VerifyReport verifyProof(const std::string &dir, const std::vector<PublicKey> &trusted) {
  VerifyReport r;
  try {
    verifyInto(dir, trusted, r);
  } catch (const nlohmann::json::exception &err) {
    r.fail(proof_files::Journal, unreplayableField(err.what()));
  }
  return r;
}

int verifyProofCommand(const std::string &dir, const VerifyOptions &opts) {
  if (!llvm::sys::fs::is_directory(dir)) {
    std::fprintf(stderr, "drbook: error: '%s' is not a proof directory\n", dir.c_str());
    return ExitUsage;
  }
  if (!llvm::sys::fs::exists(dir + "/" + proof_files::Journal)) {
    std::fprintf(stderr, "drbook: error: '%s' holds no %s: not a proof directory\n", dir.c_str(),
                 proof_files::Journal);
    return ExitUsage;
  }
  llvm::Expected<std::vector<PublicKey>> trusted = loadTrustedKeys(opts);
  if (!trusted) {
    std::fprintf(stderr, "drbook: error: %s\n", llvm::toString(trusted.takeError()).c_str());
    return ExitUsage;
  }
  VerifyReport r;
  try {
    r = verifyProof(dir, *trusted);
  } catch (const std::exception &err) {
    std::fprintf(stderr, "drbook: internal error while verifying: %s\n", err.what());
    return ExitInternal;
  }
  return printVerdict(dir, r, opts.allowUnsigned);
}

} // namespace drbook::proofcheck
