//===- Check.cpp - drbookc check FILE|DIR…: verify runbooks ---------------===//
#include "Commands.h"

#include "drbook/driver/Compilation.h"
#include "drbook/report/Report.h"
#include "drbook/sema/ModuleCache.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <set>
#include <tuple>

using namespace drbook;
namespace cl = llvm::cl;

namespace {

cl::SubCommand checkCommand("check", "Verify runbooks and report every problem");

enum class Format { Text, Json, Sarif, Github };

cl::list<std::string> inputs(cl::Positional, cl::desc("<file or directory>..."),
                             cl::sub(checkCommand));
cl::opt<Format, false, ChoiceParser<Format>>
    format("format", cl::desc("Output format"), cl::init(Format::Text),
           cl::values(clEnumValN(Format::Text, "text", "file:line:col: messages"),
                      clEnumValN(Format::Json, "json", "a JSON array"),
                      clEnumValN(Format::Sarif, "sarif", "SARIF 2.1.0"),
                      clEnumValN(Format::Github, "github", "GitHub annotations")),
           cl::sub(checkCommand));
cl::opt<bool> werror("Werror", cl::desc("Treat warnings as errors"), cl::sub(checkCommand));
cl::opt<bool> noExitCodes("no-exit-codes",
                          cl::desc("Exit 0 even when problems are found (for SARIF uploads)"),
                          cl::sub(checkCommand));

/// `1 error`, `2 warnings`, `0 files`.
std::string count(size_t n, const char *noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

} // namespace

bool drbookc::checkSelected() { return static_cast<bool>(checkCommand); }

int drbookc::runCheck() {
  if (inputs.empty()) {
    llvm::errs() << "drbookc check: no files or directories given\n";
    return ExitUsage;
  }
  std::vector<std::string> files;
  if (!drbookc::collectRunbooks(inputs, "check", files))
    return ExitUsage;
  llvm::SmallString<256> cwd;
  llvm::sys::fs::current_path(cwd);
  std::vector<report::ResolvedDiagnostic> all;
  // A module imported by several runbooks would otherwise report its problems once each.
  std::set<std::tuple<std::string, unsigned, unsigned, std::string, std::string>> seen;
  unsigned errors = 0, shownErrors = 0, shownWarnings = 0;
  sema::ModuleCache modules; // each imported module parsed once, whoever imports it
  for (const std::string &file : files) {
    Compilation c;
    c.moduleCache = &modules;
    c.diags.setWarningsAsErrors(werror);
    compile(c, file, Stage::Verify);
    errors += c.diags.errorCount();
    if (format == Format::Text) {
      c.diags.printText(llvm::outs(), useColors(/*onStdout=*/true), [&](const Diagnostic &d) {
        LineCol at = c.diags.position(d.range);
        std::string path =
            report::relativePath(at.path.empty() ? d.file : at.path, cwd.str().str());
        if (!seen.insert({path, at.line, at.col, d.rule, d.message}).second)
          return false;
        ++(d.severity == Severity::Error ? shownErrors : shownWarnings);
        return true;
      });
      continue;
    }
    // Only SARIF shows waived results (as suppressions); they count for nothing anywhere.
    for (report::ResolvedDiagnostic &d :
         report::resolve(c.diags, std::string(cwd), format == Format::Sarif))
      if (seen.insert({d.pos.path, d.pos.line, d.pos.col, d.rule, d.message}).second)
        all.push_back(std::move(d));
  }
  switch (format) {
  case Format::Text:
    if (shownErrors || shownWarnings)
      llvm::outs() << count(shownErrors, "error") << " and " << count(shownWarnings, "warning")
                   << " in " << count(files.size(), "file") << " checked\n";
    break;
  case Format::Json:
    report::writeJson(all, llvm::outs());
    break;
  case Format::Sarif:
    report::writeSarif(all, llvm::outs());
    break;
  case Format::Github:
    report::writeGithub(all, llvm::outs());
    break;
  }
  llvm::outs().flush();
  return errors && !noExitCodes ? ExitProblems : ExitOk;
}
