//===- Imports.cpp - Loading the modules a runbook imports -----------------===//
//
// `import std.a.b` reads `<stdlib>/a/b.drbook`; `import "./x.drbook"` reads a path relative to
// the importing file. Every file is parsed once, whoever imports it, and kept in
// Unit::imported. A depth-first walk with the files still being loaded on a stack finds
// import cycles.
//
//===----------------------------------------------------------------------===//
#include "SemaContext.h"
#include "drbook/basic/Suggest.h"
#include "drbook/sema/ModuleCache.h"
#include "drbook/syntax/Parser.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <optional>

namespace drbook::sema {

using namespace drbook::ast;
namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {

/// Import chains deeper than this are refused: no real stdlib is, and it bounds recursion.
constexpr unsigned MaxImportDepth = 64;

/// A file that was loaded: the module, or null when it could not be used.
struct LoadedFile {
  Module *module = nullptr;
  /// The file holds a runbook: report that at every import of it.
  bool isRunbook = false;
};

class ImportLoader {
public:
  explicit ImportLoader(SemaContext &s) : s(s) {}

  void visit(Module &m, const std::string &key);

private:
  std::optional<std::string> locate(const Module &from, const Import &imp);
  void load(Import &imp, const std::string &file);
  std::unique_ptr<Module> parse(const std::string &file, llvm::SMLoc importedAt,
                                std::string &error);
  std::string spelling(const Import &imp) const;
  const std::vector<std::string> &stdlibModules();

  SemaContext &s;
  llvm::StringMap<LoadedFile> loaded;
  /// Files whose imports are being loaded, outermost first, with their display names.
  std::vector<std::pair<std::string, std::string>> stack;
  llvm::StringSet<> onStack;
  std::optional<std::vector<std::string>> stdlibNames;
};

std::string ImportLoader::spelling(const Import &imp) const {
  return imp.filePath.empty() ? llvm::join(imp.modulePath, ".") : imp.filePath;
}

/// `std.k8s`, `std.db.postgres` for every .drbook file under the stdlib directory, sorted.
const std::vector<std::string> &ImportLoader::stdlibModules() {
  if (stdlibNames)
    return *stdlibNames;
  stdlibNames.emplace();
  const std::string &root = s.unit.stdlibDir;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; it != end && !ec; it.increment(ec)) {
    llvm::StringRef file = it->path();
    if (!file.endswith(".drbook"))
      continue;
    llvm::StringRef rel = file.drop_front(root.size()).ltrim("/");
    std::string name = "std." + rel.drop_back(7).str();
    std::replace(name.begin(), name.end(), '/', '.');
    stdlibNames->push_back(name);
  }
  std::sort(stdlibNames->begin(), stdlibNames->end());
  return *stdlibNames;
}

/// The file an import names, or nothing after reporting why there is none.
std::optional<std::string> ImportLoader::locate(const Module &from, const Import &imp) {
  std::string written = spelling(imp);
  llvm::SmallString<256> file;
  if (!imp.filePath.empty()) {
    if (path::is_absolute(imp.filePath)) {
      file = imp.filePath;
    } else {
      file = path::parent_path(from.path);
      path::append(file, imp.filePath);
    }
    if (!fs::exists(file)) {
      s.diags.error(imp.range, "cannot read module '" + written + "': no such file",
                    "unknown-import");
      return std::nullopt;
    }
    return std::string(file);
  }
  if (imp.modulePath.size() < 2 || imp.modulePath[0] != "std") {
    s.diags.error(imp.range,
                  "unknown module '" + written +
                      "'; write std.NAME for a stdlib module or a quoted path for a local file",
                  "unknown-import");
    return std::nullopt;
  }
  file = s.unit.stdlibDir;
  for (size_t i = 1; i < imp.modulePath.size(); ++i)
    path::append(file, imp.modulePath[i]);
  file += ".drbook";
  std::string module(file);
  if (s.unit.cache ? s.unit.cache->isFile(module) : fs::is_regular_file(module))
    return module;
  const std::vector<std::string> &known = stdlibModules();
  std::string message = "unknown module '" + written + "'" + didYouMean(written, known);
  if (known.empty())
    message += " (the stdlib directory '" + s.unit.stdlibDir + "' has no modules)";
  else
    message += " (stdlib modules: " + llvm::join(known, ", ") + ")";
  s.diags.error(imp.range, message, "unknown-import");
  return std::nullopt;
}

/// Reads and parses `file` into this compilation's sources; `error` says why it is unreadable.
std::unique_ptr<Module> ImportLoader::parse(const std::string &file, llvm::SMLoc importedAt,
                                            std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    error = buffer.getError().message();
    return nullptr;
  }
  unsigned id = s.unit.sources.AddNewSourceBuffer(std::move(*buffer), importedAt);
  return syntax::parseModule(s.unit.sources, id, s.diags);
}

/// Reads and parses `file` (or borrows it) for the first import of it.
void ImportLoader::load(Import &imp, const std::string &key) {
  LoadedFile &slot = loaded[key];
  std::string unreadable;
  std::unique_ptr<Module> m =
      s.unit.cache ? s.unit.cache->borrow(key, s.unit.sources, s.diags, imp.range.Start, unreadable)
                   : parse(key, imp.range.Start, unreadable);
  if (!unreadable.empty())
    s.diags.error(imp.range, "cannot read module '" + spelling(imp) + "': " + unreadable,
                  "unknown-import");
  if (!m)
    return;
  if (m->isRunbook) {
    slot.isRunbook = true;
    return;
  }
  slot.module = m.get();
  s.modules.push_back(m.get());
  s.unit.imported.push_back(std::move(m));
}

void ImportLoader::visit(Module &m, const std::string &key) {
  stack.push_back({key, path::filename(m.path).str()});
  onStack.insert(key);
  for (Import &imp : m.imports) {
    std::optional<std::string> file = locate(m, imp);
    if (!file)
      continue;
    std::string fileKey = s.unit.cache ? s.unit.cache->realPath(*file) : realPath(*file);
    if (onStack.count(fileKey)) {
      std::string chain;
      auto first = std::find_if(stack.begin(), stack.end(),
                                [&](const auto &entry) { return entry.first == fileKey; });
      for (auto it = first; it != stack.end(); ++it)
        chain += it->second + " \u2192 ";
      s.diags.error(imp.range, "import cycle: " + chain + path::filename(*file).str(),
                    "import-cycle");
      continue;
    }
    bool fresh = !loaded.count(fileKey);
    if (fresh) {
      if (stack.size() >= MaxImportDepth) {
        s.diags.error(imp.range,
                      "imports are nested more than " + std::to_string(MaxImportDepth) +
                          " deep here",
                      "unknown-import");
        continue;
      }
      load(imp, fileKey);
    }
    const LoadedFile &file2 = loaded[fileKey];
    if (file2.isRunbook)
      s.diags.error(imp.range,
                    "'" + spelling(imp) +
                        "' is a runbook, not a module; only a 'module' file can be imported",
                    "unknown-import");
    imp.resolved = file2.module;
    if (fresh && file2.module)
      visit(*file2.module, fileKey);
  }
  onStack.erase(key);
  stack.pop_back();
}

} // namespace

void loadImports(SemaContext &s) {
  Module &root = s.unit.root;
  s.modules.push_back(&root);
  ImportLoader(s).visit(root, realPath(root.path));
}

} // namespace drbook::sema
