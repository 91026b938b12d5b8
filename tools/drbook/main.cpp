//===- main.cpp - drbook: run a runbook, list its paths, verify a proof ----===//
#include "drbook/ast/AST.h"
#include "drbook/basic/CommandLine.h"
#include "drbook/basic/Suggest.h"
#include "drbook/basic/Terminal.h"
#include "drbook/basic/Version.h"
#include "drbook/proof/Signing.h"
#include "drbook/proofcheck/ProofCheck.h"
#include "drbook/run/Interpreter.h"
#include "drbook/run/PlanPaths.h"
#include "drbook/run/Watch.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

using namespace drbook;
using namespace drbook::run;
using namespace drbook::proofcheck;

namespace {

namespace cl = llvm::cl;

const char *const Overview =
    "drbook: run a runbook, list its paths, verify a proof\n\n"
    "  drbook run FILE.drbook|PLAN.json   run it (an incident or a drill), recording the proof\n"
    "  drbook run --resume DIR            go on with a run that stopped\n"
    "  drbook plan FILE.drbook|PLAN.json  list the paths a run can take\n"
    "  drbook verify DIR                  check a proof offline\n"
    "  drbook watch DIR                   follow a run started elsewhere, event by event\n"
    "  drbook keygen DIR                  make a key pair for signing proofs\n\n"
    "  drbook COMMAND --help              that command's options\n"
    "  --color=auto|always|never          colour the output (auto: on a terminal, unless "
    "NO_COLOR is set)\n"
    "  --completion=bash|zsh|fish, --man  write the shell's completions, the manual page\n";

cl::SubCommand runCmd("run", "Run a runbook (an incident or a drill), recording the proof");
cl::opt<std::string> runInput(cl::Positional, cl::desc("<runbook.drbook|plan.json>"),
                              cl::sub(runCmd));
cl::list<std::string> params("param", cl::desc("A param's value"), cl::value_desc("name=value"),
                             cl::sub(runCmd));
cl::opt<std::string> answers("answers", cl::desc("Answer the questions from this JSON file"),
                             cl::value_desc("file"), cl::sub(runCmd));
cl::opt<std::string> serve("serve",
                           cl::desc("Serve a live view of the run to browsers (default "
                                    "127.0.0.1 and a free port; the address is printed with "
                                    "its token)"),
                           cl::value_desc("host:port"), cl::ValueOptional, cl::sub(runCmd));
cl::opt<bool> serveAnswer("serve-answer",
                          cl::desc("With --serve, questions may also be answered from the page "
                                   "(the answer records the name typed there)"),
                          cl::sub(runCmd));
cl::opt<bool> twoPerson("two-person",
                        cl::desc("A destructive action runs only after two different people "
                                 "confirm it (needs --serve-answer)"),
                        cl::sub(runCmd));
cl::opt<std::string> proofDir("proof-dir",
                              cl::desc("Where the proof goes (a new or empty "
                                       "directory)"),
                              cl::value_desc("dir"), cl::sub(runCmd));
cl::opt<std::string> resume("resume",
                            cl::desc("Go on with the run whose proof is in this "
                                     "directory"),
                            cl::value_desc("dir"), cl::sub(runCmd));
cl::opt<std::string> signKey("sign-key", cl::desc("Sign the proof with this private key"),
                             cl::value_desc("key"), cl::sub(runCmd));
cl::opt<std::string> actor("actor", cl::desc("Who runs it, as the proof records"),
                           cl::value_desc("name"), cl::sub(runCmd));
cl::list<std::string> phases("phases", cl::desc("Run only these phases"), cl::CommaSeparated,
                             cl::value_desc("a,b"), cl::sub(runCmd));
cl::opt<RunMode, false, ChoiceParser<RunMode>>
    mode("mode", cl::desc("What the proof says the run was"), cl::init(RunMode::Incident),
         cl::values(clEnumValN(RunMode::Incident, "incident", "a real incident"),
                    clEnumValN(RunMode::Drill, "drill", "a drill")),
         cl::sub(runCmd));
cl::opt<bool> dryRun("dry-run", cl::desc("Show what would run; run nothing"), cl::sub(runCmd));
cl::opt<bool> yes("yes", cl::desc("Confirm destructive steps without asking"), cl::sub(runCmd));
cl::alias yesShort("y", cl::desc("Alias for --yes"), cl::aliasopt(yes));
cl::opt<bool> quiet("quiet", cl::desc("Only questions, failures and the verdict"), cl::sub(runCmd));
cl::opt<std::string> events("events",
                            cl::desc("Write every journal event as a JSON line to this file as "
                                     "it happens ('-': standard output, the progress then goes "
                                     "to standard error)"),
                            cl::value_desc("file"), cl::sub(runCmd));
cl::alias quietShort("q", cl::desc("Alias for --quiet"), cl::aliasopt(quiet));
// The interpreter benchmark only: measures what durability costs.
cl::opt<bool> noFsync("no-fsync", cl::Hidden, cl::sub(runCmd));

cl::SubCommand planCmd("plan", "List the paths a run of a runbook can take");
cl::opt<std::string> planInput(cl::Positional, cl::desc("<runbook.drbook|plan.json>"),
                               cl::sub(planCmd));
cl::opt<unsigned> maxPaths("max-paths", cl::desc("Show at most this many paths"), cl::init(64),
                           cl::value_desc("n"), cl::sub(planCmd));
cl::opt<std::string> replay("path", cl::desc("Show the counterexample drbookc check reports"),
                            cl::value_desc("rule@line[:col]"), cl::sub(planCmd));

cl::SubCommand verifyCmd("verify", "Check a proof offline");
cl::opt<std::string> verifyDir(cl::Positional, cl::desc("<proof-dir>"), cl::sub(verifyCmd));
cl::list<std::string> pubkeys("pubkey", cl::desc("A public key the signature may be by"),
                              cl::value_desc("key"), cl::sub(verifyCmd));
cl::opt<std::string> trustedKeys("trusted-keys", cl::desc("A directory of trusted public keys"),
                                 cl::value_desc("dir"), cl::sub(verifyCmd));
cl::opt<bool> allowUnsigned("allow-unsigned",
                            cl::desc("Accept a proof without a trusted signature (exit 0)"),
                            cl::sub(verifyCmd));

cl::SubCommand watchCmd("watch", "Follow a run started elsewhere, event by event, until it ends");
cl::opt<std::string> watchDir(cl::Positional, cl::desc("<proof-dir>"), cl::sub(watchCmd));
cl::opt<bool> watchJson("json",
                        cl::desc("Each event as its journal line, as drbook run --events "
                                 "writes it"),
                        cl::sub(watchCmd));
cl::opt<std::string> watchServe("serve",
                                cl::desc("Serve the live view of the run to browsers, as drbook "
                                         "run --serve does"),
                                cl::value_desc("host:port"), cl::ValueOptional, cl::sub(watchCmd));

cl::SubCommand keygenCmd("keygen", "Make a key pair for signing proofs");
cl::opt<std::string> keygenDir(cl::Positional, cl::desc("<dir>"), cl::sub(keygenCmd));

int usage(const std::string &message) {
  std::fprintf(stderr, "drbook: error: %s (see drbook --help)\n", message.c_str());
  return ExitUsage;
}

bool colorsWanted() { return terminalCaps(1).colors; }

int runCommand() {
  RunOptions o;
  o.input = runInput;
  o.params = params;
  o.answersPath = answers;
  o.proofDir = proofDir;
  o.resumeDir = resume;
  o.signKeyPath = signKey;
  o.actor = actor;
  for (const std::string &p : phases) {
    if (!drbook::ast::phaseNamed(llvm::StringRef(p).trim()))
      return usage("--phases: '" + p + "' is not a phase (" + drbook::ast::phaseList() + ")");
    o.phases.push_back(llvm::StringRef(p).trim().str());
  }
  o.mode = mode;
  o.dryRun = dryRun;
  o.yes = yes;
  o.quiet = quiet;
  o.durable = !noFsync;
  if (o.input.empty() == o.resumeDir.empty())
    return usage(o.input.empty() ? "drbook run needs a runbook file (or --resume DIR)"
                                 : "give either a runbook file or --resume DIR, not both");
  if (!o.resumeDir.empty() && (o.dryRun || !o.phases.empty() || !o.proofDir.empty()))
    return usage("--resume cannot be combined with --dry-run, --phases or --proof-dir");
  if (serve.getNumOccurrences() && o.dryRun)
    return usage("--serve shows a run as its journal grows; a dry run writes none");
  o.serve = serve.getNumOccurrences() > 0;
  o.serveAddress = serve;
  o.serveAnswer = serveAnswer;
  o.twoPerson = twoPerson;
  if (o.serveAnswer && !o.serve)
    return usage("--serve-answer answers from the live view: give --serve too");
  if (o.twoPerson && !o.serveAnswer)
    return usage("--two-person needs a second person's answer: give --serve --serve-answer");
  if (o.twoPerson && o.yes)
    return usage("--two-person and --yes contradict each other: --yes confirms alone");
  if (events == "-") {
    // Standard output carries the events alone: the progress moves to standard error.
    o.eventsFd = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    if (o.eventsFd < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
      return usage("--events -: cannot set standard output aside for the events");
  } else {
    o.eventsPath = events;
  }
  o.colors = colorsWanted();
  o.live = terminalCaps(1).redraws && !o.quiet;
  return runRunbook(o);
}

int planCommand() {
  if (planInput.empty())
    return usage("drbook plan needs a runbook file");
  if (maxPaths == 0)
    return usage("--max-paths needs a positive number");
  if (!replay.empty() && llvm::StringRef(planInput).endswith(".json"))
    return usage("--path replays what `drbookc check` reports: give the runbook's .drbook file");
  if (!replay.empty())
    return printCounterexample(planInput, replay, colorsWanted());
  return printPlan(planInput, maxPaths, colorsWanted());
}

int verifyCommand() {
  if (verifyDir.empty())
    return usage("drbook verify needs a proof directory");
  VerifyOptions opts;
  opts.keyFiles = pubkeys;
  opts.trustedKeysDir = trustedKeys;
  opts.allowUnsigned = allowUnsigned;
  return verifyProofCommand(verifyDir, opts);
}

int watchCommand() {
  if (watchDir.empty())
    return usage("drbook watch needs a proof directory");
  WatchOptions o;
  o.json = watchJson;
  o.serve = watchServe.getNumOccurrences() > 0;
  o.serveAddress = watchServe;
  return watchRun(watchDir, o);
}

int keygenCommand() {
  if (keygenDir.empty())
    return usage("drbook keygen needs one directory");
  llvm::Expected<KeyFiles> keys = keygen(keygenDir);
  if (!keys) {
    std::fprintf(stderr, "drbook: error: %s\n", llvm::toString(keys.takeError()).c_str());
    return ExitProblems;
  }
  std::printf("private key: %s (keep it secret; sign proofs with --sign-key)\n"
              "public key:  %s (verify proofs with --pubkey)\nfingerprint: %s\n",
              keys->privatePath.c_str(), keys->publicPath.c_str(), keys->fingerprint.c_str());
  return ExitOk;
}

int dispatch() {
  if (runCmd)
    return runCommand();
  if (planCmd)
    return planCommand();
  if (verifyCmd)
    return verifyCommand();
  if (watchCmd)
    return watchCommand();
  if (keygenCmd)
    return keygenCommand();
  return usage("no command given");
}

} // namespace

int main(int argc, char **argv) {
  std::string unknown =
      unknownCommand(argc > 1 ? argv[1] : "", {"run", "plan", "verify", "watch", "keygen"},
                     /*filesToo=*/false);
  if (!unknown.empty()) {
    std::fprintf(stderr, "drbook: error: %s\n", unknown.c_str());
    return ExitUsage;
  }
  if (int code;
      generateDocs(argc, argv, "drbook", "run drbook runbooks and verify their proofs", code))
    return code;
  std::vector<char *> args(argv, argv + argc);
  if (std::string error; !takeColorOption(args, error))
    return usage(error);
  cl::SetVersionPrinter([](llvm::raw_ostream &os) { os << "drbook " << DrbookVersion << "\n"; });
  if (!cl::ParseCommandLineOptions(static_cast<int>(args.size()), args.data(), Overview,
                                   &llvm::errs()))
    return ExitUsage;
  try {
    return dispatch();
  } catch (const std::exception &err) {
    std::fprintf(stderr, "drbook: internal error: %s\n", err.what());
    return ExitInternal;
  }
}
