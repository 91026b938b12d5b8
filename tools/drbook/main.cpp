//===- main.cpp - drbook: run a runbook, list its paths, verify a proof ----===//
#include "drbook/ast/AST.h"
#include "drbook/basic/Suggest.h"
#include "drbook/basic/Terminal.h"
#include "drbook/basic/Version.h"
#include "drbook/proof/Signing.h"
#include "drbook/proofcheck/ProofCheck.h"
#include "drbook/run/Interpreter.h"
#include "drbook/run/PlanPaths.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

using namespace drbook;
using namespace drbook::run;
using namespace drbook::proofcheck;

namespace {

const char *const Usage =
    "usage: drbook run FILE.drbook|PLAN.json [--param NAME=VALUE]... [--answers FILE]\n"
    "                  [--proof-dir DIR] [--dry-run] [--phases a,b] [--yes]\n"
    "                  [--sign-key KEY] [--mode incident|drill] [--actor NAME] [--quiet]\n"
    "       drbook run --resume DIR [--answers FILE] [--yes] [--sign-key KEY] [--quiet]\n"
    "       drbook plan FILE.drbook|PLAN.json [--max-paths N | --path RULE@LINE[:COL]]\n"
    "       drbook verify DIR [--pubkey KEY]... [--trusted-keys DIR] [--allow-unsigned]\n"
    "       drbook keygen DIR\n"
    "       drbook --help | --version\n"
    "Every command takes --color=auto|always|never (auto: on a terminal, unless NO_COLOR is "
    "set).\n";

int usage(const std::string &message) {
  std::fprintf(stderr, "drbook: error: %s\n%s", message.c_str(), Usage);
  return ExitUsage;
}

bool colorsWanted() { return terminalCaps(1).colors; }

/// Reads `--flag VALUE` or `--flag=VALUE` at args[i].
bool takeValue(const std::vector<std::string> &args, size_t &i, const char *flag,
               std::string &out) {
  const std::string &a = args[i];
  size_t len = std::strlen(flag);
  if (a.compare(0, len, flag) != 0)
    return false;
  if (a.size() == len) {
    if (i + 1 >= args.size())
      throw std::invalid_argument(std::string(flag) + " needs a value");
    out = args[++i];
    return true;
  }
  if (a[len] == '=') {
    out = a.substr(len + 1);
    return true;
  }
  return false;
}

int runCommand(const std::vector<std::string> &args) {
  RunOptions o;
  std::string value;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    if (takeValue(args, i, "--param", value))
      o.params.push_back(value);
    else if (takeValue(args, i, "--answers", value))
      o.answersPath = value;
    else if (takeValue(args, i, "--proof-dir", value))
      o.proofDir = value;
    else if (takeValue(args, i, "--resume", value))
      o.resumeDir = value;
    else if (takeValue(args, i, "--sign-key", value))
      o.signKeyPath = value;
    else if (takeValue(args, i, "--actor", value))
      o.actor = value;
    else if (takeValue(args, i, "--phases", value)) {
      llvm::SmallVector<llvm::StringRef, 4> parts;
      llvm::StringRef(value).split(parts, ',', -1, false);
      for (llvm::StringRef p : parts) {
        p = p.trim();
        if (!drbook::ast::phaseNamed(p))
          return usage("--phases: '" + p.str() + "' is not a phase (" + drbook::ast::phaseList() +
                       ")");
        o.phases.push_back(p.str());
      }
    } else if (takeValue(args, i, "--mode", value)) {
      if (value != "incident" && value != "drill")
        return usage("--mode must be incident or drill, not '" + value + "'");
      o.mode = value == "drill" ? RunMode::Drill : RunMode::Incident;
    } else if (a == "--dry-run")
      o.dryRun = true;
    else if (a == "--yes" || a == "-y")
      o.yes = true;
    else if (a == "--quiet" || a == "-q")
      o.quiet = true;
    else if (a == "--no-fsync") // benchmark only: measures what durability costs
      o.durable = false;
    else if (!a.empty() && a[0] == '-')
      return usage("unknown option '" + a + "' for drbook run");
    else if (o.input.empty())
      o.input = a;
    else
      return usage("drbook run takes one runbook, got '" + o.input + "' and '" + a + "'");
  }
  if (o.input.empty() == o.resumeDir.empty())
    return usage(o.input.empty() ? "drbook run needs a runbook file (or --resume DIR)"
                                 : "give either a runbook file or --resume DIR, not both");
  if (!o.resumeDir.empty() && (o.dryRun || !o.phases.empty() || !o.proofDir.empty()))
    return usage("--resume cannot be combined with --dry-run, --phases or --proof-dir");
  o.colors = colorsWanted();
  o.live = terminalCaps(1).redraws && !o.quiet;
  return runRunbook(o);
}

