//===- PlanFile.cpp - Running and verifying from a plan file ---------------===//
#include "drbook/run/PlanFile.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Digest.h"
#include "drbook/basic/Files.h"
#include "drbook/graph/Plan.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cctype>
#include <cstdlib>

namespace drbook::run {

namespace {

/// A private temporary directory, removed with everything in it.
struct TempTree {
  std::string root;
  TempTree() {
    llvm::SmallString<128> dir;
    if (!llvm::sys::fs::createUniqueDirectory("drbook-plan", dir))
      root = std::string(dir);
  }
  ~TempTree() {
    if (!root.empty())
      llvm::sys::fs::remove_directories(root);
  }
};

bool fail(LoadFailure &failure, std::string message) {
  failure.message = std::move(message);
  return false;
}

/// A plan names its modules by relative paths such as `shared/db.drbook`: components without
/// control characters or backslashes, none of them `.` or `..`, ending in `.drbook`. A plan can
/// come from anyone, so nothing else is written, wherever it would point.
bool isModulePath(llvm::StringRef rel) {
  if (!rel.endswith(".drbook"))
    return false;
  llvm::SmallVector<llvm::StringRef, 4> parts;
  rel.split(parts, '/');
  return llvm::all_of(parts, [](llvm::StringRef part) {
    return !part.empty() && part != "." && part != ".." && llvm::none_of(part, [](char c) {
      return std::iscntrl(static_cast<unsigned char>(c)) || c == '\\';
    });
  });
}

/// Writes one embedded source where the plan's path says, under `tree`.
bool place(const nlohmann::json &source, const TempTree &tree, LoadFailure &failure,
           const std::string &shown, std::string *written = nullptr) {
  std::string path = source.value("path", ""), text = source.value("text", "");
  if (sha256Hex(text) != source.value("sha256", ""))
    return fail(failure, "'" + shown + "': the embedded source " + path +
                             " does not have the digest the plan records");
  llvm::StringRef rel(path);
  bool stdlib = rel.consume_front("<stdlib>/");
  if (!isModulePath(rel))
    return fail(failure, "'" + shown + "': the embedded source path '" + path +
                             "' is not a module name inside the plan's directory");
  std::string dest = tree.root + (stdlib ? "/stdlib/" : "/base/") + rel.str();
  llvm::sys::fs::create_directories(llvm::sys::path::parent_path(dest));
  if (llvm::Error err = writeFileDurably(dest, text, 0600))
    return fail(failure, llvm::toString(std::move(err)));
  if (written)
    *written = dest;
  return true;
}

/// Compiles the sources `plan` embeds, written out as the plan names them.
std::unique_ptr<Program> recompile(const nlohmann::json &plan, std::string &planText,
                                   const std::string &shown, bool colors, LoadFailure &failure) {
  if (!plan.contains("source") || !plan["source"].is_object()) {
    fail(failure, "'" + shown + "': the plan embeds no source");
    return nullptr;
  }
  TempTree tree;
  if (tree.root.empty()) {
    fail(failure, "cannot create a temporary directory to recompile '" + shown + "'");
    return nullptr;
  }
  std::string rootPath;
  if (!place(plan["source"], tree, failure, shown, &rootPath))
    return nullptr;
  for (const nlohmann::json &m : plan.value("modules", nlohmann::json::array()))
    if (!place(m, tree, failure, shown))
      return nullptr;
  CompileOptions opts;
  opts.baseDir = tree.root + "/base";
  opts.stdlibDir = tree.root + "/stdlib";
  opts.shownPath = plan["source"].value("path", shown);
  opts.colors = colors;
  opts.expectedPlan = &planText;
  std::unique_ptr<Program> p = compileProgram(rootPath, opts, failure);
  if (!p)
    // Name the embedded sources as the plan does, not by the temporary tree they were put in.
    for (auto [from, to] : {std::pair<std::string, std::string>{opts.baseDir + "/", ""},
                            {opts.stdlibDir + "/", "<stdlib>/"}})
      for (size_t at; (at = failure.diagnostics.find(from)) != std::string::npos;)
        failure.diagnostics.replace(at, from.size(), to);
  return p;
}

} // namespace

std::unique_ptr<Program> programFromPlan(std::string planText, const std::string &shown,
                                         bool colors, LoadFailure &failure) {
  // Only what recompiling needs is built from the text: the plan the sources compile to is
  // compared with it byte for byte, which covers every other member, the digest included.
  std::optional<nlohmann::json> plan = parseJsonMembers(planText, {"schema", "source", "modules"});
  if (!plan || !plan->is_object()) {
    fail(failure, "'" + shown + "' is not a plan: not JSON");
    return nullptr;
  }
  if (plan->value("schema", "") != graph::PlanSchema) {
    fail(failure, "'" + shown + "' is not a " + graph::PlanSchema + " plan");
    return nullptr;
  }
  std::unique_ptr<Program> p = recompile(*plan, planText, shown, colors, failure);
  if (p && !p->planText.empty()) // the plan text, now moved into the program
    return p;
  // What is wrong, in the order a reader checks a plan: its digest first.
  std::optional<nlohmann::json> whole = parseJson(planText);
  if (!whole || !whole->is_object()) {
    failure.diagnostics.clear();
    fail(failure, "'" + shown + "' is not a plan: not JSON");
  } else if (whole->value("digest", "") != graph::planDigest(*whole)) {
    failure.diagnostics.clear();
    fail(failure, "'" + shown + "': the plan's digest does not match its content");
  } else if (p) {
    fail(failure, "'" + shown +
                      "' is not the plan its embedded source compiles to; rebuild it "
                      "with `drbookc build`");
  }
  return nullptr;
}

std::unique_ptr<Program> loadPlanFile(const std::string &path, bool colors, LoadFailure &failure) {
  llvm::Expected<std::string> text = readWholeFile(path, file_limits::Document);
  if (!text) {
    fail(failure, llvm::toString(text.takeError()));
    return nullptr;
  }
  return programFromPlan(std::move(*text), path, colors, failure);
}

} // namespace drbook::run