int planCommand(const std::vector<std::string> &args) {
  std::string input, value, path;
  size_t maxPaths = 64;
  for (size_t i = 0; i < args.size(); ++i) {
    if (takeValue(args, i, "--path", path))
      continue;
    if (takeValue(args, i, "--max-paths", value)) {
      if (llvm::StringRef(value).getAsInteger(10, maxPaths) || maxPaths == 0)
        return usage("--max-paths needs a positive number");
    } else if (!args[i].empty() && args[i][0] == '-')
      return usage("unknown option '" + args[i] + "' for drbook plan");
    else if (input.empty())
      input = args[i];
    else
      return usage("drbook plan takes one runbook");
  }
  if (input.empty())
    return usage("drbook plan needs a runbook file");
  if (!path.empty() && llvm::StringRef(input).endswith(".json"))
    return usage("--path replays what `drbookc check` reports: give the runbook's .drbook file");
  if (!path.empty())
    return printCounterexample(input, path, colorsWanted());
  return printPlan(input, maxPaths, colorsWanted());
}

int verifyCommand(const std::vector<std::string> &args) {
  std::string dir, value;
  VerifyOptions opts;
  for (size_t i = 0; i < args.size(); ++i) {
    if (takeValue(args, i, "--pubkey", value))
      opts.keyFiles.push_back(value);
    else if (takeValue(args, i, "--trusted-keys", value))
      opts.trustedKeysDir = value;
    else if (args[i] == "--allow-unsigned")
      opts.allowUnsigned = true;
    else if (!args[i].empty() && args[i][0] == '-')
      return usage("unknown option '" + args[i] + "' for drbook verify");
    else if (dir.empty())
      dir = args[i];
    else
      return usage("drbook verify takes one proof directory");
  }
  if (dir.empty())
    return usage("drbook verify needs a proof directory");
  return verifyProofCommand(dir, opts);
}

int keygenCommand(const std::vector<std::string> &args) {
  if (args.size() != 1 || args[0].empty() || args[0][0] == '-')
    return usage("drbook keygen needs one directory");
  llvm::Expected<KeyFiles> keys = keygen(args[0]);
  if (!keys) {
    std::fprintf(stderr, "drbook: error: %s\n", llvm::toString(keys.takeError()).c_str());
    return ExitProblems;
  }
  std::printf("private key: %s (keep it secret; sign proofs with --sign-key)\n"
              "public key:  %s (verify proofs with --pubkey)\nfingerprint: %s\n",
              keys->privatePath.c_str(), keys->publicPath.c_str(), keys->fingerprint.c_str());
  return ExitOk;
}

} // namespace

int main(int argc, char **argv) {
  std::vector<char *> all(argv, argv + argc);
  if (std::string error; !takeColorOption(all, error))
    return usage(error);
  std::vector<std::string> args(all.begin() + 1, all.end());
  if (args.empty())
    return usage("no command given");
  std::string command = args[0];
  args.erase(args.begin());
  // `drbook run --help` is a request for help, not a mistake.
  bool wantsHelp = std::find_if(args.begin(), args.end(), [](const std::string &a) {
                     return a == "--help" || a == "-h";
                   }) != args.end();
  if (command == "--help" || command == "-h" || command == "help" || wantsHelp) {
    std::fputs(Usage, stdout);
    return ExitOk;
  }
  if (command == "--version") {
    std::printf("drbook %s\n", DrbookVersion);
    return ExitOk;
  }
  try {
    if (command == "run")
      return runCommand(args);
    if (command == "plan")
      return planCommand(args);
    if (command == "verify")
      return verifyCommand(args);
    if (command == "keygen")
      return keygenCommand(args);
    return usage("unknown command '" + command + "'" +
                 drbook::didYouMean(command, {"run", "plan", "verify", "keygen"}));
  } catch (const std::invalid_argument &err) {
    return usage(err.what());
  } catch (const std::exception &err) {
    std::fprintf(stderr, "drbook: internal error: %s\n", err.what());
    return ExitInternal;
  }
}
